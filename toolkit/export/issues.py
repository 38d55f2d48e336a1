"""One tracker issue per gap: the words every tracker export shares.

Each issue says why the gap matters for children, what to do, which evidence
would close it and which framework sections ask for it, so whoever picks it
up in the tracker does not need the report open beside it. The sections are
kept as plain text; each target writes them in its tracker's markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.engine.evaluate import Evaluation
from toolkit.model.pack import Severity
from toolkit.model.plan import PlannedItem


@dataclass(frozen=True)
class Section:
    """A headed part of an issue's description: a paragraph or a list."""

    heading: str
    paragraph: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    """A gap as a tracker issue (plain text only, nothing tracker-specific)."""

    control_id: str
    title: str
    summary: tuple[str, ...]
    """The opening paragraphs: the question, the answer, the note, the owner."""
    sections: tuple[Section, ...]
    severity: Severity
    labels: list[str]
    due: date | None
    assignee: str


def issues(evaluation: Evaluation) -> list[Issue]:
    """One issue per gap, in the plan's priority order."""
    return [_issue(evaluation, item) for item in evaluation.plan.items]


def markdown(issue: Issue, heading: str = "## ", bullet: str = "- ") -> str:
    """The description with the given heading and list markers (Markdown by default)."""
    parts = list(issue.summary)
    for section in issue.sections:
        parts.append(f"{heading}{section.heading}")
        parts += [section.paragraph] if section.paragraph else []
        parts += ["\n".join(f"{bullet}{item}" for item in section.items)] if section.items else []
    return "\n\n".join(parts)


def _issue(evaluation: Evaluation, item: PlannedItem) -> Issue:
    pack = evaluation.pack
    control = pack.require_control(item.control_id)
    answer = item.answer.value if item.answer else "unanswered"
    given = evaluation.assessment.answers.get(item.control_id)
    summary = [
        control.question,
        f"Answered: {answer}; severity {item.severity.value}; "
        f"priority {item.priority:g} ({item.horizon.value}).",
    ]
    if given and given.note:
        summary.append(f"Note: {given.note}")
    action = item.action
    if action:
        ticket = f"; ticket {action.ticket}" if action.ticket else ""
        due = f", due {action.due}" if action.due else ""
        summary.append(f"Owner: {action.owner}{due}; status {action.status.value}{ticket}.")
    sections = [
        Section("Why it matters", paragraph=control.why.strip()),
        Section("What to do", items=tuple(control.remediation)),
    ]
    if control.evidence:
        sections.append(Section("Evidence asked for", items=tuple(control.evidence)))
    if control.references:
        sections.append(Section("Framework sections", items=_references(evaluation, item)))
    if item.acceptance:
        acceptance = item.acceptance
        state = "EXPIRED, treated as not accepted" if item.acceptance_expired else "in force"
        measures = (
            f" Compensating measures: {acceptance.compensating_measures}"
            if acceptance.compensating_measures
            else ""
        )
        text = (
            f"Accepted by {acceptance.approved_by} on {acceptance.approved_on} until "
            f"{acceptance.expires_on} ({state}): {acceptance.justification}{measures}"
        )
        sections.append(Section("Risk acceptance", paragraph=text))
    return Issue(
        control_id=item.control_id,
        title=f"{item.control_id} {control.title}",
        summary=tuple(summary),
        sections=tuple(sections),
        severity=item.severity,
        labels=["crbd", f"severity-{item.severity.value}", f"domain-{item.domain.lower()}"],
        due=(action.due if action else None) or item.target_date,
        assignee=action.owner if action else "",
    )


def _references(evaluation: Evaluation, item: PlannedItem) -> tuple[str, ...]:
    """Each cited section as `framework, ref: section title`."""
    pack = evaluation.pack
    lines = []
    for reference in pack.require_control(item.control_id).references:
        framework = pack.framework(reference.framework)
        section = framework.section(reference.ref) if framework else None
        name = framework.title if framework else reference.framework
        lines.append(f"{name}, {reference.ref}" + (f": {section.title}" if section else ""))
    return tuple(lines)
