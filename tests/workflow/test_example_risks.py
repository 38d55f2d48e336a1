"""The bundled examples carry a complete children's risk assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLES
from toolkit.engine.evaluate import evaluate
from toolkit.model.assessment import with_risk
from toolkit.model.files import save_assessment
from toolkit.model.hashing import assessment_sha256
from toolkit.report.risk_view import build_risk_view
from toolkit.workflow.opening import open_assessment


@pytest.mark.parametrize("name", ["yarnly", "brickland", "murmur"])
def test_every_harm_in_scope_is_assessed_with_a_record(name: str) -> None:
    opened = open_assessment(EXAMPLES / f"{name}.yaml", [])
    evaluation = evaluate(opened.pack, opened.assessment)
    register = evaluation.risks
    assert register.lines and register.unassessed == []
    record = opened.assessment.risk_record
    assert record.method and record.sources and record.next_review and record.assessed_by
    assert record.accountable and record.linked_assessments
    for line in register.lines:
        given = opened.assessment.risks[line.harm_id]
        assert given.rationale
        if line.residual != line.suggested_residual:
            assert line.residual_reason, line.harm_id
        assert not line.acceptance_expired, line.harm_id
    assert set(opened.assessment.risks) == {line.harm_id for line in register.lines}
    # Each rating kept what it saw, and none is to revisit.
    assert register.untracked == [] and register.to_revisit == []
    view = build_risk_view(evaluation)
    assert view is not None
    for row in view.rows:
        assert row.unowned == "", row.harm_id  # medium and high residuals have an owner
        assert row.evidence_text and row.views_text, row.harm_id
    assert all(h.owner != "no owner" for h in view.headlines)


def test_a_voice_only_game_is_not_rated_for_cameras() -> None:
    opened = open_assessment(EXAMPLES / "brickland.yaml", [])
    lines = {x.harm_id: x for x in evaluate(opened.pack, opened.assessment).risks.lines}
    for harm in ("H-SEXTORTION", "H-SELF-GENERATED"):
        assert "Livestreaming or video calls" not in lines[harm].factors_present
        assert "Video calls or livestreaming" not in lines[harm].factors_present
    assert "Voice or video chat, or livestreaming" in lines["H-BULLYING"].factors_present


def test_an_older_file_with_voice_or_video_loads_as_both_and_is_marked_to_reconfirm(
    tmp_path: Path,
) -> None:
    text = (EXAMPLES / "murmur.yaml").read_text()
    older = tmp_path / "older.yaml"
    older.write_text(text.replace("voice_chat, video_calls", "voice_video"))
    opened = open_assessment(older, [])
    assert any(
        "'Voice or video chat' is now asked as Voice chat and Video calls" in warning
        and "--review" in warning
        for warning in opened.warnings
    )
    current = open_assessment(EXAMPLES / "murmur.yaml", [])
    assert opened.warnings != current.warnings
    was, now = evaluate(opened.pack, opened.assessment), evaluate(current.pack, current.assessment)
    # Read as both features: the same controls in scope and the same risk factors.
    assert [(o.id, o.scope) for o in was.result.controls] == [
        (o.id, o.scope) for o in now.result.controls
    ]
    assert [x.factors_present for x in was.risks.lines] == [
        x.factors_present for x in now.risks.lines
    ]
    # The answer is kept as written, and with it the file's hash, until it is answered again.
    assert opened.assessment.profile["features"].count("voice_video") == 1  # type: ignore[union-attr]
    save_assessment(opened.assessment, older)
    again = open_assessment(older, [])
    assert assessment_sha256(again.assessment) == assessment_sha256(opened.assessment)
    assert "voice_video" in again.assessment.profile["features"]


@pytest.mark.parametrize("name", ["yarnly", "brickland", "murmur"])
def test_suicide_self_harm_and_eating_disorders_are_rated_separately(name: str) -> None:
    opened = open_assessment(EXAMPLES / f"{name}.yaml", [])
    rated = opened.assessment.risks
    for harm in ("H-SUICIDE", "H-SELF-HARM", "H-EATING-DISORDERS", "H-NON-DESIGNATED"):
        assert harm in rated, harm
    assert "eating" not in rated["H-SELF-HARM"].rationale.lower()
    assert (
        len({rated[h].rationale for h in ("H-SUICIDE", "H-SELF-HARM", "H-EATING-DISORDERS")}) == 3
    )


def test_yarnly_rates_some_harms_per_age_band() -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml", [])
    view = build_risk_view(evaluate(opened.pack, opened.assessment))
    assert view is not None
    rows = {row.harm_id: row for row in view.rows}
    assert rows["H-GROOMING"].bands == (
        "13 to 15: probable · severe → high, residual medium (Most adult-to-teen DM reports "
        "concern 13-15s.)",
        "16 to 17: possible · severe → high, residual medium (Fewer reports; 16-17s can turn "
        "on DMs from non-followers.)",
    )
    assert all("above the harm's residual" not in band for row in view.rows for band in row.bands)


def test_a_band_rated_above_the_harm_is_flagged() -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml", [])
    grooming = opened.assessment.risks["H-GROOMING"]
    bands = dict(grooming.age_bands)
    bands["age_13_15"] = bands["age_13_15"].model_copy(update={"residual": "high"})
    changed = with_risk(
        opened.assessment, "H-GROOMING", grooming.model_copy(update={"age_bands": bands})
    )
    view = build_risk_view(evaluate(opened.pack, changed))
    assert view is not None
    row = next(row for row in view.rows if row.harm_id == "H-GROOMING")
    assert row.bands[0].endswith(
        "residual high (Most adult-to-teen DM reports concern 13-15s.); "
        "above the harm's residual medium"
    )
