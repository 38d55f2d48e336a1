"""The workshop summary as HTML or PDF: disagreement first, consensus, score ranges."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.engine.workshop import ScoreRange, Workshop
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


def build_workshop_view(summary: Workshop) -> WorkshopView:
    """Everything the summary prints, as text."""
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
                consensus=f"{c.consensus} ({c.support} of {teams})",
            )
            for c in summary.controls
        ],
        ranges=[_range_line(r) for r in [summary.overall, *summary.domains]],
    )


def render_workshop(summary: Workshop, *, pdf: bool) -> bytes:
    """The summary as PDF (print layout) or HTML."""
    from toolkit.report.page import DocumentInfo, render_document

    view = printable_everywhere(build_workshop_view(summary))
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
