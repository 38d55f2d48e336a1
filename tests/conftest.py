"""Shared fixtures: the bundled core pack, the small test pack, and assessment builders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from toolkit.model.assessment import Assessment, ControlAnswer, Metadata, new_assessment
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

DATA = Path(__file__).parent / "data"
MINI = DATA / "packs" / "mini"
EXAMPLES = bundled("examples")
DAY = date(2026, 11, 1)


@pytest.fixture(scope="session")
def core() -> Pack:
    return load_pack(bundled("checklists") / "core")


@pytest.fixture(scope="session")
def mini() -> Pack:
    return load_pack(MINI)


def assessment_of(
    pack: Pack, profile: dict[str, str | list[str]], answers: dict[str, str], **notes: str
) -> Assessment:
    """An assessment with the given profile and answers (notes by control id, `_` for `-`)."""
    made = new_assessment(pack).model_copy(
        update={
            "metadata": Metadata(product="Test product", updated_on=DAY),
            "profile": profile,
            "answers": {
                control_id: ControlAnswer(
                    answer=answer,  # type: ignore[arg-type]
                    note=notes.get(control_id.replace("-", "_"), "reason given"),
                    answered_on=DAY,
                )
                for control_id, answer in answers.items()
            },
        }
    )
    return made


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path
