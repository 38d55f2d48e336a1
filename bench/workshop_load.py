"""How `crbd serve --workshop` holds up when every team saves at once, and the presenter's view.

Run on demand (not part of the test suite):
`python bench/workshop_load.py [--teams 30] [--rounds 10] [--example yarnly]`.

It serves an empty folder in workshop mode on a free loopback port (in this
process, as `crbd serve --workshop` does), adds the teams as the trainer does
(each team's file starts from the example's product and profile, no answers),
and lets every team join with its code in a browser session of its own. Then,
round after round, all teams save one answer at the same moment (each on its
own connection, from its own thread): the next question's page, then the save,
timed from the post to the answer. Meanwhile the trainer keeps the presenter
view open (reloaded one after another); it is timed again once the teams stop.

Printed: save latency p50 and p95 over every team's saves, the next question's
page, the presenter view under load and idle, and how many answers were lost
(every save must be in its team's file). Everything talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

import httpx  # noqa: E402

from toolkit.model.files import load_assessment  # noqa: E402
from toolkit.web.server import bind  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def field(page: str, name: str) -> str:
    return page.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--example", default="yarnly")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bound = bind(Path(folder), (), "127.0.0.1", 0, workshop=True, example=options.example)
        server = bound.server()
        thread = threading.Thread(target=server.run, kwargs={"sockets": [bound.sock]})
        thread.start()
        while not server.started:
            time.sleep(0.01)
        base = f"http://127.0.0.1:{bound.port}"
        try:
            figures = load(base, bound.served.token, options.teams, options.rounds)
            lost = sum(
                1
                for name, notes in figures["given"].items()
                for control_id, note in notes.items()
                if load_assessment(Path(folder) / name).answers[control_id].note != note
            )
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    saves, pages = figures["saves"], figures["pages"]
    print(f"{options.example}, {options.teams} teams, {options.rounds} rounds of saves at once")
    for label, times in (("save", saves), ("next page", pages)):
        p50, p95 = (percentile(times, share) * 1000 for share in (0.5, 0.95))
        print(f"{label:<11} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(times)} requests)")
    busy, idle = figures["present_busy"], figures["present_idle"]
    if busy:
        print(
            f"presenter   under load median {statistics.median(busy) * 1000:.0f} ms, "
            f"max {max(busy) * 1000:.0f} ms ({len(busy)} views)"
        )
    print(f"presenter   idle median {statistics.median(idle) * 1000:.0f} ms")
    print(f"answers lost: {lost}")


def load(base: str, token: str, teams: int, rounds: int) -> dict[str, object]:
    origin = {"origin": base}
    trainer = httpx.Client(base_url=base, timeout=300)
    trainer.get(f"/?token={token}", follow_redirects=False)
    csrf = field(trainer.get("/workshop").text, "csrf")
    for number in range(teams):
        made = trainer.post(
            "/workshop",
            data={"csrf": csrf, "team": f"Team {number + 1}"},
            headers=origin,
            follow_redirects=False,
        )
        assert made.status_code == 303, made.text[:300]
    page = trainer.get("/workshop").text
    codes = [row.split("<", 1)[0] for row in page.split('<code class="code">')[1:]]
    assert len(codes) == teams, len(codes)
    members = []
    for code in codes:
        client = httpx.Client(base_url=base, timeout=300)
        joined = client.post("/join", data={"code": code}, headers=origin, follow_redirects=False)
        assert joined.status_code == 303, joined.text[:300]
        members.append((client, joined.headers["location"].removeprefix("/a/")))
    together = threading.Barrier(teams, timeout=600)
    saves: list[float] = []
    pages: list[float] = []
    given: dict[str, dict[str, str]] = {name: {} for _client, name in members}
    failures: list[str] = []
    done = threading.Event()

    def team(client: httpx.Client, name: str) -> None:
        try:
            for round_ in range(rounds):
                start = time.perf_counter()
                page = client.get(f"/a/{name}/ask", follow_redirects=True)
                pages.append(time.perf_counter() - start)
                control_id = str(page.url).rsplit("/", 1)[1]
                note = f"{name} round {round_}"
                data = {
                    "csrf": field(page.text, "csrf"),
                    "seen": field(page.text, "seen"),
                    "answer": "u",
                    "note": note,
                }
                together.wait()
                start = time.perf_counter()
                answered = client.post(
                    f"/a/{name}/answer/{control_id}",
                    data=data,
                    headers=origin,
                    follow_redirects=False,
                )
                saves.append(time.perf_counter() - start)
                if answered.status_code != 303:
                    failures.append(f"{name} {control_id}: {answered.status_code}")
                given[name][control_id] = note
        except Exception as error:  # reported below, and the others stop waiting
            failures.append(f"{name}: {error!r}")
            together.abort()

    present_busy: list[float] = []

    def presenter() -> None:
        while not done.is_set():
            start = time.perf_counter()
            trainer.get("/workshop/present").raise_for_status()
            present_busy.append(time.perf_counter() - start)

    threads = [threading.Thread(target=team, args=member) for member in members]
    watching = threading.Thread(target=presenter)
    for each in threads:
        each.start()
    watching.start()
    for each in threads:
        each.join()
    done.set()
    watching.join()
    present_idle = []
    for _ in range(3):
        start = time.perf_counter()
        trainer.get("/workshop/present").raise_for_status()
        present_idle.append(time.perf_counter() - start)
    for client, _name in members:
        client.close()
    trainer.close()
    assert not failures, failures[:5]
    return {
        "saves": saves,
        "pages": pages,
        "given": given,
        "present_busy": present_busy,
        "present_idle": present_idle,
    }


if __name__ == "__main__":
    main()
