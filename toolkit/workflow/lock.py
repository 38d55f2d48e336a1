"""One interview per assessment file at a time: a lock file beside the assessment.

Two people answering the same file at once would each overwrite the other's
answers. The lock `.NAME.lock` holds the process id and host of the interview
that owns it; it is created atomically (written aside, then hard-linked into
place) so nobody ever reads a half-written lock. A lock left by a run that
crashed or was killed names a process that no longer exists, and is taken over;
a lock from another host cannot be checked, so the message says how to remove it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import FileProblem

UNATTENDED_WAIT = 10.0
"""Seconds a run that asks nothing (`--answer`, `signoff`, `import`) waits for another
crbd to finish with the file; an interview is refused at once instead."""


class LockHeld(FileProblem):
    """Another crbd holds the assessment's lock."""


def lock_path(path: Path) -> Path:
    """Where the lock of an assessment file lives: beside it (beside a link's target), hidden."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def assessment_lock(path: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the assessment's lock for the duration of the block.

    Commands that change the file without asking anything (`--answer`,
    `signoff`) wait up to `wait` seconds for another run to finish, so two
    of them started together both succeed one after the other.
    """
    lock = lock_path(path)
    mine = _owner_line()
    deadline = time.monotonic() + wait
    while True:
        try:
            _acquire(path, lock, mine)
            break
        except LockHeld:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="utf-8") == mine:
                lock.unlink()


def _owner_line() -> str:
    return f"{os.getpid()} {socket.gethostname()}\n"


def _acquire(path: Path, lock: Path, mine: str) -> None:
    for _attempt in range(3):
        if _create(lock, mine):
            return
        seen = _identity(lock)
        if seen is None:  # released meanwhile: try again
            continue
        holder = _holder(lock)
        if holder is None:  # unreadable: a crashed writer's leftover
            _remove_if_unchanged(lock, seen)
            continue
        pid, host = holder
        if host != socket.gethostname():
            raise LockHeld(
                f"{path}: is being assessed by crbd on {host} (process {pid}); finish there, "
                f"or if nothing runs there any more delete {lock} and try again."
            )
        if _running(pid):
            raise LockHeld(
                f"{path}: is being assessed by another crbd (process {pid}); finish that one "
                "first, then run this command again."
            )
        _remove_if_unchanged(lock, seen)  # left by a run that crashed or was killed
    raise FileProblem(f"{path}: could not take its lock {lock}; try again.")


def _create(lock: Path, text: str) -> bool:
    """Create the lock with its content in one step; False if it already exists."""
    folder = lock.parent if str(lock.parent) else Path()
    try:
        handle, name = tempfile.mkstemp(prefix=lock.name, suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileProblem(
            f"{lock}: cannot create the lock file here ({error.strerror}); "
            "the assessment's folder must be writable."
        ) from None
    aside = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            os.link(aside, lock)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: exclusive create instead
            return _create_exclusive(lock, text)
        return True
    except OSError as error:  # a full disk while writing the lock, for one
        raise FileProblem(
            f"{lock}: cannot create the lock file ({error.strerror}); nothing was changed."
        ) from None
    finally:
        with contextlib.suppress(OSError):
            aside.unlink()


def _create_exclusive(lock: Path, text: str) -> bool:
    try:
        handle = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    return True


def _holder(lock: Path) -> tuple[int, str] | None:
    try:
        pid, host = lock.read_text(encoding="utf-8").split()
        return int(pid), host
    except (OSError, ValueError):
        return None


def _running(pid: int) -> bool:
    """Whether a process with this id exists (on Windows this cannot be asked safely)."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _identity(lock: Path) -> tuple[int, int, int] | None:
    """What tells this lock file from a newer one at the same path (None: there is none)."""
    try:
        status = lock.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_ctime_ns


def _remove_if_unchanged(lock: Path, seen: tuple[int, int, int]) -> None:
    """Remove the stale lock judged, never a fresh one another run created since."""
    if _identity(lock) == seen:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
