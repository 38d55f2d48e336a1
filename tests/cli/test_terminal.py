"""`crbd assess` in a real terminal (a pty, 80 columns, NO_COLOR): a full run, Ctrl-C,
two runs on one file, and kill -9 at random moments that must never lose an answer."""

from __future__ import annotations

import io
import random
import re
import signal
import sys
from datetime import date
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.helpers import MINI, ROOT
from toolkit.engine.accountability import history_problems
from toolkit.model.assessment import new_assessment
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.lock import lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

COLUMNS, ROWS = 80, 24
REVIEW_ORDER = ["A-01", "A-02", "A-03", "A-04", "B-02"]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


class Terminal(io.StringIO):
    """Everything the child printed, and the 80×24 screen it left, as a person sees it."""

    def __init__(self) -> None:
        super().__init__()
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def write(self, text: str) -> int:
        self.stream.feed(text)
        return super().write(text)


def spawn(folder: Path, *args: str) -> pexpect.spawn:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "TERM": "xterm", "LANG": "C.UTF-8"}
    env["PYTHONPATH"] = str(ROOT)  # the code under test, wherever the tests run from
    command = ["-m", "toolkit", "--checklists", str(MINI.parent), "assess", "kite.yaml", *args]
    child = pexpect.spawn(
        sys.executable,
        command,
        cwd=str(folder),
        env=env,
        dimensions=(ROWS, COLUMNS),
        encoding="utf-8",
        timeout=20,
    )
    child.logfile_read = Terminal()
    child.delayafterclose = child.delayafterterminate = 0.0  # the process is gone: no waits
    return child


def transcript(child: pexpect.spawn) -> str:
    """Everything the terminal showed, with line ends as the pty sends them."""
    return str(child.logfile_read.getvalue()).replace("\r\n", "\n")


def screen(child: pexpect.spawn) -> str:
    """The 24 lines on screen right now."""
    return "\n".join(line.rstrip() for line in child.logfile_read.screen.display)


