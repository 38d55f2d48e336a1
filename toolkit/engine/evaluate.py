"""Everything one assessment yields, computed once.

Every renderer, gate and `verify` reads the same Evaluation, so no two
outputs can disagree about a score, a gap or its place on the roadmap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.engine.accountability import accountability
from toolkit.engine.plan import plan
from toolkit.engine.risk import assess_risk
from toolkit.engine.scoring import score
from toolkit.model.accountability import Accountability
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack
from toolkit.model.plan import ActionPlan
from toolkit.model.result import Result, RiskRegister


@dataclass(frozen=True)
class Evaluation:
    """A pack, an assessment answered against it, and what follows from them."""

    pack: Pack
    assessment: Assessment
    result: Result
    plan: ActionPlan
    accountability: Accountability
    risks: RiskRegister


def evaluate(pack: Pack, assessment: Assessment, as_of: date | None = None) -> Evaluation:
    """Score the assessment, plan its gaps, say who answers for them, and build its risk
    register (the Result carries the register's lines; neither the score nor the register
    changes the other)."""
    result = score(pack, assessment, as_of)
    risks = assess_risk(pack, assessment, result, as_of)
    result = result.model_copy(update={"risks": risks.lines})
    planned = plan(assessment, result)
    owned = accountability(assessment, result, planned, as_of)
    return Evaluation(pack, assessment, result, planned, owned, risks)
