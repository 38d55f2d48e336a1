"""Content lint of the bundled core pack: what an auditor must be able to rely on."""

from __future__ import annotations

from collections import Counter

import pytest

from toolkit.engine.crosswalk import crosswalk
from toolkit.model.pack import (
    AllCondition,
    AnyCondition,
    Condition,
    FeatureCondition,
    NotCondition,
    Pack,
    Severity,
)

SEEDS = {
    "Rights by design": "children's rights by design",
    "CSAM detection and removal": "detection and removal of CSAM",
    "Age verification": "stringent age verification",
    "E2EE safeguards": "E2EE only with safeguards",
}


def _features(condition: Condition | None) -> set[str]:
    match condition:
        case FeatureCondition(feature=feature):
            return {feature}
        case AnyCondition(any=parts) | AllCondition(all=parts):
            return set().union(*(_features(part) for part in parts))
        case NotCondition(not_=part):
            return _features(part)
    return set()


def test_at_least_100_controls_in_twelve_domains(core: Pack) -> None:
    assert len(core.domains) == 12
    assert len(core.controls()) >= 100


def test_every_control_is_complete(core: Pack) -> None:
    for control in core.controls():
        assert control.id.startswith(control.prefix + "-")
        for field in ("title", "question", "why", "guidance"):
            assert getattr(control, field).strip(), (control.id, field)
        assert control.references, control.id
        assert control.remediation, control.id
        assert len(control.evidence) >= 1, control.id
        assert control.effort is not None, control.id
        assert control.question.rstrip().endswith("?"), control.id


def test_no_two_controls_ask_the_same_question(core: Pack) -> None:
    questions = Counter(" ".join(c.question.lower().split()) for c in core.controls())
    assert [q for q, n in questions.items() if n > 1] == []


def test_each_domain_has_a_critical_or_high_control(core: Pack) -> None:
    for domain in core.domains:
        assert {c.severity for c in domain.controls} & {Severity.CRITICAL, Severity.HIGH}, (
            domain.prefix
        )


def test_every_profile_feature_is_used(core: Pack) -> None:
    features = core.question("features")
    assert features is not None
    used = set().union(*(_features(c.applies_when) for c in core.controls()))
    assert {option.value for option in features.options} - used == set()


def test_every_declared_framework_is_cited(core: Pack) -> None:
    mapping = crosswalk(core)
    uncited = [fid for fid, sections in mapping.items() if not any(sections.values())]
    assert uncited == []


@pytest.mark.parametrize("recommendation", list(SEEDS))
def test_each_seed_recommendation_maps_to_at_least_three_controls(
    core: Pack, recommendation: str
) -> None:
    cited = crosswalk(core)["protect-children-2024"][recommendation]
    assert len(cited) >= 3, SEEDS[recommendation]


def test_frameworks_record_what_an_auditor_needs(core: Pack) -> None:
    for framework in core.frameworks:
        assert framework.publisher and framework.date and framework.status, framework.id
        assert framework.url.startswith("https://"), framework.id


def test_the_pack_lists_review_triggers(core: Pack) -> None:
    assert len(core.review_triggers) >= 8
    text = " ".join(core.review_triggers).lower()
    for change in ("direct messag", "livestream", "end-to-end", "recommend", "age"):
        assert change in text, change
