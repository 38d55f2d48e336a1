"""One measurement of the scaling benchmark, run in a fresh interpreter by bench.py.

`python bench/scaling.py COMMAND PACK_ROOT FOLDER COUNT` opens the first COUNT
assessment files of FOLDER and does what the command does with them, then
prints one JSON line: seconds of work (start-up, imports and the one pack
load excluded; the pack load is timed apart), the process's peak resident
memory, and how much the work added to it. For `score`, which takes one file
at a time, COUNT may be a list (`1,10,100`): the files are scored in turn and
a line is printed each time that many have been done.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from synthetic import PACK_ID


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    command, pack_root, folder, counts = sys.argv[1:5]
    from toolkit.engine.evaluate import evaluate
    from toolkit.model.packs import load_pack, resolve_pack
    from toolkit.workflow.opening import open_assessment, workshop_files

    checkpoints = [int(count) for count in counts.split(",")]
    paths = sorted(Path(folder).glob("*.yaml"))[: max(checkpoints)]
    roots = [Path(pack_root)]
    start = time.perf_counter()
    load_pack(resolve_pack(PACK_ID, roots))  # once per process, timed apart
    pack_seconds = time.perf_counter() - start
    before = peak_mb()

    def report(files: int, seconds: float) -> None:
        figures = {"files": files, "seconds": seconds, "pack_seconds": pack_seconds}
        print(json.dumps({**figures, "peak_mb": peak_mb(), "grew_mb": peak_mb() - before}))

    start = time.perf_counter()
    if command == "score":  # what `crbd score` does with each file, before printing
        for done, path in enumerate(paths, start=1):
            opened = open_assessment(path, roots)
            evaluate(opened.pack, opened.assessment)
            if done in checkpoints:
                report(done, time.perf_counter() - start)
    elif command == "workshop":
        workshop_files(paths, roots)
        report(len(paths), time.perf_counter() - start)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
