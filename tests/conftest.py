"""Fixtures (the core pack, the mini pack, a working folder) and the Hypothesis profile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import MINI
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.model.resources import bundled

settings.register_profile(
    "crbd",
    deadline=None,
    max_examples=60,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("crbd")


@pytest.fixture(scope="session")
def core() -> Pack:
    return load_pack(bundled("checklists") / "core")


@pytest.fixture(scope="session")
def mini() -> Pack:
    return load_pack(MINI)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path
