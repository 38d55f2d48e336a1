"""Opening many files reads each pack once per process, and again only once it is edited;
a workshop leaves Python's garbage collector as it found it."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import MINI, assessment_of
from toolkit.errors import CrbdError, UsageProblem
from toolkit.model import packs
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.opening import compare_files, open_assessment, workshop_files

PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}


@pytest.fixture
def pack_root(tmp_path: Path) -> Path:
    """A fresh copy of the mini pack, so no earlier test has read this folder yet."""
    shutil.copytree(MINI, tmp_path / "packs" / "mini")
    return tmp_path / "packs"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every folder the pack reader actually parses, in order."""
    seen: list[Path] = []
    read: Callable[[Path], Pack] = packs._read_pack

    def counting(folder: Path) -> Pack:
        seen.append(folder)
        return read(folder)

    monkeypatch.setattr(packs, "_read_pack", counting)
    return seen


def team_files(mini: Pack, folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"team{index}.yaml"
        save_assessment(assessment_of(mini, PROFILE, {"A-01": "yes", "A-02": "no"}), path)
        paths.append(path)
    return paths


def test_a_workshop_of_several_files_reads_the_pack_once(
    mini: Pack, tmp_path: Path, pack_root: Path, reads: list[Path]
) -> None:
    files = team_files(mini, tmp_path, 4)
    summary = workshop_files(files, [pack_root])
    assert len(summary.teams) == 4
    compare_files(files[0], files[1], [pack_root])
    assert reads == [pack_root / "mini"]


def test_every_opener_shares_the_one_pack(
    mini: Pack, tmp_path: Path, pack_root: Path, reads: list[Path]
) -> None:
    first, second = team_files(mini, tmp_path, 2)
    assert open_assessment(first, [pack_root]).pack is open_assessment(second, [pack_root]).pack
    assert len(reads) == 1


def test_an_edited_pack_is_read_again(
    mini: Pack, tmp_path: Path, pack_root: Path, reads: list[Path]
) -> None:
    (path,) = team_files(mini, tmp_path, 1)
    before = open_assessment(path, [pack_root]).pack
    manifest = pack_root / "mini" / "pack.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(f"title: {before.title}", "title: Edited"),
        encoding="utf-8",
    )
    after = open_assessment(path, [pack_root]).pack
    assert (before.title != "Edited", after.title) == (True, "Edited")
    assert after.content_hash != before.content_hash
    assert len(reads) == 2


def test_a_workshop_resumes_the_garbage_collector_even_when_it_fails(
    mini: Pack, tmp_path: Path, pack_root: Path
) -> None:
    files = team_files(mini, tmp_path, 2)
    workshop_files(files, [pack_root])
    assert gc.isenabled()
    files[1].write_text("answers: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(CrbdError):
        workshop_files(files, [pack_root])
    assert gc.isenabled()
    with pytest.raises(UsageProblem):
        workshop_files(files[:1], [pack_root])
    assert gc.isenabled()
