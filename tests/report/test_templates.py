"""A hostile `--templates` folder: links out of it, attachments, and expressions that never end.

Each case must end in one clear line naming the template (and its line where
there is one), never a traceback, a hang or the content of a file elsewhere.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, mini_opened
from toolkit.cli import app
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.errors import RenderError
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.report import render_report, sandbox
from toolkit.report.formats import ReportFormat

SECRET = "top secret: not for any report"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return shutil.copytree(bundled("report_templates"), tmp_path / "templates")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return secret


@pytest.fixture(scope="module")
def evaluation(mini: Pack) -> Evaluation:
    return evaluate(mini, mini_opened(mini).assessment)


def _refused(evaluation: Evaluation, folder: Path, chosen: ReportFormat) -> str:
    with pytest.raises(RenderError) as raised:
        render_report(chosen, evaluation, folder)
    message = str(raised.value)
    assert "\n" not in message and SECRET not in message
    return message


def _entry(folder: Path, text: str) -> None:
    (folder / "report.html.j2").write_text(text)


def test_an_include_linked_outside_the_folder_is_refused(
    evaluation: Evaluation, folder: Path, outside: Path
) -> None:
    (folder / "part.html").symlink_to(outside)
    _entry(folder, "<p>before</p>\n{% include 'part.html' %}")
    message = _refused(evaluation, folder, ReportFormat.HTML)
    assert message.startswith("The template report.html.j2 failed at line 2: 'part.html'")
    assert "leads outside the templates folder" in message


def test_the_entry_template_linked_outside_the_folder_is_refused(
    evaluation: Evaluation, folder: Path, outside: Path
) -> None:
    (folder / "report.html.j2").unlink()
    (folder / "report.html.j2").symlink_to(outside)
    message = _refused(evaluation, folder, ReportFormat.HTML)
    assert "'report.html.j2' leads outside the templates folder" in message


def test_a_stylesheet_linked_outside_the_folder_is_refused(
    evaluation: Evaluation, folder: Path, outside: Path
) -> None:
    (folder / "report.css").unlink()
    (folder / "report.css").symlink_to(outside)
    assert "report.css leads outside the templates folder" in _refused(
        evaluation, folder, ReportFormat.HTML
    )


@pytest.mark.slow
def test_a_font_linked_outside_the_folder_is_refused(
    evaluation: Evaluation, folder: Path, outside: Path
) -> None:
    font = folder / "fonts" / "DejaVuSans.ttf"
    font.unlink()
    font.symlink_to(outside)
    message = _refused(evaluation, folder, ReportFormat.PDF)
    assert "DejaVuSans.ttf, which is outside its templates folder once links" in message


@pytest.mark.slow
@pytest.mark.parametrize(
    "link",
    [
        '<a rel="attachment" href="report.css">notes</a>',
        '<a rel="attachment" href="file:///etc/passwd">notes</a>',
        '<link rel="attachment" href="report.css">',
    ],
)
def test_an_attachment_asked_for_by_a_template_is_refused(
    evaluation: Evaluation, folder: Path, link: str
) -> None:
    text = (folder / "report.html.j2").read_text()
    _entry(folder, text.replace("</body>", link + "</body>"))
    assert _refused(evaluation, folder, ReportFormat.PDF).startswith(
        'The report template asks to attach a file (rel="attachment")'
    )


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("{{ 1/0 }}", "division by zero"),
        ("{{ 'a' + 1 }}", 'can only concatenate str (not "int") to str'),
        ("{{ 'a' * 10**10 }}", "a value of 10000000000 items"),
        ("{{ [1] * 10**8 }}", "a value of 100000000 items"),
        ("{{ 9**(9**10) }}", "a power of more than 4096 bits"),
        ("{{ ' '.center(10**9) }}", "a value of 1000000000 items"),
        ("{{ '%*d' % (10**9, 1) }}", "a value of 1000000000 items"),
        ("{% for i in range(100000) %}{% endfor %}", "range() of 100000 items"),
        (
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
            "it calls itself too deeply",
        ),
        (
            "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('ab') }}",
            "a value of 16777216 items",
        ),
        ("{{ report.__class__.__init__.__globals__ }}", "is unsafe"),
        ("{% include 'missing.html' %}", "missing.html"),
        ("{% if %}", "Expected an expression"),
    ],
)
def test_a_hostile_expression_ends_in_one_line_naming_template_and_line(
    evaluation: Evaluation, folder: Path, expression: str, expected: str
) -> None:
    _entry(folder, f"<p>first line</p>\n{expression}\n")
    message = _refused(evaluation, folder, ReportFormat.HTML)
    assert message.startswith("The template report.html.j2 failed at line 2: "), message
    assert expected in message


def test_a_template_that_runs_too_long_is_stopped(
    evaluation: Evaluation, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    _entry(folder, f"<p>first line</p>\n{loops}\n")
    started = time.monotonic()
    message = _refused(evaluation, folder, ReportFormat.HTML)
    assert time.monotonic() - started < 5
    assert message == (
        "The template report.html.j2 failed at line 2: it took longer than 0.5 seconds."
    )


def test_the_cli_reports_a_template_error_as_one_line_and_exit_2(
    mini: Pack, folder: Path, tmp_path: Path
) -> None:
    assessment = tmp_path / "a.yaml"
    save_assessment(mini_opened(mini).assessment, assessment)
    _entry(folder, "<p>first line</p>\n{{ 1/0 }}\n")
    result = CliRunner().invoke(
        app,
        ["--checklists", str(DATA / "packs"), "report", str(assessment), "--format", "html"]
        + ["--templates", str(folder), "-o", str(tmp_path / "r.html")],
    )
    assert result.exit_code == 2
    assert result.output == (
        "crbd: The template report.html.j2 failed at line 2: division by zero.\n"
    )


def test_a_template_that_writes_too_much_html_is_refused(
    evaluation: Evaluation, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_HTML", 1_000)
    assert "characters of HTML; too long" in _refused(evaluation, folder, ReportFormat.HTML)


@pytest.mark.slow
def test_a_stylesheet_that_multiplies_pages_is_stopped_in_the_layout(
    evaluation: Evaluation, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.report import pdf

    with (folder / "report.css").open("a") as css:
        css.write("\ntr, p, li { break-after: page; }\n")  # small HTML, a page per element
    monkeypatch.setattr(pdf, "LAYOUT_TIME_LIMIT", 0.5)
    started = time.monotonic()
    message = _refused(evaluation, folder, ReportFormat.PDF)
    assert time.monotonic() - started < 10
    assert message.startswith("Laying out the PDF from the templates in ")
    assert "took longer than 0.5 seconds; check their CSS for page breaks" in message


@pytest.mark.parametrize("for_print", [False, True])
def test_the_bundled_template_needs_only_the_document_tree(
    evaluation: Evaluation, for_print: bool
) -> None:
    """`report` (the view) stays in the context for templates of one's own; the bundled
    one lays out everything, masthead and running header included, from `document`."""
    from toolkit.report.html import ENTRY_TEMPLATE, render_template, templates_folder
    from toolkit.report.sections import build_document

    document = build_document(evaluation)
    page = render_template(
        templates_folder(None),
        ENTRY_TEMPLATE,
        for_print=for_print,
        report=None,  # any `report.` left in the template stops the render
        document=document,
        translation=None,
    )
    assert f'<p class="running-header">{document.running_header}</p>' in page
    assert '<header class="masthead">' in page
    assert '<span class="product-name">Test product</span>' in page
    assert "by A. Assessor · checklist mini 1.0" in page
