"""The children's risk assessment: suggested levels per harm, with their working.

For each harm in scope crbd suggests an inherent likelihood from the risk
factors the profile shows, the harm's default impact, and a residual level
from the answers to the controls that mitigate it. Every constant of the
residual rule is here once and `residual_rule_text()` states the rule from
them, so the methodology cannot drift from the arithmetic. The register never
changes a control score, and the score never reads the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from toolkit.engine.conditions import Context, describe, evaluate, reasons
from toolkit.engine.scoring import AMBER_CAP, RED_CAP, WEIGHT
from toolkit.model.assessment import Answer, Assessment, RiskAnswer, RiskDecision
from toolkit.model.pack import Harm, Pack, RiskMatrix, Severity
from toolkit.model.result import (
    ControlOutcome,
    Mitigation,
    OutOfScopeHarm,
    Result,
    RiskLine,
    RiskRegister,
)

STEP_DOWN: tuple[tuple[float, int], ...] = ((0.9, 2), (0.6, 1))
"""Mitigation credit at or above the threshold takes this many levels off the inherent
level (highest threshold first); below the lowest threshold the level stays."""

HOLD: tuple[Answer | None, ...] = RED_CAP
"""A critical mitigating control with one of these answers (None: unanswered) holds the
residual at the inherent level: the score's Red cap, read for risk."""

ONE_STEP: tuple[Answer | None, ...] = AMBER_CAP
"""A critical mitigating control with one of these answers allows at most one step down."""


def assess_risk(
    pack: Pack, assessment: Assessment, result: Result, as_of: date | None = None
) -> RiskRegister:
    """The register of every harm in the pack, judged on `as_of` (default: the result's date)."""
    judged_on = as_of or result.assessed_on
    matrix = pack.risk_matrix
    if matrix is None or not pack.harms:
        return RiskRegister(levels=[], lines=[], out_of_scope=[], judged_on=judged_on)
    context = Context(pack.profile, pack.conditions, assessment.profile)
    outcomes = {outcome.id: outcome for outcome in result.controls}
    lines, out = [], []
    for harm in pack.harms:
        applies = True if harm.applies_when is None else evaluate(harm.applies_when, context)
        if applies is False and harm.applies_when is not None:
            facts = "; ".join(reasons(harm.applies_when, context, False))
            reason = f"applies when {describe(harm.applies_when, context)} ({facts})"
            out.append(OutOfScopeHarm(harm_id=harm.id, reason=reason))
            continue
        lines.append(
            _line(harm, matrix, context, outcomes, assessment.risks.get(harm.id), judged_on)
        )
    return RiskRegister(
        levels=matrix.values("levels"), lines=lines, out_of_scope=out, judged_on=judged_on
    )


def suggested_likelihood(harm: Harm, matrix: RiskMatrix, context: Context) -> tuple[str, list[str]]:
    """The lowest likelihood raised by each factor present, capped at the top; and those factors."""
    present = [factor for factor in harm.risk_factors if evaluate(factor.when, context) is True]
    scale = matrix.values("likelihood")
    step = min(len(scale) - 1, sum(factor.raises for factor in present))
    return scale[step], [factor.label for factor in present]


def mitigation_credit(mitigations: Sequence[Mitigation]) -> float | None:
    """Severity-weighted mean credit of the in-scope mitigating controls (None: none in scope)."""
    counted = [m for m in mitigations if m.scope == "in_scope"]
    total = sum(WEIGHT[m.severity] for m in counted)
    if total == 0:
        return None
    return round(sum(WEIGHT[m.severity] * (m.credit or 0.0) for m in counted) / total, 3)


def steps_down(mitigations: Sequence[Mitigation]) -> tuple[int, list[str]]:
    """Levels the measures take off the inherent level, and the critical controls holding it."""
    critical = [m for m in mitigations if m.scope == "in_scope" and m.severity == Severity.CRITICAL]
    held = [m.control_id for m in critical if m.answer in HOLD]
    if held:
        return 0, held
    credit = mitigation_credit(mitigations) or 0.0
    steps = next((count for threshold, count in STEP_DOWN if credit >= threshold), 0)
    if any(m.answer in ONE_STEP for m in critical):
        steps = min(steps, 1)
    return steps, []


def residual_suggestion(inherent: str, steps: int, levels: Sequence[str]) -> str:
    """The inherent level lowered by `steps`, never below the lowest level."""
    return levels[max(0, list(levels).index(inherent) - steps)]


