"""Every target: byte-identical output, in this process and in another one."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from tests.helpers import ROOT, mini_opened
from toolkit.engine.evaluate import evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.pack import Pack

RENDER_ALL = """
import hashlib
from tests.helpers import mini_opened, MINI
from toolkit.engine.evaluate import evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.packs import load_pack
pack = load_pack(MINI)
evaluation = evaluate(pack, mini_opened(pack).assessment)
for target in ExportTarget:
    print(target.value, hashlib.sha256(render_export(target, evaluation)).hexdigest())
"""


@pytest.mark.parametrize("target", list(ExportTarget))
def test_repeated_exports_are_byte_identical(target: ExportTarget, mini: Pack) -> None:
    evaluation = evaluate(mini, mini_opened(mini).assessment)
    first = render_export(target, evaluation)
    assert first and render_export(target, evaluation) == first


def test_another_process_writes_the_same_bytes_for_every_target(mini: Pack) -> None:
    evaluation = evaluate(mini, mini_opened(mini).assessment)
    here = {
        target.value: hashlib.sha256(render_export(target, evaluation)).hexdigest()
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
        ExportTarget.CISO_ASSISTANT_LIBRARY: "yaml",
        ExportTarget.CISO_ASSISTANT_AUDIT: "csv",
        ExportTarget.OSCAL_CATALOG: "json",
        ExportTarget.OSCAL_POAM: "json",
        ExportTarget.OSCAL_ASSESSMENT_RESULTS: "json",
        ExportTarget.XLSX: "xlsx",
    }
