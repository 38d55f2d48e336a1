"""The scoring model: credits, weights, ratings with critical caps, and gap priority.

Every constant of the model is defined here once; the report's methodology
page is generated from these same values, so the documentation cannot drift
from the arithmetic. `score()` is a pure function of the pack and the
assessment (and the date evidence is judged against).
"""

from __future__ import annotations

from datetime import date

from toolkit.engine.conditions import Context, describe, evaluate, reasons
from toolkit.engine.crosswalk import coverage
from toolkit.i18n import N_
from toolkit.model.assessment import Answer, Assessment, ControlAnswer
from toolkit.model.choices import every
from toolkit.model.pack import JURISDICTIONS, Control, Pack, Severity
from toolkit.model.result import (
    ControlOutcome,
    DomainResult,
    EvidenceState,
    Gap,
    Rating,
    Result,
    Scope,
    Scorecard,
)

CREDIT: dict[Answer, float] = every(
    Answer,
    {
        Answer.YES: 1.0,
        Answer.ALTERNATIVE: 1.0,
        Answer.PARTIAL: 0.5,
        Answer.PLANNED: 0.0,
        Answer.NO: 0.0,
        Answer.UNKNOWN: 0.0,
    },
    exempt=(Answer.NA,),
)
"""Credit per answer. `na` is absent: it is excluded from scoring, not scored."""

UNANSWERED_CREDIT = 0.0
"""An unanswered in-scope control counts as nothing is known: no credit."""

WEIGHT: dict[Severity, int] = {
    Severity.CRITICAL: 10,
    Severity.HIGH: 5,
    Severity.MEDIUM: 3,
    Severity.LOW: 1,
}

RED_BELOW = 50.0
"""A score below this is Red."""

GREEN_FROM = 80.0
"""A score at or above this is Green (if no critical control caps it)."""

RED_CAP: tuple[Answer | None, ...] = (Answer.NO, Answer.UNKNOWN, Answer.PLANNED, None)
"""A critical control with one of these answers (None: unanswered) makes the rating Red."""

AMBER_CAP: tuple[Answer | None, ...] = (Answer.PARTIAL,)
"""A critical control with one of these answers makes the rating at best Amber."""

EXPOSURE_BASE = 1.0
EXPOSURE_MAX = 2.0

GAP_ORDER = N_(
    "critical gaps first, then higher priority first; gaps of equal priority keep "
    "the checklist's order (domain by domain, control by control)"
)
"""How gaps are ordered, in words: `score()` sorts by exactly this rule, and the
report's methodology prints this sentence."""

_RATING_ORDER = [Rating.RED, Rating.AMBER, Rating.GREEN]


def score(pack: Pack, assessment: Assessment, as_of: date | None = None) -> Result:
    """Score an assessment against a pack; evidence is judged as of `as_of`.

    `as_of` defaults to the assessment's own date, so the same file always
    gives the same result.
    """
    judged_on = as_of or assessment.assessed_on
    context = Context(pack.profile, pack.conditions, assessment.profile)
    outcomes = [
        _outcome(control, prefix, assessment.answers.get(control.id), context, judged_on)
        for prefix, control in ((d.prefix, c) for d in pack.domains for c in d.controls)
    ]
    raised_by = [f for f in pack.exposure if evaluate(f.when, context) is not False]
    exposure = min(EXPOSURE_MAX, EXPOSURE_BASE + sum(f.add for f in raised_by))
    in_scope = [o for o in outcomes if o.scope == "in_scope"]
    gaps = sorted(
        (
            Gap(
                control_id=o.id,
                domain=o.domain,
                severity=o.severity,
                answer=o.answer,
                credit=o.credit or 0.0,
                priority=round(o.weight * (1 - (o.credit or 0.0)) * exposure, 3),
            )
            for o in in_scope
            if (o.credit or 0.0) < 1.0
        ),
        # GAP_ORDER: a stable sort, so equal keys keep the checklist's order.
        key=lambda gap: (gap.severity != Severity.CRITICAL, -gap.priority),
    )
    claimed = [o for o in in_scope if o.answer in (Answer.YES, Answer.ALTERNATIVE)]
    evidenced = [o for o in claimed if o.evidence == "evidenced"]
    unanswered = [o.id for o in in_scope if o.answer is None]
    profile_unanswered = [q.id for q in pack.profile if q.id not in assessment.profile]
    jurisdictions = assessment.profile.get(JURISDICTIONS)
    by_domain: dict[str, list[ControlOutcome]] = {domain.prefix: [] for domain in pack.domains}
    for outcome in outcomes:
        by_domain[outcome.domain].append(outcome)
    return Result(
        pack=assessment.pack,
        product=assessment.metadata.product,
        assessed_on=assessment.assessed_on,
        complete=not unanswered and not profile_unanswered,
        overall=_scorecard(outcomes),
        domains=[
            DomainResult(
                prefix=domain.prefix,
                title=domain.title,
                in_scope=sum(o.scope == "in_scope" for o in mine),
                out_of_scope=sum(o.scope == "out_of_scope" for o in mine),
                not_applicable=sum(o.scope == "not_applicable" for o in mine),
                **_scorecard(mine).model_dump(),
            )
            for domain in pack.domains
            for mine in [by_domain[domain.prefix]]
        ],
        gaps=gaps,
        controls=outcomes,
        unanswered=unanswered,
        profile_unanswered=profile_unanswered,
        exposure=round(exposure, 3),
        exposure_factors=[factor.label for factor in raised_by],
        evidence_coverage=round(len(evidenced) / len(claimed), 3) if claimed else None,
        needs_reverification=[o.id for o in in_scope if o.evidence == "expired"],
        accepted=_acceptances(assessment, gaps, judged_on, expired=False),
        expired_acceptances=_acceptances(assessment, gaps, judged_on, expired=True),
        frameworks=coverage(
            pack,
            in_scope=[o.id for o in in_scope],
            met=[o.id for o in in_scope if o.credit == 1.0],
            jurisdictions=[jurisdictions] if isinstance(jurisdictions, str) else jurisdictions,
        ),
    )


