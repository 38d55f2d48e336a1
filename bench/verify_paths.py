"""What `crbd verify` costs on each of its paths, against one `crbd report`.

Run on demand: `python bench/verify_paths.py [EXAMPLE]` (default yarnly). It
renders the example's report, then times, each as a whole process:

- `crbd verify` of that report (the re-render is the file, byte for byte);
- `crbd verify` of the same report subset with fontTools instead of HarfBuzz
  (other fonts: every page compared as text, boxes, links, images and as
  drawn at 100 dpi);
- `crbd verify` of the report with its /Producer edited (the same comparison).

Wall-clock and CPU seconds (user + system, from the kernel) are printed; on a
shared machine the CPU figure is the steadier one.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CRBD = [sys.executable, "-m", "toolkit"]
FONTTOOLS_REPORT = (
    "import sys, weasyprint.pdf.fonts as fonts; fonts.harfbuzz_subset = None; "
    "from toolkit.cli import main; sys.argv = ['crbd', *sys.argv[1:]]; main()"
)


def timed(command: Sequence[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole process, which must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def producer_edited(source: Path, target: Path) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(source.read_bytes())) as pdf:
        pdf.docinfo.Producer = pikepdf.String("WeasyPrint 60.0")
        pdf.save(target)


def main() -> None:
    example = sys.argv[1] if len(sys.argv) > 1 else "yarnly"
    source = ROOT / "examples" / f"{example}.yaml"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        report = out / "report.pdf"
        rows = [("crbd report (pdf)", timed([*CRBD, "report", str(source), "-o", str(report)]))]
        fonttools = out / "fonttools.pdf"
        subprocess.run(
            [sys.executable, "-W", "ignore", "-c", FONTTOOLS_REPORT, "report", str(source)]
            + ["-o", str(fonttools)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        producer = out / "producer.pdf"
        producer_edited(report, producer)
        rows.append(("crbd verify, byte for byte", timed([*CRBD, "verify", str(report)])))
        rows.append(("crbd verify, fontTools subset", timed([*CRBD, "verify", str(fonttools)])))
        rows.append(("crbd verify, /Producer edited", timed([*CRBD, "verify", str(producer)])))
    cpu0 = rows[0][1][1]
    print(f"| {example} | wall | CPU | CPU / report |\n| --- | ---: | ---: | ---: |")
    for label, (wall, cpu) in rows:
        print(f"| {label} | {wall:.1f} s | {cpu:.1f} s | {cpu / cpu0:.2f}x |")


if __name__ == "__main__":
    main()
