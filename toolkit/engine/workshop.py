"""Workshops: several teams' answers side by side, and blank forms to collect them.

A trainer wants the discussion to start where teams disagree, so controls are
ordered by disagreement:

- spread: the highest minus the lowest credit among the teams whose answer is
  scored (in scope, answered, not `na`), from 0 (all agree) to 1 (yes against no);
- then the number of distinct answers (counting unanswered, `na` and out of
  scope, which are disagreements about scope);
- then controls at least two teams scored before the others, then severity
  (critical first) and pack order.

The consensus is the most common answer. When the most common answers are
tied (an even split), there is no consensus: the more cautious of them
(unknown, no, planned, partial, alternative, yes, na, in that order) is shown
as the cautious answer, so a split room never reads as better than its most
careful half. Only real disagreements are listed: controls every team
answered alike, and controls out of scope for every team, are counted.

The risk step is lined up the same way: per harm, each team's residual risk
and decision; the spread is the number of levels between the highest and the
lowest residual the teams recorded, so the harms the teams rate furthest apart
come first, then those where they decided differently (one team "eliminated",
another "reduced") or where some rated the harm and others did not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import Field

from toolkit.engine.risk import assess_risk
from toolkit.engine.scoring import WEIGHT, score
from toolkit.model.assessment import Answer, Assessment
from toolkit.model.base import Strict
from toolkit.model.choices import ordered
from toolkit.model.pack import Control, Domain, Harm, Pack, Severity
from toolkit.model.result import ControlOutcome, Result, Scorecard

CAUTION: list[Answer] = ordered(
    Answer,
    [
        Answer.UNKNOWN,
        Answer.NO,
        Answer.PLANNED,
        Answer.PARTIAL,
        Answer.ALTERNATIVE,
        Answer.YES,
        Answer.NA,
    ],
)
"""Answers from the most cautious to the least; ties in the consensus go to the first."""

UNANSWERED = "unanswered"
OUT_OF_SCOPE = "out of scope"


class ControlSpread(Strict):
    """One control as every team answered it."""

    id: str
    domain: str
    title: str
    severity: Severity
    answers: list[str] = Field(description="per team, in the order of `Workshop.teams`")
    spread: float | None = Field(description="max minus min credit of scored answers; None if <2")
    distinct: int = Field(description="how many different answers (incl. unanswered, scope)")
    consensus: str = Field(description="most common answer, ties to the more cautious")
    support: int = Field(description="how many teams gave the consensus answer")
    agreed: bool = Field(
        default=True, description="false when the most common answers are tied: no consensus"
    )
    notes: list[str] = Field(
        default_factory=list, description="per team, its note on the answer (empty: none)"
    )

    @property
    def disputed(self) -> bool:
        """Whether the teams answered differently (out of scope for all is no dispute)."""
        return self.distinct > 1


NOT_RATED = "not rated"


class HarmSpread(Strict):
    """One harm of the risk step as every team rated it."""

    id: str
    title: str
    residual: list[str] = Field(
        description="per team: the residual level recorded, `not rated` or `out of scope`"
    )
    decision: list[str] = Field(description="per team: the decision recorded, else empty")
    spread: int | None = Field(description="levels between the highest and lowest residual")
    distinct: int = Field(description="how many different residual-and-decision pairs")
    rationale: list[str] = Field(description="per team, why it rated the harm so")

    @property
    def disputed(self) -> bool:
        return self.distinct > 1

    @property
    def rated(self) -> bool:
        """Whether any team rated the harm."""
        return any(level not in (NOT_RATED, OUT_OF_SCOPE) for level in self.residual)

    def rating(self, team: int) -> str:
        """`high, reduced`: a team's residual and decision in words."""
        return ", ".join(filter(None, [self.residual[team], self.decision[team]]))


class ScoreRange(Strict):
    """A domain's (or the overall) score per team, and its range."""

    prefix: str
    title: str
    scores: list[float | None] = Field(description="per team, in the order of `Workshop.teams`")
    low: float | None
    high: float | None
    range: float | None


