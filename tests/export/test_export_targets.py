"""Every target: byte-identical output, in this process and in another one."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from tests.helpers import DATA, EXAMPLES, ROOT, mini_opened
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.workflow.opening import open_assessment

RENDER_ALL = """
import hashlib
from tests.helpers import mini_opened, DATA, EXAMPLES
from toolkit.engine.evaluate import evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.packs import load_pack
from toolkit.workflow.opening import open_assessment
pack = load_pack(DATA / "packs" / "mini-risk")
evaluation = evaluate(pack, mini_opened(pack).assessment)
yarnly = open_assessment(EXAMPLES / "yarnly.yaml")
cited = evaluate(yarnly.pack, yarnly.assessment)
for target in ExportTarget:
    of = cited if target is ExportTarget.CISO_ASSISTANT_GDPR_MAPPING else evaluation
    print(target.value, hashlib.sha256(render_export(target, of)).hexdigest())
"""
CITING = ExportTarget.CISO_ASSISTANT_GDPR_MAPPING
"""The target that needs a pack citing the GDPR: exported from the yarnly example."""


@pytest.fixture(scope="module")
def with_harms() -> Pack:
    """The mini pack with a harm catalogue, so every target (the risk register too) has data."""
    return load_pack(DATA / "packs" / "mini-risk")


@pytest.fixture(scope="module")
def yarnly() -> Evaluation:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    return evaluate(opened.pack, opened.assessment)


@pytest.mark.parametrize("target", list(ExportTarget))
def test_repeated_exports_are_byte_identical(
    target: ExportTarget, with_harms: Pack, yarnly: Evaluation
) -> None:
    evaluation = evaluate(with_harms, mini_opened(with_harms).assessment)
    if target is CITING:
        evaluation = yarnly
    first = render_export(target, evaluation)
    assert first and render_export(target, evaluation) == first


def test_another_process_writes_the_same_bytes_for_every_target(
    with_harms: Pack, yarnly: Evaluation
) -> None:
    evaluation = evaluate(with_harms, mini_opened(with_harms).assessment)
    here = {
        target.value: hashlib.sha256(
            render_export(target, yarnly if target is CITING else evaluation)
        ).hexdigest()
        for target in ExportTarget
    }
    done = subprocess.run(
        [sys.executable, "-c", RENDER_ALL],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    there = dict(line.split() for line in done.stdout.splitlines())
    assert there == here


def test_every_target_has_its_suffix() -> None:
    assert {target: target.suffix for target in ExportTarget} == {
        ExportTarget.JIRA_CSV: "csv",
        ExportTarget.GITHUB: "jsonl",
        ExportTarget.RISK_REGISTER_CSV: "csv",
        ExportTarget.CISO_ASSISTANT_LIBRARY: "yaml",
        ExportTarget.CISO_ASSISTANT_AUDIT: "csv",
        ExportTarget.CISO_ASSISTANT_GDPR_MAPPING: "yaml",
        ExportTarget.OSCAL_CATALOG: "json",
        ExportTarget.OSCAL_POAM: "json",
        ExportTarget.OSCAL_ASSESSMENT_RESULTS: "json",
        ExportTarget.XLSX: "xlsx",
        ExportTarget.ANSWERS_TEMPLATE: "xlsx",
        ExportTarget.ANSWERS_TEMPLATE_YAML: "yaml",
    }


def test_the_risk_register_exports_one_row_per_harm_and_needs_a_catalogue(
    with_harms: Pack, mini: Pack
) -> None:
    import csv
    import io

    from toolkit.errors import UsageProblem

    data = render_export(
        ExportTarget.RISK_REGISTER_CSV, evaluate(with_harms, mini_opened(with_harms).assessment)
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) - 1 == len(with_harms.harms) and rows[0][0] == "Harm"
    with pytest.raises(UsageProblem, match="no harm catalogue"):
        render_export(ExportTarget.RISK_REGISTER_CSV, evaluate(mini, mini_opened(mini).assessment))
