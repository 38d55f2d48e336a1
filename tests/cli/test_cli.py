"""Every command through CliRunner: success paths and each kind of user error."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, ROOT, assessment_of
from toolkit.cli import app
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack

runner = CliRunner()
PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}


def crbd(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["--checklists", str(MINI.parent), *args], input=input, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def mini_file(mini: Pack, tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    save_assessment(
        assessment_of(mini, PROFILE, {"A-01": "no", "A-02": "yes", "A-03": "partial"}), path
    )
    return path


def _commands() -> list[list[str]]:
    """Every command the CLI registers, walked from the typer app itself."""
    import typer.main

    def walk(group: Any, prefix: list[str]) -> list[list[str]]:
        found = []
        for name, command in sorted(group.commands.items()):
            if hasattr(command, "commands"):
                found += walk(command, [*prefix, name])
            else:
                found.append([*prefix, name])
        return found

    return walk(typer.main.get_command(app), [])


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(_commands()) >= 15
    for command in _commands():
        assert f"`crbd {' '.join(command)}" in readme, command


def test_version() -> None:
    code, out, _ = crbd("--version")
    assert code == 0 and re.fullmatch(r"crbd \S+\n", out)


def test_help_lists_every_command() -> None:
    code, out, _ = crbd("--help")
    assert code == 0
    for name in ("assess", "score", "report", "checklist", "explain", "schema"):
        assert name in out


GROUPS = [[], ["checklist"], ["example"]]


@pytest.mark.parametrize("command", [*GROUPS, *_commands()], ids=lambda c: " ".join(c) or "crbd")
def test_every_command_has_help_with_an_example(core: Pack, command: list[str]) -> None:
    code, out, _ = crbd(*command, "--help")
    assert code == 0
    assert "Example: crbd " in out
    assert "<bool>" not in out and "list[" not in out  # readable metavars
    # Ids in the examples exist in the core pack.
    for control_id in re.findall(r"\b[A-Z]{2,5}-\d{2}\b", out):
        assert core.control(control_id) is not None, control_id


def test_report_help_states_the_default_output_name() -> None:
    _, out, _ = crbd("report", "--help")
    assert "my-product-report.pdf" in " ".join(out.split())


def test_choices_take_any_case(mini_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    code, _, err = crbd(
        "report", str(mini_file), "--format", "MD", "--paper", "A4", "-o", str(target)
    )
    assert code == 0, err
    assert target.exists()
    code, _, err = crbd("score", str(mini_file), "--fail-on", "CRITICAL")
    assert code == 1, err


def test_binary_report_is_not_written_to_a_terminal(
    mini_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.cli.common.stdout_is_terminal", lambda: True)
    code, out, err = crbd("report", str(mini_file), "--format", "docx", "-o", "-")
    assert code == 2 and out == ""
    assert "Not writing a binary DOCX to the terminal; redirect it" in err
    code, out, _ = crbd("report", str(mini_file), "--format", "md", "-o", "-")
    assert code == 0 and out.startswith("#")


def test_score_table(mini_file: Path) -> None:
    code, out, err = crbd("score", str(mini_file))
    assert code == 0, err
    assert "Overall for Test product" in out
    assert "Red (capped by A-01)" in out
    assert "Incomplete: 2 controls unanswered" in out
    assert "A-01" in out and "Critical thing" in out


def test_score_json_is_the_result(mini_file: Path) -> None:
    code, out, _ = crbd("score", str(mini_file), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["overall"]["rating"] == "red"
    assert result["overall"]["capped_by"] == ["A-01"]
    assert [gap["control_id"] for gap in result["gaps"]] == ["A-01", "B-02", "A-03", "A-04"]


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = crbd("score", str(tmp_path / "nope.yaml"))
    assert code == 2 and out == ""
    assert err == f"crbd: {tmp_path / 'nope.yaml'}: no such file.\n"


def test_malformed_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("pack: {id: mini\nanswers: [\n")
    code, _, err = crbd("score", str(path))
    assert code == 2
    assert err.startswith(f"crbd: {path}:") and "not valid YAML" in err
    assert "Traceback" not in err


def test_wrong_answer_value(mini_file: Path) -> None:
    mini_file.write_text(mini_file.read_text().replace("answer: partial", "answer: sorta"))
    code, _, err = crbd("score", str(mini_file))
    assert code == 2
    assert re.match(
        rf"crbd: {re.escape(str(mini_file))}:\d+ answers.A-03.answer: 'sorta' is not one of", err
    )


def test_unknown_control_id(mini_file: Path) -> None:
    mini_file.write_text(mini_file.read_text().replace("  A-02:", "  A-99:"))
    code, _, err = crbd("score", str(mini_file))
    assert code == 2
    assert "answers.A-99: is not a control of pack mini 1.0" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "score", str(tmp_path / "nope.yaml")])
    assert result.exit_code != 0 and result.exception is not None


def test_report_html_and_json(mini_file: Path, tmp_path: Path) -> None:
    code, _, err = crbd(
        "report", str(mini_file), "--format", "html", "-o", str(tmp_path / "r.html")
    )
    assert code == 0, err
    html = (tmp_path / "r.html").read_text()
    assert "Gap register" in html and "Critical thing" in html
    code, out, _ = crbd("report", str(mini_file), "--format", "json", "-o", "-")
    assert code == 0 and json.loads(out)["product"] == "Test product"


def test_report_default_output_name(mini_file: Path, in_tmp: Path) -> None:
    code, _, err = crbd("report", str(mini_file), "--format", "json")
    assert code == 0
    assert (in_tmp / "mini-report.json").is_file()
    assert "Wrote mini-report.json" in err


def test_checklist_list_and_validate() -> None:
    code, out, _ = crbd("checklist", "list")
    assert code == 0
    assert "mini 1.0" in out and "core" in out
    code, out, _ = crbd("checklist", "validate", str(MINI))
    assert code == 0 and "pack mini 1.0 is valid (6 controls)" in out


def test_checklist_validate_reports_every_problem(tmp_path: Path) -> None:
    pack = shutil.copytree(MINI, tmp_path / "mini")
    (pack / "alpha.yaml").write_text(
        (pack / "alpha.yaml").read_text().replace("severity: high", "severity: hgih")
    )
    (pack / "beta.yaml").write_text(
        (pack / "beta.yaml").read_text().replace("feature: live", "feature: x")
    )
    code, _, err = crbd("checklist", "validate", str(pack))
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert (
        "alpha.yaml:17 controls[1].severity: 'hgih' is not one of critical, high, medium, low"
        in lines[0]
    )
    assert "beta.yaml:10 controls[0].applies_when.feature: 'x' is not an option" in lines[1]


def test_checklist_show_and_explain() -> None:
    code, out, _ = crbd("checklist", "show", "A", "--pack", "mini")
    assert code == 0 and "A-04" in out
    code, out, _ = crbd("explain", "b-02", "--pack", "mini")
    assert code == 0
    assert "Applies when the product has chat and children use it" in out
    assert "A demonstration framework" not in out  # B-02 cites nothing
    code, _, err = crbd("explain", "Z-01", "--pack", "mini")
    assert code == 2 and err == "crbd: No control 'Z-01' in pack mini.\n"


def test_schema() -> None:
    code, out, _ = crbd("schema", "assessment")
    assert code == 0 and "answers" in json.loads(out)["properties"]


def test_assess_creates_and_resumes(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("toolkit.cli.assess.stdin_is_terminal", lambda: True)
    replies = "\n".join(["", "Kite", "", "", "1", "1", "", "y", "", "", "n", "", ""]) + "\n"
    code, _, err = crbd("assess", "kite.yaml", "--pack", "mini", "--as", "Ana", input=replies)
    assert code == 3  # input ended with questions left: a clear message, not a hang
    assert "every answer given so far is saved" in err
    text = (in_tmp / "kite.yaml").read_text()
    assert "A-01:" in text and "A-02:" in text and "A-03:" not in text
    rest = "\n".join(["y", "", "", "y", "", "", "u", "", ""]) + "\n"
    code, _, err = crbd("assess", "kite.yaml", "--as", "Ana", input=rest)
    assert code == 0, err
    assert "report kite.yaml" in err
    assert "B-02:" in (in_tmp / "kite.yaml").read_text()


def test_assess_unknown_domain(in_tmp: Path) -> None:
    code, _, err = crbd("assess", "x.yaml", "--pack", "mini", "--domain", "ZZ")
    assert code == 2 and "No domain ZZ in pack mini; use A, B." in err


CREATES_ITS_FILE = {("assess",): "starts a new assessment", ("example", "copy"): "writes a copy"}
"""Commands whose file argument is made, not read: a missing file is no error for them."""
SERVES = ("serve",)
"""Runs until stopped when its optional argument is left out: tried with a missing one."""


def _reading_commands() -> list[list[str]]:
    """Each command that reads a file argument, with its required options filled in.

    Derived from the typer app, so a new command joins the missing-file test by itself.
    """
    import enum

    import typer.main

    def command_of(path: list[str]) -> Any:
        command: Any = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]
        return command

    def is_path(param: Any) -> bool:
        return param.type_descriptor.annotation in (Path, list[Path])

    found = []
    for path in _commands():
        if tuple(path) in CREATES_ITS_FILE or tuple(path) == SERVES:
            continue
        params = command_of(path).params
        if not any(p.param_type_name == "argument" and is_path(p) for p in params):
            continue
        argv = list(path)
        for param in params:
            kind = param.type_descriptor.annotation
            if not param.required:
                continue
            if is_path(param):
                value = ["{missing}"] * (2 if param.nargs == -1 else 1)
            elif isinstance(kind, type) and issubclass(kind, enum.Enum):
                value = [next(iter(kind)).value]
            else:
                value = ["x"]
            argv += value if param.param_type_name == "argument" else [param.opts[0], *value]
        found.append(argv)
    return found


def test_the_missing_file_test_reaches_every_command_that_reads_a_file() -> None:
    names = {
        " ".join(c[: 2 if c[0] in ("example", "checklist") else 1]) for c in _reading_commands()
    }
    assert {"export", "import", "due", "history", "score", "report", "verify"} <= names


@pytest.mark.parametrize(
    "command",
    [*_reading_commands(), ["worksheet", "--profile", "{missing}"], [*SERVES, "{missing}"]],
    ids=lambda command: " ".join(c for c in command if not c.startswith(("{", "-"))),
)
def test_a_missing_file_is_one_line_and_exit_2_for_every_command(
    command: list[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.yaml")
    code, out, err = crbd(*[part.format(missing=missing) for part in command])
    assert code == 2 and out == ""
    assert err.startswith(f"crbd: {missing}") and len(err.splitlines()) == 1, err
