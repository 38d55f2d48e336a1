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

The server keeps what it last read or wrote of each file (`Known`), keyed by
the SHA-256 of the file's text: every page and every save still reads the
whole file (under the lock for a save) and hashes it, and only a file whose
text is exactly the one remembered is not parsed and evaluated again. Any other
change (another browser, a terminal, an editor, a `git pull`) changes the text,
and is read as before. Threads of this server queue for a file on a lock of
their own before taking the file's lock, instead of polling it.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.errors import CrbdError, FileProblem, UsageProblem
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
from toolkit.model.files import (
    GuardedSaves,
    as_saved,
    assessment_from_text,
    load_assessment,
    save_assessment,
    write_atomically,
)
from toolkit.model.overlays import translated
from toolkit.model.packs import DEFAULT_PACK, load_pack, resolve_pack
from toolkit.model.yamlsource import read_text
from toolkit.web.files import Folder, OutsideFolder
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
from toolkit.workflow.lock import UNATTENDED_WAIT, LockHeld, assessment_lock
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


@dataclass
class Known:
    """A file's text as last read or written here (its SHA-256), what it opens to, and its
    evaluation once one was needed."""

    digest: str
    opened: Opened
    """The assessment and its pack in the pack's own language."""
    spoken: dict[str, Opened] = field(default_factory=dict)
    """The same with the pack's text in a language (`_spoken`), once a page asked for it."""
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    """Its evaluation in each language a page asked for (titles differ, scores do not)."""


KNOWN_FILES = 100
"""Files remembered at most (a workshop has a few dozen; about 1.2 MB each for yarnly with
its evaluation); the oldest is forgotten first."""
_known: dict[tuple[str, tuple[Path, ...]], Known] = {}
_known_guard = threading.Lock()
_writers: dict[str, threading.Lock] = {}


def _key(path: Path, pack_dirs: Sequence[Path]) -> tuple[str, tuple[Path, ...]]:
    return os.path.realpath(path), tuple(pack_dirs)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remember(path: Path, pack_dirs: Sequence[Path], known: Known) -> None:
    with _known_guard:
        key = _key(path, pack_dirs)
        _known.pop(key, None)
        _known[key] = known
        while len(_known) > KNOWN_FILES:
            del _known[next(iter(_known))]


def _current(path: Path, pack_dirs: Sequence[Path]) -> Known:
    """The file as it is now: read and hashed every time, parsed only when its text is not
    the one remembered (or its pack changed)."""
    text = read_text(path, "YAML file")
    digest = _digest(text)
    with _known_guard:
        known = _known.get(_key(path, pack_dirs))
    if known is not None and known.digest == digest:
        assessment = known.opened.assessment
        pack = load_pack(resolve_pack(assessment.pack.id, pack_dirs))  # reread if edited
        if pack is known.opened.pack:
            return known
        known = Known(digest, open_assessment(path, pack_dirs, assessment=assessment))
    else:
        known = Known(
            digest, open_assessment(path, pack_dirs, assessment=assessment_from_text(text, path))
        )
    _remember(path, pack_dirs, known)
    return known


def _spoken(known: Known) -> Opened:
    """A known file with its pack's text in the language in force where its overlay has it
    (English elsewhere). Only text changes: what an answer records, its fingerprint
    included, is the same in every language, as in the terminal."""
    language = current_language()
    if language not in known.spoken:
        pack = translated(known.opened.pack, language)
        known.spoken[language] = replace(known.opened, pack=pack)
    return known.spoken[language]


def _evaluated(known: Known) -> Evaluation:
    """The evaluation of a known file in the language in force, computed once per version
    of it and language."""
    language = current_language()
    if language not in known.evaluations:
        known.evaluations[language] = evaluate(_spoken(known).pack, known.opened.assessment)
    return known.evaluations[language]


