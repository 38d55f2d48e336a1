"""What the interview shows, as plain text sized for an 80×24 terminal.

Every screen of the interview is one block followed by one prompt, and each
block is kept short enough that the block and its prompt are on screen
together: long option lists go into two columns, the scope is counted by
reason (details on request), and the running score says it is provisional.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from toolkit.engine.conditions import Context, evaluate, reasons
from toolkit.i18n import N_, _, ngettext
from toolkit.model.assessment import ANSWER_KEYS, Assessment, ControlAnswer
from toolkit.model.pack import Control, Domain, Pack, ProfileQuestion
from toolkit.model.result import Result

WIDTH = 76
"""Text width inside a panel on an 80-column terminal."""
SCOPE_LINES = 8
"""Reasons listed in the scope summary; the rest are counted."""
COLUMNS_FROM = 8
"""Option lists longer than this are laid out in two columns."""
SECONDS_PER_QUESTION = 30
"""A rough pace for the time estimate: read, decide, add a note now and then."""

GUIDANCE, WHY, BACK, SKIP, JUMP, QUIT = "?", "w", "b", "s", "j", "q"
NAVIGATION = {
    GUIDANCE: N_("guidance"),
    WHY: N_("why"),
    BACK: N_("back"),
    SKIP: N_("skip"),
    JUMP: N_("jump"),
    QUIT: N_("save and quit"),
}
ANSWER_HELP = " · ".join(f"{key} {answer.value}" for key, answer in ANSWER_KEYS.items())


def navigation_help() -> str:
    """The navigation keys and what each does, in the language in force."""
    return " · ".join(f"{key} {_(what)}" for key, what in NAVIGATION.items())


def questions_count(count: int) -> str:
    return ngettext("{count} question", "{count} questions", count).format(count=count)


def duration(questions: int) -> str:
    """About how long `questions` take, in words."""
    minutes = math.ceil(questions * SECONDS_PER_QUESTION / 60)
    if minutes < 60:
        shown = max(minutes, 1)
        return ngettext("about {count} minute", "about {count} minutes", shown).format(count=shown)
    hours, rest = divmod(minutes, 60)
    rest = 5 * round(rest / 5)
    if rest:
        return ngettext(
            "about {hours} hour {minutes} minutes", "about {hours} hours {minutes} minutes", hours
        ).format(hours=hours, minutes=rest)
    return ngettext("about {hours} hour", "about {hours} hours", hours).format(hours=hours)


def options_text(question: ProfileQuestion, current: Sequence[str] = ()) -> str:
    """The question's help and numbered options; two columns when the list is long."""
    lines = textwrap.wrap(question.help, WIDTH) if question.help else []
    digits = len(str(len(question.options)))
    labels = [
        f"{number:>{digits}}. {option.label}" + (" *" if option.value in current else "")
        for number, option in enumerate(question.options, start=1)
    ]
    if lines:
        lines.append("")
    if len(labels) <= COLUMNS_FROM:
        lines += labels
    else:
        lines += _two_columns(labels)
    if current:
        lines += ["", _("* the current answer; enter keeps it.")]
    return "\n".join(lines)


def options_help(question: ProfileQuestion) -> str:
    """Each option with what it means (shown on request: the list is long)."""
    return "\n".join(
        f"{number}. {option.label}" + (f": {option.help}" if option.help else "")
        for number, option in enumerate(question.options, start=1)
    )


def _two_columns(labels: list[str]) -> list[str]:
    half = math.ceil(len(labels) / 2)
    width = (WIDTH - 2) // 2
    lines = []
    for left, right in zip(labels[:half], [*labels[half:], ""], strict=False):
        left_lines = textwrap.wrap(left, width, subsequent_indent="    ")
        right_lines = textwrap.wrap(right, width, subsequent_indent="    ") or [""]
        for row in range(max(len(left_lines), len(right_lines))):
            cell = left_lines[row] if row < len(left_lines) else ""
            other = right_lines[row] if row < len(right_lines) else ""
            lines.append(f"{cell:<{width}}  {other}".rstrip())
    return lines


