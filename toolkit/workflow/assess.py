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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.errors import UsageProblem
from toolkit.model.assessment import Assessment, with_metadata
from toolkit.workflow.answers_file import (
    Supplied,
    apply_supplied,
    from_options,
    out_of_scope_answers,
    read_answers_file,
    with_followups,
)
from toolkit.workflow.interview import Session, last_assessor
from toolkit.workflow.opening import Opened, from_baseline, open_or_create
from toolkit.workflow.recording import stamped, up_to_date
from toolkit.workflow.risks import require_residual_reasons

Save = Callable[[Assessment], None]


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


def record_given(begun: Start, save: Save) -> tuple[Assessment, int]:
    """Under the lock: record the run's metadata and answers; return the assessment and count."""
    pack = begun.opened.pack
    assessment = up_to_date(pack, begun.opened.assessment)
    if begun.from_baseline:
        assessment = stamped(assessment, begun.session.answered_by, begun.session.today)
        save(assessment)
    if any(value is not None for value in begun.metadata.values()):
        assessment = with_metadata(assessment, **begun.metadata)
        save(assessment)
    if begun.supplied:
        stamp = (begun.session.answered_by, begun.session.today)
        assessment = apply_supplied(pack, assessment, begun.supplied, *stamp)
        save(assessment)
    return assessment, len(begun.supplied)
