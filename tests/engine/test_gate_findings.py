"""The gates as findings: one sentence per failed gate, nothing when every gate passes."""

from __future__ import annotations

from tests.helpers import assessment_of
from toolkit.engine.gates import FailOn, gate_failures
from toolkit.engine.scoring import score
from toolkit.model.pack import Pack

PROFILE = {"audience": "children", "features": ["chat", "live"]}


def test_every_gate_passes_on_a_fully_met_assessment(mini: Pack) -> None:
    met = {control.id: "yes" for control in mini.controls()}
    result = score(mini, assessment_of(mini, PROFILE, met))
    assert gate_failures(result, 100, FailOn.HIGH) == []


def test_score_gate_names_the_score_and_the_threshold(mini: Pack) -> None:
    result = score(mini, assessment_of(mini, PROFILE, {"A-01": "no"}))
    (finding,) = gate_failures(result, fail_under=50)
    assert f"{result.overall.score:g}" in finding
    assert "below 50" in finding


def test_score_gate_fails_when_nothing_could_be_scored(mini: Pack) -> None:
    everything_na = {control.id: "na" for control in mini.controls()}
    result = score(mini, assessment_of(mini, PROFILE, everything_na))
    assert result.overall.score is None
    assert gate_failures(result, fail_under=0) == [
        "no control could be scored, so the score is not 0 or more"
    ]


def test_severity_gate_lists_gaps_at_or_above_with_their_answer(mini: Pack) -> None:
    answers = {control.id: "no" for control in mini.controls()}
    result = score(mini, assessment_of(mini, PROFILE, answers))
    severities = {c.id: c.severity.value for c in mini.controls()}
    (critical,) = gate_failures(result, fail_on=FailOn.CRITICAL)
    (high,) = gate_failures(result, fail_on=FailOn.HIGH)
    for control_id, severity in severities.items():
        assert (f"{control_id} ({severity}, no)" in critical) == (severity == "critical")
        assert (f"{control_id} ({severity}, no)" in high) == (severity in ("critical", "high"))