def residual_rule_text() -> str:
    """The residual rule in words, generated from the constants above."""
    steps = "; ".join(
        f"at least {threshold:.0%} takes {count} level{'s' if count != 1 else ''} off"
        for threshold, count in STEP_DOWN
    )
    lowest = min(threshold for threshold, _ in STEP_DOWN)
    held = ", ".join("unanswered" if a is None else a.value for a in HOLD)
    one = ", ".join("unanswered" if a is None else a.value for a in ONE_STEP)
    weights = ", ".join(f"{severity.value} {weight}" for severity, weight in WEIGHT.items())
    return (
        "crbd suggests each harm's likelihood from its risk factors: it starts at the lowest "
        "likelihood and each factor present raises it by its steps, up to the highest. The "
        "impact suggested is the harm's default. The inherent level is the risk matrix's "
        "level for the likelihood and impact recorded (or suggested). The residual "
        "suggestion starts from the inherent level. Its mitigation credit is the mean credit "
        "of the harm's mitigating controls that are in scope, each weighted by severity "
        f"({weights}), with the same credits as the control score: {steps}; below "
        f"{lowest:.0%} the level stays. A critical mitigating control answered {held} keeps "
        f"the residual at the inherent level; one answered {one} allows at most one level "
        "off. The residual never goes below the lowest level, and more credit never raises "
        "it. The team records its own residual and says why when it differs."
    )


def _line(
    harm: Harm,
    matrix: RiskMatrix,
    context: Context,
    outcomes: dict[str, ControlOutcome],
    given: RiskAnswer | None,
    judged_on: date | None,
) -> RiskLine:
    likelihood, present = suggested_likelihood(harm, matrix, context)
    unknown = [f.label for f in harm.risk_factors if evaluate(f.when, context) is None]
    mitigations = [
        Mitigation(
            control_id=control_id,
            severity=outcome.severity,
            scope=outcome.scope,
            answer=outcome.answer,
            credit=outcome.credit,
        )
        for control_id in harm.mitigated_by
        for outcome in [outcomes[control_id]]
    ]
    recorded_likelihood = given.likelihood if given else likelihood
    recorded_impact = given.impact if given else harm.impact
    inherent = matrix.level(recorded_likelihood, recorded_impact)
    steps, held = steps_down(mitigations)
    credit = mitigation_credit(mitigations)
    suggested = residual_suggestion(inherent, steps, matrix.values("levels"))
    acceptance = given.acceptance if given else None
    accepted = given is not None and given.decision == RiskDecision.ACCEPTED
    expired = None
    if accepted and acceptance is not None:
        expired = judged_on is not None and acceptance.expires_on < judged_on
    return RiskLine(
        harm_id=harm.id,
        title=harm.title,
        category=harm.category,
        factors_present=present,
        factors_unknown=unknown,
        suggested_likelihood=likelihood,
        suggested_impact=harm.impact,
        likelihood=recorded_likelihood,
        impact=recorded_impact,
        inherent=inherent,
        mitigation_credit=credit,
        held_by=held,
        steps_down=steps,
        suggested_residual=suggested,
        residual=given.residual if given else None,
        residual_reason=given.residual_reason if given else "",
        decision=given.decision if given else None,
        acceptance=acceptance,
        acceptance_expired=expired,
        mitigations=mitigations,
        working=_working(likelihood, present, inherent, credit, held, steps, suggested),
    )


def _working(
    likelihood: str,
    present: list[str],
    inherent: str,
    credit: float | None,
    held: list[str],
    steps: int,
    suggested: str,
) -> str:
    factors = "; ".join(present) if present else "no risk factor present"
    lines = [f"Likelihood {likelihood} ({factors}). Inherent {inherent}."]
    if held:
        lines.append(f"Held at {inherent}: critical {', '.join(held)} not in place.")
    elif credit is None:
        lines.append("No mitigating control in scope: residual stays at the inherent level.")
    else:
        lines.append(
            f"Mitigation credit {credit:.0%}: {steps} level{'s' if steps != 1 else ''} off, "
            f"residual {suggested}."
        )
    return " ".join(lines)


def current_acceptance(line: RiskLine) -> bool:
    """Whether the line's remaining risk is accepted and the acceptance has not lapsed."""
    return line.decision == RiskDecision.ACCEPTED and line.acceptance_expired is False
