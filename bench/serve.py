"""How fast `crbd serve` answers where people wait: a save, the next question, the preview.

Run on demand (not part of the test suite): `python bench/serve.py [EXAMPLE] [--saves N]`.
It serves a copy of the example on a free loopback port (in this process, as
`crbd serve` does), takes the token like a browser, then times over loopback:

- a save: one answer posted as the question page posts it (lock, read, the
  interview's recording, atomic write), p50 and p95 over N saves;
- page to page: the next question's page, p50 and p95;
- the report preview (the HTML report), median of three;
- the CPU time of this process (server and client) per page and save, the
  steadier figure on a shared machine, where wall-clock times move with the
  load.

The aim is a save well under 100 ms (50 ms p50) and the next question under
100 ms. Every loop is bounded and talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import shutil
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("example", nargs="?", default="yarnly")
    parser.add_argument("--saves", type=int, default=60)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{options.example}.yaml"
        shutil.copy(ROOT / "examples" / path.name, path)
        bound = bind(Path(folder), (), "127.0.0.1", 0, workshop=False)
        server = bound.server()
        thread = threading.Thread(target=server.run, kwargs={"sockets": [bound.sock]})
        thread.start()
        while not server.started:
            time.sleep(0.01)
        base = f"http://127.0.0.1:{bound.port}"
        try:
            with httpx.Client(base_url=base, timeout=120) as client:
                client.get(f"/?token={bound.served.token}", follow_redirects=False)
                ids = list(load_assessment(path).answers)[: options.saves]
                saves, pages = [], []
                cpu = time.process_time()
                for number, control_id in enumerate(ids):
                    start = time.perf_counter()
                    page = client.get(f"/a/{path.name}/ask/{control_id}").text
                    pages.append(time.perf_counter() - start)
                    form = page.split(f'action="/a/{path.name}/answer/{control_id}"', 1)[1]
                    seen = form.split('name="seen" value="', 1)[1].split('"', 1)[0]
                    csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
                    data = {"csrf": csrf, "seen": seen, "answer": "u", "note": f"bench {number}"}
                    start = time.perf_counter()
                    done = client.post(
                        f"/a/{path.name}/answer/{control_id}", data=data, headers={"origin": base}
                    )
                    saves.append(time.perf_counter() - start)
                    assert done.status_code == 303, done.text[:300]
                cpu = (time.process_time() - cpu) / len(ids)
                previews = []
                for _ in range(3):
                    start = time.perf_counter()
                    client.get(f"/a/{path.name}/preview").raise_for_status()
                    previews.append(time.perf_counter() - start)
            kept = load_assessment(path).answers
            lost = [c for n, c in enumerate(ids) if kept[c].note != f"bench {n}"]
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    print(f"{options.example}, {len(saves)} saves over loopback")
    for label, times in (("save", saves), ("next page", pages)):
        p50, p95 = (percentile(times, share) * 1000 for share in (0.5, 0.95))
        print(f"{label:<11} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"CPU         {cpu * 1000:.1f} ms per page and save (server and client)")
    print(f"preview     median {statistics.median(previews):.2f} s")
    print(f"answers lost: {len(lost)}")


if __name__ == "__main__":
    main()
