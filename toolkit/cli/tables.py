"""Rich renderings of core results for the terminal (no logic, only layout)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich import box
from rich.console import RenderableType
from rich.markup import escape as markup_escape
from rich.panel import Panel
from rich.table import Table

from toolkit.engine.compare import Comparison, Status
from toolkit.engine.conditions import Context, describe
from toolkit.engine.due import DueItem, DueKind
from toolkit.engine.risk import revisit_sentence, untracked_sentence
from toolkit.engine.workshop import Workshop
from toolkit.i18n import N_, _, local_number, ngettext
from toolkit.model.accountability import Accountability, Binding
from toolkit.model.assessment import Change
from toolkit.model.choices import every
from toolkit.model.pack import Control, Framework, Pack, Severity
from toolkit.model.result import Rating, Result, RiskRegister, Scorecard
from toolkit.report.compare import STATUS_LABEL, listed, risk_change_words, run_name
from toolkit.report.labels import (
    JURISDICTION_LABEL,
    NOT_RATED,
    legal_status_words,
    shown_words,
)
from toolkit.report.text import printable
from toolkit.report.workshop import (
    NoteBlock,
    answer_groups,
    answer_groups_text,
    consensus_words,
    extreme_cells,
    rating_groups,
    score_columns,
    spread_words,
    team_labels,
    team_rows,
)
from toolkit.workflow.examples import Audience


def escape(text: str) -> str:
    """User text for a table: control characters shown as their codes, as the report shows
    them (an escape sequence in a name or reason must not drive the terminal), markup
    escaped."""
    return markup_escape(printable(text))


def styled(text: str, style: str = "bold") -> str:
    """`text` (markup escaped) in a rich style."""
    return f"[{style}]{markup_escape(text)}[/]"


RATING_STYLE = {Rating.RED: "bold red", Rating.AMBER: "bold yellow", Rating.GREEN: "bold green"}


def rated(rating: Rating | None) -> str:
    """A rating in words, in the language in force (colour only as a second carrier)."""
    if rating is None:
        return _(NOT_RATED)
    return f"[{RATING_STYLE[rating]}]{_(rating.value.capitalize())}[/]"


def rating_text(card: Scorecard) -> str:
    """The rating in words (colour only as a second carrier)."""
    return rated(card.rating)


def severity_text(severity: Severity) -> str:
    """A severity in the language in force (`critical`, `kritisch`)."""
    return _(severity.value)


DUE_KIND_LABEL: dict[DueKind, str] = every(
    DueKind,
    {
        DueKind.REVIEW: N_("review"),
        DueKind.EVIDENCE: N_("evidence"),
        DueKind.ACCEPTANCE: N_("acceptance"),
        DueKind.ACTION: N_("action"),
        DueKind.PLANNED: N_("planned"),
        DueKind.REVISIT: N_("risk to revisit"),
        DueKind.LAW: N_("law takes effect"),
        DueKind.AGE_CHECK: N_("age check review"),
    },
)
"""What falls due, as the due table names it."""


def score_text(card: Scorecard) -> str:
    return "—" if card.score is None else f"{card.score:.0f}"


def overall_line(result: Result) -> str:
    incomplete = styled(_("Incomplete"))
    state = "" if result.complete else f" {incomplete}: " + _incomplete(result)
    capped = (
        _(" (capped by {controls})").format(controls=", ".join(result.overall.capped_by))
        if result.overall.capped_by
        else ""
    )
    product = escape(result.product or _("this product"))
    return _("Overall for {product}: {score}/100, {rating}{capped}.{state}").format(
        product=product,
        score=score_text(result.overall),
        rating=rating_text(result.overall),
        capped=capped,
        state=state,
    )


def _incomplete(result: Result) -> str:
    parts = []
    if result.unanswered:
        count = len(result.unanswered)
        parts.append(
            ngettext("{n} control unanswered", "{n} controls unanswered", count).format(n=count)
        )
    if result.profile_unanswered:
        count = len(result.profile_unanswered)
        parts.append(
            ngettext(
                "{n} profile question unanswered", "{n} profile questions unanswered", count
            ).format(n=count)
        )
    return ", ".join(parts) + "."


def domain_table(result: Result, *, compact: bool = False) -> RenderableType:
    """Scores per domain, as the report's table of them laid out for the terminal;
    `compact` keeps one line per domain (titles cut, caps counted), so the interview's
    closing table and the overall line below it fit a 24-line screen."""
    from toolkit.report.sections.domains import domain_scores, domain_title
    from toolkit.report.sections.domains import domain_table as scores_table
    from toolkit.report.writers.terminal import rich_table

    table = scores_table(domain_scores(result), compact=compact, of_total=True)
    return rich_table(table, domain_title(), compact=compact)


def gap_table(result: Result, pack: Pack, limit: int) -> Table:
    shown = min(limit, len(result.gaps))
    title = ngettext("Top {n} gap", "Top {n} gaps", shown).format(n=shown)
    table = Table(title=title, title_justify="left")
    for column in (N_("Priority"), N_("Control"), N_("Severity"), N_("Answer"), N_("Title")):
        table.add_column(_(column), justify="right" if column == "Priority" else "left")
    for gap in result.gaps[:limit]:
        control = pack.control(gap.control_id)
        severity = severity_text(gap.severity)
        if gap.severity == Severity.CRITICAL:
            severity = f"[bold red]{severity}[/]"
        table.add_row(
            local_number(f"{gap.priority:.1f}"),
            gap.control_id,
            severity,
            shown_words(gap.answer.value if gap.answer else "unanswered"),
            escape(control.title if control else ""),
        )
    return table


SEVERITY_HEADING: dict[Severity, str] = {
    Severity.CRITICAL: N_("Critical"),
    Severity.HIGH: N_("High"),
    Severity.MEDIUM: N_("Medium"),
    Severity.LOW: N_("Low"),
}
"""A severity as a column heading."""


def pack_table(packs: Sequence[Pack]) -> Table:
    """Domains of every pack with controls counted by severity; fits 80 columns."""
    table = Table(
        title=_("Checklist domains (controls by severity)"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
    )
    table.add_column(_("Pack"))
    table.add_column(_("Domain"))
    table.add_column(_("Title"), ratio=1)
    for heading in (_("All"), *(SEVERITY_HEADING[severity] for severity in Severity)):
        table.add_column(_(heading), justify="right")
    for pack in packs:
        for index, domain in enumerate(pack.domains):
            counts = [sum(c.severity == s for c in domain.controls) for s in Severity]
            table.add_row(
                f"{pack.id} {pack.version}" if index == 0 else "",
                domain.prefix,
                escape(domain.title),
                str(len(domain.controls)),
                *map(str, counts),
            )
    return table


def control_table(controls: Sequence[Control]) -> Table:
    table = Table(show_lines=False)
    for column in (N_("Control"), N_("Severity"), N_("Title"), N_("Question")):
        table.add_column(_(column))
    for control in controls:
        table.add_row(
            control.id,
            severity_text(control.severity),
            escape(control.title),
            escape(control.question),
        )
    return table


def control_panel(control: Control, pack: Pack) -> Panel:
    """Everything a team needs to answer one control, and to fix it."""
    lines = [
        f"[bold]{escape(control.question)}[/]",
        _("Severity: {severity}").format(severity=severity_text(control.severity))
        + (
            _(" · effort: {effort}").format(effort=_(control.effort.value))
            if control.effort
            else ""
        ),
    ]
    if control.applies_when is not None:
        context = Context(pack.profile, pack.conditions, {})
        lines.append(
            _("Applies when {condition}.").format(
                condition=escape(describe(control.applies_when, context))
            )
        )
    lines += ["", styled(_("Why it matters")), escape(control.why)]
    lines += ["", styled(_("What a full yes looks like")), escape(control.guidance)]
    if control.partial:
        lines += ["", styled(_("Partial means")), escape(control.partial)]
    if control.evidence:
        lines += [
            "",
            styled(_("Evidence")),
            *[f"• {escape(item)}" for item in control.evidence],
        ]
    lines += [
        "",
        styled(_("What to do")),
        *[f"• {escape(step)}" for step in control.remediation],
    ]
    if control.references:
        lines += ["", styled(_("References"))]
        for reference in control.references:
            framework = pack.framework(reference.framework)
            section = framework.section(reference.ref) if framework else None
            if framework and section:
                standing = legal_status_words(framework, date.today())
                lines.append(
                    f"• {escape(framework.title)}, {escape(section.ref)}: {escape(section.title)}"
                    f" ({escape(framework.publisher)}"
                    + (f"; {escape(standing)}" if framework.legal_status else "")
                    + f") {escape(framework.url)}"
                )
    return Panel(
        "\n".join(lines), title=f"{control.id} {escape(control.title)}", title_align="left"
    )


def framework_panel(framework: Framework) -> Panel:
    """A framework's identity, so an auditor can find and check the source."""
    lines = [
        f"{escape(framework.publisher)}, {escape(framework.date)}",
        escape(framework.url),
        _("Jurisdiction: {jurisdiction}").format(
            jurisdiction=_(JURISDICTION_LABEL[framework.jurisdiction])
            if framework.jurisdiction in JURISDICTION_LABEL
            else framework.jurisdiction
        ),
        *(
            [_("Legal status: {status}").format(status=escape(words))]
            if (words := legal_status_words(framework, date.today()))
            else []
        ),
        "",
        escape(framework.status),
    ]
    return Panel("\n".join(lines), title=escape(framework.title), title_align="left")


