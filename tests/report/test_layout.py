"""The printed layout of the three bundled examples, read from weasyprint's layout tree.

The PDF cannot show a split row (each page gets its own row element), but the
layout tree can: boxes of the same `<tr>` element on two pages are one row
broken by a page break. Each example is laid out once per module.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from tests.helpers import EXAMPLES
from toolkit.engine.evaluate import evaluate
from toolkit.i18n import current_language, language
from toolkit.model.overlays import translated
from toolkit.report.html import render_html, templates_folder
from toolkit.report.pdf import RestrictedFetcher
from toolkit.report.sections import build_document
from toolkit.report.view import build_view
from toolkit.workflow.opening import open_assessment

pytestmark = pytest.mark.slow

EXAMPLE_NAMES = ["yarnly", "brickland", "murmur", "yarnly-de", "yarnly-fr"]
"""The examples, and the largest of them in German and French (longer words, same layout)."""
MAX_PAGES = {"yarnly": 47, "murmur": 47, "yarnly-de": 53, "yarnly-fr": 53}
"""The page budget: a board reads the summary, an auditor the rest. Murmur's page 1 names
its ten harms with a high residual, which moves "What to do first" to page 2.
The gap report itself fits 38 pages (core pack 0.4.0 added eight controls, five of them
gaps for yarnly, and ten frameworks to the coverage table); the children's risk
assessment record (20 harms in scope for yarnly: how it was done, the heat map, findings
and the register with each harm's evidence, children's views, owner and measures) adds
about five; its age-assurance record (three places, each with its method, characteristics,
confidence level, appeal route and review date) about three. German and French run about a
tenth longer than English, so they get up to six pages more. Four frameworks declared later
in 0.4.0 (IEEE 2089 and 2089.1, UNICEF's D-CRIA, Australia's age-restricted material codes)
add their rows to the coverage and crosswalk tables, which takes murmur one page further."""

NUMERIC = re.compile(
    r"(—|\d+([.,]\d+)?(\u00a0?%)?|\d+ (of|von|sur) \d+|\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4}"
    r"|p\. \d+)"
)
"""Cell text that must stay on one line: a number, a percentage, "N of M", a date, a page."""
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4}|\d{1,2}\.? \S+ \d{4}|—|")
"""What a `.date` element's text box holds when the date is not broken (ISO in English,
`07.12.2026` in German, `7 déc. 2026` in French)."""


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def laid_out(request: pytest.FixtureRequest) -> tuple[str, Document]:
    name, _, code = str(request.param).partition("-")
    with language(code or "en"):
        opened = open_assessment(EXAMPLES / f"{name}.yaml")
        folder = templates_folder(None)
        evaluation = evaluate(translated(opened.pack, current_language()), opened.assessment)
        view = build_view(evaluation)
        html = render_html(view, build_document(evaluation, view), folder, for_print=True)
        document = HTML(
            string=html, base_url=folder.as_uri() + "/", url_fetcher=RestrictedFetcher(folder)
        ).render()
    return request.param, document


def _walk(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    for child in box.all_children() if isinstance(box, boxes.ParentBox) else ():
        yield from _walk(child)


def _content(page: object) -> list[boxes.Box]:
    """The page's boxes outside its margins (running header, footer, DRAFT band)."""
    root = page._page_box  # type: ignore[attr-defined]
    return [
        box
        for child in root.children
        if not isinstance(child, boxes.MarginBox)
        for box in _walk(child)
    ]


def _text(box: boxes.Box) -> str:
    return "".join(b.text for b in _walk(box) if isinstance(b, boxes.TextBox)).strip()


def _classes(box: boxes.Box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _page_height(page: object) -> float:
    root = page._page_box  # type: ignore[attr-defined]
    return float(root.height)


def test_no_table_row_is_split_across_pages(laid_out: tuple[str, Document]) -> None:
    name, document = laid_out
    pages_of: dict[object, set[int]] = defaultdict(set)
    height_of: dict[object, float] = defaultdict(float)
    text_of: dict[object, str] = {}
    for number, page in enumerate(document.pages, 1):
        for box in _content(page):
            if not isinstance(box, boxes.TableRowGroupBox) or box.element_tag != "tbody":
                continue  # header rows repeat on every page by design
            for row in box.children:
                pages_of[row.element].add(number)
                height_of[row.element] += float(row.height)
                text_of[row.element] = text_of.get(row.element) or _text(row)[:60]
    page_height = _page_height(document.pages[0])
    split = [
        f"{text_of[row]!r} on pages {sorted(pages)}"
        for row, pages in pages_of.items()
        if len(pages) > 1 and height_of[row] < page_height
    ]
    assert not split, f"{name}: rows split by a page break: {split}"


def test_numbers_percentages_and_dates_never_wrap(laid_out: tuple[str, Document]) -> None:
    name, document = laid_out
    wrapped, broken = [], []
    for page in document.pages:
        for box in _content(page):
            if isinstance(box, boxes.TableCellBox):
                text = " ".join(_text(box).split())
                lines = [b for b in _walk(box) if isinstance(b, boxes.LineBox) and _text(b)]
                if NUMERIC.fullmatch(text) and len(lines) > 1:
                    wrapped.append(text)
            if isinstance(box, boxes.TextBox) and "date" in _classes(box):
                if not DATE.fullmatch(box.text.strip()):
                    broken.append(box.text)
    assert not wrapped, f"{name}: numeric cells wrapped: {wrapped}"
    assert not broken, f"{name}: dates broken at a line end: {broken}"


def test_no_heading_is_left_alone_at_the_foot_of_a_page(laid_out: tuple[str, Document]) -> None:
    name, document = laid_out
    stranded = []
    for number, page in enumerate(document.pages, 1):
        last_heading = None
        for box in _content(page):
            if isinstance(box, boxes.BlockBox) and box.element_tag in ("h2", "h3"):
                last_heading = box
            elif isinstance(box, boxes.TextBox) and last_heading is not None:
                if not any(b is box for b in _walk(last_heading)):
                    last_heading = None
        if last_heading is not None and number < len(document.pages):
            stranded.append(f"{_text(last_heading)!r} on page {number}")
    assert not stranded, f"{name}: headings alone at a page foot: {stranded}"


def test_every_table_column_has_a_width(laid_out: tuple[str, Document]) -> None:
    """Fixed layout needs a width for each column of the first row, or the last one collapses."""
    name, document = laid_out
    missing = set()
    for page in document.pages:
        for box in _content(page):
            if isinstance(box, boxes.TableBox) and box.element is not None:
                classes = box.element.get("class", "")
                first = next((b for b in _walk(box) if isinstance(b, boxes.TableRowBox)), None)
                cells = list(first.children) if first is not None else []
                if len(cells) > 1 and any(c.style["width"] == "auto" for c in cells):
                    missing.add(classes)
    assert not missing, f"{name}: tables with a column of no width: {sorted(missing)}"


def test_page_budget(laid_out: tuple[str, Document]) -> None:
    name, document = laid_out
    assert len(document.pages) <= MAX_PAGES.get(name, 45), f"{name}: {len(document.pages)} pages"
