"""Several people at once: browsers and a terminal on one file lose no answer."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, Running, assessment_of, serving
from toolkit.engine.scoring import score
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.packs import load_pack

YARNLY = "/a/yarnly.yaml"
ROUNDS = 50
BROWSERS = ("A. Browser", "B. Browser", "C. Browser")
TERMINAL = "T. Erminal"
TERMINAL_ANSWERS = 10
ANSWERS = ("unknown", "yes")
ANSWERING_IN_A_LOOP = """
import sys
from pathlib import Path
from typer.testing import CliRunner
from toolkit.cli import app
from toolkit.model.files import load_assessment
packs, path, *answers = sys.argv[1:]
before = None
for answer in answers:
    if before is not None:
        control_id, note = before
        kept = load_assessment(Path(path)).answers[control_id].note
        if kept != note:
            sys.exit(f"{control_id}: the terminal's {note!r} was lost (the file has {kept!r})")
    done = CliRunner().invoke(
        app, ["--checklists", packs, "assess", path, "--as", "T. Erminal", "--answer", answer]
    )
    if done.exit_code not in (0, 3):
        sys.exit(f"{answer}: exit {done.exit_code}: {done.output}")
    control_id, given = answer.split("=", 1)
    before = (control_id, given.split(":", 1)[1])
"""
"""`crbd assess FILE --answer ID=VALUE` again and again from one other process, each time
first checking that its previous answer is still in the file (one process, so that
starting Python for every answer does not dominate the test)."""


def _seen(page: str, control_id: str, address: str = YARNLY) -> str:
    form = page.split(f'action="{address}/answer/{control_id}"', 1)[1]
    return form.split('name="seen" value="', 1)[1].split('"', 1)[0]


def _terminal(served: Running, answer: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "assess", str(served.folder / "yarnly.yaml")]
        + ["--as", TERMINAL, "--answer", answer],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_three_browsers_and_a_terminal_lose_no_answer_in_fifty_rounds(tmp_path: Path) -> None:
    """Three browsers answer one control each per round, all at once, for fifty rounds, while
    a terminal answers another meanwhile; every control belongs to one writer. Each writer
    finds its previous answer still on file before it gives the next (a browser on the
    question's page), and the file holds every writer's last answers at the end. The file
    is on the small test pack, so that the fifty rounds take seconds."""
    path = tmp_path / "mini.yaml"
    pack = load_pack(MINI)
    blank = assessment_of(pack, {"audience": "children", "features": ["chat"]}, {})
    save_assessment(blank, path)
    ids = [o.id for o in score(pack, blank).controls if o.scope != "out_of_scope"]
    writers = (*BROWSERS, TERMINAL)
    owned = {who: ids[number :: len(writers)] for number, who in enumerate(writers)}
    plan = {  # a writer's answers to a control alternate, so each one is a change
        who: [
            (mine[r % len(mine)], ANSWERS[r // len(mine) % 2], f"{who} round {r}")
            for r in range(ROUNDS)
        ]
        for who, mine in owned.items()
    }
    plan[TERMINAL] = plan[TERMINAL][:TERMINAL_ANSWERS]
    with serving(tmp_path, pack_dirs=(MINI.parent,)) as served:
        _answer_together(served, path, plan)
    final = load_assessment(path)  # the file is still valid: it loads, strictly
    last = {c: (answer, note, who) for who in writers for c, answer, note in plan[who]}
    assert set(last) == set(ids)
    for control_id, (answer, note, who) in last.items():
        given = final.answers[control_id]
        assert (given.answer.value, given.note, given.answered_by) == (answer, note, who)
    changes = Counter(change.id for change in final.history)
    assert changes == {  # every change in the history too, once
        control_id: sum(1 for who in writers for c, _a, _n in plan[who] if c == control_id) - 1
        for control_id in ids
    }


def _answer_together(
    served: Running, path: Path, plan: dict[str, list[tuple[str, str, str]]]
) -> None:
    address = f"/a/{path.name}"
    terminal = subprocess.Popen(
        [sys.executable, "-c", ANSWERING_IN_A_LOOP, str(MINI.parent), str(path)]
        + [f"{control_id}={answer}:{note}" for control_id, answer, note in plan[TERMINAL]],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    people = {who: served.client() for who in BROWSERS}
    csrf = {}
    for who, person in people.items():
        served.post(person, "/name", {"you": who, "next": "/"})
        csrf[who] = served.csrf(person)
    together = threading.Barrier(len(BROWSERS), timeout=120)
    failures: list[str] = []

    def browser(who: str) -> None:
        try:
            answer_all(who)
        except Exception as error:  # shown by the assertion below, not lost in a thread
            failures.append(f"{who}: {error!r}")
            together.abort()

    def answer_all(who: str) -> None:
        person, last = people[who], {}
        for control_id, answer, note in plan[who]:
            page = person.get(f"{address}/ask/{control_id}").text
            if control_id in last and f">{last[control_id]}</textarea>" not in page:
                failures.append(f"{who} {control_id}: {last[control_id]!r} was lost")
            form = {
                "csrf": csrf[who],
                "seen": _seen(page, control_id, address),
                "answer": answer,
                "note": note,
            }
            together.wait()
            done = person.post(
                f"{address}/answer/{control_id}", data=form, headers={"origin": served.base}
            )
            if done.status_code != 303:
                failures.append(f"{who} {control_id}: {done.status_code} {done.text[:300]}")
            last[control_id] = note

    threads = [threading.Thread(target=browser, args=(who,)) for who in BROWSERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    _out, errors = terminal.communicate(timeout=300)
    assert terminal.returncode == 0, errors
    assert failures == []


def test_the_same_control_changed_in_the_terminal_is_shown_not_overwritten(
    served: Running,
) -> None:
    person = served.client()
    page = person.get(f"{YARNLY}/ask/CON-02").text
    assert _terminal(served, "CON-02=partial:From the terminal").returncode in (0, 3)
    clash = served.post(
        person, f"{YARNLY}/answer/CON-02", {"seen": _seen(page, "CON-02"), "answer": "n"}
    )
    assert clash.status_code == 409 and "From the terminal" in clash.text
    assert load_assessment(served.folder / "yarnly.yaml").answers["CON-02"].note == (
        "From the terminal"
    )


@pytest.mark.slow
def test_an_open_terminal_interview_refuses_the_browser_in_one_sentence(
    served: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.web import store

    monkeypatch.setattr(store, "UNATTENDED_WAIT", 0.2)  # the terminal never finishes
    path = served.folder / "yarnly.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from toolkit.workflow.lock import assessment_lock\n"
            "with assessment_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)",
            str(path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        person = served.client()
        before = path.read_bytes()
        page = person.get(f"{YARNLY}/ask/CON-03").text
        refused = served.post(
            person, f"{YARNLY}/answer/CON-03", {"seen": _seen(page, "CON-03"), "answer": "y"}
        )
        assert refused.status_code == 400
        assert "is being assessed by another crbd" in refused.text
        assert "Traceback" not in refused.text
        assert path.read_bytes() == before
    finally:
        holder.kill()
        holder.communicate()
