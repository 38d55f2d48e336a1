"""The first phase of a walk (part of `steps.Interview`): the product's name, version and
organisation for a file that names no product, then who is answering when the session
confirms it. One prompt each; the replies are kept in the position's draft and recorded
together, stamped with the name given, once the last one is given."""

from __future__ import annotations

from dataclasses import replace

from toolkit.errors import AnswerError
from toolkit.i18n import N_, _
from toolkit.model.assessment import Assessment
from toolkit.workflow.interview.prompts import NEEDS_AN_ANSWER
from toolkit.workflow.interview.session import (
    Action,
    Field,
    InterviewPart,
    Phase,
    Position,
    Save,
    Session,
    Step,
    Submitted,
    save_or_fail,
)
from toolkit.workflow.recording import stamped

PRODUCT_FIELDS = (Field.PRODUCT, Field.PRODUCT_VERSION, Field.ORGANISATION)
PROMPTS = {
    Field.PRODUCT: N_("Product name"),
    Field.PRODUCT_VERSION: N_("Product version (enter to skip)"),
    Field.ORGANISATION: N_("Organisation (enter to skip)"),
    Field.ASSESSOR: N_("Your name, recorded with each answer"),
}
"""The metadata prompts, in the order asked (untranslated: shown through `_`)."""
REQUIRED = (Field.PRODUCT, Field.ASSESSOR)
"""The metadata a walk cannot do without: an empty reply is refused (`NEEDS_AN_ANSWER`)."""


def last_assessor(assessment: Assessment) -> str:
    """Who answered this file last, the natural default for who answers now."""
    return assessment.metadata.assessors[-1] if assessment.metadata.assessors else ""


def metadata_fields(assessment: Assessment, session: Session) -> tuple[Field, ...]:
    """The metadata prompts a run asks: the product's for a file without one, the name
    when the session confirms it."""
    asked = PRODUCT_FIELDS if not assessment.metadata.product else ()
    return (*asked, Field.ASSESSOR) if session.confirm_name else asked


class MetadataSteps(InterviewPart):
    """The metadata prompts and replies (part of `steps.Interview`)."""

    def _metadata_value(self, name: Field) -> str:
        """What this prompt holds now: the file's metadata, or the name answering."""
        if name is Field.ASSESSOR:
            if self.session.confirm_name:
                return last_assessor(self.assessment)  # never a guess from the system
            return self.session.answered_by
        return str(getattr(self.assessment.metadata, name.value))

    def _metadata_step(self, position: Position) -> Step:
        name = Field(position.item)
        given = dict(position.draft)
        # A product prompt returned to shows what was recorded; a new file has nothing yet.
        default = given.get(name, self._metadata_value(name))
        return Step(
            position,
            name.value,
            name,
            _(PROMPTS[name]),
            default=default,
            required=name in REQUIRED,
            section="metadata",
        )

    def _metadata_back(self, position: Position) -> Position:
        """From the first profile question back to the last metadata prompt asked."""
        fields = [Field(item) for item in position.before]
        draft = tuple((name, self._metadata_value(name)) for name in fields[:-1])
        return Position(Phase.METADATA, position.before, len(fields) - 1, draft)

    def _act_metadata(self, position: Position, action: Action) -> Submitted:
        """Back to the previous metadata prompt, or quit with nothing of them recorded."""
        if action is Action.QUIT:
            return Submitted(self.assessment, position, stopped=True)
        if position.index > 0:
            earlier = replace(
                position, index=position.index - 1, draft=position.draft[: position.index - 1]
            )
            return Submitted(self.assessment, earlier)
        return Submitted(
            self.assessment, position, said=_("This is the first question of this run.")
        )

    def _submit_metadata(self, position: Position, reply: str, save: Save) -> Submitted:
        name = Field(position.item)
        if not reply and name in REQUIRED:
            raise AnswerError(_(NEEDS_AN_ANSWER))
        draft = (*position.draft[: position.index], (name, reply))
        if position.index + 1 < len(position.queue):
            return Submitted(
                self.assessment, replace(position, index=position.index + 1, draft=draft)
            )
        given = dict(draft)
        answering = given.get(Field.ASSESSOR, self.session.answered_by)
        metadata = self.assessment.metadata
        if Field.PRODUCT in given:
            metadata = metadata.model_copy(
                update={name.value: given.get(name, "") for name in PRODUCT_FIELDS}
            )
        assessment = self.assessment
        saved = ""
        if metadata != self.assessment.metadata:
            assessment = stamped(
                self.assessment.model_copy(update={"metadata": metadata}),
                answering,
                self.session.today,
            )
            saved = _("product {product}").format(product=metadata.product)
            save_or_fail(save, assessment, saved)
        following = self._after(position, assessment)
        return Submitted(
            assessment,
            replace(following, before=position.queue)
            if following.phase is Phase.PROFILE
            else following,
            saved=saved,
            answered_by=given.get(Field.ASSESSOR, ""),
        )