def scope_text(
    pack: Pack,
    assessment: Assessment,
    domains: Sequence[str],
    asked: int,
    counts: tuple[int, int],
) -> str:
    """What applies, the controls out of scope counted by the profile fact that excludes
    them (the ids on request: `scope_details`), and what this run asks."""
    out = _out_of_scope(pack, assessment, domains)
    answered, applying = counts
    lines = [
        ngettext(
            "{applying} of {total} controls apply to this product; {out} is out of scope.",
            "{applying} of {total} controls apply to this product; {out} are out of scope.",
            len(out),
        ).format(applying=applying, total=applying + len(out), out=len(out))
    ]
    by_fact: dict[str, int] = {}
    for facts in out.values():
        for fact in facts:
            by_fact[fact] = by_fact.get(fact, 0) + 1
    if by_fact:
        lines += ["", _("Out of scope because:")]
        ranked = sorted(by_fact.items(), key=lambda item: -item[1])
        for fact, count in ranked[:SCOPE_LINES]:
            lines.append(f"{count:>5}  " + textwrap.shorten(fact, WIDTH - 7, placeholder="…"))
        if len(ranked) > SCOPE_LINES:
            more = len(ranked) - SCOPE_LINES
            lines.append(
                "       "
                + ngettext("and {count} more reason.", "and {count} more reasons.", more).format(
                    count=more
                )
            )
    lines += ["", _run_text(asked, answered, applying)]
    return "\n".join(lines)


def scope_details(pack: Pack, assessment: Assessment, domains: Sequence[str]) -> str:
    """Every out-of-scope control id, grouped by the profile facts that exclude it."""
    grouped: dict[str, list[str]] = {}
    for control_id, facts in _out_of_scope(pack, assessment, domains).items():
        grouped.setdefault("; ".join(facts), []).append(control_id)
    return "\n".join(f"{reason}: {', '.join(ids)}" for reason, ids in grouped.items())


def _out_of_scope(
    pack: Pack, assessment: Assessment, domains: Sequence[str]
) -> dict[str, list[str]]:
    """Out-of-scope control ids of the run's domains, each with the facts that exclude it."""
    context = Context(pack.profile, pack.conditions, assessment.profile)
    return {
        control.id: reasons(control.applies_when, context, False)
        for domain in pack.domains
        if not domains or domain.prefix in domains
        for control in domain.controls
        if control.applies_when is not None and evaluate(control.applies_when, context) is False
    }


def _run_text(asked: int, answered: int, applying: int) -> str:
    if asked == 0:
        return _("{answered} of {applying} answered; nothing to ask in this run.").format(
            answered=answered, applying=applying
        )
    return _("This run asks {questions}, {duration}.").format(
        questions=questions_count(asked), duration=duration(asked)
    )


def resume_text(asked: int, answered: int, applying: int) -> str:
    """The one line a resumed run opens with."""
    return _("Resuming: {answered} of {applying} answered. {run}").format(
        answered=answered, applying=applying, run=_run_text(asked, answered, applying)
    )


def rescope_text(came_in: Sequence[str], went_out: Sequence[str]) -> str:
    """What a changed profile brought into scope or took out of it."""
    if not came_in and not went_out:
        return _("The profile changes no control's scope.")
    parts = []
    if came_in:
        parts.append(
            _("Now in scope ({count}): {ids}.").format(count=len(came_in), ids=", ".join(came_in))
        )
    if went_out:
        parts.append(
            _(
                "Now out of scope ({count}): {ids}; their answers are kept but no longer count."
            ).format(count=len(went_out), ids=", ".join(went_out))
        )
    return "\n".join(textwrap.fill(part, WIDTH) for part in parts)


def domain_intro(domain: Domain, count: int) -> str:
    description = textwrap.fill(" ".join(domain.description.split()), WIDTH)
    here = _("{questions} here in this run.").format(questions=questions_count(count))
    return f"{description}\n\n{here}" if description else here


