"""Assessment files: read with every problem located, written atomically.

Saving is atomic (temporary file in the same folder, fsync, rename), so an
interrupted save leaves the old file or the new one, never a broken one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from toolkit.errors import FileProblem, Problem, ValidationFailed
from toolkit.model.assessment import FORMAT_VERSION, Assessment
from toolkit.model.yamlsource import YamlDocument, dump_yaml, read_yaml


def load_assessment(path: Path) -> Assessment:
    """Read an assessment file; every problem is located by field path and line."""
    document = read_yaml(path)
    if not isinstance(document.data, dict):
        raise FileProblem(f"{path}: is not a crbd assessment (expected a YAML mapping).")
    try:
        return Assessment.model_validate(document.data)
    except ValidationError as error:
        raise ValidationFailed(_problems(error, document)) from None


def _problems(error: ValidationError, document: YamlDocument) -> list[Problem]:
    from toolkit.model.packs import problems_from  # shared message wording

    return problems_from(error, document)


def to_yaml(assessment: Assessment) -> str:
    """The assessment as readable YAML (empty optional fields left out)."""
    data = assessment.model_dump(mode="json", exclude_defaults=True)
    data = {"crbd_assessment": FORMAT_VERSION, **data}
    return dump_yaml(data)


def save_assessment(assessment: Assessment, path: Path) -> None:
    """Write atomically: the file on disk is always the old or the new version."""
    text = to_yaml(assessment)
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileProblem(
            f"{path}: cannot save here ({error.strerror}); nothing was changed."
        ) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
        temporary.replace(path)  # os.replace: atomic on POSIX and Windows
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise FileProblem(
            f"{path}: could not be saved ({error.strerror}); the previous version is intact."
        ) from None
    _sync_folder(folder)


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
