"""`crbd serve` speaks the language of the run: a German assessment's pages in German, the
pack's text from its overlay, a language menu that changes the pages and never the file,
and what an answer records the same in every language."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml
from markupsafe import escape
from typer.testing import CliRunner

from tests.helpers import EXAMPLES, Running, serving
from toolkit.cli import app
from toolkit.model.files import load_assessment
from toolkit.model.pack import Control
from toolkit.model.packs import load_pack, resolve_pack

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "checklists" / "core" / "i18n"
TEMPLATES = ROOT / "toolkit" / "web" / "templates"
DE = "/a/yarnly.yaml"
EN = "/a/yarnly-en.yaml"


def _in(language: str) -> str:
    """The yarnly example recording `language`."""
    text = (EXAMPLES / "yarnly.yaml").read_text(encoding="utf-8")
    assert "\nlanguage:" not in text
    return text.replace("crbd_assessment: 1\n", f"crbd_assessment: 1\nlanguage: {language}\n", 1)


@pytest.fixture
def both(tmp_path: Path) -> Iterator[Running]:
    """yarnly.yaml in German and yarnly-en.yaml in English, served by one server."""
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / "yarnly.yaml").write_text(_in("de"), encoding="utf-8")
    (folder / "yarnly-en.yaml").write_text(_in("en"), encoding="utf-8")
    with serving(folder) as running:
        yield running


def _overlay(language: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((OVERLAY / f"{language}.yaml").read_text(encoding="utf-8"))


def _pack_control(control_id: str) -> Control:
    """A control as the pack words it, in English."""
    control = load_pack(resolve_pack("core", ())).control(control_id)
    assert control is not None
    return control


def _lang(page: str) -> str:
    found = re.search(r'<html lang="([a-z]+)"', page)
    assert found, page[:200]
    return found.group(1)


def _seen(page: str, name: str, control_id: str) -> str:
    form = page.split(f'action="{name}/answer/{control_id}"', 1)[1]
    return form.split('name="seen" value="', 1)[1].split('"', 1)[0]


def test_a_german_assessment_asks_in_german_with_german_interface_words(
    both: Running,
) -> None:
    client = both.client()
    page = client.get(f"{DE}/domain/GOV").text
    assert _lang(page) == "de"
    german = _overlay("de")["controls"]["GOV-01"]
    assert str(escape(german["question"])) in page
    assert str(escape(german["why"])) in page
    for word in ("Antwort speichern", "Hinweise", "Warum es wichtig ist", "Ergebnisse"):
        assert word in page, word
    assert "Save answer" not in page and "Why it matters" not in page
    # the guidance too (where an overlay has none, the pack's English is shown, never a
    # blank: tests/model/test_overlays.py)
    guidance = " ".join(german["guidance"].split())
    assert str(escape(guidance)) in " ".join(page.split())
    assert " ".join(_pack_control("GOV-01").guidance.split()) not in " ".join(page.split())
    # the date on file in the German way; the user's own words as written
    on_file = load_assessment(both.folder / "yarnly.yaml").answers["GOV-01"]
    assert on_file.answered_on is not None
    assert f"am {on_file.answered_on.strftime('%d.%m.%Y')}" in page
    english = client.get(f"{EN}/domain/GOV").text
    assert _lang(english) == "en" and "Save answer" in english
    assert str(escape(german["question"])) not in english


def test_profile_questions_and_harms_come_from_the_overlay(both: Running) -> None:
    client = both.client()
    german = _overlay("de")
    profile = client.get(f"{DE}/profile").text
    audience = german["profile"]["audience"]
    assert str(escape(audience["text"])) in profile
    assert str(escape(audience["options"]["adults_only"]["label"])) in profile
    harm = german["harms"]["H-GROOMING"]
    risk = client.get(f"{DE}/risk/H-GROOMING").text
    assert _lang(risk) == "de" and str(escape(harm["title"])) in risk
    for label in harm.get("risk_factors", {}).values():
        if label in risk:  # a factor present for this product is named in German
            break
    else:
        pytest.fail("no risk factor of H-GROOMING is named in German")


def test_answering_in_german_records_exactly_what_english_records(both: Running) -> None:
    client = both.client()
    both.post(client, "/name", {"you": "R. Quinn", "next": "/"})
    given = {
        "answer": "p",
        "keep": "y",
        "note": "Nur auf Android bisher",
        "evidence": "Dashboard | https://grafana.example.com/d/rl",
        "owner": "Sam Lee",
        "due": "2027-03-31",
        "reason": "Gruppenchats waren offen",
    }
    for name in (DE, EN):
        page = client.get(f"{name}/ask/CON-01").text
        saved = both.post(
            client, f"{name}/answer/CON-01", {"seen": _seen(page, name, "CON-01"), **given}
        )
        assert saved.status_code == 303, saved.text
        profile = {"csrf": both.csrf(client), "asked": ["size"], "q-size": "medium"}
        assert client.post(f"{name}/profile", data=profile, headers={"origin": both.base})
    german = (both.folder / "yarnly.yaml").read_bytes()
    english = (both.folder / "yarnly-en.yaml").read_bytes()
    assert german != _in("de").encode()  # something was recorded
    assert b"\nlanguage: de\n" in german  # the file keeps its language; English is the default
    assert german.replace(b"\nlanguage: de\n", b"\n", 1) == english
    answer = load_assessment(both.folder / "yarnly.yaml").answers["CON-01"]
    assert answer.note == "Nur auf Android bisher" and answer.answer.value == "partial"
    data = yaml.safe_load(german)
    assert (
        data["pack"]["fingerprints"]["CON-01"]
        == yaml.safe_load(english)["pack"]["fingerprints"]["CON-01"]
    )
    assert data["profile"]["size"] == "medium"


def test_the_language_menu_switches_to_french_and_back_and_never_touches_the_file(
    both: Running,
) -> None:
    client = both.client()
    before = (both.folder / "yarnly.yaml").read_bytes()
    here = f"{DE}/domain/GOV"
    assert 'name="lang"' in client.get(here).text
    chosen = both.post(client, "/lang", {"lang": "fr", "next": here})
    assert chosen.status_code == 303 and chosen.headers["location"] == here
    french = client.get(here).text
    assert _lang(french) == "fr"
    assert str(escape(_overlay("fr")["controls"]["GOV-01"]["question"])) in french
    assert "Antwort speichern" not in french
    assert _lang(client.get("/").text) == "fr"  # every page of this browser
    assert _lang(client.get(f"{EN}/domain/GOV").text) == "fr"
    both.post(client, "/lang", {"lang": "de", "next": here})
    assert _lang(client.get(here).text) == "de"
    both.post(client, "/lang", {"lang": "", "next": here})  # each file's own again
    assert _lang(client.get(here).text) == "de"
    assert _lang(client.get(f"{EN}/domain/GOV").text) == "en"
    both.post(client, "/lang", {"lang": "xx", "next": "https://evil.example/"})
    assert _lang(client.get(here).text) == "de"  # no such language: none chosen
    refused = client.post("/lang", data={"lang": "fr"}, headers={"origin": both.base})
    assert refused.status_code == 403  # a change without the form's token
    assert (both.folder / "yarnly.yaml").read_bytes() == before


def test_two_requests_at_once_each_get_their_own_language(both: Running) -> None:
    french, german = both.client(), both.client()
    both.post(french, "/lang", {"lang": "fr", "next": "/"})
    path = f"{DE}/ask/GOV-01"
    question = {
        "fr": str(escape(_overlay("fr")["controls"]["GOV-01"]["question"])),
        "de": str(escape(_overlay("de")["controls"]["GOV-01"]["question"])),
    }

    def fetch(pair: tuple[str, httpx.Client]) -> tuple[str, str, bool]:
        expected, client = pair
        page = client.get(path).text
        return expected, _lang(page), question[expected] in page

    asked = [("fr", french), ("de", german)] * 12
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(fetch, asked))
    assert answers == [(expected, expected, True) for expected, _client in asked]
    stranger = both.client()  # no choice, no file: the server's own language
    assert _lang(stranger.get("/").text) == "en"


def test_reports_from_the_browser_are_in_the_assessments_language_like_crbd_report(
    both: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CRBD_LANG", raising=False)
    client = both.client()
    both.post(client, "/lang", {"lang": "fr", "next": "/"})  # the menu changes pages only
    downloaded = client.get(f"{DE}/report.md")
    assert downloaded.status_code == 200
    out = tmp_path / "report.md"
    made = CliRunner().invoke(
        app, ["report", str(both.folder / "yarnly.yaml"), "--format", "md", "-o", str(out)]
    )
    assert made.exit_code == 0, made.output
    assert downloaded.content == out.read_bytes()
    assert "Ergebnisse" in downloaded.text or "Bewertung" in downloaded.text
    results = client.get(f"{DE}/results").text
    assert _lang(results) == "fr" and "allemand" in results  # the page says so
    preview = client.get(f"{DE}/preview").text
    assert _lang(preview) == "de"
    english = client.get(f"{EN}/report.md").text
    assert english != downloaded.text


def test_every_word_of_the_templates_passes_through_the_translation_function() -> None:
    keys = {"b", "s"}  # the keyboard's keys, the same in every language
    names = {"crbd", "sha", "ISO", "IEC"}  # and a standard's name, as it is published
    left: list[str] = []
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"\{% block here %\}.*?\{% endblock %\}", " ", text)  # an address
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)
        attributes = re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]*)"', text)
        left += [f"{template.name}: {a}" for a in attributes if re.search(r"[A-Za-z]{2}", a)]
        shown = re.sub(r"<[^>]*>", " ", text)
        words = re.findall(r"[A-Za-z][A-Za-z']*", shown)
        left += [f"{template.name}: {w}" for w in words if w not in keys | names]
    assert left == []


def test_serve_refuses_a_language_crbd_does_not_have() -> None:
    refused = CliRunner().invoke(app, ["serve", "--lang", "xx", "--no-browser", "."])
    assert refused.exit_code == 2
    assert "no language 'xx'" in refused.output


SHOTS = os.environ.get("CRBD_SCREENSHOTS", "")
"""A folder to keep the screenshots in, to look at them (default: the test's own)."""
OVERFLOWING = """() => [...document.querySelectorAll(
    'header *, nav *, button, label, summary, legend, th')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 760])
def test_a_german_question_page_in_chromium_fits_its_longer_words(
    browser: object, both: Running, tmp_path: Path, width: int
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(both.url)
    assert page.get_attribute("html", "lang") == "en"  # the folder: the server's language
    page.get_by_role("link", name="yarnly.yaml", exact=True).click()  # swapped in by htmx
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.goto(f"{both.base}{DE}/ask/GOV-01")
    assert page.get_attribute("html", "lang") == "de"
    german = _overlay("de")["controls"]["GOV-01"]["question"]
    assert page.locator("p.question").inner_text() == german
    assert page.get_by_role("button", name="Antwort speichern").is_visible()
    folder = Path(SHOTS) if SHOTS else tmp_path
    page.screenshot(path=str(folder / f"german-question-{width}.png"), full_page=True)
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the menu shows the page in French, then in the file's own German, the file untouched
    before = (both.folder / "yarnly.yaml").read_bytes()
    page.select_option("#lang", "fr")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.url.endswith(f"{DE}/ask/GOV-01")
    french = _overlay("fr")["controls"]["GOV-01"]["question"]
    assert page.locator("p.question").inner_text() == french
    page.select_option("#lang", "")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert page.locator("p.question").inner_text() == german
    assert (both.folder / "yarnly.yaml").read_bytes() == before


def test_a_new_assessment_started_in_french_records_french(both: Running) -> None:
    client = both.client()
    both.post(client, "/lang", {"lang": "fr", "next": "/"})
    made = both.post(client, "/new", {"name": "cerf-volant", "start": "blank"})
    assert made.status_code == 303
    assert load_assessment(both.folder / "cerf-volant.yaml").language == "fr"
    profile = client.get("/a/cerf-volant.yaml/profile").text
    audience = _overlay("fr")["profile"]["audience"]["text"]
    assert _lang(profile) == "fr" and str(escape(audience)) in profile


def test_a_workshop_in_german_gives_each_team_german_pages_and_its_own_menu(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, workshop=True, language="de") as running:
        trainer = running.client()
        page = trainer.get("/workshop").text
        assert _lang(page) == "de" and "Workshop" in page
        assert running.post(trainer, "/workshop", {"team": "Blau"}).status_code == 303
        name = "team-blau.yaml"
        assert load_assessment(tmp_path / name).language == "de"
        code = trainer.get("/workshop").text.split('<code class="code">', 1)[1].split("<", 1)[0]
        team = running.track(httpx.Client(base_url=running.base, follow_redirects=False))
        door = team.get("/join").text
        assert _lang(door) == "de" and 'action="/lang"' not in door  # no session: no forms
        joined = team.post("/join", data={"code": code}, headers={"origin": running.base})
        assert joined.status_code == 303
        asked = team.get(f"/a/{name}/ask/GOV-01").text
        assert _lang(asked) == "de"
        csrf = asked.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        menu = {"csrf": csrf, "lang": "fr", "next": f"/a/{name}/ask/GOV-01"}
        chosen = team.post("/lang", data=menu, headers={"origin": running.base})
        assert chosen.status_code == 303  # a team may choose the language of its pages
        assert _lang(team.get(f"/a/{name}/ask/GOV-01").text) == "fr"
        assert load_assessment(tmp_path / name).language == "de"


def test_a_request_leaves_the_language_as_it_found_it(tmp_path: Path) -> None:
    """The app run in the caller's own context (no task of its own): the language it sets
    for a German page is the caller's again once the page is sent."""
    import asyncio

    from toolkit.i18n import current_language
    from toolkit.web.app import Served, create_app
    from toolkit.web.files import Folder

    (tmp_path / "yarnly.yaml").write_text(_in("de"), encoding="utf-8")
    served = Served(Folder.at(tmp_path), language="en")
    transport = httpx.ASGITransport(app=create_app(served, "127.0.0.1", 8000))

    async def visit() -> list[str]:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:8000"
        ) as client:
            assert (await client.get(f"/?token={served.token}")).status_code == 303
            seen = [_lang((await client.get(f"{DE}/ask/GOV-01")).text), current_language()]
            client.cookies.set("crbd_lang", "fr")
            seen += [_lang((await client.get("/")).text), current_language()]
            return seen

    assert current_language() == "en"
    assert asyncio.run(visit()) == ["de", "en", "fr", "en"]


def test_a_server_asked_for_a_language_speaks_it_before_a_file_s_own(tmp_path: Path) -> None:
    """`crbd serve --lang fr` (or CRBD_LANG) is spoken on a German assessment's pages, as
    `crbd report --lang fr` writes its report in French; the menu still beats it."""
    import asyncio

    from toolkit.web.app import Served, create_app
    from toolkit.web.files import Folder

    (tmp_path / "yarnly.yaml").write_text(_in("de"), encoding="utf-8")
    served = Served(Folder.at(tmp_path), language="fr", preferred="fr")
    transport = httpx.ASGITransport(app=create_app(served, "127.0.0.1", 8000))

    async def visit() -> list[str]:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:8000"
        ) as client:
            assert (await client.get(f"/?token={served.token}")).status_code == 303
            seen = [_lang((await client.get(f"{DE}/ask/GOV-01")).text)]
            client.cookies.set("crbd_lang", "de")
            return [*seen, _lang((await client.get(f"{DE}/ask/GOV-01")).text)]

    assert asyncio.run(visit()) == ["fr", "de"]
    assert load_assessment(tmp_path / "yarnly.yaml").language == "de"
