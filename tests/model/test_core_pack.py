"""Content lint of the bundled core pack: what an auditor must be able to rely on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
import yaml

from toolkit.engine.crosswalk import crosswalk
from toolkit.model.pack import (
    PART_OF,
    AllCondition,
    AnyCondition,
    Condition,
    FeatureCondition,
    NotCondition,
    Pack,
    Severity,
)
from toolkit.model.resources import bundled

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


# --- 0.3.0: what the content lint must keep true ---------------------------------

CORE_DIR = bundled("checklists") / "core"

# Topics the review of 0.2.0 found missing, each with the controls that now assess it.
TOPICS = {
    "moderation of content harmful to children, harm by harm": ["REP-13", "RECO-06"],
    "generative AI at the model layer": ["DES-16"],
    "AI companions and user-made chatbots": ["DES-17", "DES-18"],
    "the nudification ecosystem": ["CSEA-16", "CSEA-17"],
    "livestreams and crises": ["PRIV-16", "REP-14", "RECO-13"],
    "industry signal sharing": ["CSEA-18"],
    "financial sextortion at the payment points": ["CSEA-11", "CSEA-19"],
    "send-side friction": ["CON-14"],
    "connected toys and devices": ["PRIV-17"],
    "registration": ["AGE-15"],
    "positive rights": ["GOV-16", "GOV-11"],
    "transparency reporting against a framework": ["TRA-05"],
    "abuse detection in video calls": ["LIVE-12"],
    "moderation capacity and detection performance": ["REP-11"],
    "community or volunteer moderators": ["REP-12"],
    "minimum-age enforcement": ["AGE-15"],
    "illegal-content risk assessment": ["GOV-15"],
    "adult content on general-audience services": ["AGE-03"],
    "provider-wide scope across services": ["GOV-17", "CSEA-13"],
}

# Pairs the pack's severity rule treats alike: the same kind of contact or safeguard.
SAME_SEVERITY = [
    ("LIVE-05", "LIVE-08"),  # a stranger on camera with a child: joining a stream or calling
    ("CON-01", "LIVE-08"),  # unwanted contact, by message or by call
    ("LIVE-07", "LIVE-12"),  # detecting live abuse, in broadcasts or in calls
    ("CON-11", "CON-14"),  # nudity friction, receiving or sending
    ("REP-04", "REP-10"),  # the time limit, and the measurement that shows it is met
]

# Severities the review asked to reconsider, as decided for 0.3.0.
SEVERITIES = {
    "LIVE-05": Severity.CRITICAL,
    "AGE-03": Severity.CRITICAL,
    "REP-10": Severity.HIGH,
    "RECO-07": Severity.HIGH,
    "PRIV-08": Severity.HIGH,
    "PRIV-15": Severity.HIGH,
    "DES-10": Severity.HIGH,
}


def _references_in(node: object) -> Iterator[tuple[str, str]]:
    """Every {framework, ref} mapping anywhere in a parsed YAML document."""
    if isinstance(node, dict):
        if isinstance(node.get("framework"), str) and isinstance(node.get("ref"), str):
            yield node["framework"], node["ref"]
        for value in node.values():
            yield from _references_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references_in(value)


def test_every_declared_section_is_cited(core: Pack) -> None:
    cited = {(ref.framework, ref.ref) for control in core.controls() for ref in control.references}
    harms = CORE_DIR / "harms.yaml"
    if harms.is_file():  # the harm catalogue may cite sections too
        cited |= set(_references_in(yaml.safe_load(harms.read_text(encoding="utf-8"))))
    uncited = [
        f"{framework.id} {section.ref}"
        for framework in core.frameworks
        for section in framework.sections
        if (framework.id, section.ref) not in cited
    ]
    assert uncited == []


def test_every_profile_feature_is_used_by_a_condition(core: Pack) -> None:
    features = core.question("features")
    assert features is not None
    used = set().union(*(_features(c.applies_when) for c in core.controls()))
    used |= set().union(*(_features(d.when) for d in core.conditions.values()))
    for harm in core.harms:  # the harm catalogue's scope and risk factors
        used |= _features(harm.applies_when)
        used |= set().union(*(_features(f.when) for f in harm.risk_factors))
    for old in features.retired:  # a condition on a retired option reads its replacements
        if old.value in used:
            used |= set(old.replaced_by)
    assert {option.value for option in features.options} - used == set()


def test_every_framework_jurisdiction_is_a_declared_value(core: Pack) -> None:
    question = core.question("jurisdictions")
    assert question is not None
    declared = {option.value for option in question.options} | {"international"}
    undeclared = {
        f.id: f.jurisdiction
        for f in core.frameworks
        if f.jurisdiction not in declared and PART_OF.get(f.jurisdiction) not in declared
    }
    assert undeclared == {}


@pytest.mark.parametrize("topic", list(TOPICS))
def test_each_new_topic_is_mapped_to_a_cited_control(core: Pack, topic: str) -> None:
    for control_id in TOPICS[topic]:
        control = core.control(control_id)
        assert control is not None, (topic, control_id)
        assert control.references, (topic, control_id)


@pytest.mark.parametrize(("first", "second"), SAME_SEVERITY)
def test_severity_follows_the_rule_for_like_pairs(core: Pack, first: str, second: str) -> None:
    one, other = core.control(first), core.control(second)
    assert one is not None and other is not None
    assert one.severity == other.severity, (first, one.severity, second, other.severity)


def test_reconsidered_severities(core: Pack) -> None:
    found = {cid: c.severity for cid in SEVERITIES if (c := core.control(cid)) is not None}
    assert found == SEVERITIES


def test_adult_content_brings_in_highly_effective_age_assurance(core: Pack) -> None:
    age_03 = core.control("AGE-03")
    assert age_03 is not None and "adult_content" in _features(age_03.applies_when)
    gov_05 = core.control("GOV-05")
    assert gov_05 is not None and gov_05.applies_when is None  # adults-only services too


def test_no_citation_leans_on_a_weak_fit(core: Pack) -> None:
    refs = {c.id: {(r.framework, r.ref) for r in c.references} for c in core.controls()}
    assert ("ofcom-icu", "ICU D7") in refs["REP-04"]
    assert ("ofcom-pcu", "PCU D7") not in refs["REP-04"]
    assert ("ofcom-icu", "ICU C9") not in refs["E2EE-04"]
    catch_all = sum(("esafety-sbd", "Principle 1") in r for r in refs.values())
    assert catch_all <= 10
