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
