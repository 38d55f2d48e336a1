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

from toolkit.model.assessment import Assessment, with_metadata
from toolkit.workflow.answers_file import (
    Supplied,
    apply_supplied,
    from_options,
    read_answers_file,
)
from toolkit.workflow.interview import Session
from toolkit.workflow.opening import Opened, open_or_create
from toolkit.workflow.recording import up_to_date

Save = Callable[[Assessment], None]


@dataclass(frozen=True)
class Start:
    """What this run was asked to do, fully checked before the file is locked."""

    opened: Opened
    session: Session
    metadata: dict[str, str | None]
    supplied: Supplied


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
) -> Start:
    """Under the lock: open or create the assessment and check every answer and domain given."""
    opened = open_or_create(path, pack_dirs, pack)
    session = replace(session, domains=opened.pack.require_domains(domains))
    stamp = (session.answered_by, session.today)
    from_file = read_answers_file(answers_file, opened.pack, *stamp) if answers_file else Supplied()
    supplied = from_options(answers, opened.pack, *stamp).over(from_file)
    return Start(opened, session, metadata, supplied)


def record_given(begun: Start, save: Save) -> tuple[Assessment, int]:
    """Under the lock: record the run's metadata and answers; return the assessment and count."""
    pack = begun.opened.pack
    assessment = up_to_date(pack, begun.opened.assessment)
    if any(value is not None for value in begun.metadata.values()):
        assessment = with_metadata(assessment, **begun.metadata)
        save(assessment)
    if begun.supplied:
        stamp = (begun.session.answered_by, begun.session.today)
        assessment = apply_supplied(pack, assessment, begun.supplied, *stamp)
        save(assessment)
    return assessment, len(begun.supplied)
