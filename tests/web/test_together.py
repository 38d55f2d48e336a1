"""Several people at once: two browsers and a terminal on one file lose no answer."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.helpers import ROOT, Running
from toolkit.model.files import load_assessment

YARNLY = "/a/yarnly.yaml"
ROUNDS = 8


def _seen(page: str, control_id: str) -> str:
    form = page.split(f'action="{YARNLY}/answer/{control_id}"', 1)[1]
    return form.split('name="seen" value="', 1)[1].split('"', 1)[0]


def _terminal(served: Running, answer: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "assess", str(served.folder / "yarnly.yaml")]
        + ["--as", "T. Erminal", "--answer", answer],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_two_browsers_and_a_terminal_lose_no_answer(served: Running) -> None:
    answered = load_assessment(served.folder / "yarnly.yaml").answers
    ids = [control_id for control_id in answered if answered[control_id].answer.value == "yes"]
    assert len(ids) >= 3 * ROUNDS
    people = [served.client(), served.client()]
    for person, name in zip(people, ("A. Browser", "B. Browser"), strict=True):
        served.post(person, "/name", {"you": name, "next": "/"})
    failures: list[str] = []
    for round_ in range(ROUNDS):
        mine = ids[3 * round_ : 3 * round_ + 3]
        pages = [p.get(f"{YARNLY}/ask/{c}").text for p, c in zip(people, mine, strict=False)]

        def browser(index: int, control_id: str, page: str, round_: int = round_) -> None:
            form = {"seen": _seen(page, control_id), "answer": "u", "note": f"round {round_}"}
            done = served.post(people[index], f"{YARNLY}/answer/{control_id}", form)
            if done.status_code != 303:
                failures.append(f"{control_id}: {done.status_code} {done.text[:200]}")

        def terminal(control_id: str, round_: int = round_) -> None:
            done = _terminal(served, f"{control_id}=unknown:round {round_}")
            if done.returncode not in (0, 3):
                failures.append(f"{control_id}: {done.returncode} {done.stderr}")

        threads = [
            threading.Thread(target=browser, args=(0, mine[0], pages[0])),
            threading.Thread(target=browser, args=(1, mine[1], pages[1])),
            threading.Thread(target=terminal, args=(mine[2],)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []
    final = load_assessment(served.folder / "yarnly.yaml")
    for round_ in range(ROUNDS):
        for control_id, by in zip(
            ids[3 * round_ : 3 * round_ + 3],
            ("A. Browser", "B. Browser", "T. Erminal"),
            strict=True,
        ):
            given = final.answers[control_id]
            assert (given.answer.value, given.note, given.answered_by) == (
                "unknown",
                f"round {round_}",
                by,
            ), control_id
    changed = {change.id for change in final.history}
    assert set(ids[: 3 * ROUNDS]) <= changed  # every change in the history too


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