def crosswalk_table(framework: Framework, sections: dict[str, list[str]], pack: Pack) -> Table:
    table = Table(
        title=_("Sections of {framework} and the controls that cover them").format(
            framework=framework.id
        ),
        title_justify="left",
    )
    for column in (N_("Section"), N_("Title"), N_("Controls")):
        table.add_column(_(column))
    for section in framework.sections:
        controls = sections.get(section.ref, [])
        table.add_row(
            escape(section.ref),
            escape(section.title),
            ", ".join(controls) if controls else styled(_("not covered"), "dim"),
        )
    return table


def accountability_lines(owned: Accountability) -> list[str]:
    """Sign-off state, expired acceptances, unconfirmed answers and owners, one line each."""
    lines = []
    state = owned.signoff
    signed = _("Sign-off:")
    if state.binding is Binding.CHANGED:
        lines.append(f"{styled(signed)} {escape(state.sentence)}.")
    elif state.binding is not Binding.NEVER_SIGNED:
        lines.append(f"{signed} {escape(state.sentence)}.")
    if owned.expired_acceptances:
        lines.append(
            _("{expired} (treated as none): {ids}.").format(
                expired=styled(_("Expired risk acceptances")),
                ids=", ".join(owned.expired_acceptances),
            )
        )
    if owned.unconfirmed:
        count = len(owned.unconfirmed)
        lines.append(
            ngettext(
                "{n} answer copied from a baseline still to reconfirm.",
                "{n} answers copied from a baseline still to reconfirm.",
                count,
            ).format(n=count)
        )
    if owned.overdue_actions:
        lines.append(_("Overdue actions: {ids}.").format(ids=", ".join(owned.overdue_actions)))
    return lines


