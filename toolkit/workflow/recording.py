"""How answers enter an assessment: the one path for typed and supplied answers.

Every answer is recorded with who gave it and when, and with a fingerprint of
the control as it was asked (question, severity, scope condition). When a
newer pack changes a control's meaning, the fingerprints name the answers that
were given to a different question, so they are asked again instead of being
silently carried over.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Sequence
from datetime import date

from toolkit.errors import AnswerError
from toolkit.model.assessment import (
    Assessment,
    Change,
    ControlAnswer,
    with_answer,
    with_profile,
)
from toolkit.model.pack import Control, Pack, ProfileQuestion


def fingerprint(control: Control) -> str:
    """A short hash of what a control asks: its question (as the pack words it, whatever the
    language it is shown in), severity and scope condition."""
    scope = (
        control.applies_when.model_dump(mode="json", by_alias=True)
        if control.applies_when
        else None
    )
    asked = {
        "question": control.source_question,
        "severity": control.severity.value,
        "scope": scope,
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()[:12]


def changed_controls(pack: Pack, assessment: Assessment) -> list[str]:
    """Answered controls whose question, severity or scope changed since they were answered."""
    stored = assessment.pack.fingerprints
    return [
        control.id
        for control in pack.controls()
        if control.id in assessment.answers
        and control.id in stored
        and stored[control.id] != fingerprint(control)
    ]


def up_to_date(pack: Pack, assessment: Assessment) -> Assessment:
    """The assessment's pack reference brought in line with `pack` where that is provable.

    Answers given against this exact pack get their missing fingerprints. Once
    every answer carries the fingerprint of the current pack's control, the
    answers hold for the new version too, and the reference moves to it.
    """
    ref = assessment.pack
    if ref.id != pack.id:
        return assessment
    current = {control.id: fingerprint(control) for control in pack.controls()}
    same_pack = ref.version == pack.version and ref.content_hash in ("", pack.content_hash)
    fingerprints = dict(ref.fingerprints)
    if same_pack:
        for control_id in assessment.answers:
            if control_id in current:
                fingerprints.setdefault(control_id, current[control_id])
    update: dict[str, object] = {"fingerprints": fingerprints}
    answered = [control_id for control_id in assessment.answers if control_id in current]
    if all(fingerprints.get(control_id) == current[control_id] for control_id in answered):
        update |= {"version": pack.version, "content_hash": pack.content_hash}
    new_ref = ref.model_copy(update=update)
    if new_ref == ref:
        return assessment
    return assessment.model_copy(update={"pack": new_ref})


def record_answer(
    pack: Pack, assessment: Assessment, control: Control, answer: ControlAnswer, reason: str = ""
) -> Assessment:
    """A copy with one control's answer and the fingerprint of the control it answers.

    When it replaces a different answer, the change is appended to the history
    with who gave the new answer, when, and the reason if one was given.
    """
    earlier = assessment.answers.get(control.id)
    if earlier is not None and earlier.answer != answer.answer:
        assert answer.answered_on is not None, "recorded answers are dated"
        change = Change(
            id=control.id,
            before=earlier.answer.value,
            after=answer.answer.value,
            by=answer.answered_by,
            on=answer.answered_on,
            reason=reason.strip(),
        )
        assessment = with_change(assessment, change)
    answered = with_answer(assessment, control.id, answer)
    fingerprints = {**answered.pack.fingerprints, control.id: fingerprint(control)}
    ref = answered.pack.model_copy(update={"fingerprints": fingerprints})
    return up_to_date(pack, answered.model_copy(update={"pack": ref}))


def record_profile(
    assessment: Assessment,
    question: ProfileQuestion,
    value: str | list[str],
    by: str,
    on: date,
) -> Assessment:
    """A copy with one profile answer recorded (and its change, if it replaces another)."""
    earlier = assessment.profile.get(question.id)
    if earlier is not None and earlier != value:
        change = Change(id=question.id, before=earlier, after=value, by=by, on=on)
        assessment = with_change(assessment, change)
    return with_profile(assessment, question.id, value)


def with_change(assessment: Assessment, change: Change) -> Assessment:
    """A copy with one change appended to the history (it is never rewritten)."""
    return assessment.model_copy(update={"history": [*assessment.history, change]})


def stamped(assessment: Assessment, answered_by: str, today: date) -> Assessment:
    """A copy whose metadata records today's update and the person who answered."""
    metadata = assessment.metadata.model_copy(update={"updated_on": today})
    if metadata.started_on is None:
        metadata = metadata.model_copy(update={"started_on": today})
    if answered_by and answered_by not in metadata.assessors:
        metadata = metadata.model_copy(update={"assessors": [*metadata.assessors, answered_by]})
    return assessment.model_copy(update={"metadata": metadata})


def profile_value(question: ProfileQuestion, replies: Sequence[str]) -> str | list[str]:
    """A profile answer from option values or their 1-based numbers; one clear error otherwise."""
    values = []
    for reply in replies:
        text = reply.strip()
        if text.isdigit() and 1 <= int(text) <= len(question.options):
            values.append(question.options[int(text) - 1].value)
        elif question.option(text) is not None:
            values.append(text)
        else:
            allowed = ", ".join(option.value for option in question.options)
            raise AnswerError(
                f"{text!r} is not an answer to {question.id!r}; use one of {allowed} "
                f"or their numbers 1 to {len(question.options)}."
            )
    chosen = list(dict.fromkeys(values))
    if question.kind == "multi":
        return chosen
    if len(chosen) != 1:
        raise AnswerError(f"{question.id!r} takes exactly one answer.")
    return chosen[0]


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_target_date(text: str) -> date:
    """A planned answer's target date; an impossible date is named as such."""
    found = _DATE.fullmatch(text.strip())
    if not found:
        raise AnswerError(f"{text!r} is not a date in the form YYYY-MM-DD (e.g. 2027-03-31).")
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        raise AnswerError(f"{text!r} is not a real date: there is no month {month}.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise AnswerError(
            f"{text!r} is not a real date: {calendar.month_name[month]} {year} has {days} days."
        )
    return date(year, month, day)
