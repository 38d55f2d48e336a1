"""Checks on recorded risk assessments that need crbd's suggestion to decide.

A residual level that differs from crbd's suggestion must say why; the
suggestion depends on the control answers, so the check runs on the
assessment as it will be saved (with every answer of the run recorded).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from toolkit.engine.evaluate import evaluate
from toolkit.errors import Problem, ValidationFailed
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack


def require_residual_reasons(
    pack: Pack, assessment: Assessment, harm_ids: Iterable[str], source: Path
) -> None:
    """Refuse risk answers whose residual differs from the suggestion without a reason."""
    wanted = set(harm_ids)
    problems = [
        Problem(
            source,
            f"{line.harm_id}.residual_reason",
            f"is required: the residual {line.residual} differs from crbd's suggestion "
            f"{line.suggested_residual} ({line.working})",
        )
        for line in evaluate(pack, assessment).risks.lines
        if line.harm_id in wanted
        and line.residual is not None
        and line.residual != line.suggested_residual
        and not line.residual_reason.strip()
    ]
    if problems:
        raise ValidationFailed(problems)
