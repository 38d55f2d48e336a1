"""The whole flow in a real browser: Playwright driving Debian's chromium.

Where chromium is missing the test is skipped on a developer's machine, and
fails in CI (`CI` set), which installs it (`.ci/run`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import yaml
from pypdf import PdfReader

from tests.helpers import Running, serving

pytestmark = pytest.mark.slow


PROFILE = {
    "audience": ["likely_accessed_by_children"],
    "age_bands": ["age_13_15", "age_16_17"],
    "mixed_population": ["yes"],
    "features": ["direct_messages", "livestreaming"],
    "jurisdictions": ["uk"],
    "size": ["small"],
}
# five controls answered with the keys, each with a note, evidence and an owner
GIVEN = [
    ("p", "partial", "Only on Android so far"),
    ("p", "partial", "Started in the web app"),
    ("p", "partial", "Asking the vendor for the rest"),
    ("p", "partial", "Rolled out to half the users"),
    ("p", "partial", "Out of budget for the rest this year"),
]


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Running]:
    folder = tmp_path / "team"
    folder.mkdir()
    with serving(folder) as running:
        yield running


def test_create_answer_go_back_and_download(browser: object, empty: Running) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(empty.url)
    expect(page.get_by_role("heading", name="Assessments in this folder")).to_be_visible()

    page.get_by_label("Your name").fill("R. Quinn")
    page.get_by_role("button", name="Set").click()
    expect(page.get_by_text("Answers are recorded as R. Quinn.")).to_be_visible()

    page.get_by_label("File name").fill("kite")
    page.get_by_label("A blank assessment").check()
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Product profile")).to_be_visible()

    for question, values in PROFILE.items():
        for value in values:
            page.locator(f'input[name="q-{question}"][value="{value}"]').check()
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("status")).to_have_text("Profile saved.")

    page.get_by_role("link", name="Go on to the questions").click()
    answered: list[str] = []
    for key, answer, note in GIVEN:
        title = page.locator("section.control h2").first
        expect(title).to_be_visible()
        control_id = title.inner_text().split()[0]
        page.locator("body").press(key)  # the terminal's answer key
        expect(page.locator(f'input[name="answer"][value="{answer}"]')).to_be_checked()
        page.get_by_label("Note (for not applicable").fill(note)
        page.get_by_label("Add evidence").fill(
            f"Ticket for {control_id} | KITE-{len(answered) + 1}"
        )
        page.get_by_label("A gap's owner").fill("Sam Lee")
        page.get_by_label("Due (YYYY-MM-DD)").fill("2027-03-31")
        page.get_by_role("button", name="Save answer").click()
        expect(page.locator("section.control h2").first).not_to_have_text(title.inner_text())
        answered.append(control_id)

    # back (the b key) to the fifth answer: it is on file, shown as given
    page.locator("body").press("b")
    expect(page.locator("section.control h2").first).to_contain_text(answered[-1])
    expect(page.locator('input[name="answer"][value="partial"]')).to_be_checked()
    expect(page.get_by_label("Note (for not applicable")).to_have_value(GIVEN[-1][2])
    # change it, with the reason kept in the history: the key once the page has settled
    # (a key pressed while htmx is still swapping the page in may not reach it), and the
    # choice seen on screen before saving
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.locator("body").press("n")
    expect(page.locator('input[name="answer"][value="no"]')).to_be_checked()
    page.get_by_label("Reason for a change").fill("The vendor may do it")
    page.get_by_role("button", name="Save answer").click()
    expect(page.locator("section.control h2").first).not_to_contain_text(answered[-1])

    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results for kite.yaml")).to_be_visible()
    # rate one harm: the first of the risk register
    page.locator('a[href*="/risk/H-"]').first.click()
    expect(page.get_by_role("heading", name="The team's assessment")).to_be_visible()
    harm = page.locator("h1").inner_text().split()[0]
    page.get_by_label("Why these levels (rationale)").fill("Adults can message teens")
    page.get_by_role("button", name="Save the risk assessment").click()
    expect(page.get_by_role("status")).to_have_text("Risk assessment saved.")
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results for kite.yaml")).to_be_visible()
    with page.expect_download(timeout=240_000) as pdf_download:  # a PDF takes a while
        page.get_by_role("link", name="Report as PDF").click()
    assert pdf_download.value.suggested_filename == "kite-report.pdf"
    pdf = PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages[:6])
    assert answered[0] in "".join(p.extract_text() for p in pdf.pages)
    assert "R. Quinn" in text or "R. Quinn" in "".join(p.extract_text() for p in pdf.pages)
    with page.expect_download(timeout=60_000) as xlsx_download:
        page.get_by_role("link", name="Export: xlsx").click()
    assert xlsx_download.value.suggested_filename == "kite-xlsx.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert set(answered) <= cells
    assert "Sam Lee" in cells
    context.close()

    data = yaml.safe_load((empty.folder / "kite.yaml").read_text())
    assert set(data["answers"]) == set(answered)
    for control_id, (_key, answer, note) in zip(answered[:-1], GIVEN[:-1], strict=True):
        given = data["answers"][control_id]
        assert (given["answer"], given["note"]) == (answer, note)
        assert given["answered_by"] == "R. Quinn"
        assert given["action"]["owner"] == "Sam Lee"
        assert given["evidence"][0]["link_or_path"].startswith("KITE-")
    changed = data["answers"][answered[-1]]
    assert (changed["answer"], changed["note"]) == ("no", GIVEN[-1][2])
    assert changed["action"]["owner"] == "Sam Lee"
    assert data["profile"]["features"] == PROFILE["features"]
    assert set(data["risks"]) == {harm}
    assert data["risks"][harm]["rationale"] == "Adults can message teens"
    assert data["risks"][harm]["answered_by"] == "R. Quinn"
    assert data["history"] == [
        {
            "id": answered[-1],
            "from": "partial",
            "to": "no",
            "by": "R. Quinn",
            "on": data["history"][0]["on"],
            "reason": "The vendor may do it",
        }
    ]
