"""Time crbd's main paths against a bare weasyprint render of the same report.

Run on demand (not part of the test suite): `python bench/bench.py [EXAMPLE]`.
Prints the median of several runs for each step and the ratios that matter:
how much start-up and scoring cost, how much crbd adds on top of weasyprint
when rendering the PDF, and what `crbd verify` costs (its structural checks
plus one render of the embedded assessment, compared byte for byte); then
the page count of each bundled example's PDF. Results worth keeping go in
`bench/RESULTS.md`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(command: list[str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def bare_weasyprint(html: Path, runs: int) -> float:
    """The same HTML rendered by weasyprint alone, in a fresh interpreter each time.

    It is the print HTML (with the bundled font), the same PDF variant as
    crbd's default, PDF/A-3a, and the same tags, so the difference is what
    crbd adds: start-up, loading and scoring, templating, attachments and the
    restricted fetcher.
    """
    script = (
        "import sys; from weasyprint import HTML; "
        "HTML(filename=sys.argv[1], base_url=sys.argv[2])"
        ".write_pdf(sys.argv[3], pdf_variant='pdf/a-3a', pdf_tags=True)"
    )
    templates = (ROOT / "report_templates").as_uri() + "/"
    out = html.with_suffix(".bare.pdf")
    return median_seconds([sys.executable, "-c", script, str(html), templates, str(out)], runs)


def print_html(example: Path, target: Path) -> None:
    """The exact HTML crbd hands to weasyprint for the PDF (the paged layout)."""
    script = (
        "import sys; from pathlib import Path; "
        "from toolkit.workflow.opening import open_assessment; "
        "from toolkit.engine.evaluate import evaluate; "
        "from toolkit.report.html import render_html, templates_folder; "
        "from toolkit.report.view import build_view; "
        "o = open_assessment(Path(sys.argv[1])); e = evaluate(o.pack, o.assessment); "
        "html = render_html(build_view(e), templates_folder(None), "
        "for_print=True); Path(sys.argv[2]).write_text(html, encoding='utf-8')"
    )
    subprocess.run([sys.executable, "-c", script, str(example), str(target)], check=True)


def page_counts(folder: Path) -> dict[str, int]:
    """Pages of each bundled example's PDF report, as `crbd report` renders it."""
    from pypdf import PdfReader

    counts = {}
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        target = folder / f"{example.stem}.pdf"
        subprocess.run(
            [sys.executable, "-m", "toolkit", "report", str(example), "-o", str(target)],
            check=True,
            capture_output=True,
        )
        counts[example.stem] = len(PdfReader(target).pages)
    return counts


def main() -> None:
    example = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "yarnly.yaml"
    crbd = [sys.executable, "-m", "toolkit"]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        help_time = median_seconds([*crbd, "--help"], runs=5)
        score_time = median_seconds([*crbd, "score", str(example)], runs=5)
        report_time = median_seconds([*crbd, "report", str(example), "-o", str(out / "r.pdf")], 3)
        verify_time = median_seconds([*crbd, "verify", str(out / "r.pdf")], runs=3)
        print_html(example, out / "r.html")
        bare_time = bare_weasyprint(out / "r.html", runs=3)
        pages = page_counts(out)
    print(f"example: {example.name}")
    print(f"crbd --help          {help_time:6.2f} s")
    print(f"crbd score           {score_time:6.2f} s")
    print(f"crbd report (pdf)    {report_time:6.2f} s")
    print(f"bare weasyprint      {bare_time:6.2f} s  (same HTML, PDF/A-3a)")
    print(
        f"report / bare        {report_time / bare_time:6.2f}x "
        f"(crbd overhead {100 * (report_time - bare_time) / bare_time:+.0f}%)"
    )
    print(f"score / report       {score_time / report_time:6.2f}x")
    print(f"crbd verify          {verify_time:6.2f} s")
    print(f"verify / report      {verify_time / report_time:6.2f}x (at most one render)")
    for name, count in pages.items():
        print(f"pages {name:<14} {count:6d}")


if __name__ == "__main__":
    main()
