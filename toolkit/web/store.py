"""Every change the browser makes, through the same recording as the terminal.

Each save takes the file's lock, reads the file again under it, applies just
the one answer given (validated as an answers file's entry would be, recorded
with its history), and writes it atomically. A page carries the stamp of the
answer it showed; when the file holds another answer for that control by the
time the save arrives (another browser, a terminal `crbd assess --answer`, an
editor), nothing is written and both answers are returned to be shown.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.errors import UsageProblem
from toolkit.i18n import _
from toolkit.model.assessment import (
    GAP_ANSWERS,
    Assessment,
    ControlAnswer,
    Decision,
    new_assessment,
    with_metadata,
)
from toolkit.model.files import save_assessment
from toolkit.model.packs import DEFAULT_PACK, load_pack, resolve_pack
from toolkit.workflow.answers_file import apply_supplied, from_entries
from toolkit.workflow.interview import last_assessor
from toolkit.workflow.lock import UNATTENDED_WAIT, assessment_lock
from toolkit.workflow.opening import Opened, open_assessment
from toolkit.workflow.signoff import signed

FORM = "the form"
"""How validation messages name the source of a browser's answer."""


def stamp(answer: ControlAnswer | None) -> str:
    """A short fingerprint of one control's answer as a page showed it ("none": unanswered)."""
    if answer is None:
        return "none"
    data = json.dumps(answer.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Given:
    """One control's answer as typed in a form, before validation."""

    answer: str
    note: str = ""
    evidence: str = ""
    """One line per item: `what shows it | link` (and optionally `| valid until YYYY-MM-DD`)."""
    owner: str = ""
    due: str = ""
    target_date: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Conflict:
    """The control changed on file since the page was loaded: nothing was written."""

    theirs: ControlAnswer | None
    mine: Given


def read(path: Path, pack_dirs: Sequence[Path]) -> tuple[Opened, Evaluation]:
    """The assessment as it is on file now, and its evaluation."""
    opened = open_assessment(path, pack_dirs)
    return opened, evaluate(opened.pack, opened.assessment)


def who(assessment: Assessment, named: str) -> str:
    """Who answers: the name given in the browser, else the file's last assessor, else the
    system user (as in the terminal)."""
    return named.strip() or last_assessor(assessment) or getpass.getuser()


def entry_of(given: Given, current: ControlAnswer | None) -> dict[str, Any]:
    """A form's answer as an answers file's entry; what the form does not show (an action's
    status and ticket, an acceptance of a gap) is kept from the answer on file."""
    entry: dict[str, Any] = {"answer": given.answer, "note": given.note}
    if given.target_date.strip():
        entry["target_date"] = given.target_date.strip()
    if given.reason.strip():
        entry["reason"] = given.reason.strip()
    evidence = [_evidence(line) for line in given.evidence.splitlines() if line.strip()]
    if evidence:
        entry["evidence"] = evidence
    if given.owner.strip() or given.due.strip():
        action: dict[str, Any] = {"owner": given.owner.strip()}
        if given.due.strip():
            action["due"] = given.due.strip()
        if current is not None and current.action is not None:
            earlier = current.action.model_dump(mode="json", exclude_defaults=True)
            action = {**{k: v for k, v in earlier.items() if k in ("status", "ticket")}, **action}
        entry["action"] = action
    if current is not None and current.acceptance is not None:
        if given.answer.strip().lower() in {a.value for a in GAP_ANSWERS} | {"p", "l", "n", "u"}:
            entry["acceptance"] = current.acceptance.model_dump(mode="json")
    return entry


def _evidence(line: str) -> dict[str, str]:
    what, _bar, rest = line.partition("|")
    link, _bar, until = rest.partition("|")
    item = {"description": what.strip()}
    if link.strip():
        item["link_or_path"] = link.strip()
    if until.strip():
        item["valid_until"] = until.strip().removeprefix("valid until ").strip()
    return item


def evidence_text(answer: ControlAnswer | None) -> str:
    """The evidence on file as the form's lines, `what | link | valid until`."""
    if answer is None:
        return ""
    lines = []
    for item in answer.evidence:
        parts = [item.description, item.link_or_path]
        if item.valid_until:
            parts.append(item.valid_until.isoformat())
        lines.append(" | ".join(parts).rstrip(" |"))
    return "\n".join(lines)


def save_answer(
    path: Path,
    pack_dirs: Sequence[Path],
    control_id: str,
    given: Given,
    seen: str,
    named: str,
    today: date,
) -> Assessment | Conflict:
    """Record one control's answer under the lock, unless the file's answer changed since
    the page showed `seen`; validation problems raise `ValidationFailed`."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        opened = open_assessment(path, pack_dirs)
        pack, assessment = opened.pack, opened.assessment
        control = pack.control(control_id)
        if control is None:
            raise UsageProblem(
                _("{id} is not a control of pack {pack}.").format(id=control_id, pack=pack.id)
            )
        current = assessment.answers.get(control.id)
        by = who(assessment, named)
        supplied = from_entries(
            {control.id: entry_of(given, current)}, pack, by, today, source=FORM
        )
        if stamp(current) != seen:
            mine = supplied.answers[control.id]
            if current is None or current.answer != mine.answer or current.note != mine.note:
                return Conflict(current, given)
        updated = apply_supplied(pack, assessment, supplied, by, today)
        save_assessment(updated, path)
        return updated


def save_profile(
    path: Path,
    pack_dirs: Sequence[Path],
    values: Mapping[str, list[str]],
    named: str,
    today: date,
) -> Assessment:
    """Record the profile answers given (each question the form answered), under the lock."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        opened = open_assessment(path, pack_dirs)
        by = who(opened.assessment, named)
        entries: dict[str, Any] = {key: list(chosen) for key, chosen in values.items() if chosen}
        supplied = from_entries(entries, opened.pack, by, today, source=FORM)
        updated = apply_supplied(opened.pack, opened.assessment, supplied, by, today)
        save_assessment(updated, path)
        return updated


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
    """A new, blank assessment at `path` against the default pack; never over a file."""
    with assessment_lock(path, wait=UNATTENDED_WAIT):
        if path.exists():
            raise UsageProblem(
                _("{name} already exists; choose another name.").format(name=path.name)
            )
        pack = load_pack(resolve_pack(DEFAULT_PACK, pack_dirs))
        save_assessment(new_assessment(pack), path)
