"""The workshop summary as HTML or PDF: disagreement first, consensus, score ranges,
the risk step's ratings side by side, and each team's notes on what they disagree about.

The terminal tables of `crbd workshop` take their rows from here too, so every
output names teams, orders answers and prints ranges the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.engine.workshop import (
    CAUTION,
    NOT_RATED,
    OUT_OF_SCOPE,
    UNANSWERED,
    ControlSpread,
    HarmSpread,
    Workshop,
)
from toolkit.i18n import _, ngettext
from toolkit.report.labels import shown_words
from toolkit.report.text import printable_everywhere

ANSWER_ORDER = [*CAUTION, UNANSWERED, OUT_OF_SCOPE]
"""The order answers are listed in a control's row: the most cautious first."""


@dataclass(frozen=True)
class SpreadLine:
    id: str
    title: str
    severity: str
    spread: str
    answers: list[tuple[str, list[str]]]
    """Which teams gave which answer, as runs of labels: `[("no", ["T2"]), ("yes", ["T1",
    "T3–T5"])]`; a run is never broken across lines."""
    consensus: str


@dataclass(frozen=True)
class RiskSpreadLine:
    id: str
    title: str
    spread: str
    """How many levels apart the teams' residual risks are, in words."""
    ratings: list[tuple[str, list[str]]]
    """Which teams recorded which residual and decision, as runs of labels, highest first."""


@dataclass(frozen=True)
class TeamNote:
    label: str
    answer: str
    """The team's answer or rating, so the note reads in context."""
    note: str


@dataclass(frozen=True)
class NoteBlock:
    id: str
    title: str
    notes: list[TeamNote]


@dataclass(frozen=True)
class TeamRow:
    label: str
    """`T1`, `T2`…: how the tables name a team, so any number of teams fits a page."""
    name: str
    scores: list[str]
    """The overall score, then each domain's, in the order of `WorkshopView.columns`."""


@dataclass(frozen=True)
class WorkshopView:
    title: str
    product: str
    pack: str
    teams: list[TeamRow]
    columns: list[str]
    """`Overall`, then the domains' prefixes."""
    lowest: list[str]
    """The lowest score among the teams, per column."""
    highest: list[str]
    domains: list[str]
    """Each prefix with its domain's title, as the legend of the columns."""
    controls: list[SpreadLine]
    listed: str
    """What the control table holds, and what it leaves out."""
    risks: list[RiskSpreadLine] = field(default_factory=list)
    risks_listed: str = ""
    """What the risk table holds, and what it leaves out (empty: the pack has no harms)."""
    notes: list[NoteBlock] = field(default_factory=list)
    """Each listed control's and harm's notes by team, where any team wrote one."""
    labels: dict[str, str] = field(default_factory=dict)
    """The summary's fixed words for the new sections, translated."""


def consensus_words(control: ControlSpread, teams: int) -> str:
    """`no (2 of 3)`, or `no consensus (cautious: no)` when the teams split evenly."""
    if not control.agreed:
        return _("no consensus (cautious: {answer})").format(answer=shown_words(control.consensus))
    return _("{answer} ({support} of {teams})").format(
        answer=shown_words(control.consensus), support=control.support, teams=teams
    )


def listed_words(summary: Workshop, top: int) -> str:
    """How many disagreements are listed, of how many, and what is only counted."""
    disputed = len(summary.disagreements)
    agreed = len(summary.controls) - disputed
    shown = min(top, disputed)
    if shown < disputed:
        listing = _("Listing the top {shown} of {disputed} controls the teams answered differently")
    else:
        listing = ngettext(
            "Listing the {disputed} control the teams answered differently",
            "Listing all {disputed} controls the teams answered differently",
            disputed,
        )
    rest = ngettext(
        "{agreed} where every team gave the same answer (or all found it out of scope) is not "
        "listed.",
        "{agreed} where every team gave the same answer (or all found it out of scope) are not "
        "listed.",
        agreed,
    )
    return f"{listing.format(shown=shown, disputed=disputed)}; {rest.format(agreed=agreed)}"


def team_labels(summary: Workshop) -> list[str]:
    """Short names for the teams in the tables; the score table gives each its full name.

    A column per team stops being readable from a handful of teams on, on paper
    as in an 80-column terminal, so teams are rows, and answers name them by label.
    """
    return [f"T{number}" for number in range(1, len(summary.teams) + 1)]


