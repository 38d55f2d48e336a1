"""Assessment files: read with every problem located, written atomically.

Saving is atomic (temporary file in the same folder, fsync, rename), so an
interrupted save leaves the old file or the new one, never a broken one. The
same function writes every document crbd produces.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from toolkit.errors import FileProblem, UsageProblem, ValidationFailed
from toolkit.model.assessment import FORMAT_VERSION, Assessment
from toolkit.model.yamlsource import dump_yaml, parse_yaml, problems_from, read_text


def load_assessment(path: Path) -> Assessment:
    """Read an assessment file; every problem is located by field path and line."""
    return assessment_from_text(read_text(path, "YAML file"), path)


def assessment_from_text(text: str, path: Path) -> Assessment:
    """The assessment in `text`, as read from `path` (named in messages), every problem
    located by field path and line: what `load_assessment` reads once it has the text."""
    document = parse_yaml(text, path)
    if not isinstance(document.data, dict):
        raise FileProblem(f"{path}: is not a crbd assessment (expected a YAML mapping).")
    try:
        return Assessment.model_validate(document.data)
    except ValidationError as error:
        raise ValidationFailed(problems_from(error, document)) from None


def to_yaml(assessment: Assessment) -> str:
    """The assessment as readable YAML (empty optional fields left out)."""
    return dump_yaml(_document(assessment))


def _document(assessment: Assessment) -> dict[str, object]:
    data = assessment.model_dump(mode="json", exclude_defaults=True)
    return {"crbd_assessment": FORMAT_VERSION, **data}


def as_saved(assessment: Assessment) -> Assessment:
    """The assessment exactly as its saved file reads back, without reading the file.

    `to_yaml` only returns text that reads back to the very data it was made
    from (`dump_yaml` checks it), and reading a file validates that data; so
    validating the data directly gives what `load_assessment` would return.
    """
    return Assessment.model_validate(_document(assessment))


def save_assessment(assessment: Assessment, path: Path) -> str:
    """Write atomically: the file on disk is always the old or the new version. Returns the
    text written."""
    text = to_yaml(assessment)
    write_atomically(path, text.encode("utf-8"), what="the assessment")
    return text


class GuardedSaves:
    """Saves one assessment again and again, never over a change made behind crbd's back.

    crbd's own writers take the file's lock, but an editor, a `git pull` or a
    sync client does not: an interview holding the lock would otherwise
    replace their change with its next save, and nobody would know. The file
    is remembered as it was when read (inode, size, modification time) and as
    each save left it; a save that finds it otherwise is refused, and the
    person is told to start again from the changed file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen = _state(path)
        self.written: tuple[Assessment, str] | None = None
        """The last assessment saved here and the text written for it."""

    def save(self, assessment: Assessment) -> None:
        """Save, unless the file changed since it was read or last saved here."""
        if _state(self.path) != self.seen:
            raise FileProblem(
                f"{self.path}: was changed by another program since crbd read it (an "
                "editor, or a tool that ignores crbd's lock), so this answer was not saved "
                "over that change; stop, then run crbd assess again to go on from the "
                "changed file."
            )
        text = save_assessment(assessment, self.path)
        self.seen = _state(self.path)
        self.written = (assessment, text)


def _state(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from the next (None: there is no file)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FileProblem(f"{path}: cannot be read ({error.strerror}).") from None
    return status.st_ino, status.st_size, status.st_mtime_ns


def writable_target(path: Path, inputs: Sequence[Path] = ()) -> Path:
    """The file a write to `path` really replaces, after checking it may be replaced.

    A symbolic link is followed to its target, so the file the user named is
    the one that changes (not the link, replaced by a copy). An existing file
    the user could not write directly is refused, although replacing it by
    rename would succeed, and so is any file the same command reads.
    """
    try:
        target = Path(os.path.realpath(path))
    except (OSError, ValueError) as error:
        raise FileProblem(f"{path}: cannot be written ({error}).") from None
    for source in inputs:
        if _same_file(target, source):
            raise UsageProblem(
                f"{path}: is also an input of this command; choose another output file."
            )
    effective = os.access in os.supports_effective_ids  # the ids the write would run as
    if os.path.lexists(target) and not os.access(target, os.W_OK, effective_ids=effective):
        raise FileProblem(f"{path}: is read-only for you; nothing was changed.")
    return target


def _same_file(target: Path, source: Path) -> bool:
    try:
        return target.samefile(source)
    except (OSError, ValueError):  # one of them does not exist yet
        return False


def write_atomically(
    path: Path,
    content: bytes,
    *,
    what: str = "the file",
    inputs: Sequence[Path] = (),
    mode: int | None = None,
) -> None:
    """Replace `path` with `content` in one step: temporary file, fsync, rename.

    A reader (or a crash, or a full disk) sees the old file or the new one,
    never a fragment. The new file keeps the old one's mode and owner; if the
    owner cannot be kept (the file belongs to someone else), it is refused.
    With `mode`, the new file has that mode instead, from the moment it exists
    under its name (a secret is never readable by others, even briefly).
    """
    target = writable_target(path, inputs)
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileProblem(
            f"{path}: cannot save {what} here ({error.strerror}); nothing was changed."
        ) from None
    temporary = Path(name)
    try:
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            _keep_mode_and_owner(temporary, target)
            if mode is not None:
                temporary.chmod(mode)
        except PermissionError:
            raise FileProblem(
                f"{path}: belongs to another user, and crbd would change its owner; "
                "nothing was changed."
            ) from None
        temporary.replace(target)  # os.replace: atomic on POSIX and Windows
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise FileProblem(
                f"{path}: could not save {what} ({error.strerror}); the previous version is intact."
            ) from None
        raise
    _sync_folder(folder)


def _keep_mode_and_owner(temporary: Path, target: Path) -> None:
    try:
        status = target.stat()
    except FileNotFoundError:
        temporary.chmod(_new_file_mode())
        return
    temporary.chmod(stat.S_IMODE(status.st_mode))
    if hasattr(os, "chown"):
        mine = temporary.stat()
        if (mine.st_uid, mine.st_gid) != (status.st_uid, status.st_gid):
            os.chown(temporary, status.st_uid, status.st_gid)


def _new_file_mode() -> int:
    """The mode a plain `open()` would give a new file (mkstemp's is 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Persist the rename itself (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