def reverification_line(result: Result) -> str:
    """Controls whose only evidence has expired: still scored, but to be re-verified."""
    ids = ", ".join(result.needs_reverification)
    count = len(result.needs_reverification)
    sentence = ngettext(
        "{expired}: {n} answer needs re-verification (every evidence item is past its "
        "valid-until date): {ids}.",
        "{expired}: {n} answers need re-verification (every evidence item is past its "
        "valid-until date): {ids}.",
        count,
    )
    return sentence.format(expired=styled(_("Expired evidence")), n=count, ids=ids)


def compare_domain_table(comparison: Comparison) -> Table:
    """Scores and ratings before and after, overall first, one line per domain (titles cut,
    as in the score table: the prefix names the domain)."""
    table = Table(title=_("Scores before and after"), title_justify="left")
    for column in (
        N_("Domain"),
        N_("Before"),
        N_("After"),
        N_("Change"),
        N_("Rating before"),
        N_("Rating after"),
    ):
        table.add_column(
            _(column),
            justify="right" if column in ("Before", "After", "Change") else "left",
            no_wrap=column == "Domain",
            overflow="ellipsis",
            max_width=20 if column == "Domain" else None,
            min_width=10 if column.startswith("Rating") else None,
        )

    for delta in [comparison.overall, *comparison.domains]:
        title = _("Overall") if delta is comparison.overall else delta.title
        table.add_row(
            escape(f"{delta.prefix} {title}".strip()),
            *map(local_number, delta.shown()),
            rated(delta.old_rating),
            rated(delta.new_rating),
        )
    return table


def compare_change_table(comparison: Comparison, everything: bool) -> Table:
    """The changed controls, better news first (with `everything`, the unchanged too); a
    pack-change column only when the old pack was given and changed something."""
    table = Table(title=_("Changes by control"), title_justify="left")
    columns = [N_("Status"), N_("Control"), N_("Severity"), N_("Before"), N_("After")]
    for column in columns + ([N_("Pack change")] if comparison.pack_changed else []):
        table.add_column(
            _(column),
            ratio=3 if column == "Control" else None,
            max_width=None if column in ("Control", "Pack change") else 13,
        )
    for change in comparison.controls:
        if not listed(change.status, everything) and not change.pack_change:
            continue
        cells = [
            _(STATUS_LABEL[change.status]),
            f"{change.id} {escape(change.title)}",
            severity_text(change.severity) if change.severity else "",
            shown_words(change.old_answer),
            shown_words(change.new_answer),
        ]
        table.add_row(*cells, *([escape(change.pack_change)] if comparison.pack_changed else []))
    return table


