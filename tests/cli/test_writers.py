"""Whoever else touches the file, no answer is lost and no file is damaged.

Two writers at once, a sign-off while the file is locked, `-o` naming an
input, symbolic links, read-only and foreign-owned files, a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, assessment_of
from toolkit.cli import app
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow import lock
from toolkit.workflow.lock import assessment_lock, lock_path

runner = CliRunner()
PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
ALL_NO = {"A-01": "no", "A-02": "no", "A-03": "no", "A-04": "no", "B-02": "no"}
NOBODY = 65534


def crbd(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def one_line(stderr: str, *expected: str) -> None:
    assert stderr.count("\n") == 1 and stderr.startswith("crbd: "), stderr
    for text in expected:
        assert text in stderr, stderr


@pytest.fixture
def answered(mini: Pack, tmp_path: Path) -> Path:
    path = tmp_path / "team.yaml"
    save_assessment(assessment_of(mini, PROFILE, ALL_NO), path)
    return path


def answers(path: Path) -> dict[str, str]:
    return {key: value.answer.value for key, value in load_assessment(path).answers.items()}


# --- two writers -----------------------------------------------------------


@pytest.mark.slow
def test_two_writers_started_together_lose_no_answer(answered: Path) -> None:
    command = [sys.executable, "-m", "toolkit", "--checklists", str(MINI.parent), "assess"]
    for round_ in range(8):
        first, second = ("yes", "partial") if round_ % 2 == 0 else ("partial", "yes")
        writers = [
            subprocess.Popen(
                [*command, str(answered), "--as", "tester", "--answer", f"{control}={value}"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for control, value in (("A-01", first), ("A-02", second))
        ]
        outcomes = [(writer.wait(timeout=60), writer.stderr.read()) for writer in writers]  # type: ignore[union-attr]
        for writer in writers:
            writer.stderr.close()  # type: ignore[union-attr]
            writer.stdout.close()  # type: ignore[union-attr]
        now = answers(answered)
        for (code, stderr), (control, value) in zip(
            outcomes, (("A-01", first), ("A-02", second)), strict=True
        ):
            if code == 0:  # each run that says it recorded the answer did
                assert "Recorded 1 answer" in stderr
                assert now[control] == value, (round_, stderr)
            else:  # a loser is told, in one line, and changed nothing
                assert code == 2 and "is being assessed by another crbd" in stderr, stderr
        assert [code for code, _ in outcomes] == [0, 0]  # both waited their turn
        assert not lock_path(answered).exists()


def test_a_writer_that_cannot_get_the_lock_is_told_and_changes_nothing(
    answered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "UNATTENDED_WAIT", 0.2)
    before = answered.read_bytes()
    with assessment_lock(answered):  # an interview is open
        code, stderr = crbd("assess", str(answered), "--as", "t", "--answer", "A-01=yes")
    assert code == 2
    one_line(stderr, "is being assessed by another crbd", "finish that one first")
    assert answered.read_bytes() == before


def test_a_signoff_while_an_interview_is_open_is_refused_not_lost(
    answered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "UNATTENDED_WAIT", 0.2)
    with assessment_lock(answered):
        code, stderr = crbd(
            "signoff", str(answered), "--reviewer", "R. Eviewer", "--decision", "approved"
        )
        assert code == 2
        one_line(stderr, "is being assessed by another crbd")
        # the interview saves its next answer; nothing was recorded that it could erase
        save_assessment(load_assessment(answered), answered)
    code, _ = crbd("signoff", str(answered), "--reviewer", "R. Eviewer", "--decision", "approved")
    assert code == 0
    code, _ = crbd("assess", str(answered), "--as", "t", "--answer", "A-01=yes")
    assert code == 0
    assert [s.reviewer for s in load_assessment(answered).signoffs] == ["R. Eviewer"]


def test_signoff_rereads_under_the_lock(answered: Path) -> None:
    for reviewer in ("First", "Second"):
        code, _ = crbd("signoff", str(answered), "--reviewer", reviewer, "--decision", "approved")
        assert code == 0
    assert [s.reviewer for s in load_assessment(answered).signoffs] == ["First", "Second"]


# --- -o naming an input ------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["report", "{a}", "--format", "json", "-o", "{a}"],
        ["report", "{a}", "-o", "{link_to_a}"],
        ["worksheet", "--profile", "{a}", "-o", "{a}"],
        ["workshop", "{a}", "{b}", "-o", "{a}"],
        ["compare", "{a}", "{b}", "-o", "{b}"],
        ["compare", "{a}", "{b}", "--format", "json", "-o", "{a}"],
    ],
    ids=lambda command: " ".join(command),
)
def test_output_naming_an_input_is_refused(
    command: list[str], answered: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    shutil.copy(answered, other)
    link = tmp_path / "link.json"
    link.symlink_to(answered)
    before = answered.read_bytes(), other.read_bytes()
    names = {"a": str(answered), "b": str(other), "link_to_a": str(link)}
    code, stderr = crbd(*(part.format(**names) for part in command))
    assert code == 2
    one_line(stderr, "is also an input of this command")
    assert (answered.read_bytes(), other.read_bytes()) == before


# --- symbolic links ----------------------------------------------------------


def test_an_assessment_reached_through_a_link_is_updated_in_place(answered: Path) -> None:
    link = answered.with_name("link.yaml")
    link.symlink_to(answered.name)
    code, _ = crbd("assess", str(link), "--as", "t", "--answer", "A-01=yes")
    assert code == 0
    assert link.is_symlink() and link.resolve() == answered
    assert answers(answered)["A-01"] == "yes"
    assert not list(answered.parent.glob(".*.tmp"))


def test_output_through_a_link_writes_the_target(answered: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    code, _ = crbd("report", str(answered), "-o", str(link))
    assert code == 0
    assert link.is_symlink()
    assert target.read_text().startswith("{")


# --- permissions and owners --------------------------------------------------


@contextlib.contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder anyone may write in (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="crbd-perm-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


@contextlib.contextmanager
def as_nobody() -> Iterator[None]:
    """Run the block with the effective ids of an ordinary user (root can write anything)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_a_read_only_assessment_is_refused_in_one_line(mini: Pack) -> None:
    with shared_folder() as folder:
        path = folder / "team.yaml"
        save_assessment(assessment_of(mini, PROFILE, ALL_NO), path)
        path.chmod(0o444)
        if os.geteuid() == 0:
            os.chown(path, NOBODY, NOBODY)  # nobody's own file, read-only even for nobody
        before = path.read_bytes()
        with as_nobody():
            code, stderr = crbd("assess", str(path), "--as", "t", "--answer", "A-01=yes")
        assert code == 2
        one_line(stderr, "is read-only for you; nothing was changed")
        assert path.read_bytes() == before
        assert not list(folder.glob(".*.tmp")) and not list(folder.glob(".*.lock"))


