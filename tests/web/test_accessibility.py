"""axe-core finds no serious or critical violation on any page of `crbd serve`.

axe-core comes from npm, for the tests only: `.ci/run` installs it into a
cache folder and names its `axe.min.js` in `CRBD_AXE`. Without it (or without
chromium) the test is skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, Running, serving

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(
    os.environ.get(
        "CRBD_AXE",
        Path.home() / ".cache" / "crbd-test" / "node_modules" / "axe-core" / "axe.min.js",
    )
)
PAGES = [
    "/",
    "/a/yarnly.yaml",
    "/a/yarnly.yaml/profile",
    "/a/yarnly.yaml/domain/CON",
    "/a/yarnly.yaml/ask/CON-03",
    "/a/yarnly.yaml/risk/H-GROOMING",
    "/a/yarnly.yaml/results",
    "/a/yarnly.yaml/history",
]


def _needed(path: Path, what: str) -> None:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing ({path}); .ci/run installs it")
        pytest.skip(f"{what} is not installed ({path})")


@pytest.fixture
def yarnly(tmp_path: Path) -> Iterator[Running]:
    shutil.copy(EXAMPLES / "yarnly.yaml", tmp_path / "yarnly.yaml")
    with serving(tmp_path) as running:
        yield running


def test_no_serious_or_critical_violation_on_any_page(yarnly: Running) -> None:
    _needed(Path(CHROMIUM), "Debian's chromium")
    _needed(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    script = AXE.read_text(encoding="utf-8")
    found: dict[str, list[Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(bypass_csp=True)  # to inject axe, a test-only script
        page = context.new_page()
        page.goto(yarnly.url)
        for path in PAGES:
            page.goto(yarnly.base + path)
            page.add_script_tag(content=script)
            violations = page.evaluate("async () => (await axe.run(document)).violations")
            bad = [
                (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                found[path] = bad
        browser.close()
    assert found == {}


def test_every_control_of_a_question_is_reached_by_keyboard(yarnly: Running) -> None:
    _needed(Path(CHROMIUM), "Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        page.goto(yarnly.url)
        page.goto(yarnly.base + "/a/yarnly.yaml/ask/CON-03")
        wanted = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                 'main a[href], main input:not([type=hidden]), main textarea, main select,'
                 + ' main button, main summary')).filter(e => e.type !== 'radio' || e.checked)
                 .map(e => e.outerHTML)"""
        )
        reached: list[str] = []
        for _ in range(200):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => document.activeElement.closest('main') ? "
                "document.activeElement.outerHTML : ''"
            )
            if focused and focused not in reached:
                reached.append(focused)
            if len(reached) >= len(wanted):
                break
        browser.close()
    assert [html for html in wanted if html not in reached] == []
