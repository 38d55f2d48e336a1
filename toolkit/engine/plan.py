"""Place every gap of a Result on the roadmap's horizons.

Severity decides the horizon (critical and high now, medium next, low later);
the order within a horizon is the Result's priority order.
"""

from __future__ import annotations

from toolkit.model.assessment import Assessment
from toolkit.model.pack import Severity
from toolkit.model.plan import ActionPlan, Horizon, PlannedItem
from toolkit.model.result import Result

HORIZON_OF: dict[Severity, Horizon] = {
    Severity.CRITICAL: Horizon.NOW,
    Severity.HIGH: Horizon.NOW,
    Severity.MEDIUM: Horizon.NEXT,
    Severity.LOW: Horizon.LATER,
}
"""The horizon each severity's gaps go on."""


def plan(assessment: Assessment, result: Result) -> ActionPlan:
    """The action plan of a scored assessment: one item per gap, in priority order."""
    items = []
    for gap in result.gaps:
        given = assessment.answers.get(gap.control_id)
        items.append(
            PlannedItem(
                control_id=gap.control_id,
                domain=gap.domain,
                severity=gap.severity,
                answer=gap.answer,
                priority=gap.priority,
                horizon=HORIZON_OF[gap.severity],
                target_date=given.target_date if given else None,
                action=given.action if given else None,
                acceptance=given.acceptance if given else None,
                acceptance_expired=gap.control_id in result.expired_acceptances,
                to_reconfirm=given.to_reconfirm if given else False,
            )
        )
    return ActionPlan(items=items)
