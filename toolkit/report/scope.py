"""The report's Scope section: the product profile as answered, and what it leaves out and why.

The profile decides which controls are asked at all, so the report shows the
answers beside every control they exclude (grouped by the same reason, worded
as a sentence), the controls marked not applicable and the alternative
measures claimed instead of a control.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.engine.conditions import Context, reasons
from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.model.assessment import Answer
from toolkit.model.pack import JURISDICTIONS, Pack
from toolkit.model.result import Result, Scope
from toolkit.report.labels import NOT_ANSWERED
from toolkit.report.lines import control_title
from toolkit.report.summary import join_words


@dataclass(frozen=True)
class ScopeLine:
    id: str
    title: str
    reason: str


@dataclass(frozen=True)
class ScopeGroup:
    """Controls left out of scope by the same profile answers, with the reason as a sentence."""

    because: str
    controls: list[ScopeLine]


@dataclass(frozen=True)
class ScopeSection:
    """Everything the Scope section and the cover's scope line print."""

    profile: list[tuple[str, str]]
    """Each profile question with its answer in words."""
    line: str
    out_of_scope: list[ScopeLine]
    not_applicable: list[ScopeLine]
    alternatives: list[ScopeLine]
    groups: list[ScopeGroup]


def scope_section(evaluation: Evaluation) -> ScopeSection:
    """The profile as answered and the controls it leaves out, of one evaluated assessment."""
    pack, assessment, result = evaluation.pack, evaluation.assessment, evaluation.result
    context = Context(pack.profile, pack.conditions, assessment.profile)
    profile = [
        (
            question.text,
            ", ".join(
                context.label(question.id, value)
                for value in _values(assessment.profile.get(question.id))
            )
            or ("none" if question.id in assessment.profile else NOT_ANSWERED),
        )
        for question in pack.profile
    ]
    return ScopeSection(
        profile=profile,
        line=_scope_line(pack, result, profile),
        out_of_scope=_left_out(pack, result, "out_of_scope"),
        not_applicable=_left_out(pack, result, "not_applicable"),
        alternatives=[
            ScopeLine(o.id, control_title(pack, o.id), assessment.answers[o.id].note)
            for o in result.controls
            if o.scope == "in_scope" and o.answer == Answer.ALTERNATIVE
        ],
        groups=_scope_groups(pack, context, result),
    )


def _left_out(pack: Pack, result: Result, scope: Scope) -> list[ScopeLine]:
    """The controls with this scope, each with the reason the engine gave."""
    return [
        ScopeLine(o.id, control_title(pack, o.id), o.scope_reason)
        for o in result.controls
        if o.scope == scope
    ]


def _scope_line(pack: Pack, result: Result, profile: list[tuple[str, str]]) -> str:
    """The product's audience, where it is offered and how much of the checklist applies."""
    answers = dict(zip((q.id for q in pack.profile), (a for _, a in profile), strict=True))
    in_scope = sum(o.scope == "in_scope" for o in result.controls)
    parts = [
        _("{count} of {total} controls in scope").format(count=in_scope, total=len(result.controls))
    ]
    if "audience" in answers:
        audience = answers["audience"]  # only the first letter: German nouns keep theirs
        parts.append(_("audience: {audience}").format(audience=audience[:1].lower() + audience[1:]))
    if JURISDICTIONS in answers:
        parts.append(_("offered in: {places}").format(places=answers[JURISDICTIONS]))
    return "; ".join(parts)


def _scope_groups(pack: Pack, context: Context, result: Result) -> list[ScopeGroup]:
    """Out-of-scope controls grouped by the profile answers that exclude them."""
    questions = [q.text for q in pack.profile]
    groups: dict[str, list[ScopeLine]] = {}
    for outcome in result.controls:
        control = pack.control(outcome.id)
        if outcome.scope != "out_of_scope" or control is None or control.applies_when is None:
            continue
        facts = [_fact(fact, questions) for fact in reasons(control.applies_when, context, False)]
        because = (
            _("Not asked because {facts}").format(facts=join_words(facts))
            if facts
            else _("Not asked for this profile")
        )
        groups.setdefault(because, []).append(ScopeLine(control.id, control.title, because))
    return [ScopeGroup(because, lines) for because, lines in groups.items()]


def _fact(fact: str, questions: list[str]) -> str:
    """A profile fact as a clause: the answer to "Who is the product for?" is Adults only."""
    for text in questions:
        if fact.startswith(text + " "):
            return _("the answer to “{question}” is {answer}").format(
                question=text, answer=fact[len(text) + 1 :]
            )
    return fact


def _values(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value