def team_rows(summary: Workshop) -> list[TeamRow]:
    """Each team with its label, its full name and its scores (overall first)."""
    columns = [summary.overall, *summary.domains]
    return [
        TeamRow(label, name, [_score(column.scores[index]) for column in columns])
        for index, (label, name) in enumerate(zip(team_labels(summary), summary.teams, strict=True))
    ]


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def score_columns(summary: Workshop) -> list[str]:
    return [_("Overall"), *(domain.prefix for domain in summary.domains)]


def extreme_cells(summary: Workshop) -> tuple[list[str], list[str]]:
    """The lowest and the highest score per column (two short rows fit where a range does not)."""
    columns = [summary.overall, *summary.domains]
    return [_score(column.low) for column in columns], [_score(column.high) for column in columns]


def answer_groups(control: ControlSpread, labels: list[str]) -> list[tuple[str, list[str]]]:
    """The teams by answer, the most cautious answer first, consecutive teams as one run."""
    by_answer: dict[str, list[int]] = {}
    for index, answer in enumerate(control.answers):
        by_answer.setdefault(answer, []).append(index)
    rank = {str(answer): place for place, answer in enumerate(ANSWER_ORDER)}
    ordered = sorted(by_answer, key=lambda answer: rank.get(answer, len(rank)))
    return [(answer, _runs(by_answer[answer], labels)) for answer in ordered]


def answer_groups_text(groups: list[tuple[str, list[str]]]) -> str:
    """`no: T2 · yes: T1, T3–T5`."""
    return " · ".join(f"{_shown_rating(answer)}: {', '.join(runs)}" for answer, runs in groups)


def _shown_rating(answer: str) -> str:
    """An answer, or a residual and decision (`high, reduced`), in the language in force."""
    return ", ".join(shown_words(part) for part in answer.split(", "))