class Workshop(Strict):
    """Several teams' assessments of one product, disagreement first."""

    product: str
    pack: str
    teams: list[str]
    controls: list[ControlSpread]
    overall: ScoreRange
    domains: list[ScoreRange]
    warnings: list[str]
    harms: list[HarmSpread] = Field(
        default_factory=list, description="the risk step, disagreement first"
    )
    levels: list[str] = Field(default_factory=list, description="the risk levels, lowest first")

    @property
    def disagreements(self) -> list[ControlSpread]:
        """The controls the teams answered differently, disagreement first."""
        return [control for control in self.controls if control.disputed]

    @property
    def risk_disagreements(self) -> list[HarmSpread]:
        """The harms the teams rated or decided differently, disagreement first."""
        return [harm for harm in self.harms if harm.disputed]

    @property
    def rated_harms(self) -> list[HarmSpread]:
        """The harms at least one team rated, disagreement first."""
        return [harm for harm in self.harms if harm.rated]


def workshop(
    pack: Pack, teams: Sequence[tuple[str, Assessment]], prefixes: Sequence[str] = ()
) -> Workshop:
    """Line up the teams' answers and scores; controls ordered by disagreement.

    With `prefixes`, only the controls of those domains are lined up (the scores
    stay complete): when each team answers a shared domain and one of its own,
    the shared one is where answers can be compared.
    """
    results = [score(pack, assessment) for _, assessment in teams]
    outcomes = [{o.id: o for o in result.controls} for result in results]
    notes = [
        {control_id: answer.note.strip() for control_id, answer in a.answers.items()}
        for _, a in teams
    ]
    spreads = [
        _spread(control, [by_id[control.id] for by_id in outcomes]).model_copy(
            update={"notes": [by_team.get(control.id, "") for by_team in notes]}
        )
        for control in pack.controls()
        if not prefixes or control.prefix in prefixes
    ]
    order = {control.id: index for index, control in enumerate(pack.controls())}
    spreads.sort(
        key=lambda c: (
            -(c.spread or 0.0),
            -c.distinct,
            c.spread is None,
            -WEIGHT[c.severity],
            order[c.id],
        )
    )
    cards = [{card.prefix: card for card in result.domains} for result in results]
    products = sorted({a.metadata.product for _, a in teams if a.metadata.product})
    return Workshop(
        product=" / ".join(products),
        pack=f"{pack.title} ({pack.id} {pack.version})",
        teams=[label for label, _ in teams],
        controls=spreads,
        overall=_range("", "Overall", [r.overall for r in results]),
        domains=[
            _range(domain.prefix, domain.title, [by_prefix[domain.prefix] for by_prefix in cards])
            for domain in pack.domains
        ],
        warnings=[],
        harms=_harm_spreads(pack, teams, results),
        levels=pack.risk_matrix.values("levels") if pack.risk_matrix else [],
    )


def _harm_spreads(
    pack: Pack, teams: Sequence[tuple[str, Assessment]], results: Sequence[Result]
) -> list[HarmSpread]:
    """Each harm in scope for at least one team, the teams' ratings furthest apart first."""
    if pack.risk_matrix is None or not pack.harms:
        return []
    registers = [
        {line.harm_id: line for line in assess_risk(pack, a, result).lines}
        for (_, a), result in zip(teams, results, strict=True)
    ]
    levels = pack.risk_matrix.values("levels")
    spreads = []
    for order, harm in enumerate(pack.harms):
        lines = [register.get(harm.id) for register in registers]
        if all(line is None for line in lines):
            continue
        residual = [OUT_OF_SCOPE if line is None else line.residual or NOT_RATED for line in lines]
        decision = [line.decision.value if line and line.decision else "" for line in lines]
        ranks = [levels.index(level) for level in residual if level in levels]
        answers = [a.risks.get(harm.id) for _, a in teams]
        spreads.append(
            (
                order,
                HarmSpread(
                    id=harm.id,
                    title=harm.title,
                    residual=residual,
                    decision=decision,
                    spread=max(ranks) - min(ranks) if len(ranks) > 1 else None,
                    distinct=len(set(zip(residual, decision, strict=True))),
                    rationale=[answer.rationale.strip() if answer else "" for answer in answers],
                ),
            )
        )
    spreads.sort(key=lambda pair: (-(pair[1].spread or 0), -pair[1].distinct, pair[0]))
    return [spread for _, spread in spreads]


