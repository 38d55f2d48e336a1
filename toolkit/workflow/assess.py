"""`crbd assess` as a use case: check what was asked, then record it under the lock.

The caller takes the file's lock first, so `start` reads the file as it is
now, never a version another run is about to replace. Everything that can be
refused (an unknown domain, a bad answer on the command line or in an answers
file) is checked in `start`, before anything is written, so a refused run
changes nothing. `record_given` then
brings the pack reference up to date and records the metadata and answers
that came with the command, saving after each step.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from toolkit.errors import UsageProblem
from toolkit.i18n import _, ngettext
from toolkit.model.assessment import Assessment, with_metadata
from toolkit.model.pack import Pack
from toolkit.workflow.answers_file import (
    Supplied,
    apply_supplied,
    from_options,
    out_of_scope_answers,
    read_answers_file,
    unchanged_answers,
    with_followups,
)
from toolkit.workflow.interview import (
    Asker,
    Outcome,
    Session,
    harms_to_ask,
    last_assessor,
    questions_left,
    run_interview,
    run_risk_step,
)
from toolkit.workflow.opening import Opened, from_baseline, open_or_create
from toolkit.workflow.recording import stamped, up_to_date
from toolkit.workflow.risks import require_residual_reasons

Save = Callable[[Assessment], None]
Walk = Callable[[Pack, Assessment, Asker, Save, Session], Outcome]


@dataclass(frozen=True)
class Start:
    """What this run was asked to do, fully checked before the file is locked."""

    opened: Opened
    session: Session
    metadata: dict[str, str | None]
    supplied: Supplied
    from_baseline: bool = False
    system_name: bool = False
    """The answers given with this run are recorded under the system user's name:
    neither --as nor an earlier assessor named anyone."""
    out_of_scope: tuple[str, ...] = ()
    """Controls answered with this run that the profile puts out of scope."""

    @property
    def gives_anything(self) -> bool:
        """Whether this run came with something to record: answers, metadata, a baseline."""
        given = any(value is not None for value in self.metadata.values())
        return bool(self.supplied) or given or self.from_baseline


def start(
    path: Path,
    pack_dirs: Sequence[Path],
    *,
    pack: str | None,
    domains: Sequence[str],
    session: Session,
    answers: Sequence[str],
    answers_file: Path | None,
    metadata: dict[str, str | None],
    actions: Sequence[str] = (),
    accepts: Sequence[str] = (),
    baseline: Path | None = None,
    system_user: str = "",
    reason: str = "",
) -> Start:
    """Under the lock: open or create the assessment and check every answer and domain given.

    With a `baseline`, a new assessment starts as a copy of that earlier one
    (profile, answers, evidence, actions), every answer marked to reconfirm.
    Without a name for the session, answers are recorded under the file's last
    assessor, or failing that `system_user` (and `Start.system_name` says so).
    `reason` is the history's reason for every changed answer given without one.
    """
    if reason.strip() and not (answers or answers_file):
        raise UsageProblem(
            "--reason explains answers given with --answer or --answers-file; the "
            "interview asks for the reason of each change itself."
        )
    if baseline is not None:
        opened = from_baseline(path, baseline, pack_dirs)
    else:
        opened = open_or_create(path, pack_dirs, pack)
    session = replace(session, domains=opened.pack.require_domains(domains))
    named = session.answered_by or last_assessor(opened.assessment)
    session = replace(session, answered_by=named or system_user)
    stamp = (session.answered_by, session.today)
    from_file = read_answers_file(answers_file, opened.pack, *stamp) if answers_file else Supplied()
    supplied = from_options(answers, opened.pack, *stamp).over(from_file).with_reason(reason)
    supplied = with_followups(supplied, opened.pack, opened.assessment, actions, accepts)
    profiled = apply_supplied(opened.pack, opened.assessment, supplied, *stamp)
    if supplied.risks:
        source = answers_file if answers_file else Path("--answer")
        require_residual_reasons(opened.pack, profiled, supplied.risks, source)
    return Start(
        opened,
        session,
        metadata,
        supplied,
        from_baseline=baseline is not None,
        system_name=bool(supplied) and not named,
        out_of_scope=tuple(out_of_scope_answers(opened.pack, profiled, supplied)),
    )


def record_given(begun: Start, save: Save, *, create: bool = False) -> tuple[Assessment, int]:
    """Under the lock: record the run's metadata and answers; return the assessment and count.

    With `create`, a new file is written even when nothing was given with the run
    (`--new` without a terminal); otherwise a new file is first written by an answer.
    """
    pack = begun.opened.pack
    assessment = up_to_date(pack, begun.opened.assessment)
    if create and not begun.opened.path.exists() and not begun.supplied:
        save(assessment)
    if begun.from_baseline:
        assessment = stamped(assessment, begun.session.answered_by, begun.session.today)
        save(assessment)
    if any(value is not None for value in begun.metadata.values()):
        assessment = with_metadata(assessment, **begun.metadata)
        save(assessment)
    if begun.supplied:
        stamp = (begun.session.answered_by, begun.session.today)
        recorded = len(begun.supplied) - unchanged_answers(assessment, begun.supplied)
        if recorded:
            assessment = apply_supplied(pack, assessment, begun.supplied, *stamp)
            save(assessment)
        return assessment, recorded
    return assessment, 0


class Left(StrEnum):
    """What a run still has to ask."""

    QUESTIONS = "questions"
    """Profile questions and controls."""
    HARMS = "harms"
    """Harms of the risk step (`--risks`)."""


@dataclass(frozen=True)
class Remaining:
    """How much a run would still ask, of what kind, and whether copied answers are among it."""

    count: int
    kind: Left
    to_reconfirm: bool = False

    def __bool__(self) -> bool:
        return self.count > 0

    def wording(self) -> str:
        """E.g. `3 questions still unanswered`, `1 harm not yet assessed`."""
        if self.kind is Left.HARMS:
            said = ngettext(
                "{count} harm not yet assessed", "{count} harms not yet assessed", self.count
            )
        elif self.to_reconfirm:
            said = ngettext(
                "{count} question still unanswered or to reconfirm",
                "{count} questions still unanswered or to reconfirm",
                self.count,
            )
        else:
            said = ngettext(
                "{count} question still unanswered",
                "{count} questions still unanswered",
                self.count,
            )
        return said.format(count=self.count)


def remaining(pack: Pack, assessment: Assessment, session: Session, *, risks: bool) -> Remaining:
    """What a run (the risk step alone with `risks`) would still ask of this assessment."""
    if risks:
        return Remaining(len(harms_to_ask(pack, assessment, session)), Left.HARMS)
    copied = any(given.to_reconfirm for given in assessment.answers.values())
    return Remaining(questions_left(pack, assessment, session), Left.QUESTIONS, copied)


def walk_for(*, risks: bool) -> Walk:
    """The walk a run in a terminal takes: the whole interview, or the risk step alone."""
    return run_risk_step if risks else run_interview


@dataclass(frozen=True)
class Missing:
    """The assessment file named does not exist (yet), and a similar one nearby that does."""

    path: Path
    similar: Path | None = None

    def notice(self) -> str:
        """Shown in a terminal before asking whether to create the file."""
        if self.similar is not None:
            return _("{path} does not exist; did you mean {similar}?").format(
                path=self.path, similar=self.similar
            )
        return _("{path} does not exist yet.").format(path=self.path)

    def question(self) -> str:
        """Asked in a terminal, after the notice, before creating the file."""
        return _("Start a new assessment in {path}? y/n").format(path=self.path)

    def default(self) -> str:
        """Enter starts the new assessment, unless the name looks like a typo."""
        return "n" if self.similar is not None else "y"

    def refusal(self) -> str:
        """Why nothing is created without a terminal, and what to do instead."""
        hint = (
            _(" (did you mean {similar}?)").format(similar=self.similar)
            if self.similar is not None
            else ""
        )
        return _(
            "{path} does not exist{hint}; give answers to record with --answer or "
            "--answers-file, or --new to start an empty assessment there."
        ).format(path=self.path, hint=hint)


def missing(path: Path, *, new: bool, baseline: Path | None) -> Missing | None:
    """The file to be created by this run, when nothing said to create it; else None.

    `--new` and `--from` say so; an existing file needs no creating, and `--new` on
    one is refused (it would not start anything new).
    """
    if path.exists():
        if new:
            raise UsageProblem(
                _("{path} exists; --new starts a new assessment only in a new file.").format(
                    path=path
                )
            )
        return None
    if new or baseline is not None:
        return None
    return Missing(path, similar_file(path))


def similar_file(path: Path) -> Path | None:
    """An existing assessment file in the same folder whose name is close to `path`'s."""
    folder = path.parent
    try:
        names = [
            entry.name
            for entry in folder.iterdir()
            if entry.suffix.lower() in (".yaml", ".yml") and entry.is_file()
        ]
    except OSError:
        return None
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    return folder / close[0] if close else None
