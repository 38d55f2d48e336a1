"""The one translation function for every user-facing string, and locale-aware formatting.

Every sentence a user reads (CLI messages, interview screens, the browser app,
report text, export labels) is written in English in the code and passes
through `_` (or `ngettext` where it counts something), so that the catalogs in
`toolkit/locale/` can give it in another language. `crbd`'s sentences are
extracted into `toolkit/locale/crbd.pot` with Babel
(the command is in `babel.cfg`); a test fails when
the template is stale, so a new string cannot bypass the catalog.

Dates, numbers and percentages are formatted here, through Babel, for the
language in force. English needs no catalog and imports no Babel on start-up:
`crbd --help` stays as fast as before.

The language is chosen per run (`set_language`), from `--lang`, `CRBD_LANG`,
the assessment's own `language:` field or the system locale, in that order, by
the front ends. Pack text is not translated here: packs carry their own
overlays.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date
from functools import cache
from pathlib import Path
from typing import Protocol

DOMAIN = "crbd"
"""The gettext domain of crbd's own messages."""

SOURCE_LANGUAGE = "en"
"""The language the strings are written in, and the fallback of every other."""

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogs live: `crbd.pot`, then `<lang>/LC_MESSAGES/crbd.po`."""

_language: ContextVar[str] = ContextVar("crbd_language", default=SOURCE_LANGUAGE)


class _Catalog(Protocol):
    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class _Source:
    """The identity catalog of the source language."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def available_languages() -> tuple[str, ...]:
    """The languages crbd has a catalog for, the source language first."""
    found = (
        sorted(
            entry.name
            for entry in LOCALE_DIR.iterdir()
            if entry.is_dir() and (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
        )
        if LOCALE_DIR.is_dir()
        else []
    )
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def normalise(language: str) -> str:
    """`de_DE.UTF-8`, `de-DE` and `DE` all name `de`; an empty or C locale is English."""
    code = language.split(".")[0].split("@")[0].replace("-", "_").lower()
    base = code.split("_")[0]
    return SOURCE_LANGUAGE if base in ("", "c", "posix") else base


def choose_language(option: str | None = None, recorded: str | None = None) -> str:
    """The language of a run: the option, `CRBD_LANG`, the file's own, the system's, English.

    An unknown language falls back to English: the caller that took it from
    the user refuses it first with `require_language`.
    """
    candidates = (
        option,
        os.environ.get("CRBD_LANG"),
        recorded,
        os.environ.get("LC_ALL"),
        os.environ.get("LC_MESSAGES"),
        os.environ.get("LANG"),
    )
    known = available_languages()
    for candidate in candidates:
        if candidate and normalise(candidate) in known:
            return normalise(candidate)
    return SOURCE_LANGUAGE


def require_language(language: str) -> str:
    """The normalised code, or a one-line refusal naming the languages there are."""
    from toolkit.errors import UsageProblem

    code = normalise(language)
    if code not in available_languages():
        raise UsageProblem(
            _("There is no language '{language}' in crbd: choose one of {languages}.").format(
                language=language, languages=", ".join(available_languages())
            )
        )
    return code


def set_language(language: str) -> Token[str]:
    """Make `language` the one every later `_` call of this context speaks.

    The token given back restores the language before it (`reset_language`).
    """
    return _language.set(normalise(language))


def reset_language(token: Token[str]) -> None:
    """Speak again the language in force before the `set_language` that gave `token`."""
    _language.reset(token)


def current_language() -> str:
    """The language in force."""
    return _language.get()


@contextmanager
def language(code: str) -> Iterator[None]:
    """Speak `code` inside the block (a report rendered in another language)."""
    token = _language.set(normalise(code))
    try:
        yield
    finally:
        _language.reset(token)


@cache
def _catalog(code: str) -> _Catalog:
    if code == SOURCE_LANGUAGE:
        return _Source()
    po = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return _Source()
    import gettext
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """`message` in the language in force (English where the catalog has no entry)."""
    return _catalog(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language in force."""
    return _catalog(_language.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction where it is stored, and translate it where it is shown."""
    return message


def format_date(day: date, style: str = "long") -> str:
    """`7 December 2026` (en), `7. Dezember 2026` (de), `7 décembre 2026` (fr)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format=style, locale=_locale())


def format_decimal(value: float, digits: int = 1) -> str:
    """`77.2` (en), `77,2` (de, fr): always `digits` decimals, so a table's column aligns."""
    from babel.numbers import format_decimal as babel_format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_format_decimal(round(value, digits), format=pattern, locale=_locale())


def format_percent(fraction: float, digits: int = 0) -> str:
    """`45%` (en), `45 %` (de, fr) for a fraction of 0.45: the language's own pattern."""
    from babel import Locale
    from babel.numbers import format_percent as babel_format_percent

    own = Locale.parse(_locale()).percent_formats[None].pattern
    pattern = own.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
    return babel_format_percent(fraction, format=pattern, locale=_locale())


def local_number(text: str) -> str:
    """A number as the code wrote it (`-11.7`, `0.5`) with the language's decimal sign
    (`-11,7` in German and French); any other text, and English, as it is."""
    if _language.get() == SOURCE_LANGUAGE or "." not in text:
        return text
    head, _dot, tail = text.partition(".")
    if not (head.lstrip("+-").isdigit() and tail.isdigit()):
        return text
    from babel.numbers import get_decimal_symbol

    return f"{head}{get_decimal_symbol(_locale())}{tail}"


def _locale() -> str:
    code = _language.get()
    return {"en": "en_GB"}.get(code, code)
