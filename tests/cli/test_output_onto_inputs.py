"""`-o` never replaces a file the same command reads: a pack's file, or a template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, mini_opened
from toolkit.cli import app
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled


@pytest.fixture
def setup(mini: Pack, tmp_path: Path) -> tuple[Path, Path]:
    packs = tmp_path / "packs"
    shutil.copytree(MINI, packs / "mini")
    assessment = tmp_path / "a.yaml"
    save_assessment(mini_opened(mini).assessment, assessment)
    return packs, assessment


def _run(packs: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--checklists", str(packs), *args])
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("name", ["pack.yaml", "alpha.yaml"])
def test_a_report_or_export_onto_a_file_of_the_pack_is_refused(
    setup: tuple[Path, Path], name: str
) -> None:
    packs, assessment = setup
    target = packs / "mini" / name
    before = target.read_bytes()
    for command in (
        ["report", str(assessment), "--format", "md", "-o", str(target)],
        ["export", str(assessment), "--to", "jira-csv", "-o", str(target)],
    ):
        code, output = _run(packs, *command)
        assert code == 2 and "is a file of the pack folder this command reads" in output, output
        assert "Traceback" not in output
    assert target.read_bytes() == before


def test_a_report_onto_its_own_template_or_stylesheet_is_refused(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    packs, assessment = setup
    templates = shutil.copytree(bundled("report_templates"), tmp_path / "templates")
    for name in ("report.html.j2", "report.css"):
        target = templates / name
        before = target.read_bytes()
        code, output = _run(
            packs, "report", str(assessment), "--templates", str(templates), "--format", "md",
            "-o", str(target),
        )  # fmt: skip
        assert code == 2 and "is a file of the templates folder this command reads" in output
        assert target.read_bytes() == before
    beside = templates / "report.md"  # a new file in the folder is not one it reads
    code, output = _run(
        packs, "report", str(assessment), "--templates", str(templates), "-o", str(beside)
    )
    assert code == 0 and beside.read_text().startswith("#"), output


def test_a_worksheet_onto_a_file_of_its_pack_is_refused(setup: tuple[Path, Path]) -> None:
    packs, _ = setup
    target = packs / "mini" / "about.html"
    target.write_text("<p>What this pack is for.</p>")
    code, output = _run(packs, "worksheet", "--pack", "mini", "-o", str(target))
    assert code == 2 and "is a file of the pack folder this command reads" in output, output
    assert target.read_text() == "<p>What this pack is for.</p>"