def _runs(indices: list[int], labels: list[str]) -> list[str]:
    """`["T1", "T3–T5"]` for teams 0, 2, 3 and 4."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [
        labels[run[0]] if len(run) == 1 else f"{labels[run[0]]}–{labels[run[-1]]}" for run in runs
    ]


def rating_groups(
    harm: HarmSpread, labels: list[str], levels: list[str]
) -> list[tuple[str, list[str]]]:
    """The teams by residual and decision, the highest residual first, then not rated."""
    by_rating: dict[str, list[int]] = {}
    for index in range(len(harm.residual)):
        by_rating.setdefault(harm.rating(index), []).append(index)
    rank = {level: place for place, level in enumerate(reversed(levels))}
    rank |= {NOT_RATED: len(rank), OUT_OF_SCOPE: len(rank) + 1}
    first = {harm.rating(index): harm.residual[index] for index in range(len(harm.residual))}
    ordered = sorted(by_rating, key=lambda rating: (rank.get(first[rating], len(rank)), rating))
    return [(rating, _runs(by_rating[rating], labels)) for rating in ordered]


def spread_words(harm: HarmSpread) -> str:
    if harm.spread is None:
        return "—"
    return ngettext("{n} level", "{n} levels", harm.spread).format(n=harm.spread)


def risks_listed_words(summary: Workshop, top: int) -> str:
    """How many of the harms the teams rated are listed, how many they rated differently,
    and how many nobody rated yet."""
    rated = len(summary.rated_harms)
    shown = min(top, rated)
    disputed = len(summary.risk_disagreements)
    unrated = len(summary.harms) - rated
    if not rated:
        return ngettext(
            "No team rated the {n} harm in scope yet (crbd assess FILE --risks).",
            "No team rated any of the {n} harms in scope yet (crbd assess FILE --risks).",
            unrated,
        ).format(n=unrated)
    if shown < rated:
        listing = _("Listing the top {shown} of the {n} harms the teams rated")
    else:
        listing = ngettext(
            "Listing the {n} harm the teams rated", "Listing all {n} harms the teams rated", rated
        )
    differently = ngettext(
        "{disputed} of them rated or decided differently",
        "{disputed} of them rated or decided differently",
        disputed,
    )
    rest = ngettext(
        "{unrated} harm in scope that no team rated yet is not listed.",
        "{unrated} harms in scope that no team rated yet are not listed.",
        unrated,
    )
    return (
        f"{listing.format(shown=shown, n=rated)} ({differently.format(disputed=disputed)}); "
        f"{rest.format(unrated=unrated)}"
    )


def note_blocks(summary: Workshop, top: int) -> list[NoteBlock]:
    """The notes of each listed control, then the rationales of each listed harm; teams
    that wrote the same note to the same answer share a line (`T1–T4 (yes): …`)."""
    labels = team_labels(summary)
    blocks = []
    for control in summary.disagreements[:top]:
        notes = _shared(labels, control.answers, control.notes)
        if notes:
            blocks.append(NoteBlock(control.id, control.title, notes))
    for harm in summary.risk_disagreements[:top]:
        ratings = [harm.rating(index) for index in range(len(labels))]
        notes = _shared(labels, ratings, harm.rationale)
        if notes:
            blocks.append(NoteBlock(harm.id, harm.title, notes))
    return blocks


def _shared(labels: list[str], answers: list[str], notes: list[str]) -> list[TeamNote]:
    teams: dict[tuple[str, str], list[int]] = {}
    for index, (answer, note) in enumerate(zip(answers, notes, strict=False)):
        if note:
            teams.setdefault((answer, note), []).append(index)
    return [
        TeamNote(", ".join(_runs(indices, labels)), answer, note)
        for (answer, note), indices in teams.items()
    ]


def build_workshop_view(summary: Workshop, top: int) -> WorkshopView:
    """Everything the summary prints, as text: the top `top` disagreements."""
    product = summary.product or "Unnamed product"
    teams = len(summary.teams)
    labels = team_labels(summary)
    lowest, highest = extreme_cells(summary)
    return WorkshopView(
        title=f"Children's rights by design workshop summary: {product}",
        product=product,
        pack=summary.pack,
        teams=team_rows(summary),
        columns=score_columns(summary),
        lowest=lowest,
        highest=highest,
        domains=[f"{domain.prefix} {domain.title}" for domain in summary.domains],
        controls=[
            SpreadLine(
                id=c.id,
                title=c.title,
                severity=c.severity.value,
                spread="—" if c.spread is None else f"{c.spread:g}",
                answers=answer_groups(c, labels),
                consensus=consensus_words(c, teams),
            )
            for c in summary.disagreements[:top]
        ],
        listed=listed_words(summary, top),
        risks=[
            RiskSpreadLine(
                id=harm.id,
                title=harm.title,
                spread=spread_words(harm),
                ratings=rating_groups(harm, labels, summary.levels),
            )
            for harm in summary.rated_harms[:top]
        ],
        risks_listed=risks_listed_words(summary, top) if summary.harms else "",
        notes=note_blocks(summary, top),
        labels={
            "risks": _("The risk step: residual risk by team, disagreement first"),
            "risks_intro": _(
                "Each team's residual risk and decision per harm. Spread is how many levels "
                "lie between the highest and the lowest residual the teams recorded; the "
                "harms rated furthest apart come first, then those decided differently or "
                "rated by only some of the teams."
            ),
            "harm": _("Harm"),
            "spread": _("Spread"),
            "ratings": _("Residual and decision by team"),
            "notes": _("What the teams wrote where they disagree"),
            "notes_intro": _(
                "Each team's note on the controls listed above, and its rationale for the "
                "harms, with the answer or rating it explains: the material for the discussion."
            ),
            "no_notes": _("No team wrote a note on the controls or harms listed."),
        },
    )


def render_workshop(summary: Workshop, *, pdf: bool, top: int) -> bytes:
    """The summary as PDF (print layout) or HTML, listing the top `top` disagreements."""
    from toolkit.report.page import DocumentInfo, render_document

    view = printable_everywhere(build_workshop_view(summary, top))
    info = DocumentInfo(
        title=view.title,
        subject=f"{len(view.teams)} assessments of {view.product} side by side",
        assessed_on="",
        authors=[team.name for team in view.teams],
        keywords=["children's rights by design", "workshop"],
    )
    return render_document("workshop.html.j2", info, pdf=pdf, workshop=view)
