"""The translation function: every user-facing string is in the catalog, English needs no Babel."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from toolkit import i18n

ROOT = Path(__file__).resolve().parent.parent
UPDATE = (
    "pybabel extract -F babel.cfg --no-location --sort-output --omit-header -k N_"
    " -o toolkit/locale/crbd.pot ."
)


def _extracted() -> set[str]:
    method_map = []
    options_map: dict[str, dict[str, str]] = {}
    section = ""
    for raw in (ROOT / "babel.cfg").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            method, _, pattern = line[1:-1].partition(":")
            section = pattern.strip()
            method_map.append((section, method.strip()))
            options_map[section] = {}
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog() -> set[str]:
    with (ROOT / "toolkit/locale/crbd.pot").open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_catalog_template_holds_every_string_in_the_code() -> None:
    missing = sorted(_extracted() - _catalog())
    stale = sorted(_catalog() - _extracted())
    assert not missing and not stale, (
        f"toolkit/locale/crbd.pot is out of date ({len(missing)} new, {len(stale)} gone): "
        f"run `{UPDATE}`. New: {missing[:5]}; gone: {stale[:5]}"
    )


def test_english_is_the_source_and_needs_no_catalog() -> None:
    with i18n.language("en"):
        assert i18n._("Saved") == "Saved"
        assert i18n.ngettext("1 answer", "{n} answers", 2) == "{n} answers"


def test_dates_and_numbers_are_formatted_for_the_language() -> None:
    with i18n.language("en"):
        assert i18n.format_date(date(2026, 12, 7)) == "7 December 2026"
        assert i18n.format_decimal(77.2) == "77.2"
        assert i18n.format_decimal(80) == "80.0"
        assert i18n.format_percent(0.45) == "45%"
    with i18n.language("de"):
        assert i18n.format_date(date(2026, 12, 7)) == "7. Dezember 2026"
        assert i18n.format_decimal(77.2) == "77,2"
    with i18n.language("fr"):
        assert i18n.format_decimal(1234.5) == "1\u202f234,5"


def test_a_language_is_chosen_from_the_option_then_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("CRBD_LANG", "xx")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.choose_language() == "en"
    assert i18n.normalise("de_DE.UTF-8") == "de"
    assert i18n.normalise("fr-FR") == "fr"


def test_an_unknown_language_is_refused_in_one_sentence() -> None:

    from toolkit.errors import CrbdError

    with pytest.raises(CrbdError, match="no language 'xx'"):
        i18n.require_language("xx")


def test_importing_the_translation_function_imports_no_babel() -> None:
    code = (
        "import sys, toolkit.i18n as t; t._('x');"
        " print(sorted(m for m in sys.modules if m.startswith('babel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


TRANSLATED = ("de", "fr")


def _translations(code: str) -> list:
    with (ROOT / f"toolkit/locale/{code}/LC_MESSAGES/crbd.po").open("rb") as handle:
        return [message for message in read_po(handle, locale=code) if message.id]


def _fields(text: str) -> list[str]:
    """The placeholders of a format string, with their format specs: `{limit:,}`."""
    import string

    return sorted(
        f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None
    )


def test_german_and_french_are_offered_beside_english() -> None:
    assert i18n.available_languages() == ("en", "de", "fr")
    with i18n.language("de"):
        assert i18n._("Answer") == "Antwort"
    with i18n.language("fr"):
        assert i18n._("Answer") == "Réponse"
        assert i18n.ngettext(
            "Recorded {count} answer in {file}: {ids}.",
            "Recorded {count} answers in {file}: {ids}.",
            2,
        ).startswith("{count} réponses")


def test_every_translation_keeps_the_placeholders_of_its_english() -> None:
    broken = []
    for code in TRANSLATED:
        for message in _translations(code):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = _fields(ids[-1])
            broken.extend(
                f"{code}: {ids[0]!r} -> {text!r}"
                for text in strings
                if text and _fields(text) != expected
            )
    assert not broken, "\n".join(broken)


def test_no_translation_is_fuzzy_or_half_done() -> None:
    problems = []
    for code in TRANSLATED:
        for message in _translations(code):
            if message.fuzzy:
                problems.append(f"{code}: fuzzy {message.id!r}")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if any(strings) and not all(strings):
                problems.append(f"{code}: a plural form missing for {message.id!r}")
    assert not problems, "\n".join(problems)


def test_every_catalog_translates_every_string_of_the_template() -> None:
    """German and French are complete: a string added to the code fails here until both
    catalogs translate it (run pybabel update, checklists/FORMAT.md, and translate it)."""
    template = _catalog()
    for code in TRANSLATED:
        done = {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in _translations(code)
            if (m.string if isinstance(m.string, str) else all(m.string))
        }
        left = sorted(template - done)
        assert not left, f"{code}: {len(left)} of {len(template)} strings untranslated: {left[:5]}"


def test_numbers_in_the_terminal_take_the_language_s_decimal_sign() -> None:
    from toolkit.i18n import language, local_number

    with language("de"):
        assert [local_number(t) for t in ("-11.7", "0.5", "76", "+7.5", "v1.2b", "—")] == [
            "-11,7",
            "0,5",
            "76",
            "+7,5",
            "v1.2b",
            "—",
        ]
    with language("fr"):
        assert local_number("67.3") == "67,3"
    assert local_number("67.3") == "67.3"  # English as written
