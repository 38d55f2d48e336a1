"""Run one piece of rendering in a child process that can be stopped.

The PDF layout of a user's own templates is the one step whose cost crbd
cannot bound in advance: their CSS can turn small HTML into tens of thousands
of pages. A timer signal inside the same process is not enough, because a
signal that lands in a callback (a garbage-collector hook, a C library
calling back into Python) is swallowed and the layout goes on. A forked child
can always be killed, and its memory is returned to the system when it ends.
Where `fork` does not exist, the work runs in this process without the limit.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection

from toolkit.errors import RenderError


class TookTooLong(RenderError):
    """The child ran past its time and was stopped."""


def within(seconds: float, work: Callable[[], bytes]) -> bytes:
    """`work()` run in a forked child, stopped after `seconds` (raising `TookTooLong`).

    An exception in the child is raised again here when it can be carried
    across; the child inherits everything already loaded, so nothing is
    imported or passed twice.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()
    sys.stdout.flush()  # else the child would write what is buffered a second time
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(work, sending), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(seconds):
            raise TookTooLong(f"stopped after {seconds:g} seconds")
        try:
            outcome, value = receiving.recv()
        except EOFError:
            raise RenderError("The PDF layout stopped without a result (out of memory?).") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()
    if outcome == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _run(work: Callable[[], bytes], sending: Connection) -> None:
    try:
        sending.send(("done", work()))
    except Exception as error:
        try:
            sending.send(("error", error))
        except Exception:  # an exception that cannot be carried: its words can
            sending.send(("error", RenderError(f"{type(error).__name__}: {error}")))
    finally:
        sending.close()
