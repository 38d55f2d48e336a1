"""A real `crbd serve` over a temporary folder holding the yarnly example."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Running, serving


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Running]:
    folder = tmp_path / "assessments"
    folder.mkdir()
    shutil.copy(EXAMPLES / "yarnly.yaml", folder / "yarnly.yaml")
    with serving(folder) as running:
        yield running


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's chromium, which Playwright drives (it downloads no browser of its own here)."""


@pytest.fixture
def browser() -> Iterator[object]:
    """Chromium launched by Playwright; missing, the test is skipped, and fails in CI."""
    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()
