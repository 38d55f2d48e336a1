"""The bundled fictional products: listed, copied safely, and each loads, scores and renders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.helpers import EXAMPLES
from toolkit.cli import app
from toolkit.engine.evaluate import evaluate
from toolkit.engine.scoring import score
from toolkit.errors import FileProblem, UnknownItem
from toolkit.report import render_report
from toolkit.report.formats import PdfVariant, ReportFormat
from toolkit.workflow.examples import copy_example, examples
from toolkit.workflow.opening import open_assessment

NAMES = ["brickland", "murmur", "yarnly"]


def crbd(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_names_and_describes_every_example() -> None:
    found = examples()
    assert [example.name for example in found] == NAMES
    assert found[1].description.startswith("Murmur 3.8 by Murmur Foundation (fictional)")
    code, out, _ = crbd("example", "list")
    assert code == 0
    assert all(name in out for name in NAMES) and "Yarnly Social Ltd" in out


def test_copy_writes_the_file_byte_for_byte(in_tmp: Path) -> None:
    code, _, err = crbd("example", "copy", "murmur")
    assert code == 0 and "murmur.yaml" in err
    assert (in_tmp / "murmur.yaml").read_bytes() == (EXAMPLES / "murmur.yaml").read_bytes()
    (in_tmp / "workshop").mkdir()
    assert copy_example("yarnly", in_tmp / "workshop") == in_tmp / "workshop" / "yarnly.yaml"
    assert copy_example("yarnly", in_tmp / "mine.yaml").is_file()


def test_copy_refuses_to_overwrite(in_tmp: Path) -> None:
    target = in_tmp / "mine.yaml"
    target.write_text("my own answers\n")
    with pytest.raises(FileProblem, match="will not overwrite"):
        copy_example("brickland", target)
    code, _, err = crbd("example", "copy", "brickland", str(target))
    assert code == 2 and "will not overwrite" in err
    assert target.read_text() == "my own answers\n"


def test_copy_of_an_unknown_example_names_the_known_ones() -> None:
    with pytest.raises(UnknownItem, match="brickland, murmur, yarnly"):
        copy_example("nope")


@pytest.mark.parametrize("name", NAMES)
def test_example_loads_scores_and_renders_html(name: str) -> None:
    opened = open_assessment(EXAMPLES / f"{name}.yaml")
    assert opened.warnings == []
    result = score(opened.pack, opened.assessment)
    assert result.complete and result.overall.score is not None
    html = render_report(ReportFormat.HTML, evaluate(opened.pack, opened.assessment)).decode()
    assert opened.assessment.metadata.product in html


def test_one_example_renders_a_pdf() -> None:
    opened = open_assessment(EXAMPLES / "murmur.yaml")
    pdf = render_report(
        ReportFormat.PDF, evaluate(opened.pack, opened.assessment), variant=PdfVariant.PDF_UA_1
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Murmur" in text


def test_example_help_has_examples() -> None:
    for command in ("list", "copy"):
        assert "Example: crbd example" in crbd("example", command, "--help")[1]
