"""The printable blank worksheet: the product profile first, then every control to ask,
with answer boxes, a line for a planned answer's target date, an owner and due line, and
note lines; then the risk step, a block per harm to rate.

It is printed for paper workshops, so it is dense: at least three controls to
an A4 page, the full core pack in well under fifty pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from toolkit.engine.workshop import HarmToRate
from toolkit.i18n import N_, _, ngettext
from toolkit.model.assessment import RiskDecision
from toolkit.model.pack import Control, Domain, Pack, ProfileQuestion, RiskMatrix
from toolkit.report.labels import ANSWER_LABEL


@dataclass(frozen=True)
class OptionLine:
    label: str
    ticked: bool


@dataclass(frozen=True)
class ProfileLine:
    id: str
    text: str
    how: str
    """`Tick one` or `Tick all that apply`."""
    options: list[OptionLine]
    columns: int


@dataclass(frozen=True)
class QuestionLine:
    id: str
    title: str
    question: str
    severity: str
    partial: str


@dataclass(frozen=True)
class HarmLine:
    id: str
    title: str
    category: str
    description: str
    factors: str
    """The risk factors, in words (those the profile shows, when there is one)."""
    impact: str
    """The harm's default impact and why, in words."""
    mitigations: list[str]
    """`CON-01 Title` for each mitigating control."""


@dataclass(frozen=True)
class RiskScale:
    name: str
    """`Likelihood`, `Impact`, `Residual risk` or `Decision`."""
    options: list[str]


@dataclass(frozen=True)
class WorksheetView:
    title: str
    pack: str
    scope: str
    profile_note: str
    profile: list[ProfileLine]
    answers: list[str]
    domains: list[tuple[str, list[QuestionLine]]]
    note_lines: int
    harms: list[HarmLine] = field(default_factory=list)
    scales: list[RiskScale] = field(default_factory=list)
    """The boxes under each harm: likelihood, impact, residual risk and decision."""
    risk_note: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    """The form's fixed words (owner, due, the risk step's headings), translated."""
    team: str = ""


def build_worksheet_view(
    pack: Pack,
    chosen: list[tuple[Domain, list[Control]]],
    product: str,
    profile: Mapping[str, str | Sequence[str]] | None = None,
    harms: Sequence[HarmToRate] = (),
    *,
    team: str = "",
    only: Sequence[str] = (),
) -> WorksheetView:
    """The form's content; `product` is empty and `profile` None for a form of every control.

    With a profile, its answers are ticked on the profile page and the controls
    are those in scope for it. `harms` are the risk step's, after the controls; `team`
    fills the form's team line; `only` names the domains asked for, when not all.
    """
    count = sum(len(controls) for _, controls in chosen)
    scope = (
        ngettext(
            "The {count} control in scope for {product}'s profile.",
            "The {count} controls in scope for {product}'s profile.",
            count,
        ).format(count=count, product=product)
        if product
        else ngettext(
            "All {count} control (no product profile given).",
            "All {count} controls (no product profile given).",
            count,
        ).format(count=count)
    )
    if only:
        scope += " " + _("Only the domains {prefixes}.").format(prefixes=", ".join(only))
    profile_note = (
        _(
            "As recorded for {product}; the controls that follow are those these answers put "
            "in scope."
        ).format(product=product)
        if profile is not None
        else _(
            "Answer these first: they decide which controls apply. crbd assess asks the "
            "same questions and leaves out the controls that do not apply."
        )
    )
    return WorksheetView(
        title=(
            _("Children's rights by design worksheet: {product}").format(product=product)
            if product
            else _("Children's rights by design worksheet")
        ),
        pack=f"{pack.title} ({pack.id} {pack.version})",
        scope=scope,
        profile_note=profile_note,
        profile=[_profile_line(q, (profile or {}).get(q.id)) for q in pack.profile],
        answers=list(ANSWER_LABEL.values()),
        domains=[
            (
                f"{domain.prefix} {domain.title}",
                [
                    QuestionLine(
                        c.id,
                        c.title,
                        c.question.strip(),
                        c.severity.value,
                        (c.partial or "").strip(),
                    )
                    for c in controls
                ],
            )
            for domain, controls in chosen
        ],
        note_lines=2,
        team=team,
        harms=[_harm_line(harm, pack.risk_matrix) for harm in harms],
        scales=_scales(pack.risk_matrix) if harms else [],
        risk_note=_risk_note(profile is not None, only) if harms else "",
        labels={
            "owner": _("Owner"),
            "due": _("Due"),
            "risks": _("The risk step: harms to children"),
            "factors": _("Risk factors"),
            "impact": _("Default impact"),
            "mitigations": _("Mitigating controls"),
            "rationale": _("Why (rationale, evidence, children's views):"),
        },
    )