def _spread(control: Control, outcomes: list[ControlOutcome]) -> ControlSpread:
    answers = [outcome.shown for outcome in outcomes]
    credits = [o.credit for o in outcomes if o.credit is not None and o.answer is not None]
    given = Counter(a for a in answers if a not in (UNANSWERED, OUT_OF_SCOPE))
    if given:
        consensus = min(given, key=lambda a: (-given[a], CAUTION.index(Answer(a))))
        agreed = sum(count == given[consensus] for count in given.values()) == 1
    else:
        consensus, agreed = Counter(answers).most_common(1)[0][0], True
    return ControlSpread(
        id=control.id,
        domain=control.prefix,
        title=control.title,
        severity=control.severity,
        answers=answers,
        spread=round(max(credits) - min(credits), 3) if len(credits) > 1 else None,
        distinct=len(set(answers)),
        consensus=consensus,
        support=answers.count(consensus),
        agreed=agreed,
    )


def _range(prefix: str, title: str, cards: list[Scorecard]) -> ScoreRange:
    scores = [card.score for card in cards]
    scored = [value for value in scores if value is not None]
    low, high = (min(scored), max(scored)) if scored else (None, None)
    return ScoreRange(
        prefix=prefix,
        title=title,
        scores=scores,
        low=low,
        high=high,
        range=round(high - low, 1) if low is not None and high is not None else None,
    )


def worksheet_domains(
    pack: Pack, profiled: Assessment | None = None, prefixes: Sequence[str] = ()
) -> list[tuple[Domain, list[Control]]]:
    """The controls a blank worksheet asks, by domain: all, or those the profile puts in
    scope; only the domains `prefixes` names, when it names any (checked upper-cased)."""
    chosen_domains = [d for d in pack.domains if not prefixes or d.prefix in prefixes]
    if profiled is None:
        return [(domain, list(domain.controls)) for domain in chosen_domains]
    in_scope = _in_scope(pack, profiled)
    chosen = [(d, [c for c in d.controls if c.id in in_scope]) for d in chosen_domains]
    return [(domain, controls) for domain, controls in chosen if controls]


def _in_scope(pack: Pack, profiled: Assessment) -> set[str]:
    blank = profiled.model_copy(update={"answers": {}})
    return {o.id for o in score(pack, blank).controls if o.scope == "in_scope"}


class HarmToRate(Strict):
    """One harm as the risk step of a worksheet asks it."""

    id: str
    title: str
    category: str
    description: str
    impact: str = Field(description="the harm's default impact, a value of the matrix")
    impact_why: str
    factors: list[str] = Field(
        description="labels of the risk factors: those present for the profile, else all"
    )
    unsure: list[str] = Field(description="factors the profile cannot decide yet")
    mitigations: list[Control] = Field(description="the mitigating controls (in scope, if known)")


def worksheet_harms(
    pack: Pack, profiled: Assessment | None = None, prefixes: Sequence[str] = ()
) -> list[HarmToRate]:
    """The harms a worksheet's risk step rates: all of the pack's, or those in scope for
    the profile, each with its factors and the controls that mitigate it. With `prefixes`,
    only the harms a control of those domains mitigates: the ones a team that answered
    those domains can rate."""
    if pack.risk_matrix is None or not pack.harms:
        return []
    harms = {harm.id: harm for harm in pack.harms}
    if profiled is None:
        rated = [
            _to_rate(pack, harm, [f.label for f in harm.risk_factors], [], harm.mitigated_by)
            for harm in pack.harms
        ]
    else:
        blank = profiled.model_copy(update={"answers": {}, "risks": {}})
        register = assess_risk(pack, blank, score(pack, blank))
        rated = [
            _to_rate(
                pack,
                harms[line.harm_id],
                line.factors_present,
                line.factors_unknown,
                [m.control_id for m in line.mitigations if m.scope == "in_scope"],
            )
            for line in register.lines
        ]
    if not prefixes:
        return rated
    return [h for h in rated if any(control.prefix in prefixes for control in h.mitigations)]


def _to_rate(
    pack: Pack, harm: Harm, factors: list[str], unsure: list[str], controls: Sequence[str]
) -> HarmToRate:
    found = (pack.control(control_id) for control_id in controls)
    return HarmToRate(
        id=harm.id,
        title=harm.title,
        category=harm.category.value,
        description=harm.description.strip(),
        impact=harm.impact,
        impact_why=harm.impact_why.strip(),
        factors=factors,
        unsure=unsure,
        mitigations=[control for control in found if control is not None],
    )
