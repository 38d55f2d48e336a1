"""The workshop summary as HTML or PDF: disagreement first, consensus, score ranges."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.engine.workshop import ControlSpread, ScoreRange, Workshop
from toolkit.report.labels import score_words
from toolkit.report.text import printable_everywhere


@dataclass(frozen=True)
class SpreadLine:
    id: str
    title: str
    severity: str
    spread: str
    answers: list[str]
    consensus: str


@dataclass(frozen=True)
class RangeLine:
    name: str
    scores: list[str]
    range: str


@dataclass(frozen=True)
class WorkshopView:
    title: str
    product: str
    pack: str
    teams: list[str]
    controls: list[SpreadLine]
    ranges: list[RangeLine]
    listed: str
    """What the control table holds, and what it leaves out."""


def consensus_words(control: ControlSpread, teams: int) -> str:
    """`no (2 of 3)`, or `no consensus (cautious: no)` when the teams split evenly."""
    if not control.agreed:
        return f"no consensus (cautious: {control.consensus})"
    return f"{control.consensus} ({control.support} of {teams})"


def listed_words(summary: Workshop, top: int) -> str:
    """How many disagreements are listed, of how many, and what is only counted."""
    disputed = len(summary.disagreements)
    agreed = len(summary.controls) - disputed
    shown = min(top, disputed)
    more = f"the top {shown} of {disputed}" if shown < disputed else f"all {disputed}"
    return (
        f"Listing {more} controls the teams answered differently; {agreed} where every "
        "team gave the same answer (or all found it out of scope) are not listed."
    )


def build_workshop_view(summary: Workshop, top: int) -> WorkshopView:
    """Everything the summary prints, as text: the top `top` disagreements."""
    product = summary.product or "Unnamed product"
    teams = len(summary.teams)
    return WorkshopView(
        title=f"Children's rights by design workshop summary: {product}",
        product=product,
        pack=summary.pack,
        teams=summary.teams,
        controls=[
            SpreadLine(
                id=c.id,
                title=c.title,
                severity=c.severity.value,
                spread="—" if c.spread is None else f"{c.spread:g}",
                answers=c.answers,
                consensus=consensus_words(c, teams),
            )
            for c in summary.disagreements[:top]
        ],
        ranges=[_range_line(r) for r in [summary.overall, *summary.domains]],
        listed=listed_words(summary, top),
    )


def render_workshop(summary: Workshop, *, pdf: bool, top: int) -> bytes:
    """The summary as PDF (print layout) or HTML, listing the top `top` disagreements."""
    from toolkit.report.page import DocumentInfo, render_document

    view = printable_everywhere(build_workshop_view(summary, top))
    info = DocumentInfo(
        title=view.title,
        subject=f"{len(view.teams)} assessments of {view.product} side by side",
        assessed_on="",
        authors=view.teams,
        keywords=["children's rights by design", "workshop"],
    )
    return render_document("workshop.html.j2", info, pdf=pdf, workshop=view)


def _range_line(scores: ScoreRange) -> RangeLine:
    return RangeLine(
        name=f"{scores.prefix} {scores.title}".strip(),
        scores=[score_words(s) for s in scores.scores],
        range="—" if scores.range is None else f"{scores.low:.0f}–{scores.high:.0f}",
    )