def compare_runs_lines(comparison: Comparison) -> list[str]:
    """Which two runs are compared, by product, version and date."""
    before, after = _("Before:"), _("After:")
    width = max(len(before), len(after))
    return [
        f"{before.ljust(width)} {escape(run_name(comparison.old_run))}",
        f"{after.ljust(width)} {escape(run_name(comparison.new_run))}",
    ]


def compare_counts_line(comparison: Comparison, everything: bool) -> str:
    counts = ", ".join(
        _("{count} {status}").format(count=count, status=_(STATUS_LABEL[status]))
        for status, count in comparison.counts.items()
        if count
    )
    still = comparison.counts[Status.STILL_OPEN]
    hint = (
        " "
        + ngettext(
            "The {n} still open is listed with --all.",
            "The {n} still open are listed with --all.",
            still,
        ).format(n=still)
        if still and not everything
        else ""
    )
    return _("Controls: {counts}.").format(counts=counts) + hint


def compare_risk_table(comparison: Comparison) -> Table | str:
    """Harms whose risk level changed; one line when none did."""
    changed = comparison.risk_changes
    if not changed:
        return (
            _("Risk levels: no change.")
            if comparison.risks
            else _("Risk levels: no harm catalogue.")
        )
    table = Table(title=_("Risk level changes"), title_justify="left")
    for column in (N_("Harm"), N_("Change"), N_("Inherent"), N_("Residual"), N_("Suggested")):
        table.add_column(_(column), no_wrap=column == "Harm")
    for risk in changed:
        revisit = f" ({'; '.join(risk.revisit)})" if risk.revisit else ""
        table.add_row(
            risk.harm_id,
            escape(risk_change_words(risk.change) + revisit),
            _levels(risk.old_inherent, risk.new_inherent),
            _levels(risk.old_residual, risk.new_residual),
            _levels(risk.old_suggested, risk.new_suggested),
        )
    return table


def _levels(before: str | None, after: str | None) -> str:
    """`hoch → niedrig`: a risk level before and after, `—` where there was none."""
    return f"{shown_words(before) if before else '—'} → {shown_words(after) if after else '—'}"


def example_table(found: Sequence[Audience]) -> Table:
    """Each example with what it is, who it is for, its features and the harms it raises."""
    table = Table(title=_("Example products (fictional)"), title_justify="left", show_lines=True)
    table.add_column(_("Name"), no_wrap=True)
    table.add_column(_("Description"))
    for one in found:
        harms = _("Raises {n} of the {total} harms").format(n=len(one.harms), total=one.harms_total)
        if one.not_raised:
            harms += _("; not: {titles}").format(titles="; ".join(one.not_raised))
        lines = [
            one.example.description,
            _("For: {ages} ({audience})").format(ages=", ".join(one.ages), audience=one.audience),
            _("Features: {features}").format(features=", ".join(one.features)),
            harms,
        ]
        table.add_row(one.example.name, escape("\n".join(lines)))
    return table


def workshop_range_table(summary: Workshop) -> Table:
    """Each team's score, overall and per domain, and the lowest and highest of each.

    Teams are rows named by label (`team_legend` gives their names), so thirty
    teams fit 80 columns as well as two do.
    """
    table = Table(
        title=_("Scores by team"), title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 0)
    )
    table.add_column(_("Team"), no_wrap=True)
    for column in score_columns(summary):
        table.add_column(column, justify="right", no_wrap=True)
    for team in team_rows(summary):
        table.add_row(team.label, *team.scores)
    table.add_section()
    lowest, highest = extreme_cells(summary)
    table.add_row(_("Lowest"), *lowest)
    table.add_row(_("Highest"), *highest)
    return table


def team_legend(summary: Workshop) -> str:
    """Which team each label stands for, as one paragraph to wrap."""
    teams = "; ".join(f"{team.label} {escape(team.name)}" for team in team_rows(summary))
    return _("Teams: {teams}").format(teams=teams)


def workshop_spread_table(summary: Workshop, limit: int) -> Table:
    """The controls the teams disagree on most, which team gave which answer, the consensus."""
    shown = summary.disagreements[:limit]
    labels = team_labels(summary)
    title = ngettext("Top {n} disagreement", "Top {n} disagreements", len(shown))
    table = Table(title=title.format(n=len(shown)), title_justify="left")
    table.add_column(_("Control"), ratio=3)
    table.add_column(_("Spread"), justify="right", no_wrap=True)
    table.add_column(_("Answers by team"), ratio=3)
    table.add_column(_("Consensus"), ratio=2)
    for control in shown:
        table.add_row(
            f"{control.id} {escape(control.title)} ({severity_text(control.severity)})",
            "—" if control.spread is None else local_number(f"{control.spread:g}"),
            answer_groups_text(answer_groups(control, labels)),
            consensus_words(control, len(summary.teams)),
        )
    return table