def rating_for(score_value: float) -> Rating:
    """The rating a score alone earns."""
    if score_value < RED_BELOW:
        return Rating.RED
    return Rating.AMBER if score_value < GREEN_FROM else Rating.GREEN


def _acceptances(
    assessment: Assessment, gaps: list[Gap], judged_on: date | None, *, expired: bool
) -> list[str]:
    """The gaps whose acceptance is in force (or, with `expired`, has run out)."""
    found = []
    for gap in gaps:
        given = assessment.answers.get(gap.control_id)
        if given and given.acceptance and given.acceptance.expired(judged_on) is expired:
            found.append(gap.control_id)
    return found


def evidence_state(answer: ControlAnswer, as_of: date | None) -> EvidenceState:
    """Claimed (no evidence), evidenced, or expired (every item past its date)."""
    if not answer.evidence:
        return "claimed"
    current = [
        e for e in answer.evidence if not (e.valid_until and as_of and e.valid_until < as_of)
    ]
    return "evidenced" if current else "expired"


def _outcome(
    control: Control,
    prefix: str,
    given: ControlAnswer | None,
    context: Context,
    as_of: date | None,
) -> ControlOutcome:
    applies = True if control.applies_when is None else evaluate(control.applies_when, context)
    answer = given.answer if given else None
    if applies is False and control.applies_when is not None:
        scope: Scope = "out_of_scope"
        facts = "; ".join(reasons(control.applies_when, context, False))
        reason = f"applies when {describe(control.applies_when, context)} ({facts})"
    elif answer == Answer.NA and given is not None:
        scope, reason = "not_applicable", given.note
    else:
        scope, reason = "in_scope", ""
    credit = (CREDIT[answer] if answer else UNANSWERED_CREDIT) if scope == "in_scope" else None
    shows_evidence = answer in (Answer.YES, Answer.ALTERNATIVE, Answer.PARTIAL)
    return ControlOutcome(
        id=control.id,
        domain=prefix,
        severity=control.severity,
        weight=WEIGHT[control.severity],
        scope=scope,
        answer=answer,
        credit=credit,
        evidence=evidence_state(given, as_of) if given and shows_evidence else None,
        scope_reason=reason,
    )


def _scorecard(outcomes: list[ControlOutcome]) -> Scorecard:
    counted = [o for o in outcomes if o.scope == "in_scope"]
    total = sum(o.weight for o in counted)
    critical = [o for o in counted if o.severity == Severity.CRITICAL]
    red_caps = [o.id for o in critical if o.answer in RED_CAP]
    amber_caps = [o.id for o in critical if o.answer in AMBER_CAP]
    if total == 0:
        return Scorecard(
            score=None, rating=None, score_rating=None, capped_by=[], scored=0, unanswered=0
        )
    value = round(100 * sum(o.weight * (o.credit or 0.0) for o in counted) / total, 1)
    by_score = rating_for(value)
    cap = Rating.RED if red_caps else (Rating.AMBER if amber_caps else None)
    rating = by_score if cap is None else min(by_score, cap, key=_RATING_ORDER.index)
    return Scorecard(
        score=value,
        rating=rating,
        score_rating=by_score,
        capped_by=red_caps or amber_caps,
        scored=len(counted),
        unanswered=sum(o.answer is None for o in counted),
    )
