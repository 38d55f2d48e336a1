"""Time saving and loading a very large assessment (about 55 MB).

Run on demand (not part of the test suite): `python bench/large_save.py`.
Every confirmed answer rewrites the whole file, so this is the pause a team
with a huge file would feel after each answer. Measured on the development
machine (2 cores, libyaml present): save 2.2 s, load 2.8 s for 55.8 MB.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from toolkit.model.files import load_assessment, save_assessment

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    example = load_assessment(ROOT / "examples" / "yarnly.yaml")
    answer = next(iter(example.answers.values()))
    note = "word " * 2000
    answers = {f"X-{i:05d}": answer.model_copy(update={"note": note}) for i in range(5000)}
    large = example.model_copy(update={"answers": answers})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        started = time.perf_counter()
        save_assessment(large, path)
        saved = time.perf_counter() - started
        started = time.perf_counter()
        load_assessment(path)
        loaded = time.perf_counter() - started
        size = path.stat().st_size
    print(f"assessment of {size / 1e6:.1f} MB: save {saved:.1f} s, load {loaded:.1f} s")


if __name__ == "__main__":
    main()