def test_a_read_only_output_is_refused(mini: Pack) -> None:
    with shared_folder() as folder:
        path = folder / "team.yaml"
        save_assessment(assessment_of(mini, PROFILE, ALL_NO), path)
        path.chmod(0o644)
        out = folder / "old-report.json"
        out.write_text("keep me")
        out.chmod(0o444)
        link = folder / "report.json"
        link.symlink_to(out)
        with as_nobody():
            for target in (out, link):
                code, stderr = crbd("report", str(path), "-o", str(target))
                assert code == 2
                one_line(stderr, "is read-only for you")
        assert out.read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to create a file another user owns")
def test_a_file_owned_by_another_user_keeps_its_owner_or_is_refused(mini: Pack) -> None:
    with shared_folder() as folder:
        path = folder / "team.yaml"
        save_assessment(assessment_of(mini, PROFILE, ALL_NO), path)
        os.chown(path, NOBODY, NOBODY)
        path.chmod(0o640)
        code, _ = crbd("assess", str(path), "--as", "t", "--answer", "A-01=yes")
        assert code == 0  # root may change it, and the owner and mode stay
        status = path.stat()
        assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (NOBODY, NOBODY, 0o640)
        os.chown(path, 0, 0)
        path.chmod(0o666)  # writable for everyone, but owned by root
        before = path.read_bytes()
        with as_nobody():
            code, stderr = crbd("assess", str(path), "--as", "t", "--answer", "A-01=partial")
        assert code == 2
        one_line(stderr, "belongs to another user")
        assert path.read_bytes() == before and path.stat().st_uid == 0


def test_the_mode_of_a_file_is_kept(answered: Path) -> None:
    answered.chmod(0o600)
    code, _ = crbd("assess", str(answered), "--as", "t", "--answer", "A-01=yes")
    assert code == 0
    assert answered.stat().st_mode & 0o777 == 0o600


# --- a full disk -------------------------------------------------------------


def disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_saving_keeps_the_previous_file(
    answered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = answered.read_bytes()
    monkeypatch.setattr(os, "fsync", disk_full)
    code, stderr = crbd("assess", str(answered), "--as", "t", "--answer", "A-01=yes")
    assert code == 2
    one_line(stderr, "No space left on device", "the previous version is intact")
    assert answered.read_bytes() == before
    assert sorted(p.name for p in answered.parent.iterdir()) == ["team.yaml"]


def test_a_full_disk_while_taking_the_lock_is_one_line(
    answered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: int, *args: object, **kwargs: object) -> None:
            self.stream = real_fdopen(handle, *args, **kwargs)  # type: ignore[call-overload]

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.stream.close()

        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", Full)
    before = answered.read_bytes()
    code, stderr = crbd("assess", str(answered), "--as", "t", "--answer", "A-01=yes")
    assert code == 2
    one_line(stderr, "cannot create the lock file (No space left on device)")
    assert answered.read_bytes() == before
    assert sorted(p.name for p in answered.parent.iterdir()) == ["team.yaml"]


def test_a_full_disk_keeps_the_previous_report_whole(
    answered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report")
    monkeypatch.setattr(os, "fsync", disk_full)
    code, stderr = crbd("report", str(answered), "-o", str(out))
    assert code == 2
    one_line(stderr, "No space left on device")
    assert out.read_text() == "the previous report"
    assert not list(tmp_path.glob(".*.tmp"))


# --- report -o NAME ------------------------------------------------------------


def test_report_takes_its_format_from_the_output_name(answered: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "gap.docx"
    code, _ = crbd("report", str(answered), "-o", str(out))
    assert code == 0
    assert any("Test product" in p.text for p in Document(str(out)).paragraphs)
    code, _ = crbd("report", str(answered), "-o", str(tmp_path / "gap.md"))
    assert code == 0
    assert (tmp_path / "gap.md").read_text().startswith("#")


def test_report_refuses_a_format_that_contradicts_the_name(answered: Path, tmp_path: Path) -> None:
    code, stderr = crbd("report", str(answered), "--format", "json", "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    one_line(stderr, "--format json does not match")
    assert not (tmp_path / "r.pdf").exists()