def control_text(
    control: Control,
    position: tuple[int, int],
    in_domain: tuple[int, int],
    overall: tuple[int, int],
    current: ControlAnswer | None,
) -> str:
    """The control's question with where it is, its current answer and the key legend."""
    (number, of), (in_number, in_of), (answered, applying) = position, in_domain, overall
    prefix = control.id.rsplit("-", 1)[0]
    lines = [
        _(
            "Question {number} of {of} · {prefix} {in_number} of {in_of} · "
            "{severity} · {answered} of {applying} answered"
        ).format(
            number=number,
            of=of,
            prefix=prefix,
            in_number=in_number,
            in_of=in_of,
            severity=control.severity.value,
            answered=answered,
            applying=applying,
        ),
        "",
        control.question.strip(),
        "",
    ]
    if current is not None:
        note = f" ({current.note})" if current.note else ""
        lines.append(
            _("Current answer: {answer}{note}; enter keeps it.").format(
                answer=current.answer.value, note=note
            )
        )
    lines += [ANSWER_HELP, navigation_help()]
    return "\n".join(lines)


def guidance_text(control: Control) -> str:
    parts = [_("What a full yes looks like: {guidance}").format(guidance=control.guidance.strip())]
    if control.evidence:
        parts.append(_("Evidence examples:") + "\n" + "\n".join(f"- {e}" for e in control.evidence))
    parts.append(
        _("Partial means: {partial}").format(partial=control.partial.strip())
        if control.partial
        else _("Partial means: in place on some surfaces, for some age bands, or not by default.")
    )
    return "\n\n".join(parts)


def teach_text(control: Control) -> str:
    return (
        _("Why it matters: {why}").format(why=control.why.strip()) + "\n\n" + guidance_text(control)
    )


def answer_text(control: Control, answer: ControlAnswer) -> str:
    note = f" ({answer.note})" if answer.note else ""
    return f"{control.id} {answer.answer.value}{note}"


def progress_text(result: Result, domain: Domain) -> str:
    """The domain's running score over its answered controls only, marked provisional.

    Unanswered controls count as zero in the final score; counting them here
    would show every domain Red after its first answer.
    """
    mine = [o for o in result.controls if o.domain == domain.prefix and o.scope != "out_of_scope"]
    answered = [o for o in mine if o.answer is not None]
    scored = [o for o in answered if o.scope == "in_scope"]
    weight = sum(o.weight for o in scored)
    counts = _("{answered} of {total} answered").format(answered=len(answered), total=len(mine))
    if not weight:
        return _("Saved. {domain}: not scored yet ({counts}).").format(
            domain=domain.prefix, counts=counts
        )
    value = 100 * sum(o.weight * (o.credit or 0.0) for o in scored) / weight
    return _("Saved. {domain} so far: {value}/100, provisional ({counts}).").format(
        domain=domain.prefix, value=f"{value:.0f}", counts=counts
    )


def applying_count(result: Result, domains: Sequence[str] = ()) -> tuple[int, int]:
    """(answered, applying) over the controls in scope or not applicable."""
    mine = [
        o
        for o in result.controls
        if o.scope != "out_of_scope" and (not domains or o.domain in domains)
    ]
    return sum(o.answer is not None for o in mine), len(mine)


def jump_refusal(pack: Pack, reply: str, prefixes: Sequence[str]) -> str:
    if pack.domain(reply):
        return _(
            "No questions in {domain} in this run (answered ones can be revisited with --review)."
        ).format(domain=reply)
    return _("No domain {domain}; use one of {prefixes}.").format(
        domain=reply, prefixes=", ".join(prefixes)
    )


SCREEN_LINES = 19
"""Lines of text per screen: with a panel's borders, a title and a prompt, within 24."""


def screens(text: str) -> list[str]:
    """`text` cut into screens of at most SCREEN_LINES lines once wrapped, between
    paragraphs where it can be, else between the lines of a long paragraph."""
    pages: list[list[str]] = [[]]
    used = 0
    for paragraph in text.split("\n\n"):
        for number, line in enumerate(paragraph.split("\n")):
            height = len(textwrap.wrap(line, WIDTH)) or 1
            gap = 1 if number == 0 and pages[-1] else 0
            if pages[-1] and used + gap + height > SCREEN_LINES:
                pages.append([])
                used, gap = 0, 0
            if gap:
                pages[-1].append("")
            pages[-1].append(line)
            used += gap + height
    return ["\n".join(page) for page in pages if page]