def _harm_line(harm: HarmToRate, matrix: RiskMatrix | None) -> HarmLine:
    factors = ", ".join(harm.factors) or _("none present")
    if harm.unsure:
        factors += " · " + _("not known yet: {factors}").format(factors=", ".join(harm.unsure))
    impact = matrix.label("impact", harm.impact) if matrix else harm.impact
    return HarmLine(
        id=harm.id,
        title=harm.title,
        category=harm.category,
        description=harm.description,
        factors=factors,
        impact=f"{impact}: {harm.impact_why}" if harm.impact_why else impact,
        mitigations=[f"{control.id} {control.title}" for control in harm.mitigations],
    )


DECISION_WORDS = {
    RiskDecision.REDUCED: N_("Reduced"),
    RiskDecision.ELIMINATED: N_("Eliminated"),
    RiskDecision.ACCEPTED: N_("Accepted (needs an approver and an expiry date)"),
}


def _scales(matrix: RiskMatrix | None) -> list[RiskScale]:
    if matrix is None:
        return []
    return [
        RiskScale(_("Likelihood"), [step.label for step in matrix.likelihood]),
        RiskScale(_("Impact"), [step.label for step in matrix.impact]),
        RiskScale(_("Residual risk"), [step.label for step in matrix.levels]),
        RiskScale(_("Decision"), [_(DECISION_WORDS[d]) for d in RiskDecision]),
    ]


def _risk_note(profiled: bool, only: Sequence[str]) -> str:
    which = (
        _("Each harm this product's profile puts in scope")
        if profiled
        else _("Each harm of the checklist (with a product profile, only those in scope)")
    )
    if only:
        which = _("Each harm in scope that a control of {prefixes} mitigates").format(
            prefixes=", ".join(only)
        )
    return _(
        "{which}, with the risk factors that make it more likely and the controls that "
        "mitigate it. Tick the likelihood and the impact before the measures, then the "
        "residual risk once the mitigating controls are counted, and what was decided. "
        "crbd assess --risks asks the same and suggests levels from the answers."
    ).format(which=which)


def _profile_line(question: ProfileQuestion, given: str | Sequence[str] | None) -> ProfileLine:
    chosen = [given] if isinstance(given, str) else list(given or [])
    return ProfileLine(
        id=question.id,
        text=question.text,
        how=_("Tick one") if question.kind == "single" else _("Tick all that apply"),
        options=[OptionLine(o.label, o.value in chosen) for o in question.options],
        columns=3 if len(question.options) > 8 else 1,
    )


def render_worksheet(view: WorksheetView, *, pdf: bool) -> bytes:
    """The worksheet as PDF (for printing) or HTML."""
    from toolkit.report.page import DocumentInfo, render_document

    info = DocumentInfo(
        title=view.title,
        subject=_("Blank self-assessment form for {pack}").format(pack=view.pack),
        assessed_on="",
        keywords=["children's rights by design", "worksheet"],
    )
    return render_document("worksheet.html.j2", info, pdf=pdf, worksheet=view)
