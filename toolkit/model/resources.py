"""Where the bundled checklists and report templates live.

In a wheel they are package data under `toolkit/_data/`; in a source checkout
(or an editable install) they are the top-level folders beside `toolkit/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """The bundled folder `name` (`checklists`, `report_templates` or `examples`)."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
