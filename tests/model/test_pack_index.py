"""The pack's control index: constant-time lookups that leave the frozen model as it was."""

from __future__ import annotations

import json

from toolkit.model.pack import Pack


def test_the_index_finds_every_control_and_nothing_else(core: Pack) -> None:
    assert all(core.control(control.id) is control for control in core.controls())
    assert core.control("NOPE-01") is None


def test_the_index_is_not_part_of_the_pack(core: Pack) -> None:
    fresh = Pack.model_validate(core.model_dump(by_alias=True))
    core.control(core.controls()[0].id)  # builds the index on one side only
    assert fresh == core
    assert "controls_by_id" not in core.model_dump()
    assert "controls_by_id" not in json.dumps(Pack.model_json_schema())


def test_a_copy_indexes_its_own_domains(core: Pack) -> None:
    first = core.domains[0].controls[0]
    other = core.domains[1].controls[0]
    core.control(first.id)
    narrowed = core.model_copy(update={"domains": core.domains[1:]})
    assert narrowed.control(first.id) is None
    assert narrowed.control(other.id) == other
