"""The walk-through over an `Asker`: metadata, profile, scope, the controls, the risks.

It drives the step machine (`steps.Interview`) one prompt at a time, so tests
drive it with a script and the CLI with a terminal; what each screen says,
sized for 80×24, is in `text`. Each confirmed answer is saved before the next
prompt; an interruption at any prompt loses at most the answer being typed,
and a failed save is shown with the answer still on screen, to retry or stop.

At every prompt `b` goes back, `s` skips the question and `q` saves and quits
(`ACTION_KEYS`): they are actions, never recorded as text. At a question's
first prompt `?` shows its guidance and `w` why it matters; at a control's,
`j` jumps to a domain. Around the step machine this walk adds what only a
screen needs: the scope summary, the running score, the
teaching pages and the closing summary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.engine.scoring import score
from toolkit.i18n import _
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack
from toolkit.workflow.interview import text
from toolkit.workflow.interview.followups import announce_reconfirm
from toolkit.workflow.interview.prompts import retry_or_stop
from toolkit.workflow.interview.session import (
    ACTION_KEYS,
    Asker,
    Field,
    Outcome,
    Phase,
    Position,
    Save,
    Session,
    Step,
)
from toolkit.workflow.interview.steps import Interview, in_scope_ids
from toolkit.workflow.interview.text import GUIDANCE, JUMP, WHY
from toolkit.workflow.recording import changed_controls

DETAILS = "d"


def run_interview(
    pack: Pack, assessment: Assessment, asker: Asker, save: Save, session: Session
) -> Outcome:
    """Ask what this run should ask; return the assessment as saved and whether it finished."""
    walk = _Walk(pack, assessment, asker, save, session)
    position = walk.run(Interview(pack, assessment, session).begin(), (Phase.METADATA,))
    if walk.stopped:
        return Outcome(walk.assessment, finished=False)
    assessment, session = walk.assessment, walk.session
    new_profile = any(question.id not in assessment.profile for question in pack.profile)
    revisit = (
        session.review
        and not new_profile
        and asker.ask(_("Revisit the product profile too? y/n"), default="n")
        .lower()
        .startswith("y")
    )
    before = in_scope_ids(pack, assessment)
    if revisit:  # back from the first question still returns to the details just asked
        revisited = Interview(pack, assessment, session).begin(revisit_profile=True)
        position = replace(revisited, before=position.before)
    position = walk.run(position, (Phase.METADATA, Phase.PROFILE))
    if walk.stopped:
        return Outcome(walk.assessment, finished=False)
    if revisit:
        after = in_scope_ids(pack, walk.assessment)
        order = [control.id for control in pack.controls()]
        asker.show(
            text.rescope_text(
                [i for i in order if i in after - before], [i for i in order if i in before - after]
            ),
            title=_("Scope"),
        )
    asked = len(position.queue) if position.phase is Phase.CONTROLS else 0
    _show_scope(pack, walk.assessment, asker, session, asked, full=new_profile)
    announce_reconfirm(asker, walk.assessment)
    changed = changed_controls(pack, walk.assessment)
    if changed:
        asker.show(
            _(
                "The checklist changed since these answers: {ids} ask something "
                "different now and will be asked again. Unanswered controls (new ones among "
                "them) are asked too."
            ).format(ids=", ".join(changed)),
            title=f"{pack.title} {pack.version}",
        )
    walk.run(position, (Phase.CONTROLS, Phase.AGE, Phase.RECORD, Phase.HARMS))
    if walk.finished:
        show_summary(pack, walk.assessment, asker)
    return Outcome(walk.assessment, walk.finished)


def run_risk_step(
    pack: Pack, assessment: Assessment, asker: Asker, save: Save, session: Session
) -> Outcome:
    """Ask the record's method once, then each harm in turn; return what was saved."""
    walk = _Walk(pack, assessment, asker, save, session)
    position = Interview(pack, assessment, session).begin(risks_only=True)
    walk.run(position, (Phase.RECORD, Phase.HARMS))
    return Outcome(walk.assessment, walk.finished)


def show_summary(pack: Pack, assessment: Assessment, asker: Asker) -> None:
    """The closing scores, from the same scoring as every report."""
    asker.summary(score(pack, assessment))


