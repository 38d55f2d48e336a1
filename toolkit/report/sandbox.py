"""The jinja2 environment for report templates: sandboxed, confined to one folder, bounded.

An organisation's own `--templates` folder is code crbd runs, so it gets the
rules of untrusted code: jinja2's sandbox (no private attributes, no unsafe
calls), a loader that refuses any template whose real path (links followed)
leaves the folder, caps on the expressions that build huge values (ranges,
repetition, powers, long arguments), and a time limit, enforced by running
the render in a child process that can be killed. A template that breaks
a rule, or fails in any other way, is reported as one line naming the
template and its line.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from toolkit.errors import RenderError
from toolkit.i18n import (
    _,
    current_language,
    ngettext,
)
from toolkit.model.resources import bundled
from toolkit.report.isolated import TookTooLong, within
from toolkit.report.localized import day, number, percent

MAX_RANGE = 10_000
"""The longest `range()` a template may make (jinja2's own sandbox allows 100,000)."""
MAX_LENGTH = 10_000_000
"""The longest string or list an expression may build, and the largest number it may pass
(a 1 MB note is text users may write; ten times that is a template building a bomb)."""
MAX_HTML = 200_000_000
"""The most HTML a template may produce (the largest pack's report is a few MB)."""
MAX_POWER_BITS = 4_096
"""The largest result of `**`, in bits (`9**(9**10)` would take hours)."""
TIME_LIMIT = 60.0
"""Seconds a template may take: the largest bundled report renders in well under one."""
KILL_AFTER = 5.0
"""Seconds past the limit before the child rendering someone else's template is killed,
so the timer inside it can name the line first."""


class RefusedTemplate(TemplateError):
    """A template that breaks one of the rules above."""


def inside(folder: Path, path: Path) -> bool:
    """Whether `path`, links followed, is within `folder` (itself already resolved)."""
    return path.resolve().is_relative_to(folder)


class ConfinedLoader(FileSystemLoader):
    """Loads templates from one folder only, checked after following links."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder

    def get_source(self, environment: Any, template: str) -> Any:
        path = self.folder.joinpath(*split_template_path(template))
        if not inside(self.folder, path):
            raise RefusedTemplate(
                f"{template!r} leads outside the templates folder (to {path.resolve()})"
            )
        return super().get_source(environment, template)


def bounded_range(*args: int) -> range:
    """`range()` for templates, capped at MAX_RANGE items."""
    made = range(*args)
    if len(made) > MAX_RANGE:
        raise RefusedTemplate(
            f"range() of {len(made)} items; templates may use at most {MAX_RANGE}"
        )
    return made


def _check_size(value: Any) -> None:
    if isinstance(value, str | list | tuple):
        _check_size_of(len(value))
    if isinstance(value, int) and value.bit_length() > MAX_POWER_BITS:
        raise RefusedTemplate(
            f"a number of {value.bit_length()} bits; templates may use at most {MAX_POWER_BITS}"
        )


def _check_operands(operator: str, left: Any, right: Any) -> None:
    """Refuse a `*`, `**` or `%` whose result would be huge, before computing it."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                _check_size_of(len(sequence) * times)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > MAX_POWER_BITS:
            raise RefusedTemplate(
                f"a power of more than {MAX_POWER_BITS} bits; templates may use at most that"
            )
    elif operator == "%" and isinstance(left, str):
        for argument in right if isinstance(right, tuple) else (right,):
            if isinstance(argument, int) and not isinstance(argument, bool):
                _check_size_of(argument)


def _check_size_of(length: int) -> None:
    if length > MAX_LENGTH:
        raise RefusedTemplate(
            f"a value of {length} items; templates may build at most {MAX_LENGTH}"
        )


class BoundedEnvironment(SandboxedEnvironment):
    """jinja2's sandbox with caps on ranges, repetition, powers and call arguments."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, folder: Path) -> None:
        super().__init__(
            loader=ConfinedLoader(folder),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        self.globals["range"] = bounded_range
        speaks(self)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_operands(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        _check_size(result)
        return result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        for argument in (*args, *kwargs.values()):
            if isinstance(argument, int) and not isinstance(argument, bool):
                _check_size_of(argument)
            _check_size(argument)
        return super().call(__context, __obj, *args, **kwargs)


def speaks(environment: Any) -> None:
    """Give templates the language in force: `_("...")` for the template's own sentences,
    `ngettext()`, `{% trans %}`, `lang`; the `t` filter for a word the view gives (an
    answer, a rating, a section title); the `date`, `number` and `percent` filters."""
    environment.install_gettext_callables(gettext=_sentence, ngettext=ngettext, newstyle=False)
    environment.globals["lang"] = current_language()
    environment.filters["t"] = _shown
    environment.filters["date"] = day
    environment.filters["number"] = number
    environment.filters["percent"] = percent


def _sentence(message: str) -> Markup:
    """`_("...")` in a template: a sentence the template itself wrote, so as trusted as the
    template, and its translation from crbd's own catalog; `.format()` on it escapes every
    value put in, as autoescaping would."""
    return Markup(_(message))  # trusted: the template's own text, or crbd's translation


def _shown(value: Any) -> Any:
    """`value | t`: a word the view gives, in the language in force, escaped like any
    value (a word no catalog knows, such as a pack's own, is shown as it is)."""
    return _(value) if isinstance(value, str) and value else value


class _TimeUp(Exception):
    """Raised inside the template by the timer."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the code inside after `seconds` (Unix, main thread; elsewhere only the caps hold)."""
    if threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_bounded(folder: Path, name: str, **context: Any) -> str:
    """Render one template of `folder` within the caps and the time limit.

    The bundled templates render here, under a timer signal. Anyone else's
    render in a child process that is killed if the timer inside it does not
    stop them: a signal that lands in a callback is lost, a child is not.
    """

    def render() -> bytes:
        try:
            with time_limit(TIME_LIMIT):
                html = BoundedEnvironment(folder).get_template(name).render(**context)
        except Exception as error:
            raise RenderError(_one_line(folder, name, error)) from error
        return html.encode()

    if folder == bundled("report_templates").resolve():
        html = render().decode()
    else:
        try:
            html = within(TIME_LIMIT + KILL_AFTER, render).decode()
        except TookTooLong:
            raise RenderError(
                f"The template {name} failed: it took longer than {TIME_LIMIT:g} seconds."
            ) from None
    if len(html) > MAX_HTML:
        raise RenderError(f"The template {name} made {len(html)} characters of HTML; too long.")
    return html


def _one_line(folder: Path, name: str, error: BaseException) -> str:
    """What failed, in which template and on which line."""
    where, line = name, None
    if isinstance(error, TemplateSyntaxError):
        where, line = error.name or name, error.lineno
    else:
        for frame in traceback.extract_tb(error.__traceback__):
            path = Path(frame.filename)
            if path.is_relative_to(folder):
                where, line = path.relative_to(folder).as_posix(), frame.lineno
    at = f" at line {line}" if line else ""
    if isinstance(error, _TimeUp):
        reason = f"it took longer than {TIME_LIMIT:g} seconds"
    elif isinstance(error, RecursionError):
        reason = "it calls itself too deeply (a recursive macro?)"
    elif isinstance(error, MemoryError):
        reason = "it needs more memory than there is"
    else:
        reason = str(error).rstrip(".") or type(error).__name__
    return f"The template {where} failed{at}: {reason}."
