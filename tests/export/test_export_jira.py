"""Jira's CSV against the rules of Atlassian's CSV importer.

Checked against Atlassian's "Import data from a CSV file" (Jira Cloud administration,
https://support.atlassian.com/jira-cloud-administration/docs/import-data-from-a-csv-file/):
a header row with a Summary column and no punctuation in the headers, no column left out
of a row, multi-line text quoted, several values of a field from columns of the same name;
a summary holds at most 255 characters and a label no space.
"""

from __future__ import annotations

import csv
import io
import re

from tests.helpers import EXAMPLES, mini_opened
from toolkit.engine.evaluate import evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.pack import Pack
from toolkit.workflow.opening import open_assessment


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def test_the_yarnly_gaps_follow_the_importers_rules() -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    evaluation = evaluate(opened.pack, opened.assessment)
    header, *rows = _rows(render_export(ExportTarget.JIRA_CSV, evaluation))
    assert header[0] == "Summary" and header.count("Labels") == 3
    assert all(re.fullmatch(r"[A-Za-z ]+", name) for name in header)
    assert len(rows) == len(evaluation.plan.items)
    for row in rows:
        assert len(row) == len(header)
        cells = dict(zip(header, row, strict=False))
        assert 0 < len(cells["Summary"]) <= 255
        assert cells["Priority"] in {"Highest", "High", "Medium", "Low"}
        labels = [label for name, label in zip(header, row, strict=True) if name == "Labels"]
        assert all(label and " " not in label for label in labels)
        due = cells["Due Date"]
        assert due == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", due)
    assert any("\n" in dict(zip(header, row, strict=False))["Description"] for row in rows)


def test_a_title_longer_than_a_summary_is_shortened(mini: Pack) -> None:
    domain = mini.domains[0]
    control = domain.controls[0].model_copy(update={"title": "x" * 400})
    long = mini.model_copy(
        update={
            "domains": [
                domain.model_copy(update={"controls": [control, *domain.controls[1:]]}),
                *mini.domains[1:],
            ]
        }
    )
    header, *rows = _rows(
        render_export(ExportTarget.JIRA_CSV, evaluate(long, mini_opened(long).assessment))
    )
    summary = next(row[0] for row in rows if row[0].startswith(control.id))
    assert len(summary) == 255 and summary.endswith("…")
