"""Open an assessment together with the pack it was answered against.

Every command that reads an assessment goes through here, so they all apply
the same checks and the same warnings about a changed pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.model.assessment import Assessment, check_against, load_assessment, new_assessment
from toolkit.model.pack import Pack
from toolkit.model.packs import DEFAULT_PACK, load_pack, resolve_pack


@dataclass(frozen=True)
class Opened:
    """An assessment, its pack, and what the user should be told about them."""

    path: Path
    pack: Pack
    assessment: Assessment
    warnings: list[str]


def open_assessment(
    path: Path, pack_dirs: Sequence[Path] = (), pack_name: str | None = None
) -> Opened:
    """Load `path` and its pack (the one it names, unless `pack_name` overrides)."""
    assessment = load_assessment(path)
    pack = load_pack(resolve_pack(pack_name or assessment.pack.id, pack_dirs))
    warnings = check_against(assessment, pack, path)
    return Opened(path, pack, assessment, warnings)


def open_or_create(
    path: Path, pack_dirs: Sequence[Path] = (), pack_name: str | None = None
) -> Opened:
    """Open `path`, or start a new assessment against `pack_name` (default: core) if absent."""
    if path.exists():
        return open_assessment(path, pack_dirs, pack_name)
    pack = load_pack(resolve_pack(pack_name or DEFAULT_PACK, pack_dirs))
    return Opened(path, pack, new_assessment(pack), [])
