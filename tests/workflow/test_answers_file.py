"""Answers given on the command line or in a file: same checks as typed ones, no hang."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI
from toolkit.cli import app
from toolkit.errors import FileProblem, ValidationFailed
from toolkit.model.files import load_assessment
from toolkit.model.pack import Pack
from toolkit.workflow import lock
from toolkit.workflow.answers_file import Supplied, from_options, read_answers_file
from toolkit.workflow.lock import lock_path

runner = CliRunner()
DAY = date(2026, 11, 2)
ALL_YAML = """\
audience: children
features: [chat]
A-01: y
A-02: {answer: na, note: No such surface}
A-03:
  answer: partial
  note: Web only
  evidence:
  - {description: Web settings page, link_or_path: docs/web.png}
a-04: yes
B-02: unknown
"""


def crbd(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_yaml_file_with_shortcuts_mappings_and_profile(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ALL_YAML)
    supplied = read_answers_file(path, mini, "Ana", DAY)
    assert supplied.profile == {"audience": "children", "features": ["chat"]}
    answers = {key: answer.answer.value for key, answer in supplied.answers.items()}
    assert answers == {
        "A-01": "yes",
        "A-02": "na",
        "A-03": "partial",
        "A-04": "yes",
        "B-02": "unknown",
    }
    assert supplied.answers["A-03"].evidence[0].link_or_path == "docs/web.png"
    assert supplied.answers["A-01"].answered_by == "Ana"
    assert supplied.answers["A-01"].answered_on == DAY


def test_csv_file(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        'id,answer,note\nfeatures,"chat,live",\nA-01,partial,Web only\nA-02,x,No surface\n'
    )
    supplied = read_answers_file(path, mini, "Ana", DAY)
    assert supplied.profile == {"features": ["chat", "live"]}
    assert supplied.answers["A-01"].note == "Web only"
    assert supplied.answers["A-02"].answer.value == "na"


def test_every_problem_in_a_file_is_reported_with_its_line(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "A-01: sorta\nZ-09: yes\nA-02: na\naudience: teens\nA-03: {answer: yes, colour: red}\n"
    )
    with pytest.raises(ValidationFailed) as raised:
        read_answers_file(path, mini, "Ana", DAY)
    problems = [str(problem) for problem in raised.value.problems]
    assert problems == [
        f"{path}:1 A-01: 'sorta' is not an answer; use one of yes, alternative, partial, "
        "planned, no, unknown, na.",
        f"{path}:2 Z-09: is not a control or profile question of pack mini 1.0",
        f"{path}:3 A-02: answer 'na' needs a note: a reason why the control does not apply",
        f"{path}:4 audience: 'teens' is not an answer to 'audience'; use one of children, "
        "adults or their numbers 1 to 2.",
        f"{path}:5 A-03.colour: is not a known field (check the spelling)",
    ]


def test_csv_header_and_line_numbers(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("control,answer\nA-01,yes\n")
    with pytest.raises(
        Exception,
        match=r"answers.csv:1: the header must be id,answer and any of note,target_date,reason",
    ):
        read_answers_file(path, mini, "Ana", DAY)
    path.write_text("id,answer,note\nA-01,yes,\nA-02,alternative,\n")
    with pytest.raises(ValidationFailed, match=r"answers.csv:3 A-02: answer 'alternative' needs"):
        read_answers_file(path, mini, "Ana", DAY)


def test_a_csv_row_with_more_cells_than_its_header_is_one_sentence(tmp_path: Path) -> None:
    answers, target = tmp_path / "answers.csv", tmp_path / "a.yaml"
    answers.write_text("id,answer\nA-01,no,extra\n")
    code, out, err = crbd("assess", str(target), "--answers-file", str(answers))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert "answers.csv:2: has 3 cells, more than the 2 columns of its header (id,answer)" in err
    assert not target.exists()


def test_a_trailing_empty_cell_is_not_an_extra_cell(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("id,answer\nA-01,no,\n")
    assert read_answers_file(path, mini, "Ana", DAY).answers["A-01"].answer == "no"


def test_answer_options_and_precedence(mini: Pack) -> None:
    options = from_options(["a-01=n", "A-02=na:No such surface", "features=live"], mini, "Ana", DAY)
    assert options.answers["A-01"].answer.value == "no"
    assert options.answers["A-02"].note == "No such surface"
    assert options.profile == {"features": ["live"]}
    file_answers = from_options(["A-01=y", "A-03=y"], mini, "Ana", DAY)
    merged = options.over(file_answers)
    assert merged.answers["A-01"].answer.value == "no"  # --answer wins over the file
    assert merged.answers["A-03"].answer.value == "yes"
    assert len(merged) == 4 and len(Supplied()) == 0
    with pytest.raises(ValidationFailed, match="'A-01' is not of the form ID=VALUE"):
        from_options(["A-01"], mini, "Ana", DAY)
    with pytest.raises(ValidationFailed, match="--answer A-02: answer 'na' needs a note"):
        from_options(["A-02=na"], mini, "Ana", DAY)


def test_cli_records_everything_without_a_terminal(in_tmp: Path) -> None:
    Path("answers.yaml").write_text(ALL_YAML)
    code, _, err = crbd(
        "assess", "kite.yaml", "--pack", "mini", "--as", "Ana",
        "--answers-file", "answers.yaml", "--answer", "A-01=n",
    )  # fmt: skip
    assert code == 0, err
    assert "Recorded 7 answers from --answer and answers.yaml." in err
    assert "Scores by domain" in err
    assert f"Done. Next: crbd --checklists {MINI.parent} report kite.yaml" in err
    saved = load_assessment(in_tmp / "kite.yaml")
    assert saved.answers["A-01"].answer.value == "no"  # --answer over the file
    assert saved.answers["A-02"].answered_by == "Ana"
    assert saved.metadata.assessors == ["Ana"]
    assert not lock_path(in_tmp / "kite.yaml").exists()


def test_cli_without_a_terminal_says_what_is_left(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--answer", "audience=adults")
    assert code == 3  # incomplete, which is not an invalid file (2)
    assert "Recorded 1 answer from --answer.\n" in err
    assert "answers recorded as 'tester', the system user name; give --as NAME" in err
    assert err.endswith(
        f"crbd: kite.yaml: saved, with 6 questions still unanswered; answer them in a terminal "
        f"with crbd --checklists {MINI.parent} assess kite.yaml, or with --answer or "
        "--answers-file.\n"
    )
    # What was supplied is kept: features is still open, so every control may apply.
    assert load_assessment(in_tmp / "kite.yaml").profile == {"audience": "adults"}


def test_cli_refuses_bad_answers_before_writing(in_tmp: Path) -> None:
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--answer", "A-09=yes")
    assert code == 2
    assert err == "crbd: --answer A-09: is not a control or profile question of pack mini 1.0\n"
    assert not (in_tmp / "kite.yaml").exists()


def test_cli_refuses_a_file_another_run_is_assessing(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "UNATTENDED_WAIT", 0.2)  # the other run never finishes
    held = lock_path(in_tmp / "kite.yaml")
    held.write_text(f"{os.getpid()} {socket.gethostname()}\n")
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--answer", "A-01=yes")
    assert code == 2
    assert f"is being assessed by another crbd (process {os.getpid()})" in err
    assert not (in_tmp / "kite.yaml").exists()
    assert held.exists()  # not ours to remove


def test_cli_takes_over_a_lock_left_by_a_dead_run(in_tmp: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    lock = lock_path(in_tmp / "kite.yaml")
    lock.write_text(f"{finished.stdout.strip()} {socket.gethostname()}\n")
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--answer", "A-01=yes")
    assert code == 3 and "questions still unanswered" in err  # it ran, and released the lock
    assert load_assessment(in_tmp / "kite.yaml").answers["A-01"].answer.value == "yes"
    assert not lock.exists()


def test_metadata_can_be_given_without_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    answers = ["audience=adults", "features=chat", "A-01=yes", "A-02=no", "A-03=yes", "A-04=yes"]
    result = CliRunner().invoke(
        app,
        [
            "--checklists",
            str(MINI.parent),
            "assess",
            str(path),
            "--pack",
            "mini",
            "--product",
            "Kite",
            "--organisation",
            "Kite Ltd",
            *[arg for answer in answers for arg in ("--answer", answer)],
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    metadata = load_assessment(path).metadata
    assert (metadata.product, metadata.organisation) == ("Kite", "Kite Ltd")


def test_a_planned_answer_takes_its_target_date_and_a_note(mini: Pack) -> None:
    given = from_options(
        ["A-03=planned:2027-03-31:Q1 release", "A-01=l:2027-01-31"], mini, "Ana", DAY
    )
    assert given.answers["A-03"].target_date == date(2027, 3, 31)
    assert given.answers["A-03"].note == "Q1 release"
    assert given.answers["A-01"].target_date == date(2027, 1, 31)
    assert given.warnings == ()


def test_a_planned_answer_without_a_date_is_refused(mini: Pack) -> None:
    with pytest.raises(ValidationFailed, match="--answer A-03: is planned and needs a target date"):
        from_options(["A-03=planned"], mini, "Ana", DAY)


def test_an_impossible_date_is_named_as_such(mini: Pack) -> None:
    with pytest.raises(
        ValidationFailed, match="'2027-02-30' is not a real date: February 2027 has 28 days"
    ):
        from_options(["A-03=planned:2027-02-30"], mini, "Ana", DAY)
    with pytest.raises(ValidationFailed, match="'soon' is not a date in the form YYYY-MM-DD"):
        from_options(["A-03=planned:soon"], mini, "Ana", DAY)


def test_a_past_target_date_is_recorded_with_a_warning(mini: Pack) -> None:
    given = from_options(["A-03=planned:2020-01-31"], mini, "Ana", DAY)
    assert given.answers["A-03"].target_date == date(2020, 1, 31)
    assert given.warnings == (
        "--answer: A-03: target date 2020-01-31 is in the past; recorded as given.",
    )


def test_a_csv_file_can_give_target_dates(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("id,answer,note,target_date\nA-03,planned,Next release,2027-05-31\n")
    given = read_answers_file(path, mini, "Ana", DAY)
    assert given.answers["A-03"].target_date == date(2027, 5, 31)
    path.write_text("id,answer,note,target_date\nA-03,planned,Next release,2027-13-01\n")
    with pytest.raises(
        ValidationFailed, match=r"answers.csv:2 A-03: '2027-13-01' is not a real date"
    ):
        read_answers_file(path, mini, "Ana", DAY)


def test_cli_warns_about_out_of_scope_answers_and_past_dates(in_tmp: Path) -> None:
    code, _, err = crbd(
        "assess", "kite.yaml", "--pack", "mini", "--as", "Ana",
        "--answer", "audience=adults", "--answer", "features=chat",
        "--answer", "B-02=yes", "--answer", "A-03=planned:2020-01-31",
    )  # fmt: skip
    assert code == 3, err
    assert "warning: B-02: out of scope for this product's profile; recorded, but not" in err
    assert "warning: --answer: A-03: target date 2020-01-31 is in the past" in err
    saved = load_assessment(in_tmp / "kite.yaml")
    assert saved.answers["A-03"].target_date == date(2020, 1, 31)


def test_a_csv_cell_beyond_the_parsers_limit_is_one_line(mini: Pack, tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("id,answer,note\nA-01,yes," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(FileProblem, match=r"answers.csv:\d+: is not a readable CSV"):
        read_answers_file(answers, mini, "Ana", date(2026, 11, 2))


KITE = ("assess", "kite.yaml", "--pack", "mini", "--as", "Ana")


@pytest.fixture
def kite(in_tmp: Path) -> Path:
    """kite.yaml with every answer of ALL_YAML, to change."""
    Path("answers.yaml").write_text(ALL_YAML)
    assert crbd(*KITE, "--answers-file", "answers.yaml")[0] == 0
    return in_tmp / "kite.yaml"


def test_changed_answers_carry_their_reason_into_the_history(kite: Path) -> None:
    Path("changes.yaml").write_text(
        "A-01: {answer: no, reason: Regression in 3.1}\nA-03: {answer: no}\n"
    )
    code, _, err = crbd(
        *KITE, "--answers-file", "changes.yaml", "--answer", "B-02=no",
        "--reason", "Quarterly review",
    )  # fmt: skip
    assert code == 0, err
    history = {change.id: change for change in load_assessment(kite).history}
    assert history["A-01"].reason == "Regression in 3.1"  # the file's own reason wins
    assert history["A-03"].reason == "Quarterly review"
    assert (history["B-02"].before, history["B-02"].after) == ("unknown", "no")
    assert history["B-02"].reason == "Quarterly review"


def test_a_csv_file_gives_reasons_and_owners(kite: Path) -> None:
    Path("changes.csv").write_text(
        "id,answer,reason,owner,due\nA-01,no,Regression in 3.1,Sam Lee,2027-03-31\n"
        "A-04,partial,,Kim,\n"
    )
    code, _, err = crbd(*KITE, "--answers-file", "changes.csv")
    assert code == 0, err
    saved = load_assessment(kite)
    [a01, a04] = saved.history
    assert (a01.id, a01.reason, a04.id, a04.reason) == ("A-01", "Regression in 3.1", "A-04", "")
    action = saved.answers["A-01"].action
    assert action is not None and (action.owner, str(action.due)) == ("Sam Lee", "2027-03-31")
    kim = saved.answers["A-04"].action
    assert kim is not None and (kim.owner, kim.due) == ("Kim", None)


def test_a_reason_needs_answers_and_must_be_text(in_tmp: Path) -> None:
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--reason", "Review")
    assert code == 2 and "--reason explains answers given with --answer" in err
    assert not (in_tmp / "kite.yaml").exists()
    Path("bad.yaml").write_text("A-01: {answer: no, reason: [a, b]}\n")
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--answers-file", "bad.yaml")
    assert code == 2 and "bad.yaml:1 A-01: reason: must be text" in err