def _keep(path: Path, pack_dirs: Sequence[Path], saves: GuardedSaves) -> None:
    """Remember what a save here wrote: the assessment as its file now reads back, keyed
    by the text written (a later read finds it only if the file holds exactly that text)."""
    if saves.written is None:
        return
    assessment, text = saves.written
    with contextlib.suppress(CrbdError):  # the save stands; the next read parses the file
        opened = open_assessment(path, pack_dirs, assessment=as_saved(assessment))
        _remember(path, pack_dirs, Known(_digest(text), opened))


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """The file's lock, taken for a change; other threads of this server wait their turn.
    The whole wait (for them, then for the lock) is at most `UNATTENDED_WAIT`, as for one
    writer alone."""
    real = os.path.realpath(path)
    with _known_guard:
        mine = _writers.setdefault(real, threading.Lock())
    deadline = time.monotonic() + UNATTENDED_WAIT
    if not mine.acquire(timeout=UNATTENDED_WAIT):
        raise LockHeld(
            _(
                "{path}: other changes to this file are still waiting to be saved; "
                "try again in a moment."
            ).format(path=path)
        )
    try:
        with assessment_lock(path, wait=max(0.0, deadline - time.monotonic())):
            yield
    finally:
        mine.release()


@contextmanager
def _changing(path: Path, pack_dirs: Sequence[Path]) -> Iterator[tuple[Opened, GuardedSaves]]:
    """Under the lock: the file as it is now, and its guarded saves (a change made behind
    the lock from here on is refused); what they write is remembered."""
    with writing(path):
        saves = GuardedSaves(path)  # before reading: a change from here on is noticed
        opened = _spoken(_current(path, pack_dirs))
        try:
            yield opened, saves
        finally:
            _keep(path, pack_dirs, saves)


def read(path: Path, pack_dirs: Sequence[Path]) -> tuple[Opened, Evaluation]:
    """The assessment as it is on file now, and its evaluation, the pack's text in the
    language in force."""
    known = _current(path, pack_dirs)
    return _spoken(known), _evaluated(known)


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
    step = interview.step(position)
    item, asked = (step.item if step else None), set()
    while step is not None and step.item == item:
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
        step = interview.step(position)
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
    with _changing(path, pack_dirs) as (opened, saves):
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
    with _changing(path, pack_dirs) as (opened, saves):
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
    with _changing(path, pack_dirs) as (opened, saves):
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
    with _changing(path, pack_dirs) as (opened, saves):
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
    with _changing(path, pack_dirs) as (opened, saves):
        updated = with_metadata(opened.assessment, **{k: v.strip() for k, v in fields.items()})
        saves.save(updated)
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
    with _changing(path, pack_dirs) as (opened, saves):
        updated = signed(opened.assessment, reviewer, decision, comment, today)
        saves.save(updated)
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


TEAM_CODES = ".crbd-workshop-codes.json"
"""The workshop's team codes, kept in its folder so a restarted server knows them: hidden,
not YAML (never listed or served as an assessment), readable by its owner only."""
_codes_guard = threading.Lock()

TEAM_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""The letters of a team's code: no 0/O or 1/I to misread from a screen."""


def team_code() -> str:
    """A short code a team types to join (six characters, about 30 bits)."""
    return "".join(secrets.choice(TEAM_CODE) for _ in range(6))


def add_team_code(folder: Folder, codes: dict[str, str], name: str) -> str:
    """A new code for the team file `name`: saved with the other codes in the folder's
    codes file (atomically, owner-only), then added to `codes`, and returned."""
    with _codes_guard:
        code = team_code()
        while code in codes:
            code = team_code()
        kept = {**codes, code: name}
        content = json.dumps({"crbd_workshop_codes": 1, "teams": kept}, indent=2, sort_keys=True)
        write_atomically(
            folder.root / TEAM_CODES, (content + "\n").encode(), what="the team codes", mode=0o600
        )
        codes[code] = name
        return code


def team_codes(folder: Folder) -> dict[str, str]:
    """The team codes a server of this workshop gave before (code -> team file), for the
    team files still in the folder; none if no server kept any here."""
    path = folder.root / TEAM_CODES
    if not path.exists():
        return {}
    problem = FileProblem(
        _(
            "{path}: is not the list of team codes crbd serve keeps; move it away to start "
            "the workshop with new codes."
        ).format(path=path)
    )
    try:
        document = json.loads(read_text(path, "team codes file"))
    except ValueError:
        raise problem from None
    teams = document.get("teams") if isinstance(document, dict) else None
    if not isinstance(teams, dict):
        raise problem
    codes = {}
    for code, name in teams.items():
        if not (
            isinstance(name, str)
            and len(code) == 6
            and all(letter in TEAM_CODE for letter in code)
            and name.startswith("team-")
        ):
            raise problem
        try:
            if folder.path_of(name).is_file():
                codes[code] = name
        except OutsideFolder:
            raise problem from None
    return codes


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
