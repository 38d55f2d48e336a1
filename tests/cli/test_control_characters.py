"""Control characters from a file reach the terminal and the calendar only as their codes.

A product name, an owner or a reason can hold an escape sequence (pasted, or
planted in a shared file); printed raw, it would recolour, clear or retitle
the reader's terminal. The report shows such characters as `\\x1b`; so do
`history`, `score`, `due` and the `.ics` they write.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from tests.helpers import DATA, MINI
from toolkit.cli import app
from toolkit.model.assessment import Action, Change
from toolkit.model.files import load_assessment, save_assessment

ESCAPE = "\x1b[2J\x1b]0;owned\x07"
runner = CliRunner()


def crbd(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), *args], env={"COLUMNS": "300"})
    return result.exit_code, result.stdout, result.stderr


def _planted(tmp_path: Path) -> Path:
    path = tmp_path / "kite.yaml"
    assessment = load_assessment(DATA / "accountability" / "previous-format.yaml")
    metadata = assessment.metadata.model_copy(update={"product": f"Kite{ESCAPE}"})
    answer = assessment.answers["A-02"].model_copy(
        update={"action": Action(owner=f"Sam\rLee{ESCAPE}", due=date(2026, 4, 1))}
    )
    change = Change(
        id="A-02", before="yes", after=answer.answer.value, by=f"Bo{ESCAPE}",
        on=date(2026, 3, 1), reason=f"moved\r{ESCAPE}on",
    )  # fmt: skip
    save_assessment(
        assessment.model_copy(
            update={
                "metadata": metadata,
                "answers": {**assessment.answers, "A-02": answer},
                "history": [*assessment.history, change],
            }
        ),
        path,
    )
    return path


def test_history_score_and_due_show_control_characters_as_codes(tmp_path: Path) -> None:
    planted = _planted(tmp_path)
    calendar = tmp_path / "due.ics"
    outputs = {
        "history": crbd("history", str(planted), "A-02"),
        "score": crbd("score", str(planted)),
        "due": crbd("due", str(planted), "--today", "2026-03-15", "--ics", str(calendar)),
    }
    for command, (code, out, err) in outputs.items():
        assert code == 0, (command, err)
        assert "\x1b" not in out + err and "\x07" not in out + err, command
    assert "Bo\\x1b[2J\\x1b]0;owned\\x07" in outputs["history"][1]
    assert "Kite\\x1b[2J" in outputs["score"][1]
    assert "Sam" in outputs["due"][1] and "\\x1b[2J" in outputs["due"][1]
    ics = calendar.read_bytes()
    assert ics.count(b"\r") == ics.count(b"\r\n")  # no carriage return inside event text
    assert b"\x1b" not in ics and b"\x07" not in ics
    assert b"Sam\\nLee\\\\x1b[2J" in ics.replace(b"\r\n ", b"")  # unfolded


def test_history_of_an_id_the_pack_does_not_have_names_it(tmp_path: Path) -> None:
    planted = _planted(tmp_path)
    code, out, err = crbd("history", str(planted), "NOPE-99")
    assert code == 2 and out == ""
    assert "'NOPE-99' is neither a control nor a profile question of the checklist pack" in err
    code, out, _ = crbd("history", str(planted), "b-01")  # known, never changed
    assert code == 0 and "No recorded changes of b-01" in out
