"""Every change the browser makes, through the same interview session as the terminal.

Each save takes the file's lock, reads the file again under it, and gives the
interview (`toolkit.workflow.interview.Interview`) the form's replies to the
prompts it asks for that one answer, in its order: the follow-ups, their
defaults, the answers files' validation and messages, the history and the
atomic save are all the interview's, so the browser and the terminal cannot
record the same reply two ways. A page carries the stamp of the
answer it showed; when the file holds another answer for that control by the
time the save arrives (another browser, a terminal `crbd assess --answer`, an
editor), nothing is written and both answers are returned to be shown.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.errors import CrbdError, UsageProblem
from toolkit.i18n import SOURCE_LANGUAGE, _, current_language
from toolkit.model.age_assurance import AgeSurface
from toolkit.model.assessment import (
    ANSWER_KEYS,
    Assessment,
    ControlAnswer,
    Decision,
    Metadata,
    new_assessment,
    with_metadata,
)
from toolkit.model.files import GuardedSaves, load_assessment, save_assessment
from toolkit.model.overlays import translated
from toolkit.model.packs import DEFAULT_PACK, load_pack, resolve_pack
from toolkit.workflow.interview import (
    Field,
    Interview,
    Phase,
    Position,
    Save,
    Session,
    harms_to_ask,
    last_assessor,
)
from toolkit.workflow.interview.age import CLEARABLE
from toolkit.workflow.interview.followups import REMOVE
from toolkit.workflow.lock import UNATTENDED_WAIT, assessment_lock
from toolkit.workflow.opening import Opened, from_baseline, open_assessment
from toolkit.workflow.signoff import signed


def stamp(answer: ControlAnswer | None) -> str:
    """A short fingerprint of one control's answer as a page showed it ("none": unanswered)."""
    if answer is None:
        return "none"
    data = json.dumps(answer.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Given:
    """One control's answer as typed in a form: the interview's replies by prompt."""

    answer: str
    note: str = ""
    evidence: str = ""
    """Evidence to add: `what shows it | link`."""
    owner: str = ""
    due: str = ""
    target_date: str = ""
    reason: str = ""
    keep: str = ""
    """"y" keeps the evidence given with an earlier, different answer."""
    past_date: str = ""
    """"y" keeps a target date in the past."""

    def replies(self) -> dict[Field, str]:
        """The replies to the prompts the interview may ask for this answer."""
        return {
            Field.ANSWER: self.answer,
            Field.KEEP: self.keep,
            Field.NOTE: self.note,
            Field.TARGET_DATE: self.target_date,
            Field.PAST_DATE: self.past_date,
            Field.EVIDENCE: self.evidence,
            Field.ACTION: f"{self.owner} {self.due}".strip(),
            Field.REASON: self.reason,
        }


@dataclass(frozen=True)
class Conflict:
    """The control changed on file since the page was loaded: nothing was written."""

    theirs: ControlAnswer | None
    mine: Given


@dataclass(frozen=True)
class Refused:
    """The interview refused a reply: which prompt, and its sentence; nothing was written."""

    field: Field
    prompt: str
    message: str


def read(path: Path, pack_dirs: Sequence[Path]) -> tuple[Opened, Evaluation]:
    """The assessment as it is on file now, and its evaluation, the pack's text in the
    language in force."""
    opened = _open(path, pack_dirs)
    return opened, evaluate(opened.pack, opened.assessment)


def _open(path: Path, pack_dirs: Sequence[Path]) -> Opened:
    """The assessment and its pack, the pack's text in the language in force where its
    overlay has it (English elsewhere). Only text changes: what an answer records, its
    fingerprint included, is the same in every language, as in the terminal."""
    opened = open_assessment(path, pack_dirs)
    return replace(opened, pack=translated(opened.pack, current_language()))


def language_of(path: Path) -> str:
    """The language an assessment file records (English for one that names none, or that
    cannot be read: its page says why)."""
    try:
        found = path.stat()
    except OSError:
        return SOURCE_LANGUAGE
    return _language_of(path, found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=256)
def _language_of(path: Path, _mtime: int, _size: int) -> str:
    try:
        return load_assessment(path).language
    except CrbdError:
        return SOURCE_LANGUAGE


def who(assessment: Assessment, named: str) -> str:
    """Who answers: the name given in the browser, else the file's last assessor, else the
    system user (as in the terminal)."""
    return named.strip() or last_assessor(assessment) or getpass.getuser()


def drive(
    interview: Interview, position: Position, replies: Mapping[Field, str], save: Save
) -> Assessment | Refused:
    """Answer the item at `position` with a form's replies, prompt by prompt, as the
    interview asks them (the follow-ups it asks depend on the answer); the interview saves
    the answer once it has all it needs. A prompt asked again, or refused, is returned."""
    first = interview.step(position)
    item, asked = (first.item if first else None), set()
    while (step := interview.step(position)) is not None and step.item == item:
        if step.field in asked:  # the form's reply did not satisfy it
            return Refused(step.field, step.prompt, _("This needs an answer."))
        asked.add(step.field)
        done = interview.submit(position, replies.get(step.field, ""), save)
        if done.refused:
            return Refused(step.field, step.prompt, done.refused)
        interview = Interview(interview.pack, done.assessment, interview.session)
        if (item and done.recorded == item) or done.position.phase is not position.phase:
            break
        position = done.position
    return interview.assessment


def save_answer(
    path: Path,
    pack_dirs: Sequence[Path],
    control_id: str,
    given: Given,
    seen: str,
    named: str,
    today: date,
) -> Assessment | Conflict | Refused:
    """Record one control's answer under the lock, through the interview, unless the file's
    answer changed since the page showed `seen`."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        saves = GuardedSaves(path)
        opened = _open(path, pack_dirs)
        pack, assessment = opened.pack, opened.assessment
        control = pack.control(control_id)
        if control is None:
            raise UsageProblem(
                _("{id} is not a control of pack {pack}.").format(id=control_id, pack=pack.id)
            )
        current = assessment.answers.get(control.id)
        if stamp(current) != seen and not _same(current, given):
            return Conflict(current, given)
        session = Session(who(assessment, named), today, review=True)
        position = Position(Phase.CONTROLS, (control.id,))
        return drive(Interview(pack, assessment, session), position, given.replies(), saves.save)


def save_risk(
    path: Path,
    pack_dirs: Sequence[Path],
    harm_id: str,
    replies: Mapping[str, str],
    named: str,
    today: date,
) -> Assessment | Refused:
    """Record one harm's risk assessment under the lock, through the interview's risk step
    (levels checked against the matrix, the residual reason asked where the residual
    differs from crbd's suggestion, an acceptance for an accepted risk)."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        saves = GuardedSaves(path)
        opened = _open(path, pack_dirs)
        if opened.pack.harm(harm_id) is None:
            raise UsageProblem(
                _("{id} is not a harm of pack {pack}.").format(id=harm_id, pack=opened.pack.id)
            )
        session = Session(who(opened.assessment, named), today)
        given = {name: replies.get(name.value, "") for name in Field}
        position = Position(Phase.HARMS, (harm_id,))
        interview = Interview(opened.pack, opened.assessment, session)
        return drive(interview, position, given, saves.save)


def save_risk_record(
    path: Path,
    pack_dirs: Sequence[Path],
    replies: Mapping[str, str],
    named: str,
    today: date,
) -> Assessment | Refused:
    """Record how the children's risk assessment is done (method, sources, children's views,
    next review) under the lock, through the interview's risk step."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        saves = GuardedSaves(path)
        opened = _open(path, pack_dirs)
        session = Session(who(opened.assessment, named), today)
        harms = tuple(harms_to_ask(opened.pack, opened.assessment, replace(session, review=True)))
        if not harms:
            raise UsageProblem(_("This product has no harm to assess."))
        given = {name: replies.get(name.value, "") for name in Field}
        interview = Interview(opened.pack, opened.assessment, session)
        return drive(interview, Position(Phase.RECORD, harms), given, saves.save)


def save_age_check(
    path: Path,
    pack_dirs: Sequence[Path],
    surface: str,
    replies: Mapping[str, str],
    named: str,
    today: date,
) -> Assessment | Refused:
    """Record how age is checked at one surface (an empty method records that it is not
    checked there) under the lock, through the interview's age-assurance step."""
    try:
        place = AgeSurface(surface)
    except ValueError:
        raise UsageProblem(
            _("{surface!r} is not a place crbd records age checks for.").format(surface=surface)
        ) from None
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        saves = GuardedSaves(path)
        opened = open_assessment(path, pack_dirs)
        session = Session(who(opened.assessment, named), today)
        given = {name: replies.get(name.value, "") for name in Field}
        for name in CLEARABLE:  # the form shows every line: an emptied one is cleared
            if not given[name].strip():
                given[name] = REMOVE
        interview = Interview(opened.pack, opened.assessment, session)
        return drive(interview, Position(Phase.AGE, (place.value,)), given, saves.save)


def _same(current: ControlAnswer | None, given: Given) -> bool:
    """Whether the answer on file already says what the form says (saving it changes nothing
    another person gave)."""
    if current is None:
        return False
    word = given.answer.strip().lower()
    word = ANSWER_KEYS[word].value if word in ANSWER_KEYS else word
    return current.answer.value == word and current.note == given.note.strip()


def save_profile(
    path: Path,
    pack_dirs: Sequence[Path],
    values: Mapping[str, list[str]],
    named: str,
    today: date,
) -> Assessment | Refused:
    """Record the profile answers given, one question at a time through the interview,
    under the lock."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        saves = GuardedSaves(path)
        opened = _open(path, pack_dirs)
        assessment = opened.assessment
        session = Session(who(assessment, named), today)
        for question in opened.pack.profile:
            if not values.get(question.id):  # left open (or none ticked): asked again later
                continue
            reply = {Field.PROFILE: ",".join(values[question.id])}
            position = Position(Phase.PROFILE, (question.id,))
            done = drive(Interview(opened.pack, assessment, session), position, reply, saves.save)
            if isinstance(done, Refused):
                return Refused(done.field, question.text, done.message)
            assessment = done
        return assessment


def save_metadata(
    path: Path, pack_dirs: Sequence[Path], fields: Mapping[str, str], today: date
) -> Assessment:
    """Record the product, version and organisation given, under the lock."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        opened = open_assessment(path, pack_dirs)
        updated = with_metadata(opened.assessment, **{k: v.strip() for k, v in fields.items()})
        save_assessment(updated, path)
        return updated


def sign(
    path: Path,
    pack_dirs: Sequence[Path],
    reviewer: str,
    decision: Decision,
    comment: str,
    today: date,
) -> Assessment:
    """Append a reviewer's sign-off, bound to the assessment's hash, under the lock."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        opened = open_assessment(path, pack_dirs)
        updated = signed(opened.assessment, reviewer, decision, comment, today)
        save_assessment(updated, path)
        return updated


def create(path: Path, pack_dirs: Sequence[Path]) -> None:
    """A new, blank assessment at `path` against the default pack, made in the language in
    force (it keeps it, as one the terminal makes); never over a file."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        if path.exists():
            raise UsageProblem(
                _("{name} already exists; choose another name.").format(name=path.name)
            )
        pack = load_pack(resolve_pack(DEFAULT_PACK, pack_dirs))
        save_assessment(new_assessment(pack, current_language()), path)


def create_from(path: Path, baseline: Path, pack_dirs: Sequence[Path]) -> None:
    """A new assessment at `path` from an earlier one (`crbd assess NEW --from OLD`): its
    profile, answers, evidence and actions, every answer to reconfirm."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        started = from_baseline(path, baseline, pack_dirs)
        save_assessment(started.assessment, path)


TEAM_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""The letters of a team's code: no 0/O or 1/I to misread from a screen."""


def team_code() -> str:
    """A short code a team types to join (six characters, about 30 bits)."""
    return "".join(secrets.choice(TEAM_CODE) for _ in range(6))


def team_file_name(team: str) -> str:
    """The file name of a team's assessment: `team-` and its name in letters and digits."""
    slug = re.sub(r"[^a-z0-9]+", "-", team.strip().lower()).strip("-")[:40]
    if not slug:
        raise UsageProblem(_("Give the team a name with a letter or a digit in it."))
    return f"team-{slug}.yaml"


def create_team(path: Path, example: Path, team: str) -> None:
    """A team's file: the example's product and profile, no answers, the team as assessor,
    in the language of the workshop's page."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        if path.exists():
            raise UsageProblem(
                _("{name} already exists; choose another team name.").format(name=path.name)
            )
        source = load_assessment(example)
        metadata = Metadata(
            product=source.metadata.product,
            product_version=source.metadata.product_version,
            organisation=source.metadata.organisation,
            assessors=[team.strip()],
        )
        started = new_assessment_like(source).model_copy(
            update={"metadata": metadata, "profile": dict(source.profile)}
        )
        save_assessment(started, path)


def new_assessment_like(source: Assessment) -> Assessment:
    """An empty assessment against the same pack as `source`, made in the language in force."""
    return Assessment(
        pack=source.pack.model_copy(update={"fingerprints": {}}), language=current_language()
    )