@dataclass
class _Walk:
    """One run's prompts over the step machine, and what they saved."""

    pack: Pack
    assessment: Assessment
    asker: Asker
    save: Save
    session: Session
    stopped: bool = False
    finished: bool = False
    section: str = ""

    def run(self, position: Position, phases: tuple[Phase, ...]) -> Position:
        """Prompt until the walk leaves `phases`, stops or ends; return where it is."""
        fresh = True
        while position.phase in phases:
            interview = Interview(self.pack, self.assessment, self.session)
            step = interview.step(position)
            if step is None:
                break
            if fresh:
                self._arrive(step)
            reply = self.asker.ask(step.prompt, default=step.default)
            key = reply.lower()
            first = not position.draft
            if first and step.screen and self._explained(step, key):
                fresh = False
                continue
            if first and key == JUMP and position.phase is Phase.CONTROLS:
                position = self._jump(interview, position)
                fresh = True
                continue
            action = ACTION_KEYS.get(key)
            submitted = interview.submit(position, action or reply, self.save)
            while submitted.problem is not None:
                retry_or_stop(self.asker, submitted.problem, submitted.saved)
                submitted = interview.submit(position, action or reply, self.save)
            if submitted.refused:
                self.asker.show(submitted.refused)
                fresh = False
                continue
            self.assessment = submitted.assessment
            if submitted.answered_by:
                self.session = replace(
                    self.session, answered_by=submitted.answered_by, confirm_name=False
                )
            if submitted.said:
                self.asker.show(submitted.said)
            if submitted.stopped:
                self.stopped = True
                return position
            if submitted.recorded and position.phase is Phase.CONTROLS and self.session.teach:
                control = self.pack.control(submitted.recorded)
                if control is not None:
                    _show_paged(
                        self.asker,
                        text.teach_text(control),
                        _("{id} for the workshop").format(id=control.id),
                        _("the next question"),
                    )
            position, fresh = submitted.position, True
        self.finished = position.phase is Phase.DONE
        return position

    def _arrive(self, step: Step) -> None:
        if step.section != self.section and step.section_intro:
            self.asker.show(step.section_intro, title=step.section_title)
        self.section = step.section
        if step.screen:
            self.asker.show(step.screen, title=step.title)
        if step.note:
            self.asker.show(step.note)

    def _explained(self, step: Step, key: str) -> bool:
        """Show the guidance or why asked for at a question's first prompt."""
        if key == GUIDANCE and step.guidance:
            if step.field is Field.LIKELIHOOD:
                self.asker.show(step.guidance, title=_("{id} help").format(id=step.item))
                return True
            if step.field is Field.PROFILE:
                _show_paged(self.asker, step.guidance, step.title, _("the question"))
            else:
                title = _("{id} guidance").format(id=step.item)
                _show_paged(self.asker, step.guidance, title, _("the question"))
        elif key == WHY and step.why:
            title = _("{id} why it matters").format(id=step.item)
            _show_paged(self.asker, step.why, title, _("the question"))
        else:
            return False
        self.asker.show(step.screen, title=step.title)
        return True

    def _jump(self, interview: Interview, position: Position) -> Position:
        prefixes = interview.sections(position)
        reply = self.asker.ask(
            _("Jump to which domain ({prefixes}; enter to stay)").format(
                prefixes=", ".join(prefixes)
            )
        )
        if not reply:
            return position
        jumped = interview.jump(position, reply)
        if jumped.refused:
            self.asker.show(jumped.refused)
        return jumped.position


def _show_scope(
    pack: Pack, assessment: Assessment, asker: Asker, session: Session, asked: int, *, full: bool
) -> None:
    """The short scope summary when the profile was just given; one line on resume."""
    result = score(pack, assessment)
    answered, applying = text.applying_count(result, session.domains)
    if not full:
        asker.show(text.resume_text(asked, answered, applying))
        return
    summary = text.scope_text(pack, assessment, session.domains, asked, (answered, applying))
    asker.show(summary, title=_("Scope"))
    if any(o.scope == "out_of_scope" for o in result.controls):
        reply = asker.ask(_("Enter to begin, d to list the controls out of scope"))
        if reply.lower() == DETAILS:
            details = text.scope_details(pack, assessment, session.domains)
            _show_paged(asker, details, _("Out of scope"), _("the first question"))


def _show_paged(asker: Asker, content: str, title: str, then: str) -> None:
    """Show `content` a screen at a time, each waiting for Enter, so nothing scrolls away
    unread; the last prompt says what Enter leads to."""
    pages = text.screens(content)
    for number, page in enumerate(pages, start=1):
        more = number < len(pages)
        shown_title = (
            _("{title} ({number} of {count})").format(title=title, number=number, count=len(pages))
            if len(pages) > 1
            else title
        )
        asker.show(page, title=shown_title)
        asker.ask(_("Enter for more") if more else _("Enter for {then}").format(then=then))
