"""Which frameworks bind a product, from where it is offered."""

from __future__ import annotations

from toolkit.engine.crosswalk import coverage
from toolkit.model.pack import Pack


def test_a_dutch_code_is_relevant_where_the_product_is_offered_in_the_eu(core: Pack) -> None:
    dutch = [f for f in core.frameworks if f.jurisdiction == "nl"]
    assert dutch
    relevant = {
        where: {c.id: c.relevant for c in coverage(core, [], [], [where])} for where in ("eu", "uk")
    }
    assert all(relevant["eu"][f.id] for f in dutch)
    assert not any(relevant["uk"][f.id] for f in dutch)
