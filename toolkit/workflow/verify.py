"""Re-check a PDF report: re-score its embedded assessment and compare with what it states.

A report carries its assessment and its Result as attachments and prints
the SHA-256 of the pack and of the assessment. Verifying recomputes all of
it with the pack found on this machine; the first difference is reported in
words, so an auditor knows what does not hold, not only that something fails.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from toolkit.engine.accountability import history_problems, signoff_state
from toolkit.engine.evaluate import evaluate
from toolkit.errors import FileProblem
from toolkit.model.accountability import Binding
from toolkit.model.assessment import Assessment
from toolkit.model.hashing import assessment_sha256
from toolkit.model.packs import load_pack, resolve_pack
from toolkit.report.archive import ASSESSMENT_NAME, RESULT_NAME, result_json

HEX = "([0-9a-f]{64})"


def first_difference(report: Path, pack_dirs: Sequence[Path] = ()) -> str | None:
    """None when the report holds up; otherwise the first difference, in one sentence."""
    reader = _reader(report)
    files = reader.attachments
    for name in (ASSESSMENT_NAME, RESULT_NAME):
        if len(files.get(name, [])) != 1:
            return f"{report} does not embed exactly one {name}; it is not a crbd PDF report."
    try:
        assessment = Assessment.model_validate_json(files[ASSESSMENT_NAME][0])
    except ValidationError as error:
        reason = error.errors()[0]["msg"]
        return f"the embedded {ASSESSMENT_NAME} is not a valid assessment ({reason})."
    text = "".join("".join(page.extract_text() or "" for page in reader.pages).split())
    stated = {
        "pack": re.search("PackSHA-256" + HEX, text),
        "assessment": re.search("AssessmentSHA-256" + HEX, text),
    }
    for what, found in stated.items():
        if found is None:
            return f"the report does not print the {what} SHA-256."
    assert stated["pack"] and stated["assessment"]
    pack = load_pack(resolve_pack(assessment.pack.id, pack_dirs))
    if stated["pack"].group(1) != pack.content_hash:
        return (
            f"the report was made with a pack {assessment.pack.id} whose SHA-256 is "
            f"{stated['pack'].group(1)}, but the one found here ({pack.version}) has "
            f"{pack.content_hash}."
        )
    recomputed_hash = assessment_sha256(assessment)
    if stated["assessment"].group(1) != recomputed_hash:
        return (
            f"the embedded assessment's SHA-256 is {recomputed_hash}, but the report prints "
            f"{stated['assessment'].group(1)}: the assessment was changed after rendering."
        )
    embedded = json.loads(files[RESULT_NAME][0])
    recomputed = json.loads(result_json(evaluate(pack, assessment).result))
    return _first_change("result", embedded, recomputed)


def accountability_warnings(report: Path) -> list[str]:
    """What an auditor should know about the embedded assessment beyond its integrity:
    changed since its sign-off, or a history that does not match its answers.

    These are warnings, not failures: the report still shows what was assessed.
    """
    embedded = _reader(report).attachments[ASSESSMENT_NAME][0]
    assessment = Assessment.model_validate_json(embedded)
    state = signoff_state(assessment)
    changed = state.binding is Binding.CHANGED
    warnings = [f"the embedded assessment {state.sentence}."] if changed else []
    return warnings + [f"{problem}." for problem in history_problems(assessment)]


def _reader(report: Path) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(report.read_bytes()))
    except OSError as error:
        raise FileProblem(f"{report}: cannot read it ({error.strerror}).") from None
    except PdfReadError as error:
        raise FileProblem(f"{report}: is not a readable PDF ({error}).") from None


def _first_change(where: str, stated: object, recomputed: object) -> str | None:
    """The first place where the embedded Result and the recomputed one differ."""
    if isinstance(stated, dict) and isinstance(recomputed, dict):
        for key in sorted(stated.keys() | recomputed.keys()):
            found = _first_change(f"{where}.{key}", stated.get(key), recomputed.get(key))
            if found:
                return found
        return None
    if isinstance(stated, list) and isinstance(recomputed, list) and len(stated) == len(recomputed):
        for index, (one, other) in enumerate(zip(stated, recomputed, strict=True)):
            found = _first_change(f"{where}[{index}]", one, other)
            if found:
                return found
        return None
    if stated != recomputed:
        return f"{where}: the report states {stated!r}, re-scoring gives {recomputed!r}."
    return None
