"""How fast crbd is where people wait, measured against what it cannot beat.

Run on demand (not part of the test suite): `python bench/bench.py [EXAMPLE]`.
In one run it prints every ratio the performance issue tracks, each with the
figures behind it (whole-process medians; the ratios hold better than the
absolute times on a busy machine):

- `crbd --help` against a bare typer app with the same commands and options,
  generated from crbd's own command tree (`bench/bare_app.py`);
- `crbd score` of the example;
- `crbd workshop` of 30 copies of the example, to HTML and to PDF, against one
  `crbd report`, and how often the pack was read (once per process);
- `crbd report` against a bare weasyprint render of the same HTML, `crbd
  verify` of that report (structural checks plus one re-render) against the
  report, and the page count of each bundled example's report;
- scaling over synthetic inputs (`bench/synthetic.py`: a pack of ten times the
  core's controls; 1, 10, 100 and 300 assessment files) for `score` and
  `workshop`: time and peak memory per size, the ratio between sizes, and
  whether the cost per file stays flat (within 20%) from 10 to 300 files;
- the PDF size budget: the largest synthetic pack whose report is within it,
  printed and verified (time, peak memory, pages), and the next size up,
  refused before any layout.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from bare_app import bare_app_source  # noqa: E402
from synthetic import PACK_ID, make_assessments, make_pack  # noqa: E402

SIZES = (1, 10, 100, 300)
WORKSHOP_COPIES = 30
FLAT_WITHIN = 0.20


def run_once(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {error}")
    if process.stderr:
        process.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def median_seconds(command: Sequence[str], runs: int, cwd: Path | None = None) -> float:
    return statistics.median(run_once(command, cwd)[0] for _ in range(runs))


def interleaved(first: Sequence[str], second: Sequence[str], runs: int) -> tuple[float, float]:
    """Medians of two commands timed in turns, so a busy moment hits both alike."""
    a, b = [], []
    for _ in range(runs):
        a.append(run_once(first)[0])
        b.append(run_once(second)[0])
    return statistics.median(a), statistics.median(b)


def bare_weasyprint(html: Path, runs: int) -> float:
    """The same HTML rendered by weasyprint alone, in a fresh interpreter each time.

    It is the print HTML (with the bundled font) and the same PDF variant as
    crbd's default, PDF/A-3a, so the difference is what crbd adds: start-up,
    loading and scoring, templating, attachments and the restricted fetcher.
    """
    script = (
        "import sys; from weasyprint import HTML; "
        "HTML(filename=sys.argv[1], base_url=sys.argv[2])"
        ".write_pdf(sys.argv[3], pdf_variant='pdf/a-3a')"
    )
    templates = (ROOT / "report_templates").as_uri() + "/"
    out = html.with_suffix(".bare.pdf")
    return median_seconds([sys.executable, "-c", script, str(html), templates, str(out)], runs)


def print_html(example: Path, target: Path, checklists: Path | None = None) -> int:
    """Write the exact HTML crbd hands to weasyprint for the PDF; return its length."""
    script = (
        "import sys; from pathlib import Path; "
        "from toolkit.workflow.opening import open_assessment; "
        "from toolkit.engine.evaluate import evaluate; "
        "from toolkit.report.html import render_html, templates_folder; "
        "from toolkit.report.text import breakable_everywhere, printable_everywhere; "
        "from toolkit.report.view import build_view; "
        "o = open_assessment(Path(sys.argv[1]), [Path(p) for p in sys.argv[3:]]); "
        "e = evaluate(o.pack, o.assessment); "
        "view = breakable_everywhere(printable_everywhere(build_view(e))); "
        "html = render_html(view, templates_folder(None), for_print=True); "
        "Path(sys.argv[2]).write_text(html, encoding='utf-8'); print(len(html))"
    )
    extra = [str(checklists)] if checklists else []
    done = subprocess.run(
        [sys.executable, "-c", script, str(example), str(target), *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def pack_reads(files: Sequence[Path]) -> int:
    """How many times a workshop of `files` parses a pack, counted in a fresh process."""
    script = (
        "import sys; from pathlib import Path; from toolkit.model import packs; "
        "from toolkit.workflow.opening import workshop_files; reads = []; "
        "read = packs._read_pack; "
        "packs._read_pack = lambda folder: reads.append(folder) or read(folder); "
        "workshop_files([Path(p) for p in sys.argv[1:]]); print(len(reads))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)], capture_output=True, text=True
    )
    return int(done.stdout) if done.returncode == 0 else -1


def pages(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf comes with the test extra
        return "?"
    return str(len(PdfReader(pdf).pages))


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def startup(out: Path) -> None:
    import toolkit.cli

    bare = out / "bare_crbd.py"
    bare.write_text(bare_app_source(toolkit.cli.app), encoding="utf-8")
    crbd = [sys.executable, "-m", "toolkit"]
    plain = [sys.executable, "-c", "import sys, bare_crbd; bare_crbd.app(prog_name='crbd')"]
    os.environ["PYTHONPATH"] = os.pathsep.join([str(out), os.environ.get("PYTHONPATH", "")])
    run_once([*plain, "--help"])  # compile the generated app once, as crbd's modules are
    print("start-up (median of 9, taken in turns)")
    for args in (["--help"], ["score", "--help"], ["workshop", "--help"]):
        ours, theirs = interleaved([*crbd, *args], [*plain, *args], runs=9)
        line(
            f"crbd {' '.join(args)} / bare typer app",
            f"{ours / theirs:5.2f}x  ({ours:.3f} s vs {theirs:.3f} s)",
        )


def documents(example: Path, out: Path) -> None:
    crbd = [sys.executable, "-m", "toolkit"]
    copies = []
    for index in range(WORKSHOP_COPIES):
        copies.append(out / f"team{index:02d}.yaml")
        shutil.copyfile(example, copies[-1])
    score_time = median_seconds([*crbd, "score", str(example)], runs=5)
    report_time = median_seconds([*crbd, "report", str(example), "-o", str(out / "r.pdf")], 2)
    html_time = median_seconds([*crbd, "workshop", *map(str, copies), "-o", str(out / "w.html")], 2)
    pdf_time, pdf_peak = run_once([*crbd, "workshop", *map(str, copies), "-o", str(out / "w.pdf")])
    print_html(example, out / "r.html")
    bare_time = bare_weasyprint(out / "r.html", runs=2)
    print(f"documents ({example.name})")
    line("crbd score", f"{score_time:6.2f} s")
    line("crbd report (pdf)", f"{report_time:6.2f} s, {pages(out / 'r.pdf')} pages")
    line("bare weasyprint, same HTML, PDF/A-3a", f"{bare_time:6.2f} s")
    line("report / bare weasyprint", f"{report_time / bare_time:5.2f}x")
    verify_time = median_seconds([*crbd, "verify", str(out / "r.pdf")], runs=2)
    line("crbd verify (checks and one re-render)", f"{verify_time:6.2f} s")
    line("verify / report", f"{verify_time / report_time:5.2f}x")
    for other in sorted((ROOT / "examples").glob("*.yaml")):
        target = out / f"{other.stem}.pdf"
        subprocess.run([*crbd, "report", str(other), "-o", str(target)], check=True)
        line(f"pages of {other.stem}'s report", str(pages(target)))
    line("score / report", f"{score_time / report_time:5.2f}x")
    line(f"workshop of {WORKSHOP_COPIES} copies to HTML", f"{html_time:6.2f} s")
    line("  pack reads in that workshop", str(pack_reads(copies)))
    line("  workshop HTML / score", f"{html_time / score_time:5.2f}x")
    line(
        f"workshop of {WORKSHOP_COPIES} copies to PDF",
        f"{pdf_time:6.2f} s, {pages(out / 'w.pdf')} pages, peak {pdf_peak:.0f} MB",
    )
    line("  workshop PDF / one report", f"{pdf_time / report_time:5.2f}x")


def scaling(out: Path) -> None:
    started = time.perf_counter()
    pack = make_pack(out / "packs")
    files = make_assessments(pack, out / "files", max(SIZES))
    made = time.perf_counter() - started
    print(
        f"scaling: pack of {len(pack.controls())} controls in {len(pack.domains)} domains, "
        f"{files[0].stat().st_size // 1024} KB per assessment (inputs made in {made:.1f} s)"
    )
    print(
        f"  {'command':<9} {'files':>5} {'seconds':>8} {'per file':>9} {'x prev':>7} "
        f"{'peak MB':>8} {'grew MB':>8}"
    )
    # Each size runs alone in its process, one after the other, so no measurement slows
    # another. `score` takes one file at a time: one process scores 300 files and reports
    # at each size. A workshop needs two files.
    sizes = {
        "score": [",".join(map(str, SIZES))],
        "workshop": [str(max(size, 2)) for size in SIZES],
    }
    for command, runs in sizes.items():
        rows = _measure_each(command, out, runs)
        previous = None
        for row in rows:
            seconds, count = row["seconds"], row["files"]
            ratio = f"{seconds / previous:7.1f}" if previous else f"{'':>7}"
            previous = seconds
            print(
                f"  {command:<9} {count:>5} {seconds:8.2f} {1000 * seconds / count:7.1f}ms "
                f"{ratio} {row['peak_mb']:8.0f} {row['grew_mb']:8.1f}"
            )
        small, large = rows[1], rows[-1]  # from 10 files to the most
        change = (large["seconds"] / large["files"]) / (small["seconds"] / small["files"]) - 1
        verdict = "flat" if abs(change) <= FLAT_WITHIN else "NOT flat"
        line(
            f"{command}: cost per file, {small['files']} -> {large['files']} files",
            f"{change:+.0%} ({verdict}, limit ±{FLAT_WITHIN:.0%})",
        )
        line(f"{command}: reading the {PACK_ID} pack once", f"{rows[-1]['pack_seconds']:.2f} s")
    if "due" not in _commands():
        print("  due: no such command in this version; not measured")


def print_budget(out: Path) -> None:
    from toolkit.report.pdf import MAX_PRINT_HTML

    def sized(times: int) -> tuple[Path, Path, int, int]:
        """A pack `times` the core, one assessment of it, its print HTML's length, controls."""
        root = out / f"budget{times}"
        pack = make_pack(root, times=times)
        assessment = make_assessments(pack, root / "files", 1)[0]
        length = print_html(assessment, root / "print.html", root)
        return root, assessment, length, len(pack.controls())

    one, two = sized(1)[2], sized(2)[2]
    times = max(1, (MAX_PRINT_HTML - one) // (two - one) + 1)  # grows linearly with the pack
    root, assessment, length, controls = sized(times)
    while length > MAX_PRINT_HTML and times > 1:
        times -= 1
        root, assessment, length, controls = sized(times)
    over_root, over, over_length, over_controls = sized(times + 1)
    crbd = [sys.executable, "-m", "toolkit"]
    pdf = root / "report.pdf"
    report_time, report_peak = run_once(
        [*crbd, "--checklists", str(root), "report", str(assessment), "-o", str(pdf)]
    )
    verify_time, verify_peak = run_once([*crbd, "--checklists", str(root), "verify", str(pdf)])
    refused = [*crbd, "--checklists", str(over_root), "report", str(over), "-o", str(out / "x.pdf")]
    started = time.perf_counter()
    code = subprocess.run(refused, capture_output=True).returncode
    refused_time = time.perf_counter() - started
    print(f"PDF size budget: {MAX_PRINT_HTML:,} characters of print HTML")
    line(
        f"largest within it: {controls:,} controls",
        f"{length:,} characters, {pages(pdf)} pages",
    )
    line("  crbd report (pdf)", f"{report_time:6.1f} s, peak {report_peak:.0f} MB")
    line("  crbd verify", f"{verify_time:6.1f} s, peak {verify_peak:.0f} MB")
    line(
        f"next size up: {over_controls:,} controls",
        f"{over_length:,} characters, refused (exit {code}) in {refused_time:.1f} s",
    )


def _measure_each(command: str, out: Path, runs: list[str]) -> list[dict[str, float]]:
    return [row for counts in runs for row in _measure(command, out, counts)]


def _measure(command: str, out: Path, counts: str) -> list[dict[str, float]]:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "scaling.py"),
            command,
            str(out / "packs"),
            str(out / "files"),
            counts,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(row) for row in done.stdout.splitlines()]


def _commands() -> set[str]:
    from typer.main import get_command

    import toolkit.cli

    return set(get_command(toolkit.cli.app).commands)  # type: ignore[attr-defined]


def main() -> None:
    example = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "yarnly.yaml"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        startup(out)
        documents(example.resolve(), out)
        scaling(out)
        print_budget(out)
    print(f"benchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
