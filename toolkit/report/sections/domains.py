"""Scores by domain: the chart, and the same numbers as a table.

`domain_table` is the one table of scores by domain: the report lays it out under
its chart, `crbd score` and the end of the interview print it in the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.model.result import Result, Scorecard
from toolkit.report.document import Cell, Column, Figure, Section, Strong, Table, Text, spans
from toolkit.report.labels import rating_words
from toolkit.report.lines import DomainLine, Rated
from toolkit.report.localized import number
from toolkit.report.sections.common import references, title_of
from toolkit.report.summary import ControlRef, points
from toolkit.report.view import SECTIONS, ReportView


@dataclass(frozen=True)
class DomainScore:
    """What the table says about one domain."""

    prefix: str
    title: str
    rated: Rated
    gaps: int
    in_scope: int
    total: int
    """Controls in the domain: in scope, out of scope and not applicable."""


def section(view: ReportView, evaluation: Evaluation) -> Section:
    caption = _(
        "Score by domain, 0–100. Each bar names its rating; “capped” marks a domain held "
        "down by a critical control. The table gives the same numbers."
    )
    table = domain_table([_score(d) for d in view.domains])
    return Section(
        "domains",
        title_of(view, "domains"),
        [Figure(view.chart, view.chart_alt, caption, table, role="bars")],
    )


def domain_title() -> str:
    """The section's title, which the terminal prints over the table too."""
    return _(dict(SECTIONS)["domains"])


def domain_table(
    domains: Sequence[DomainScore], *, compact: bool = False, of_total: bool = False
) -> Table:
    """Score, rating, capping controls, controls in scope and gaps of every domain.

    `compact` keeps each row short (one capping control named, the others counted, no
    note beside "Not rated") for a table that must fit a 24-line screen; `of_total`
    gives the controls in scope out of all the domain's controls.
    """
    return Table(
        [
            Column(_("Domain"), 40),
            Column(_("Score"), 9, numeric=True),
            Column(_("Rating"), 15),
            Column(_("Capped by"), 18),
            Column(_("In scope"), 9, numeric=True),
            Column(_("Gaps"), 9, numeric=True),
        ],
        [_row(d, compact=compact, of_total=of_total) for d in domains],
        role="domains",
    )


def domain_scores(result: Result) -> list[DomainScore]:
    """Every domain of a scored run, for `domain_table` where no report view is built
    (capping controls by id only, as the terminal prints them)."""
    return [
        DomainScore(
            prefix=card.prefix,
            title=card.title,
            rated=_rated(card),
            gaps=sum(gap.domain == card.prefix for gap in result.gaps),
            in_scope=card.in_scope,
            total=card.in_scope + card.out_of_scope + card.not_applicable,
        )
        for card in result.domains
    ]


def _rated(card: Scorecard) -> Rated:
    capping = [ControlRef(control, "", "") for control in card.capped_by]
    return Rated(
        points(card.score),
        rating_words(card.rating),
        card.rating.value if card.rating else "none",
        list(card.capped_by),
        capped=card.rating != card.score_rating,
        capping=capping,
    )


def _score(domain: DomainLine) -> DomainScore:
    return DomainScore(
        prefix=domain.prefix,
        title=domain.title,
        rated=domain.rated,
        gaps=domain.gaps,
        in_scope=domain.in_scope,
        total=domain.in_scope + domain.out_of_scope + domain.not_applicable,
    )


def _row(domain: DomainScore, *, compact: bool, of_total: bool) -> list[Cell]:
    rated = domain.rated
    rating = spans(Text(_(rated.rating), role=f"rating-{rated.rating_class}"))
    if rated.rating_class == "none" and not compact:
        rating += spans(" ", Text(_("nothing in scope"), role="note"))
    capping = rated.capping
    if compact and len(capping) > 1:
        capped = spans(Text(capping[0].id, role="id"), f" +{len(capping) - 1}")
    else:
        capped = references(capping)
    return [
        spans(Strong(domain.prefix), f" {domain.title}"),
        number(rated.score) if rated.score != "not scored" else "—",
        rating,
        capped or "—",
        _("{met} of {total}").format(met=domain.in_scope, total=domain.total)
        if of_total
        else str(domain.in_scope),
        str(domain.gaps),
    ]
