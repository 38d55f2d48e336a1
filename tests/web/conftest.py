"""A real `crbd serve` over a temporary folder holding the yarnly example."""

from __future__ import annotations

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
