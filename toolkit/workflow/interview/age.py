"""The age-assurance record in the interview: one surface at a time, asked once.

Where the product checks age (`engine.age_assurance.assures_age`) and the record was
never made, the walk asks, after the controls and before the risk step, for each surface
where an age decides what a user may do (sign-up, existing accounts, contact features,
purchases, ...): the method (enter when age is not checked there), its kind, how it fares
on each ISO/IEC 27566-1 characteristic, the IEEE 2089.1 confidence level, the appeal
route and the review date. Each surface is saved when its last prompt is answered; the
record then exists (an empty one says no surface checks age) and is not asked again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from pydantic import ValidationError

from toolkit.engine.age_assurance import age_surfaces, assures_age
from toolkit.errors import AnswerError
from toolkit.i18n import _
from toolkit.model.age_assurance import (
    CHARACTERISTIC_HINT,
    CHARACTERISTIC_LABEL,
    CONFIDENCE_LABEL,
    KIND_LABEL,
    SURFACE_LABEL,
    AgeCheck,
    AgeMethodKind,
    AgeSurface,
    Characteristic,
    ConfidenceLevel,
)
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack
from toolkit.workflow.interview.followups import REMOVE
from toolkit.workflow.interview.prompts import NEEDS_AN_ANSWER
from toolkit.workflow.interview.session import (
    Choice,
    Field,
    InterviewPart,
    Position,
    Save,
    Step,
    Submitted,
    known,
    save_or_fail,
)
from toolkit.workflow.recording import parse_target_date, stamped

AGE_SECTION = "age"

CHARACTERISTIC_FIELD: dict[Field, Characteristic] = {
    Field.FUNCTIONAL: Characteristic.FUNCTIONAL,
    Field.PERFORMANCE: Characteristic.PERFORMANCE,
    Field.PRIVACY: Characteristic.PRIVACY,
    Field.SECURITY: Characteristic.SECURITY,
    Field.ACCEPTABILITY: Characteristic.ACCEPTABILITY,
}

CLEARABLE = (Field.METHOD, *CHARACTERISTIC_FIELD, Field.CONFIDENCE, Field.APPEAL)
"""The prompts whose line on record `-` clears (at the method: removes the check)."""

ORDER = (
    Field.METHOD,
    Field.AGE_KIND,
    *CHARACTERISTIC_FIELD,
    Field.CONFIDENCE,
    Field.APPEAL,
    Field.NEXT_REVIEW,
)

KINDS = tuple(AgeMethodKind)
LEVELS = tuple(ConfidenceLevel)


def age_record_due(pack: Pack, assessment: Assessment) -> tuple[str, ...]:
    """The surfaces to ask when the product checks age and the record was never made."""
    if assessment.age_assurance is not None or not assures_age(pack, assessment):
        return ()
    return tuple(surface.value for surface in age_surfaces(pack, assessment))


class AgeSteps(InterviewPart):
    """The age-assurance record's prompts and replies (part of `steps.Interview`)."""

    def _age_section(self, position: Position) -> dict[str, Any]:
        return {
            "section": AGE_SECTION,
            "section_title": _("Age-assurance record"),
            "section_intro": _(
                "For each place where an age decides what a user may do, say how age is "
                "checked there: the method, how it fares on the characteristics ISO/IEC "
                "27566-1 names, the confidence level in IEEE 2089.1's terms, how a user "
                "appeals a wrong decision, and when it is reviewed. The report prints it as "
                "one section, the basis of a practice statement. Enter at the method when "
                "age is not checked in that place."
            ),
        }

    def _age_field(self, position: Position) -> Field | None:
        replies = position.replies()
        for name in ORDER:
            if name not in replies:
                return name
        if Field.PAST_REVIEW not in replies:
            return Field.PAST_REVIEW
        return None

    def _age_step(self, position: Position) -> Step:
        surface = AgeSurface(position.item)
        label = _(SURFACE_LABEL[surface])
        current = (self.assessment.age_assurance or {}).get(surface)
        name = known(self._age_field(position))
        common = self._age_section(position)
        common["title"] = _("Age checks: {surface}").format(surface=label)
        if name is Field.METHOD:
            screen = _("Place {number} of {total}: {surface}").format(
                number=position.index + 1, total=len(position.queue), surface=label
            )
            if current is not None:
                screen += "\n" + _("On record: {method}").format(method=current.method)
            prompt = _("How is age checked here: the method and who provides it (enter if not)")
            if current is not None:
                prompt = _("How is age checked here (enter keeps it, - removes it)")
            return Step(
                position,
                surface.value,
                name,
                prompt,
                screen=screen,
                default=current.method if current else "",
                **common,
            )
        if name is Field.AGE_KIND:
            choices = tuple(
                Choice(str(number), kind.value, _(KIND_LABEL[kind]))
                for number, kind in enumerate(KINDS, start=1)
            )
            note = "  ".join(f"{c.key} {c.label}" for c in choices)
            default = str(KINDS.index(current.kind) + 1) if current else ""
            return Step(
                position,
                surface.value,
                name,
                _("What kind of method is it? Choose one number"),
                note=note,
                default=default,
                required=True,
                choices=choices,
                **common,
            )
        if name in CHARACTERISTIC_FIELD:
            characteristic = CHARACTERISTIC_FIELD[name]
            prompt = _("{characteristic} ({hint}; enter to skip, - clears)").format(
                characteristic=_(CHARACTERISTIC_LABEL[characteristic]),
                hint=_(CHARACTERISTIC_HINT[characteristic]),
            )
            earlier = current.characteristics.get(characteristic, "") if current else ""
            return Step(position, surface.value, name, prompt, default=earlier, **common)
        if name is Field.CONFIDENCE:
            choices = tuple(
                Choice(str(number), level.value, _(CONFIDENCE_LABEL[level]))
                for number, level in enumerate(LEVELS, start=1)
            )
            note = "  ".join(f"{c.key} {c.label}" for c in choices)
            level = current.confidence if current else None
            return Step(
                position,
                surface.value,
                name,
                _("Confidence level in IEEE 2089.1's terms (a number; enter if not assessed)"),
                note=note,
                default=str(LEVELS.index(level) + 1) if level else "",
                choices=choices,
                **common,
            )
        if name is Field.APPEAL:
            return Step(
                position,
                surface.value,
                name,
                _("How does a user appeal a wrong age decision? (enter if none, - clears)"),
                default=current.appeal if current else "",
                **common,
            )
        if name is Field.NEXT_REVIEW:
            earlier = current.review_on.isoformat() if current and current.review_on else ""
            return Step(
                position,
                surface.value,
                name,
                _("When is this method next reviewed? (YYYY-MM-DD)"),
                default=earlier,
                required=True,
                **common,
            )
        prompt = _("{day} is in the past; keep it? y/n").format(
            day=position.replies()[Field.NEXT_REVIEW]
        )
        return Step(position, surface.value, name, prompt, default="n", **common)

    def _submit_age(self, position: Position, name: Field, reply: str, save: Save) -> Submitted:
        surface = AgeSurface(position.item)
        record = dict(self.assessment.age_assurance or {})
        if name is Field.METHOD:
            if reply == REMOVE or not reply:
                record.pop(surface, None)
                return self._age_saved(position, record, save, surface, removed=True)
            return Submitted(self.assessment, position.given(name, reply))
        if name is Field.AGE_KIND:
            return Submitted(self.assessment, position.given(name, _choice(reply, KINDS).value))
        if name is Field.CONFIDENCE:
            value = _choice(reply, LEVELS).value if reply and reply != REMOVE else ""
            return Submitted(self.assessment, position.given(name, value))
        if name is Field.NEXT_REVIEW:
            if not reply:
                raise AnswerError(_(NEEDS_AN_ANSWER))
            day = parse_target_date(reply)
            given = position.given(name, day.isoformat())
            if day >= self.session.today:
                given = given.given(Field.PAST_REVIEW, "y")
                return self._age_check_done(given, record, save, surface)
            return Submitted(self.assessment, given)
        if name is Field.PAST_REVIEW:
            if not reply.lower().startswith("y"):
                kept = tuple(entry for entry in position.draft if entry[0] is not Field.NEXT_REVIEW)
                return Submitted(self.assessment, replace(position, draft=kept))
            return self._age_check_done(position.given(name, "y"), record, save, surface)
        # A line on record is kept by enter (its default) and cleared by -.
        return Submitted(self.assessment, position.given(name, "" if reply == REMOVE else reply))

    def _age_check_done(
        self,
        position: Position,
        record: dict[AgeSurface, AgeCheck],
        save: Save,
        surface: AgeSurface,
    ) -> Submitted:
        replies = position.replies()
        try:
            check = AgeCheck(
                method=replies[Field.METHOD],
                kind=AgeMethodKind(replies[Field.AGE_KIND]),
                characteristics={
                    characteristic: replies[field]
                    for field, characteristic in CHARACTERISTIC_FIELD.items()
                    if replies.get(field, "").strip()
                },
                confidence=ConfidenceLevel(replies[Field.CONFIDENCE])
                if replies.get(Field.CONFIDENCE)
                else None,
                appeal=replies.get(Field.APPEAL, ""),
                review_on=parse_target_date(replies[Field.NEXT_REVIEW]),
            )
        except ValidationError as error:
            raise AnswerError(str(error.errors()[0]["msg"])) from None
        record[surface] = check
        return self._age_saved(position, record, save, surface, removed=False)

    def _age_saved(
        self,
        position: Position,
        record: dict[AgeSurface, AgeCheck],
        save: Save,
        surface: AgeSurface,
        *,
        removed: bool,
    ) -> Submitted:
        label = _(SURFACE_LABEL[surface])
        if record == self.assessment.age_assurance:
            return Submitted(self.assessment, self._after(position, self.assessment))
        ordered = {s: record[s] for s in AgeSurface if s in record}
        updated = self.assessment.model_copy(update={"age_assurance": ordered})
        stamped_copy = stamped(updated, self.session.answered_by, self.session.today)
        what = (
            _("no age check at {surface}").format(surface=label)
            if removed
            else _("the age check at {surface}").format(surface=label)
        )
        save_or_fail(save, stamped_copy, what)
        return Submitted(
            stamped_copy,
            self._after(position, stamped_copy),
            saved=what,
            recorded=position.item,
        )


K = TypeVar("K", AgeMethodKind, ConfidenceLevel)


def _choice(reply: str, options: tuple[K, ...]) -> K:
    """The option a number or a value names; one sentence otherwise."""
    text = reply.strip().lower()
    for number, option in enumerate(options, start=1):
        if text in (str(number), option.value):
            return option
    raise AnswerError(
        _("{reply!r} is not one of the numbers 1 to {last}.").format(reply=reply, last=len(options))
    )
