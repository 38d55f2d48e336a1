"""The children's risk register as CSV, for the risk trackers organisations already keep.

One row per harm in scope, with the levels, the decision and crbd's working,
from the same view the report's record section prints.
"""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.errors import UsageProblem
from toolkit.report.risk_view import build_risk_view, register_csv


def risk_register_csv(evaluation: Evaluation) -> bytes:
    """The register of one evaluation; a pack without a harm catalogue has none."""
    view = build_risk_view(evaluation)
    if view is None:
        raise UsageProblem(
            f"Pack {evaluation.pack.id} has no harm catalogue (harms.yaml), so there is no "
            "risk register to export."
        )
    return register_csv(view).encode("utf-8")