def converse(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for expected, reply in steps:
        child.expect(expected)
        child.sendline(reply)


def finish(child: pexpect.spawn) -> int | None:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus  # type: ignore[no-any-return]


def profiled_file(pack: Pack, folder: Path) -> Path:
    path = folder / "kite.yaml"
    assessment = new_assessment(pack).model_copy(
        update={"profile": {"audience": "children", "features": ["chat"]}}
    )
    assessment = assessment.model_copy(
        update={"metadata": assessment.metadata.model_copy(update={"product": "Kite"})}
    )
    save_assessment(assessment, path)
    return path


FULL_RUN = [
    ("Start a new assessment in kite.yaml", ""),
    ("Product name", "Kite"),
    ("Product version", "2.1"),
    ("Organisation", "Kite Ltd"),
    ("Choose one number", "1"),
    ("Numbers separated by commas", "1"),
    ("Enter to begin", ""),
    ("Answer", "?"),
    ("Enter for the question", ""),
    ("Answer", "y"),
    ("Note", ""),
    ("Evidence: what shows it", "Settings screenshot"),
    ("Answer", "x"),
    ("reason why the control does not apply", "No such surface"),
    ("Answer", "l"),
    ("Note", ""),
    ("Target date", "2027-01-31"),
    ("Owner and due date", "Sam Lee 2027-01-15"),
    ("Answer", "b"),
    ("Answer", ""),  # A-03 again: enter keeps "planned"
    ("Answer", "p"),
    ("Note", "Web only"),
    ("Evidence: what shows it", ""),
    ("Owner and due date", ""),
    ("Answer", "n"),
    ("Note", ""),
    ("Owner and due date", ""),
]


@pytest.mark.slow
def test_a_full_short_run_fits_80_columns_without_colour(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--pack", "mini", "--as", "Ana")
    converse(child, FULL_RUN)
    assert finish(child) == 0, transcript(child)
    last = screen(child).strip().splitlines()
    overall = next(i for i, line in enumerate(last) if line.startswith("Overall for Kite: "))
    assert last[overall + 1].startswith("Done. Next: ")  # the overall result last, then next
    shown = transcript(child)
    assert "Scope" in shown and "Out of scope because" in shown and "Scores by domain" in shown
    assert f"Done. Next: crbd --checklists {MINI.parent} report kite.yaml" in shown
    saved = load_assessment(tmp_path / "kite.yaml")
    assert {key: a.answer.value for key, a in saved.answers.items()} == {
        "A-01": "yes",
        "A-02": "na",
        "A-03": "planned",
        "A-04": "partial",
        "B-02": "no",
    }
    assert saved.metadata.product_version == "2.1"
    action = saved.answers["A-03"].action
    assert action is not None and (action.owner, str(action.due)) == ("Sam Lee", "2027-01-15")
    for params in SGR.findall(shown):
        codes = {int(code) for code in params.split(";") if code}
        assert not codes & {*range(30, 50), *range(90, 108)}, "colour despite NO_COLOR"
    # Commands to copy are never broken; everything else is laid out within 80 columns.
    lines = [line for line in SGR.sub("", shown).split("\n") if "crbd --checklists" not in line]
    assert max(len(line) for line in lines) <= COLUMNS
    assert not lock_path(tmp_path / "kite.yaml").exists()


@pytest.mark.slow
def test_after_guidance_the_question_and_its_keys_are_on_screen(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--pack", "mini", "--as", "Ana")
    converse(child, FULL_RUN[:9])  # up to "Enter for the question" after the guidance
    child.expect("Answer")
    shown = screen(child)
    assert "A-01 " in shown and "? guidance · w why · b back" in shown
    assert "y yes · p partial · n no" in shown
    child.sendcontrol("c")
    assert finish(child) == 130


@pytest.mark.slow
def test_every_feature_is_on_screen_with_its_prompt(tmp_path: Path) -> None:
    from toolkit.model.packs import load_pack, resolve_pack

    core = load_pack(resolve_pack("core"))
    child = spawn(tmp_path, "--pack", "core", "--as", "Ana")
    converse(child, [("Start a new assessment", ""), ("Product name", "Kite")])
    converse(child, [("Product version", ""), ("Organisation", "")])
    converse(child, [("Choose one", "1"), ("Numbers", "1,2"), ("Choose one", "1")])
    child.expect(r"Numbers separated by commas \(enter for none; \? explains each\)")
    shown = screen(child)
    features = next(q for q in core.profile if q.id == "features")
    assert len(features.options) > 18
    assert "Which features does the product have?" in shown
    flat = " ".join(shown.split())  # long labels wrap inside their column
    for number, option in enumerate(features.options, start=1):
        assert f"{number}. {' '.join(option.label.split()[:2])}" in flat, option.label
    child.sendcontrol("c")
    assert finish(child) == 130


@pytest.mark.slow
def test_resume_says_how_far_and_offers_the_last_assessor(mini: Pack, tmp_path: Path) -> None:
    path = profiled_file(mini, tmp_path)
    child = spawn(tmp_path, "--as", "Bo")
    converse(child, [("Answer", "n"), ("Note", ""), ("Owner and due date", "")])
    child.expect("Answer")
    child.sendline("q")
    assert finish(child) == 0
    child = spawn(tmp_path)  # no --as: the name is asked, the last assessor its default
    child.expect(r"Your name, recorded with each answer")
    child.expect(r"\[Bo\]")
    child.sendline("")
    child.expect("Answer")
    shown = screen(child)
    assert "Resuming: 1 of 5 answered. This run asks 4 questions, about 2 minutes." in shown
    assert "Question 1 of 4 · A 1 of 3 · high · 1 of 5 answered" in shown
    child.sendline("q")
    assert finish(child) == 0
    assert load_assessment(path).metadata.assessors == ["Bo"]


@pytest.mark.slow
def test_ctrl_c_mid_question_keeps_the_file_and_resume_works(mini: Pack, tmp_path: Path) -> None:
    path = profiled_file(mini, tmp_path)
    child = spawn(tmp_path, "--as", "Ana")
    converse(child, [("Answer", "y"), ("Note", ""), ("Evidence: what shows it", "")])
    child.expect("Answer")
    child.send("p")  # typing A-02's answer...
    child.sendcontrol("c")  # ...and stopping
    assert finish(child) == 130
    assert "resume with: crbd --checklists" in transcript(child)
    assert list(load_assessment(path).answers) == ["A-01"]
    assert not lock_path(path).exists()
    child = spawn(tmp_path, "--as", "Ana")
    steps = [("Answer", "n"), ("Note", ""), ("Owner and due date", "")] * 4
    converse(child, steps)
    assert finish(child) == 0, transcript(child)
    assert list(load_assessment(path).answers) == REVIEW_ORDER
    # A review changes A-01 with a reason, then stops at A-02: the change is in the history.
    child = spawn(tmp_path, "--as", "Bo", "--review")
    steps = [("Revisit the product profile", ""), ("Answer", "n"), ("Note", "")]
    steps += [("Owner and due date", "")]
    converse(child, [*steps, ("Why did it change from yes to no", "Regression in 3.1")])
    child.expect("Answer")
    child.sendcontrol("c")
    assert finish(child) == 130
    saved = load_assessment(path)
    [change] = saved.history
    assert (change.id, change.before, change.after, change.by) == ("A-01", "yes", "no", "Bo")
    assert change.reason == "Regression in 3.1"


@pytest.mark.slow
def test_a_second_run_on_the_same_file_is_refused(mini: Pack, tmp_path: Path) -> None:
    profiled_file(mini, tmp_path)
    first = spawn(tmp_path, "--as", "Ana")
    first.expect("Answer")
    second = spawn(tmp_path, "--as", "Bo")
    assert finish(second) == 2
    assert "is being assessed by another crbd (process" in transcript(second)
    first.sendcontrol("c")
    assert finish(first) == 130


@pytest.mark.slow
def test_an_edit_made_behind_the_lock_is_not_overwritten(mini: Pack, tmp_path: Path) -> None:
    path = profiled_file(mini, tmp_path)
    child = spawn(tmp_path, "--as", "Ana")
    converse(child, [("Answer", "n"), ("Note", ""), ("Owner and due date", "")])
    child.expect("Answer")  # A-01 is saved; now an editor changes the file, ignoring the lock
    edited = load_assessment(path)
    renamed = edited.metadata.model_copy(update={"product": "Kite (edited)"})
    save_assessment(edited.model_copy(update={"metadata": renamed}), path)
    child.sendline("y")
    converse(child, [("Note", ""), ("Evidence: what shows it", "")])
    child.expect("r to retry once it is fixed, q to stop without it")
    shown = " ".join(screen(child).split())
    assert "was changed by another program since crbd read it" in shown
    assert "Not saved yet: A-02" in shown
    child.sendline("q")
    assert finish(child) == 2  # stopped with an answer not saved
    assert transcript(child).rstrip().endswith("to go on from the changed file.")
    kept = load_assessment(path)
    assert kept.metadata.product == "Kite (edited)"  # the edit stands
    assert list(kept.answers) == ["A-01"] and not lock_path(path).exists()


WORDS = {"y": "yes", "p": "partial", "n": "no", "u": "unknown"}


@pytest.mark.slow
def test_kill_9_at_random_moments_never_loses_a_confirmed_answer(
    mini: Pack, tmp_path: Path
) -> None:
    """25 runs on one file, each killed at a random moment: before answering, while
    typing, or racing a save. The file always loads and holds every answer confirmed
    on screen; the stale lock of a killed run never blocks the next one."""
    path = profiled_file(mini, tmp_path)
    rng = random.Random(20261102)
    confirmed: dict[str, str] = {}
    changes = recorded = 0
    for _run in range(25):
        child = spawn(tmp_path, "--as", "Ana", "--review")
        child.expect("Revisit the product profile too")
        child.sendline("")
        stop_at = rng.randrange(len(REVIEW_ORDER))
        moment = rng.choice(["before", "typing", "racing"])
        racing: tuple[str, str] | None = None
        for position, control in enumerate(REVIEW_ORDER[: stop_at + 1]):
            key = rng.choice(list(WORDS))
            child.expect("Answer")
            if position == stop_at and moment == "before":
                break
            child.sendline(key)
            if position == stop_at and moment == "typing":
                break
            child.expect("Note")
            child.sendline("")
            if key in "yp":
                child.expect("Evidence: what shows it")
                child.sendline("")
            if key in "pnu":
                child.expect("Owner and due date")
                child.sendline("")
            if confirmed.get(control, WORDS[key]) != WORDS[key]:
                child.expect("Why did it change")
                child.sendline("")
                changes += 1
            if position == stop_at:
                racing = (control, WORDS[key])
                break
            child.expect(r"Saved\.")
            confirmed[control] = WORDS[key]
            recorded = changes
        child.kill(signal.SIGKILL)
        child.close(force=True)
        assessment = load_assessment(path)
        saved = {key: a.answer.value for key, a in assessment.answers.items()}
        if racing is not None:
            control, value = racing
            assert saved.get(control) in (value, confirmed.get(control))
            if control in saved:
                confirmed[control] = saved[control]
        assert saved == confirmed
        # The history holds every confirmed change (and the raced one only if it was saved).
        assert len(assessment.history) in (recorded, changes)
        assert history_problems(assessment) == []
        changes = recorded = len(assessment.history)


def test_b_and_q_at_a_follow_up_go_back_and_quit(mini: Pack, tmp_path: Path) -> None:
    path = profiled_file(mini, tmp_path)
    child = spawn(tmp_path, "--as", "Ana")
    # A-01 na, the reason left empty (refused), then b: back at the question, not a note.
    converse(child, [("Answer", "x"), ("reason why the control does not apply", "")])
    child.expect("This one|needs a note")
    converse(child, [("reason why the control does not apply", "b")])
    child.expect("Answer")
    shown = screen(child)
    assert "A-01 " in shown and "Question 1 of 5" in shown
    converse(child, [("", "n"), ("Note", "")])
    child.expect("Owner and due date")
    child.sendline("q")
    assert finish(child) == 0
    assert "Saved. Resume with: crbd --checklists" in transcript(child)
    assert load_assessment(path).answers == {}  # neither b nor q was taken as text


def test_b_and_q_at_the_risk_impact_prompt_go_back_and_quit(tmp_path: Path) -> None:
    from toolkit.model.assessment import RiskRecord
    from toolkit.model.packs import load_pack

    risky = load_pack(MINI.parent / "mini-risk")
    path = profiled_file(risky, tmp_path)
    saved = load_assessment(path)
    record = RiskRecord(method="Workshop", next_review=date(2027, 5, 1))
    save_assessment(saved.model_copy(update={"risk_record": record}), path)
    child = spawn(tmp_path, "--as", "Ana", "--risks")
    converse(child, [("Likelihood", ""), ("Impact", "b")])
    child.expect("Likelihood")
    assert "Harm 1 of 2 · H-CHAT" in screen(child)
    converse(child, [("", ""), ("Impact", "q")])
    assert finish(child) == 0
    assert load_assessment(path).risks == {}


def test_a_mistyped_file_name_is_not_silently_a_new_assessment(mini: Pack, tmp_path: Path) -> None:
    profiled_file(mini, tmp_path).rename(tmp_path / "kite-app.yaml")
    child = spawn(tmp_path, "--as", "Ana")  # kite.yaml, a typo for kite-app.yaml
    child.expect(r"kite.yaml does not exist; did you mean kite-app.yaml\?")
    child.expect(r"Start a new assessment in kite.yaml\? y/n \S*\[n\]")
    child.sendline("")
    assert finish(child) == 0
    assert "Nothing created." in transcript(child)
    assert not (tmp_path / "kite.yaml").exists()


def test_ctrl_c_before_the_first_save_says_nothing_was_saved(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--pack", "mini", "--as", "Ana")
    converse(child, FULL_RUN[:1])
    child.expect("Product name")
    child.sendcontrol("c")
    assert finish(child) == 130
    shown = " ".join(transcript(child).split())
    assert "Stopped before anything was saved; kite.yaml was not created." in shown
    assert "Every confirmed answer is saved" not in shown
    assert not (tmp_path / "kite.yaml").exists()
