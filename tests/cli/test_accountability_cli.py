"""history, due, export, signoff binding, --action/--accept and --from on the command line."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, MINI
from toolkit.cli import app
from toolkit.model.assessment import Action, ControlAnswer
from toolkit.model.files import load_assessment, save_assessment

runner = CliRunner()
PREVIOUS = DATA / "accountability" / "previous-format.yaml"
ACCEPT = (
    "A-02=Dana Chief;2026-01-10;2099-07-01;Adults only until the classifier ships;Manual checks"
)


def crbd(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    wide = {"COLUMNS": "200", **(env or {})}  # tables on one line each
    result = runner.invoke(
        app, ["--checklists", str(MINI.parent), *args], env=wide, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def kite(tmp_path: Path) -> Path:
    path = tmp_path / "kite.yaml"
    shutil.copy(PREVIOUS, path)
    return path


def test_actions_and_acceptances_from_options(kite: Path) -> None:
    code, _, err = crbd(
        "assess",
        str(kite),
        "--as",
        "Bo",
        "--action",
        "a-02=Sam Lee;2026-04-01;in-progress;SAFE-1",
        "--accept",
        ACCEPT,
    )
    assert code == 0, err
    a02 = load_assessment(kite).answers["A-02"]
    assert a02.answer.value == "no" and a02.answered_by == "Ana"  # the answer itself is kept
    assert a02.action == Action(
        owner="Sam Lee", due=date(2026, 4, 1), status="in-progress", ticket="SAFE-1"
    )
    assert a02.acceptance is not None and a02.acceptance.compensating_measures == "Manual checks"
    assert load_assessment(kite).history == []  # no answer changed


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--action", "B-01=Sam"], "B-01 has no answer to attach it to"),
        (["--action", "Sam Lee"], "does not start with a control id="),
        (["--accept", "A-02=Dana;2026-01-10;2026-01-01;Why"], "must be after approved_on"),
        (["--accept", "A-02=Dana;2026-01-10"], "expires_on: Field required"),
        (["--accept", "A-01=Dana;2026-01-10;2026-07-01;Why"], "only a gap can be accepted"),
        (["--action", "A-03=Sam;next week"], "due: Input should be a valid date"),
    ],
)
def test_bad_actions_and_acceptances_change_nothing(
    kite: Path, option: list[str], message: str
) -> None:
    before = kite.read_text()
    code, _, err = crbd("assess", str(kite), "--as", "Bo", *option)
    assert code == 2 and message in flat(err)
    assert kite.read_text() == before


def test_answers_file_with_action_and_acceptance(kite: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "A-02:\n"
        "  answer: partial\n"
        "  action: {owner: Sam Lee, due: 2026-04-01, ticket: SAFE-1}\n"
        "  acceptance:\n"
        "    approved_by: Dana Chief\n"
        "    approved_on: 2026-01-10\n"
        "    justification: Adults only\n"
        "    expires_on: 2026-07-01\n"
    )
    code, _, err = crbd("assess", str(kite), "--as", "Bo", "--answers-file", str(answers))
    assert code == 0, err
    saved = load_assessment(kite)
    assert saved.answers["A-02"].action == Action(
        owner="Sam Lee", due=date(2026, 4, 1), ticket="SAFE-1"
    )
    [change] = saved.history
    assert (change.id, change.before, change.after, change.by) == ("A-02", "no", "partial", "Bo")


def test_history_is_appended_on_change_only_and_printed(kite: Path) -> None:
    crbd(
        "assess", str(kite), "--as", "Bo", "--answer", "A-02=yes", "--answer", "features=chat,live"
    )
    crbd("assess", str(kite), "--as", "Bo", "--answer", "A-02=yes")  # unchanged: no entry
    saved = load_assessment(kite)
    assert [(c.id, c.before, c.after) for c in saved.history] == [
        ("features", ["chat"], ["chat", "live"]),
        ("A-02", "no", "yes"),
    ]
    code, out, _ = crbd("history", str(kite), "a-02")
    assert code == 0
    assert "A-02" in out and "features" not in out and "Bo" in out
    code, out, _ = crbd("history", str(kite))
    assert "features" in out and "chat, live" in out
    code, out, _ = crbd("history", str(PREVIOUS), "A-01")
    assert code == 0 and "No recorded changes of A-01" in flat(out)


def test_score_says_changed_since_sign_off_and_warns_on_a_hand_edit(kite: Path) -> None:
    crbd("signoff", str(kite), "--reviewer", "B. Reviewer", "--decision", "approved")
    signed = load_assessment(kite)
    assert len(signed.signoffs[-1].assessment_sha256) == 64
    _, out, _ = crbd("score", str(kite))
    assert f"Sign-off: approved on {date.today()} by B. Reviewer." in flat(out)
    crbd("assess", str(kite), "--as", "Bo", "--answer", "A-02=yes")
    _, out, err = crbd("score", str(kite))
    assert f"changed since sign-off on {date.today()} by B. Reviewer" in flat(out)
    assert err == ""
    edited = load_assessment(kite)
    answers = {**edited.answers, "A-02": ControlAnswer(answer="no")}  # type: ignore[arg-type]
    save_assessment(edited.model_copy(update={"answers": answers}), kite)
    code, _, err = crbd("score", str(kite))
    assert code == 0
    assert "warning: the history says A-02 was last changed to yes, but the file holds no" in (
        flat(err)
    )


def test_an_expired_acceptance_fails_the_gate_like_none(kite: Path) -> None:
    crbd("assess", str(kite), "--as", "Bo", "--accept", ACCEPT)
    code, _, err = crbd("score", str(kite), "--fail-on", "high")
    assert code == 1 and "A-02" not in err  # in force on the assessment's date (its update)
    late = "A-02=Dana Chief;2026-01-10;2026-02-01;Adults only"
    crbd("assess", str(kite), "--as", "Bo", "--accept", late)
    code, out, err = crbd("score", str(kite), "--fail-on", "high")
    assert code == 1 and "A-02 (high, no)" in err
    assert "Expired risk acceptances (treated as none): A-02." in flat(out)


def test_due_with_a_fixed_today_a_calendar_and_a_ci_gate(kite: Path, tmp_path: Path) -> None:
    crbd("assess", str(kite), "--as", "Bo", "--action", "A-02=Sam Lee;2026-04-01")
    other = tmp_path / "other.yaml"
    shutil.copy(PREVIOUS, other)
    calendar = tmp_path / "due.ics"
    code, out, _ = crbd(
        "due", str(kite), str(other), "--within", "30", "--ics", str(calendar),
        env={"CRBD_TODAY": "2026-09-15"},
    )  # fmt: skip
    assert code == 0
    text = flat(out)
    assert "Due as of 2026-09-15" in text
    assert "action" in text and "Sam Lee" in text and "overdue" in text
    assert text.count("planned measure due") == 2  # A-03 in both files, 2026-09-30
    ics = calendar.read_bytes().decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert ics.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20260401" in ics and "DTSTAMP:20260915T000000Z" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    code, _, err = crbd("due", str(kite), "--today", "2026-09-15", "--fail-if-overdue")
    assert code == 1 and "1 item is overdue on 2026-09-15" in err
    code, out, _ = crbd("due", str(other), "--today", "2026-03-02", "--within", "7")
    assert code == 0 and "Nothing overdue or due within 7 days of 2026-03-02." in flat(out)
    code, _, err = crbd("due", str(kite), "--today", "soon")
    assert code == 2 and "'soon' is not a date" in err


def test_jira_csv_parses_back_with_its_columns(
    kite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the default output goes to the working folder
    crbd("assess", str(kite), "--as", "Bo", "--action", "A-02==HYPERLINK(x);2026-04-01")
    crbd("assess", str(kite), "--as", "Bo", "--accept", ACCEPT)
    code, _, err = crbd("export", str(kite), "--to", "jira-csv")
    assert code == 0 and "Wrote kite-jira-csv.csv" in flat(err)
    data = (tmp_path / "kite-jira-csv.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == [
        "Summary", "Description", "Priority", "Labels", "Labels", "Labels", "Due Date", "Assignee",
    ]  # fmt: skip
    assert all(len(row) == len(rows[0]) for row in rows)
    by_id = {row[0].split()[0]: row for row in rows[1:]}
    assert set(by_id) == {"A-02", "A-03", "A-04", "B-02"}
    a02 = by_id["A-02"]
    assert a02[2] == "High" and a02[3:6] == ["crbd", "severity-high", "domain-a"]
    assert a02[6] == "2026-04-01" and a02[7] == "'=HYPERLINK(x)"  # formula-safe
    for heading in ("h3. Why it matters", "h3. What to do", "h3. Risk acceptance"):
        assert heading in a02[1]
    assert by_id["A-03"][6] == "2026-09-30"  # the planned target date
    code, _, _ = crbd("export", str(kite), "--to", "jira-csv", "-o", str(tmp_path / "again.csv"))
    assert (tmp_path / "again.csv").read_bytes() == data  # deterministic


def test_github_json_lines_parse_back(kite: Path, tmp_path: Path) -> None:
    out = tmp_path / "issues.jsonl"
    code, _, _ = crbd("export", str(kite), "--to", "github", "-o", str(out))
    assert code == 0
    issues = [json.loads(line) for line in out.read_text().splitlines()]
    assert [issue["title"].split()[0] for issue in issues] == ["A-02", "B-02", "A-03", "A-04"]
    assert all(set(issue) == {"title", "body", "labels"} for issue in issues)
    assert "## Why it matters\n\nBecause." in issues[0]["body"]
    assert "## What to do\n\n- Do the high thing." in issues[0]["body"]
    crbd("assess", str(kite), "--as", "Bo", "--answer", "A-01=no", "--action", "A-01=Sam Lee")
    crbd("export", str(kite), "--to", "github", "-o", str(out))
    first = json.loads(out.read_text().splitlines()[0])
    assert first["title"].startswith("A-01")
    assert "Owner: Sam Lee; status open." in first["body"]
    assert "## Framework sections\n\n- A demonstration framework, S1: Section one" in first["body"]
    assert issues[0]["labels"] == ["crbd", "severity-high", "domain-a"]


def test_assess_from_a_baseline(kite: Path, tmp_path: Path) -> None:
    new = tmp_path / "kite-2027.yaml"
    confirm = [
        f"--answer={c}={a}"
        for c, a in [("A-01", "yes"), ("A-02", "no"), ("A-04", "partial:Web"), ("B-02", "yes")]
    ]  # noqa: E501
    code, _, err = crbd("assess", str(new), "--from", str(kite), "--as", "Bo", *confirm)
    assert code == 3  # saved, with A-03 still to reconfirm
    assert "1 question still unanswered or to reconfirm" in flat(err)
    started = load_assessment(new)
    assert started.answers["A-03"].to_reconfirm and not started.answers["A-01"].to_reconfirm
    assert [(c.id, c.before, c.after) for c in started.history] == [("B-02", "unknown", "yes")]
    assert started.metadata.started_on == date.today() and started.signoffs == []
    _, out, _ = crbd("score", str(new))
    assert "1 answer copied from a baseline still to reconfirm." in flat(out)
    code, _, err = crbd("assess", str(new), "--from", str(kite))
    assert code == 2 and "already exists" in err


def test_due_never_writes_its_calendar_over_an_assessment(kite: Path) -> None:
    before = kite.read_bytes()
    code, _, err = crbd("due", str(kite), "--ics", str(kite), "--today", "2026-11-02")
    assert code == 2 and "is also an input of this command" in flat(err)
    assert kite.read_bytes() == before
