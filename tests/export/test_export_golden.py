"""Every export target of one small assessment, compared with a reviewed golden file.

`CRBD_UPDATE_GOLDEN=1 pytest tests/export/test_export_golden.py` rewrites them; the diff
shows every byte a change made to what another tool imports. A workbook is compared as
the text of its cells, sheet by sheet.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.helpers import DATA, EXAMPLES, assert_golden, mini_opened
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.packs import load_pack
from toolkit.workflow.opening import open_assessment


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    pack = load_pack(DATA / "packs" / "mini-risk")
    return evaluate(pack, mini_opened(pack).assessment)


@pytest.fixture(scope="module")
def cited() -> Evaluation:
    """An assessment of a pack citing the GDPR, for the target that maps to it."""
    yarnly = open_assessment(EXAMPLES / "yarnly.yaml")
    return evaluate(yarnly.pack, yarnly.assessment)


def workbook_text(data: bytes) -> str:
    """Every sheet's cells as tab-separated lines, under the sheet's name."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for sheet in book.worksheets:
        out.append(f"## {sheet.title}")
        out += [
            "\t".join("" if value is None else str(value) for value in row)
            for row in sheet.iter_rows(values_only=True)
        ]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("target", list(ExportTarget), ids=str)
def test_every_target_matches_its_golden_file(
    target: ExportTarget, evaluation: Evaluation, cited: Evaluation
) -> None:
    of = cited if target is ExportTarget.CISO_ASSISTANT_GDPR_MAPPING else evaluation
    data = render_export(target, of)
    text = data.decode("utf-8") if target.is_text else workbook_text(data)
    example = "yarnly" if of is cited else "mini-risk"
    name = f"export/{example}.{target.value}.{target.suffix}"
    assert_golden(name if target.is_text else f"{name}.txt", text)
