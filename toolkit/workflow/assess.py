"""`crbd assess` as a use case: check what was asked, then record it under the lock.

Everything that can be refused (an unknown domain, a bad answer on the
command line or in an answers file) is checked in `start`, before the file is
locked or written, so a refused run changes nothing. `record_given` then
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
    with_followups,
)
from toolkit.workflow.interview import Session
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
) -> Start:
    """Open or create the assessment and check every answer and domain given with the run.

    With a `baseline`, a new assessment starts as a copy of that earlier one
    (profile, answers, evidence, actions), every answer marked to reconfirm.
    """
    if baseline is not None:
        opened = from_baseline(path, baseline, pack_dirs)
    else:
        opened = open_or_create(path, pack_dirs, pack)
    session = replace(session, domains=opened.pack.require_domains(domains))
    stamp = (session.answered_by, session.today)
    from_file = read_answers_file(answers_file, opened.pack, *stamp) if answers_file else Supplied()
    supplied = from_options(answers, opened.pack, *stamp).over(from_file)
    supplied = with_followups(supplied, opened.pack, opened.assessment, actions, accepts)
    if supplied.risks:
        with_them = apply_supplied(opened.pack, opened.assessment, supplied, *stamp)
        source = answers_file if answers_file else Path("--answer")
        require_residual_reasons(opened.pack, with_them, supplied.risks, source)
    return Start(opened, session, metadata, supplied, from_baseline=baseline is not None)


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