def workshop_risk_table(summary: Workshop, limit: int) -> Table:
    """Each team's residual risk and decision per harm, the ratings furthest apart first."""
    shown = summary.rated_harms[:limit]
    labels = team_labels(summary)
    table = Table(title=_("Residual risk by team, disagreement first"), title_justify="left")
    table.add_column(_("Harm"), ratio=3)
    table.add_column(_("Spread"), justify="right", no_wrap=True)
    table.add_column(_("Residual and decision by team"), ratio=4)
    for harm in shown:
        groups = rating_groups(harm, labels, summary.levels)
        table.add_row(
            f"{harm.id} {escape(harm.title)}", spread_words(harm), answer_groups_text(groups)
        )
    return table


def workshop_notes(blocks: Sequence[NoteBlock]) -> str:
    """Each disputed control's or harm's notes by team, as indented lines (markup escaped)."""
    lines = []
    for block in blocks:
        lines.append(f"[bold]{block.id}[/bold] {escape(block.title)}")
        lines += [
            f"  {n.label} ({escape(shown_words(n.answer))}): {escape(n.note)}" for n in block.notes
        ]
    return "\n".join(lines)


def history_table(changes: Sequence[Change]) -> Table:
    table = Table(title=_("Changes of answers"), title_justify="left")
    for column in (N_("On"), N_("Id"), N_("From"), N_("To"), N_("By"), N_("Reason")):
        table.add_column(_(column))
    for change in changes:
        table.add_row(
            str(change.on),
            escape(change.id),
            escape(_shown(change.before)),
            escape(_shown(change.after)),
            escape(change.by),
            escape(change.reason),
        )
    return table


def _shown(value: str | list[str]) -> str:
    return ", ".join(value) if isinstance(value, list) else shown_words(value)


def due_table(items: Sequence[DueItem], today: date) -> Table:
    table = Table(title=_("Due as of {date}").format(date=today), title_justify="left")
    for column in (N_("Date"), N_("State"), N_("File"), N_("Kind"), N_("Id"), N_("Details")):
        table.add_column(_(column))
    for item in items:
        state = (
            styled(_("overdue"), "bold red") if item.overdue else escape(item.standing) or _("due")
        )
        table.add_row(
            str(item.on),
            state,
            escape(item.source),
            _(DUE_KIND_LABEL[item.kind]),
            escape(item.subject),
            escape(item.what),
        )
    return table


def risk_table(register: RiskRegister) -> Table:
    """The children's risk register: inherent and residual per harm, highest residual first."""
    table = Table(title=_("Children's risk register"), title_justify="left")
    table.add_column(_("Harm"), no_wrap=True)
    for column in (N_("Inherent"), N_("Suggested"), N_("Residual risk"), N_("Decision")):
        heading = _(column)
        whole = max(len(word) for word in heading.split())  # no heading word cut in two
        if column == "Suggested":  # wraps its note, so the others keep their headings whole
            table.add_column(heading, max_width=max(whole, 9))
        else:
            table.add_column(heading, min_width=whole)
    for line in register.by_residual():
        held = (
            _(" (held by {controls})").format(controls=", ".join(line.held_by))
            if line.held_by
            else ""
        )
        decision = shown_words(line.decision.value) if line.decision else ""
        if line.acceptance_expired:
            expired = _("expired")
            decision = styled(f"{decision}, {expired}", "bold red")
        residual = shown_words(line.residual) if line.residual else _("not assessed")
        if line.to_revisit:
            revisit = styled(_("to revisit"))
            residual = f"{residual}, {revisit}"
        table.add_row(
            line.harm_id,
            shown_words(line.inherent),
            shown_words(line.suggested_residual) + held,
            residual,
            decision,
        )
    notes = []
    if register.unassessed:
        notes.append(
            ngettext(
                "{count} of {total} harm not assessed yet.",
                "{count} of {total} harms not assessed yet.",
                len(register.lines),
            ).format(count=len(register.unassessed), total=len(register.lines))
        )
    notes += [escape(revisit_sentence(line)) for line in register.to_revisit]
    if register.untracked:
        notes.append(untracked_sentence(len(register.untracked), len(register.lines)))
    if notes:
        table.caption_justify = "left"
        table.caption = "\n".join(notes)
    return table
