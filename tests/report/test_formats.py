"""One rule picks a document's format from --format and the output's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import UsageProblem
from toolkit.report.formats import CompareFormat, ReportFormat, format_for_output


@pytest.mark.parametrize(
    ("given", "output", "expected"),
    [
        pytest.param(None, None, ReportFormat.PDF, id="nothing given: the default"),
        pytest.param(None, Path("r.DOCX"), ReportFormat.DOCX, id="from the suffix, any case"),
        pytest.param(None, Path("r.report"), ReportFormat.PDF, id="unknown suffix: default"),
        pytest.param(None, Path("-"), ReportFormat.PDF, id="stdout: default"),
        pytest.param(ReportFormat.MD, Path("-"), ReportFormat.MD, id="stdout: as given"),
        pytest.param(ReportFormat.HTML, Path("r.html"), ReportFormat.HTML, id="agreeing"),
        pytest.param(ReportFormat.CSV, Path("r.txt"), ReportFormat.CSV, id="suffix no format"),
    ],
)
def test_the_format_comes_from_the_option_then_the_name(
    given: ReportFormat | None, output: Path | None, expected: ReportFormat
) -> None:
    assert format_for_output(ReportFormat, given, output, ReportFormat.PDF) is expected


def test_a_format_that_contradicts_the_file_name_is_refused() -> None:
    with pytest.raises(UsageProblem, match="--format html does not match progress.pdf"):
        format_for_output(
            CompareFormat, CompareFormat.HTML, Path("progress.pdf"), CompareFormat.PDF
        )
