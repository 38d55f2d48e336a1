"""`crbd serve` remembers each file as it last read or wrote it, and never shows or saves
over a version it did not read: any change to the text is read again."""

from __future__ import annotations

import os
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES
from toolkit.engine.evaluate import evaluate
from toolkit.errors import FileProblem
from toolkit.model.files import load_assessment
from toolkit.web import store
from toolkit.workflow.lock import assessment_lock
from toolkit.workflow.opening import open_assessment

TODAY = date(2026, 12, 8)


@pytest.fixture
def yarnly(tmp_path: Path) -> Path:
    path = tmp_path / "yarnly.yaml"
    shutil.copy(EXAMPLES / "yarnly.yaml", path)
    return path


def _edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """What an editor writing in place could leave: same inode, size and modification time."""
    assert len(old) == len(new)
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    with path.open("r+", encoding="utf-8") as stream:  # in place: the inode stays
        stream.write(text.replace(old, new))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
    )


def test_an_edit_that_keeps_size_and_time_is_still_seen_and_kept(yarnly: Path) -> None:
    opened, _evaluation = store.read(yarnly, ())
    note = opened.assessment.answers["CON-02"].note
    assert note and "Z" not in note
    changed = "Z" * len(note[:12]) + note[12:]
    _edit_keeping_size_and_time(yarnly, note, changed)
    assert store.read(yarnly, ())[0].assessment.answers["CON-02"].note == changed
    seen = store.stamp(store.read(yarnly, ())[0].assessment.answers.get("CON-03"))
    saved = store.save_answer(yarnly, (), "CON-03", store.Given("u", "mine"), seen, "Me", TODAY)
    assert not isinstance(saved, store.Conflict | store.Refused)
    on_file = load_assessment(yarnly)
    assert on_file.answers["CON-02"].note == changed  # the editor's change was not lost
    assert on_file.answers["CON-03"].note == "mine"


def test_a_control_changed_behind_the_page_is_a_conflict_and_nothing_is_written(
    yarnly: Path,
) -> None:
    page = store.read(yarnly, ())[0].assessment
    seen = store.stamp(page.answers.get("CON-02"))
    note = page.answers["CON-02"].note
    _edit_keeping_size_and_time(yarnly, note, "Q" * len(note))
    before = yarnly.read_bytes()
    clash = store.save_answer(yarnly, (), "CON-02", store.Given("n", "mine"), seen, "Me", TODAY)
    assert isinstance(clash, store.Conflict)
    assert clash.theirs is not None and clash.theirs.note == "Q" * len(note)
    assert yarnly.read_bytes() == before


def test_what_a_save_remembers_is_what_the_file_reads_back(yarnly: Path) -> None:
    for number, control_id in enumerate(("CON-02", "CON-03", "AGE-01")):
        seen = store.stamp(store.read(yarnly, ())[0].assessment.answers.get(control_id))
        given = store.Given("u", f"note {number}")
        saved = store.save_answer(yarnly, (), control_id, given, seen, "Me", TODAY)
        assert not isinstance(saved, store.Conflict | store.Refused)
        remembered, evaluation = store.read(yarnly, ())
        fresh = open_assessment(yarnly)
        assert remembered.assessment == fresh.assessment
        assert remembered.warnings == fresh.warnings
        assert evaluation.result == evaluate(fresh.pack, fresh.assessment).result


def test_saves_queued_behind_a_held_lock_are_refused_within_one_wait(
    yarnly: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Browsers saving one file wait their turn inside the server, but all of them together
    no longer than one writer would wait for the lock alone."""
    monkeypatch.setattr(store, "UNATTENDED_WAIT", 1.0)
    before = yarnly.read_bytes()
    refused: list[str] = []

    def save(control_id: str) -> None:
        try:
            store.save_answer(yarnly, (), control_id, store.Given("u", "x"), "", "Me", TODAY)
        except FileProblem as problem:
            refused.append(str(problem))

    with assessment_lock(yarnly):  # as an open terminal interview holds it
        start = time.monotonic()
        threads = [threading.Thread(target=save, args=(c,)) for c in ("CON-02", "CON-03", "AGE-01")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        waited = time.monotonic() - start
    assert len(refused) == 3 and waited < 2.5  # not one wait after another (3 s)
    assert all("assessed by another crbd" in m or "still waiting" in m for m in refused)
    assert yarnly.read_bytes() == before
