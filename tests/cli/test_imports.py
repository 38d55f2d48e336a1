"""Start-up stays fast: the CLI and scoring never import the renderers' heavy modules."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import EXAMPLES

CHECK = """
import sys
import toolkit.cli, toolkit.engine.scoring, toolkit.workflow.interview
from typer.testing import CliRunner
runner = CliRunner()
for args in (
    ["--help"], ["checklist", "list"], ["score", "--help"], ["verify", "--help"],
    ["report", "--help"], ["export", "--help"], ["import", "--help"], ["score", sys.argv[1]],
):
    assert runner.invoke(toolkit.cli.app, args).exit_code == 0, args
heavy = sorted(
    m
    for m in sys.modules
    if m.split(".")[0] in ("weasyprint", "jinja2", "docx", "pypdf", "openpyxl", "trestle")
)
print(heavy)
"""


def test_cli_and_scoring_do_not_import_the_renderers_libraries() -> None:
    example = str(EXAMPLES / "yarnly.yaml")
    output = subprocess.run(
        [sys.executable, "-c", CHECK, example], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_python_dash_m_toolkit() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("crbd ")


LIGHT = """
import contextlib, io, os, sys
import toolkit.cli
from typer.main import get_command
from typer.testing import CliRunner


def commands(group, path):
    yield path
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, [*path, name])


runner = CliRunner()
paths = list(commands(get_command(toolkit.cli.app), []))
calls = [["--version"]] + [[*path, "--help"] for path in paths]
calls += [["--lang", "de", *path, "--help"] for path in paths]  # German help: no model either
for args in calls:
    assert runner.invoke(toolkit.cli.app, args).exit_code == 0, args
os.environ.update(
    _CRBD_COMPLETE="complete_bash", COMP_WORDS="crbd score --fail-on ", COMP_CWORD="3"
)
with contextlib.redirect_stdout(io.StringIO()) as completions:
    try:
        toolkit.cli.main()
    except SystemExit:
        pass
assert completions.getvalue().split() == ["critical", "high"], completions.getvalue()
base = sys.modules.get("pydantic.main")
with_models = sorted(
    name
    for name, module in list(sys.modules.items())
    if name.startswith("toolkit")
    and base is not None
    and any(
        isinstance(value, type) and issubclass(value, base.BaseModel)
        and value.__module__ == name
        for value in vars(module).values()
    )
)
print(len(calls), sorted({"toolkit.model.assessment", "toolkit.model.result"} & set(sys.modules)))
print(with_models)
"""


def test_help_version_and_completion_import_no_model_module() -> None:
    """Every `--help` (in English and in German), `--version` and shell completion: no module
    that defines a pydantic model."""
    done = subprocess.run(
        [sys.executable, "-c", LIGHT], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    count, assessment_or_result = done[0].split(" ", 1)
    assert int(count) > 15
    assert assessment_or_result == "[]"
    assert done[-1] == "[]"
