"""The three-valued condition logic that decides scope, row by row.

An unanswered profile question makes a condition unknown (None); callers keep
unknown controls in scope, so each row below is a scope decision a user sees.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from toolkit.engine.conditions import Context, describe, evaluate, reasons
from toolkit.model.pack import Condition, ConditionDefinition

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
NAMED = {
    "kids": ConditionDefinition.model_validate(
        {"description": "children use it", "when": {"profile": "audience", "in": ["children"]}}
    )
}
CHAT = {"feature": "chat"}
LIVE = {"feature": "live"}
KIDS = {"condition": "kids"}


def _evaluate(condition: dict[str, Any], answers: dict[str, Any]) -> bool | None:
    return evaluate(CONDITION.validate_python(condition), Context([], NAMED, answers))


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        pytest.param(CHAT, {"features": ["chat"]}, True, id="feature present"),
        pytest.param(CHAT, {"features": ["live"]}, False, id="feature absent"),
        pytest.param(CHAT, {"features": []}, False, id="no features at all"),
        pytest.param(CHAT, {}, None, id="features unanswered"),
        pytest.param(KIDS, {"audience": "children"}, True, id="named, true"),
        pytest.param(KIDS, {"audience": "adults"}, False, id="named, false"),
        pytest.param(KIDS, {}, None, id="named, unanswered"),
        pytest.param({"any": [CHAT, KIDS]}, {"features": [], "audience": "adults"}, False,
                     id="any: false, false"),
        pytest.param({"any": [CHAT, KIDS]}, {"features": ["chat"]}, True,
                     id="any: true wins over unknown"),
        pytest.param({"any": [CHAT, KIDS]}, {"features": []}, None,
                     id="any: false and unknown is unknown"),
        pytest.param({"all": [CHAT, KIDS]}, {"features": ["chat"], "audience": "children"}, True,
                     id="all: true, true"),
        pytest.param({"all": [CHAT, KIDS]}, {"features": []}, False,
                     id="all: false wins over unknown"),
        pytest.param({"all": [CHAT, KIDS]}, {"features": ["chat"]}, None,
                     id="all: true and unknown is unknown"),
        pytest.param({"not": CHAT}, {"features": ["chat"]}, False, id="not true"),
        pytest.param({"not": CHAT}, {"features": []}, True, id="not false"),
        pytest.param({"not": CHAT}, {}, None, id="not unknown stays unknown"),
        pytest.param({"profile": "features", "in": ["chat", "live"]}, {"features": ["live"]}, True,
                     id="profile: multi answer includes one of the values"),
        pytest.param({"not": {"any": [LIVE, {"all": [CHAT, KIDS]}]}},
                     {"features": ["chat"], "audience": "adults"}, True, id="nested"),
    ],
)  # fmt: skip
def test_truth_table(
    condition: dict[str, Any], answers: dict[str, Any], expected: bool | None
) -> None:
    assert _evaluate(condition, answers) is expected


def test_reasons_name_the_deciding_answers_only() -> None:
    condition = CONDITION.validate_python({"any": [CHAT, LIVE]})
    context = Context([], NAMED, {"features": ["chat"]})
    assert reasons(condition, context, True) == ["the product has chat"]
    assert reasons(condition, Context([], NAMED, {"features": []}), False) == [
        "the product has no chat",
        "the product has no live",
    ]
    assert describe(condition, context) == "the product has chat or the product has live"
