"""What the tests share besides fixtures: paths, the test date, assessment builders, goldens."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from toolkit.model.assessment import (
    Assessment,
    ControlAnswer,
    Evidence,
    Metadata,
    SignOff,
    new_assessment,
    with_answer,
)
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.workflow.opening import Opened

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[1]
MINI = DATA / "packs" / "mini"
EXAMPLES = bundled("examples")
DAY = date(2026, 11, 1)


def assessment_of(
    pack: Pack, profile: dict[str, str | list[str]], answers: dict[str, str], **notes: str
) -> Assessment:
    """An assessment with the given profile and answers (notes by control id, `_` for `-`)."""
    made = new_assessment(pack).model_copy(
        update={
            "metadata": Metadata(product="Test product", updated_on=DAY),
            "profile": profile,
            "answers": {
                control_id: ControlAnswer(
                    answer=answer,  # type: ignore[arg-type]
                    note=notes.get(control_id.replace("-", "_"), "reason given"),
                    answered_on=DAY,
                )
                for control_id, answer in answers.items()
            },
        }
    )
    return made


def mini_opened(pack: Pack) -> Opened:
    """A small assessment touching every section: a gap per severity, planned, alternative."""
    answers = {"A-01": "no", "A-02": "partial", "A-03": "no", "A-04": "unknown", "B-02": "yes"}
    assessment = assessment_of(pack, {"audience": "children", "features": ["chat"]}, answers)
    assessment = assessment.model_copy(
        update={
            "metadata": Metadata(
                product="Test product",
                product_version="2.1",
                organisation="Example Org",
                assessors=["A. Assessor"],
                reviewer="R. Reviewer",
                updated_on=DAY,
            ),
            "signoffs": [
                SignOff(reviewer="R. Reviewer", decision="changes-requested", on=DAY),
                SignOff(reviewer="R. Reviewer", decision="approved", comment="Fine.", on=DAY),
            ],
        }
    )
    planned = ControlAnswer(answer="planned", target_date=date(2027, 3, 1), answered_on=DAY)  # type: ignore[arg-type]
    alternative = ControlAnswer(
        answer="alternative",  # type: ignore[arg-type]
        note="Moderators review every new chat by hand.",
        evidence=[Evidence(description="Old audit", valid_until=date(2026, 1, 1))],
        answered_on=DAY,
    )
    assessment = with_answer(with_answer(assessment, "A-03", planned), "B-02", alternative)
    return Opened(Path("a.yaml"), pack, assessment, [])


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; CRBD_UPDATE_SNAPSHOTS=1 rewrites it for review."""
    path = GOLDEN / name
    if os.environ.get("CRBD_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} changed: rerun with CRBD_UPDATE_SNAPSHOTS=1 and review the diff"
    )
