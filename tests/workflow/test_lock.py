"""The lock beside an assessment: one interview at a time, never stuck after a crash."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.errors import FileProblem
from toolkit.workflow.lock import assessment_lock, lock_path


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_lock_is_held_inside_and_removed_after(tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    with assessment_lock(path):
        assert lock_path(path).read_text() == f"{os.getpid()} {socket.gethostname()}\n"
        assert lock_path(path).name == ".kite.yaml.lock"
    assert not lock_path(path).exists()
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_second_holder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    with assessment_lock(path), pytest.raises(FileProblem, match="is being assessed by another"):
        with assessment_lock(path):
            pass
    assert not lock_path(path).exists()


def test_stale_lock_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    lock_path(path).write_text(f"{dead_pid()} {socket.gethostname()}\n")
    with assessment_lock(path):
        assert lock_path(path).read_text().startswith(f"{os.getpid()} ")


def test_garbled_lock_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    lock_path(path).write_text("")
    with assessment_lock(path):
        assert lock_path(path).read_text().startswith(f"{os.getpid()} ")


def test_lock_from_another_host_names_the_file_to_delete(tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    lock_path(path).write_text("123 elsewhere\n")
    with pytest.raises(
        FileProblem, match=r"on elsewhere \(process 123\).*delete .*\.kite\.yaml\.lock"
    ):
        with assessment_lock(path):
            pass


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="cannot create the lock file here"):
        with assessment_lock(tmp_path / "nowhere" / "kite.yaml"):
            pass


def test_a_fresh_lock_taken_while_a_stale_one_is_judged_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.workflow import lock as module

    path = tmp_path / "kite.yaml"
    lock = lock_path(path)
    lock.write_text(f"{dead_pid()} {socket.gethostname()}\n")
    fresh = f"{os.getppid()} {socket.gethostname()}\n"
    judged = module._running

    def another_run_takes_over(pid: int) -> bool:
        if lock.read_text() != fresh:  # the stale lock is replaced by a live run's lock
            lock.unlink()
            lock.write_text(fresh)
            os.utime(lock, ns=(1, 1))
        return judged(pid)

    monkeypatch.setattr(module, "_running", another_run_takes_over)
    with pytest.raises(FileProblem, match="is being assessed by another"):
        with assessment_lock(path):
            pass
    assert lock.read_text() == fresh
