"""One tracker issue per gap: the words every tracker export shares.

Each issue says why the gap matters for children, what to do, which evidence
would close it and which framework sections ask for it, so whoever picks it
up in the tracker does not need the report open beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.engine.evaluate import Evaluation
from toolkit.model.pack import Severity
from toolkit.model.plan import PlannedItem


@dataclass(frozen=True)
class Issue:
    """A gap as a tracker issue (plain text and Markdown only, nothing tracker-specific)."""

    control_id: str
    title: str
    body: str
    severity: Severity
    labels: list[str]
    due: date | None
    assignee: str


def issues(evaluation: Evaluation) -> list[Issue]:
    """One issue per gap, in the plan's priority order."""
    return [_issue(evaluation, item) for item in evaluation.plan.items]


def _issue(evaluation: Evaluation, item: PlannedItem) -> Issue:
    pack = evaluation.pack
    control = pack.require_control(item.control_id)
    answer = item.answer.value if item.answer else "unanswered"
    given = evaluation.assessment.answers.get(item.control_id)
    parts = [
        f"{control.question}",
        f"Answered: {answer}; severity {item.severity.value}; "
        f"priority {item.priority:g} ({item.horizon.value}).",
    ]
    if given and given.note:
        parts.append(f"Note: {given.note}")
    parts += ["## Why it matters", control.why.strip()]
    parts += ["## What to do", "\n".join(f"- {step}" for step in control.remediation)]
    if control.evidence:
        parts += ["## Evidence asked for", "\n".join(f"- {e}" for e in control.evidence)]
    if control.references:
        lines = []
        for reference in control.references:
            framework = pack.framework(reference.framework)
            section = framework.section(reference.ref) if framework else None
            name = framework.title if framework else reference.framework
            lines.append(f"- {name} {reference.ref}" + (f": {section.title}" if section else ""))
        parts += ["## Framework sections", "\n".join(lines)]
    if item.acceptance:
        acceptance = item.acceptance
        state = "EXPIRED" if item.acceptance_expired else "in force"
        parts += [
            "## Risk acceptance",
            f"Accepted by {acceptance.approved_by} on {acceptance.approved_on} until "
            f"{acceptance.expires_on} ({state}): {acceptance.justification}",
        ]
    action = item.action
    labels = ["crbd", f"severity-{item.severity.value}", f"domain-{item.domain.lower()}"]
    return Issue(
        control_id=item.control_id,
        title=f"{item.control_id} {control.title}",
        body="\n\n".join(parts) + f"\n\n(crbd, pack {pack.id} {pack.version})",
        severity=item.severity,
        labels=labels,
        due=(action.due if action else None) or item.target_date,
        assignee=action.owner if action else "",
    )
