"""The children's risk assessment: suggested levels per harm, with their working.

For each harm in scope crbd suggests an inherent likelihood from the risk
factors the profile shows, the harm's default impact, and a residual level
from the answers to the controls that mitigate it. Every constant of the
residual rule is here once and `residual_rule_text()` states the rule from
them, so the methodology cannot drift from the arithmetic. The register never
changes a control score, and the score never reads the register.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from toolkit.engine.conditions import Context, describe, evaluate, reasons
from toolkit.engine.scoring import AMBER_CAP, RED_CAP, WEIGHT, score
from toolkit.i18n import _, ngettext
from toolkit.model.assessment import (
    OPEN_STATUSES,
    Answer,
    Assessment,
    RatedAgainst,
    RiskAnswer,
    RiskDecision,
)
from toolkit.model.consistency import AGE_BANDS
from toolkit.model.pack import Harm, Pack, RiskMatrix, Severity
from toolkit.model.result import (
    BandLevels,
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

STRONG: tuple[Severity, ...] = (Severity.CRITICAL, Severity.HIGH)
"""The severities of a mitigating control that can carry more than one level off."""

TWO_LEVELS_NEED = 3
"""More than one level off needs at least this many in-scope mitigating controls met in
full (answered yes or alternative), at least one of them of a STRONG severity: a
mitigation resting on few controls, or only on medium and low ones, takes one level
off at most, whatever its credit."""

UNANSWERED = "unanswered"
OUT_OF_SCOPE = "out-of-scope"
"""How a rating records a mitigating control that had no answer, or was not in scope."""


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
    steps, held, _capped = _steps(mitigations)
    return steps, held


def weak_cap(mitigations: Sequence[Mitigation]) -> int | None:
    """The most levels the mitigation may take off because it rests on few or only
    medium and low controls (None: no such cap)."""
    met = [m for m in mitigations if m.scope == "in_scope" and m.credit == 1.0]
    if len(met) >= TWO_LEVELS_NEED and any(m.severity in STRONG for m in met):
        return None
    return 1


def _steps(mitigations: Sequence[Mitigation]) -> tuple[int, list[str], bool]:
    """Levels off, the critical controls holding the level, and whether the weak-mitigation
    cap took a level off."""
    critical = [m for m in mitigations if m.scope == "in_scope" and m.severity == Severity.CRITICAL]
    held = [m.control_id for m in critical if m.answer in HOLD]
    if held:
        return 0, held, False
    credit = mitigation_credit(mitigations) or 0.0
    steps = next((count for threshold, count in STEP_DOWN if credit >= threshold), 0)
    if any(m.answer in ONE_STEP for m in critical):
        steps = min(steps, 1)
    cap = weak_cap(mitigations)
    if cap is not None and steps > cap:
        return cap, [], True
    return steps, [], False


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
        f"off. More than one level off also needs at least {TWO_LEVELS_NEED} mitigating "
        "controls in scope met in full (yes or alternative), at least one of them "
        f"{' or '.join(severity.value for severity in STRONG)}: a mitigation that rests on "
        "fewer controls, or only on medium and low ones (a report reason, safety guidance), "
        "takes one level off at most, whatever its credit. The residual never goes below "
        "the lowest level, and more credit never raises it. The team records its own "
        "residual and says why when it differs. Each rating keeps the risk factors and the "
        "mitigating answers it saw; when one of them changes, the harm is to revisit until "
        "the team rates it again."
    )


def rating_basis(harm: Harm, context: Context, outcomes: dict[str, ControlOutcome]) -> RatedAgainst:
    """What a rating of the harm sees now: its risk factors present and the answers of its
    mitigating controls."""
    return RatedAgainst(
        factors=[f.id for f in harm.risk_factors if evaluate(f.when, context) is True],
        controls={control_id: _seen(outcomes.get(control_id)) for control_id in harm.mitigated_by},
    )


def with_current_basis(pack: Pack, assessment: Assessment, harm_ids: Iterable[str]) -> Assessment:
    """The assessment with each named harm's rating marked as made against the current risk
    factors and mitigating answers (what recording a rating does)."""
    wanted = [h for h in dict.fromkeys(harm_ids) if h in assessment.risks]
    if not wanted:
        return assessment
    context = Context(pack.profile, pack.conditions, assessment.profile)
    outcomes = {outcome.id: outcome for outcome in score(pack, assessment).controls}
    risks = dict(assessment.risks)
    for harm_id in wanted:
        harm = pack.harm(harm_id)
        if harm is not None:
            basis = rating_basis(harm, context, outcomes)
            risks[harm_id] = risks[harm_id].model_copy(update={"rated_against": basis})
    return assessment.model_copy(update={"risks": risks})


def what_changed(harm: Harm, seen: RatedAgainst, now: RatedAgainst) -> list[str]:
    """What differs between what a rating saw and what it would see now, in words."""
    labels = {f.id: f.label for f in harm.risk_factors}
    changes = [
        _("risk factor now present: {factor}").format(factor=labels.get(f, f))
        for f in now.factors
        if f not in seen.factors
    ]
    changes += [
        _("risk factor no longer present: {factor}").format(factor=labels.get(f, f))
        for f in seen.factors
        if f not in now.factors
    ]
    for control_id, answer in now.controls.items():
        before = seen.controls.get(control_id)
        if before is None:
            changes.append(
                _("{control} {answer} (a mitigating control added since)").format(
                    control=control_id, answer=answer
                )
            )
        elif before != answer:
            changes.append(f"{control_id} {before} → {answer}")
    return changes


def _bands(matrix: RiskMatrix, context: Context, given: RiskAnswer | None) -> list[BandLevels]:
    """The team's levels per age group, in the age question's order."""
    if given is None or not given.age_bands:
        return []
    question = context.questions.get(AGE_BANDS)
    order = [o.value for o in question.options] if question else []
    ranked = sorted(given.age_bands, key=lambda b: order.index(b) if b in order else len(order))
    return [
        BandLevels(
            band=band,
            label=context.label(AGE_BANDS, band),
            likelihood=rating.likelihood,
            impact=rating.impact,
            inherent=matrix.level(rating.likelihood, rating.impact),
            residual=rating.residual,
            note=rating.note,
        )
        for band in ranked
        for rating in [given.age_bands[band]]
    ]


def _seen(outcome: ControlOutcome | None) -> str:
    if outcome is None or outcome.scope == "out_of_scope":
        return OUT_OF_SCOPE
    return outcome.answer.value if outcome.answer else UNANSWERED


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
    steps, held, capped = _steps(mitigations)
    credit = mitigation_credit(mitigations)
    suggested = residual_suggestion(inherent, steps, matrix.values("levels"))
    acceptance = given.acceptance if given else None
    accepted = given is not None and given.decision == RiskDecision.ACCEPTED
    expired = None
    if accepted and acceptance is not None:
        expired = judged_on is not None and acceptance.expires_on < judged_on
    revisit: list[str] = []
    kept = None
    if given is not None:
        kept = given.rated_against is not None
        if given.rated_against is not None:
            now = rating_basis(harm, context, outcomes)
            revisit = what_changed(harm, given.rated_against, now)
    action = given.action if given else None
    working = Working(
        likelihood=likelihood,
        impact=harm.impact,
        present=present,
        suggested_inherent=matrix.level(likelihood, harm.impact),
        recorded=(recorded_likelihood, recorded_impact) if given else None,
        inherent=inherent,
        credit=credit,
        held=held,
        steps=steps,
        capped=capped,
        suggested=suggested,
    )
    return RiskLine(
        harm_id=harm.id,
        title=harm.title,
        category=harm.category,
        factors_present=present,
        factors_unknown=unknown,
        suggested_likelihood=likelihood,
        suggested_impact=harm.impact,
        suggested_inherent=working.suggested_inherent,
        likelihood=recorded_likelihood,
        impact=recorded_impact,
        inherent=inherent,
        mitigation_credit=credit,
        held_by=held,
        steps_down=steps,
        weak_cap=capped,
        suggested_residual=suggested,
        residual=given.residual if given else None,
        residual_reason=given.residual_reason if given else "",
        decision=given.decision if given else None,
        acceptance=acceptance,
        acceptance_expired=expired,
        mitigations=mitigations,
        working=working.text(),
        revisit=revisit,
        basis_kept=kept,
        age_bands=_bands(matrix, context, given),
        owner=action.owner if action and action.status in OPEN_STATUSES else "",
        action_due=action.due if action and action.status in OPEN_STATUSES else None,
    )


@dataclass(frozen=True)
class Working:
    """The numbers behind one suggestion, and the one text that states them (the interview,
    the terminal and every report print this text, never their own)."""

    likelihood: str
    impact: str
    present: list[str]
    suggested_inherent: str
    recorded: tuple[str, str] | None
    inherent: str
    credit: float | None
    held: list[str]
    steps: int
    capped: bool
    suggested: str

    def text(self) -> str:
        factors = "; ".join(self.present) if self.present else _("no risk factor present")
        lines = [
            _(
                "crbd suggests likelihood {likelihood} ({factors}) and impact {impact}: "
                "inherent {inherent}."
            ).format(
                likelihood=self.likelihood,
                factors=factors,
                impact=self.impact,
                inherent=self.suggested_inherent,
            )
        ]
        if self.recorded is not None and self.recorded != (self.likelihood, self.impact):
            lines.append(
                _("Rated likelihood {likelihood} and impact {impact}: inherent {inherent}.").format(
                    likelihood=self.recorded[0], impact=self.recorded[1], inherent=self.inherent
                )
            )
        if self.held:
            lines.append(
                _(
                    "Held at {inherent}: critical {controls} not in place, so the suggested "
                    "residual is {inherent}."
                ).format(inherent=self.inherent, controls=", ".join(self.held))
            )
        elif self.credit is None:
            lines.append(
                _(
                    "No mitigating control in scope: the suggested residual stays at the "
                    "inherent level, {inherent}."
                ).format(inherent=self.inherent)
            )
        else:
            off = ngettext("{count} level off", "{count} levels off", self.steps).format(
                count=self.steps
            )
            if self.capped:
                off += " " + _(
                    "(capped: fewer than {need} mitigating controls met in full, or none of "
                    "them critical or high)"
                ).format(need=TWO_LEVELS_NEED)
            lines.append(
                _(
                    "Mitigation credit {credit}: {off} {inherent}, suggested residual {residual}."
                ).format(
                    credit=f"{self.credit:.0%}",
                    off=off,
                    inherent=self.inherent,
                    residual=self.suggested,
                )
            )
        return " ".join(lines)


def current_acceptance(line: RiskLine) -> bool:
    """Whether the line's remaining risk is accepted and the acceptance has not lapsed."""
    return line.decision == RiskDecision.ACCEPTED and line.acceptance_expired is False


def revisit_sentence(line: RiskLine) -> str:
    """Why a harm is to revisit, in one sentence (empty while its rating is current)."""
    if not line.revisit:
        return ""
    return _("{harm} is to revisit: {changes}; rate it again.").format(
        harm=line.harm_id, changes="; ".join(line.revisit)
    )


def untracked_sentence(count: int, total: int) -> str:
    """What crbd says of ratings made before it kept what a rating saw (empty: none)."""
    if not count:
        return ""
    return ngettext(
        "{count} of {total} ratings was made before crbd kept the risk factors and "
        "mitigating answers a rating saw, so crbd cannot tell whether it is still current; "
        "rate it again (crbd assess FILE --risks --review) to keep it current.",
        "{count} of {total} ratings were made before crbd kept the risk factors and "
        "mitigating answers a rating saw, so crbd cannot tell whether they are still "
        "current; rate them again (crbd assess FILE --risks --review) to keep them current.",
        count,
    ).format(count=count, total=total)
