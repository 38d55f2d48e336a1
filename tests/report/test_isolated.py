"""Someone else's template runs in a child process that is stopped at its time limit,
whatever the code inside it does with signals and exceptions."""

from __future__ import annotations

import sys
import time

import pytest

from toolkit.errors import RenderError
from toolkit.report.isolated import TookTooLong, within

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork")


@pytest.mark.slow
def test_the_childs_result_comes_back() -> None:
    assert within(5, lambda: b"%PDF-" + bytes(range(256)) * 4_000) == (
        b"%PDF-" + bytes(range(256)) * 4_000
    )


def test_a_refusal_in_the_child_is_raised_here() -> None:
    def refuse() -> bytes:
        raise RenderError("The template report.html.j2 failed at line 2: division by zero.")

    with pytest.raises(RenderError, match="failed at line 2: division by zero"):
        within(5, refuse)


def test_a_child_that_swallows_every_interruption_is_still_stopped() -> None:
    def stubborn() -> bytes:
        while True:
            try:
                time.sleep(0.01)
            except BaseException:  # noqa: BLE001, S110 - what a hostile template could do
                pass

    started = time.monotonic()
    with pytest.raises(TookTooLong):
        within(0.3, stubborn)
    assert time.monotonic() - started < 5
