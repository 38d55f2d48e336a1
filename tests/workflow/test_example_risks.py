"""The bundled examples carry a complete children's risk assessment."""

from __future__ import annotations

import pytest

from tests.helpers import EXAMPLES
from toolkit.engine.evaluate import evaluate
from toolkit.workflow.opening import open_assessment


@pytest.mark.parametrize("name", ["yarnly", "brickland", "murmur"])
def test_every_harm_in_scope_is_assessed_with_a_record(name: str) -> None:
    opened = open_assessment(EXAMPLES / f"{name}.yaml", [])
    evaluation = evaluate(opened.pack, opened.assessment)
    register = evaluation.risks
    assert register.lines and register.unassessed == []
    record = opened.assessment.risk_record
    assert record.method and record.sources and record.next_review and record.assessed_by
    for line in register.lines:
        given = opened.assessment.risks[line.harm_id]
        assert given.rationale
        if line.residual != line.suggested_residual:
            assert line.residual_reason, line.harm_id
        assert not line.acceptance_expired, line.harm_id
    assert set(opened.assessment.risks) == {line.harm_id for line in register.lines}
