"""Content lint of the bundled core pack: what an auditor must be able to rely on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
import yaml

from tests.helpers import assessment_of
from toolkit.engine.crosswalk import crosswalk
from toolkit.engine.scoring import score
from toolkit.model.pack import (
    PART_OF,
    AllCondition,
    AnyCondition,
    Condition,
    FeatureCondition,
    LegalStatus,
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
    # Unverified people in published sexual uploads let abuse material be published:
    # critical by the pack's rule, and it mitigates H-CSAM.
    "CSEA-20": Severity.CRITICAL,
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


# --- 0.4.0: what regulators pursued in 2025-26, and the laws that took effect ------

# Each topic the review of 0.3.0 found missing, with the controls that now assess it
# and the profile features its scope must reach (every one of them, or none).
TOPICS_0_4 = {
    "public safety claims that match how features work": (["TRA-11", "TRA-02"], set()),
    "children recruited for crime; drugs, vapes, alcohol, weapons sold": (["CON-15"], set()),
    "age and consent of everyone in uploaded sexual content": (
        ["CSEA-20"],
        {"adult_content", "media_upload"},
    ),
    "user-made experiences whose rating the creator sets": (["DES-19"], {"user_experiences"}),
    "AI characters posing as therapists, doctors or professionals": (["DES-20"], {"ai_chat"}),
    "legal minimum ages and account consent per jurisdiction": (["AGE-16"], set()),
    "app store and operating system age signals": (["AGE-17"], {"app_store_app"}),
    "device-held, privacy-preserving proof of age; self-declaration not enough": (
        ["AGE-18", "AGE-15"],
        set(),
    ),
}

NEW_CONTROLS_0_4 = ["TRA-11", "CON-15", "CSEA-20", "DES-19", "DES-20", "AGE-16", "AGE-17", "AGE-18"]

BRAZIL_ONLY = {
    "audience": "likely_accessed_by_children",
    "age_bands": ["age_13_15", "age_16_17", "adults"],
    "mixed_population": "yes",
    "features": ["direct_messages", "user_content", "media_upload", "app_store_app"],
    "jurisdictions": ["br"],
    "size": "medium",
}


@pytest.mark.parametrize("topic", list(TOPICS_0_4))
def test_each_topic_regulators_pursued_has_a_complete_control(core: Pack, topic: str) -> None:
    control_ids, features = TOPICS_0_4[topic]
    first = core.control(control_ids[0])
    assert first is not None, topic
    assert features <= _features(first.applies_when), (topic, features)
    for control_id in control_ids:
        control = core.control(control_id)
        assert control is not None and control.references, (topic, control_id)


@pytest.mark.parametrize("control_id", NEW_CONTROLS_0_4)
def test_new_controls_say_what_a_full_yes_and_a_partial_are(core: Pack, control_id: str) -> None:
    control = core.control(control_id)
    assert control is not None
    assert control.partial and control.partial.strip()
    assert "yes" in control.guidance.lower() or len(control.guidance) > 400, control_id
    assert len(control.evidence) >= 2 and len(control.remediation) >= 2
    if control_id == "CSEA-20":
        assert control.severity is Severity.CRITICAL
    else:
        assert control.severity in {Severity.HIGH, Severity.MEDIUM}
    cited = {r.framework for r in control.references}
    assert all(core.framework(f) for f in cited) and len(cited) >= 2, control_id


def test_every_framework_records_its_legal_status_and_laws_their_date(core: Pack) -> None:
    for framework in core.frameworks:
        assert framework.legal_status is not None, framework.id
        if framework.legal_status in {
            LegalStatus.IN_FORCE,
            LegalStatus.NOT_YET_IN_FORCE,
            LegalStatus.UNDER_APPEAL,
        }:
            assert framework.effective, framework.id


def test_the_laws_that_took_effect_carry_their_dates_and_court_status(core: Pack) -> None:
    expected = {
        "au-smma": (LegalStatus.IN_FORCE, "2025-12-10"),
        "br-eca-digital": (LegalStatus.IN_FORCE, "2026-03-17"),
        "us-tx-sb2420": (LegalStatus.UNDER_APPEAL, "2026-05-28"),
        "us-la-asaa": (LegalStatus.IN_FORCE, "2026-07-01"),
        "us-ca-ab1043": (LegalStatus.NOT_YET_IN_FORCE, "2027-01-01"),
        "us-ut-sb142": (LegalStatus.NOT_YET_IN_FORCE, "2027-05-06"),
    }
    found = {fid: (f.legal_status, f.effective) for fid in expected if (f := core.framework(fid))}
    assert found == expected
    aadc = core.framework("ca-aadc")
    assert aadc is not None and aadc.legal_status is LegalStatus.PARTLY_ENJOINED
    assert not core.require_framework("eu-av-blueprint").binding_on(date(2026, 12, 7))


def test_a_law_not_yet_in_force_binds_from_its_date_and_an_enjoined_one_never(
    core: Pack,
) -> None:
    utah = core.require_framework("us-ut-sb142")
    assert not utah.binding_on(date(2027, 5, 5))
    assert utah.binding_on(date(2027, 5, 6))
    assert utah.status_on(date(2027, 5, 6)) is LegalStatus.IN_FORCE
    stopped = utah.model_copy(update={"legal_status": LegalStatus.ENJOINED})
    assert not stopped.binding_on(date(2030, 1, 1))


def test_a_product_offered_only_in_brazil_gets_brazils_controls_and_not_the_uks(
    core: Pack,
) -> None:
    result = score(core, assessment_of(core, BRAZIL_ONLY, {}))
    scope = {c.id: str(c.scope) for c in result.controls}
    assert scope["AGE-16"] == scope["CSEA-03"] == "in_scope"
    assert scope["CSEA-02"] != "in_scope" and scope["CSEA-01"] != "in_scope"
    assert scope["AGE-17"] != "in_scope"  # US app store laws
    relevant = {f.id: f.relevant for f in result.frameworks}
    assert relevant["br-eca-digital"] is True
    assert relevant["uk-osa"] is False and relevant["us-tx-sb2420"] is False


def test_a_product_offered_in_texas_gets_texas_law_and_us_federal_law(core: Pack) -> None:
    profile = {**BRAZIL_ONLY, "jurisdictions": ["us-tx"]}
    result = score(core, assessment_of(core, profile, {}))
    relevant = {f.id: f.relevant for f in result.frameworks}
    assert relevant["us-tx-sb2420"] is True
    assert relevant["us-coppa-rule"] is True and relevant["us-2258a"] is True
    assert relevant["us-ut-sb142"] is False and relevant["ca-aadc"] is False
    assert relevant["br-eca-digital"] is False and relevant["uk-osa"] is False
    scope = {c.id: str(c.scope) for c in result.controls}
    assert scope["AGE-17"] == "in_scope"  # the app store law
    assert scope["CSEA-01"] == "in_scope"  # the federal reporting duty


def test_a_product_offered_in_the_us_alone_gets_no_state_law(core: Pack) -> None:
    profile = {**BRAZIL_ONLY, "jurisdictions": ["us"]}
    result = score(core, assessment_of(core, profile, {}))
    relevant = {f.id: f.relevant for f in result.frameworks}
    states = [f.id for f in core.frameworks if f.jurisdiction.startswith("us-")]
    assert len(states) >= 5 and not any(relevant[fid] for fid in states)
    assert relevant["us-coppa-rule"] is True
    scope = {c.id: str(c.scope) for c in result.controls}
    assert scope["AGE-17"] != "in_scope" and scope["CSEA-01"] == "in_scope"


def test_the_profile_offers_each_us_state_whose_law_the_pack_declares(core: Pack) -> None:
    question = core.question("jurisdictions")
    assert question is not None
    offered = {option.value for option in question.options}
    states = {f.jurisdiction for f in core.frameworks if f.jurisdiction.startswith("us-")}
    assert states and {v for v in offered if v.startswith("us-")} == states
    assert all(PART_OF[state] == "us" for state in states)


# Questions the review found a minimal implementation could honestly answer yes to,
# each with words the question or partial must now carry.
TIGHTENED = {
    "GOV-07": ("question", "escalated"),
    "GOV-08": ("question", "objections"),
    "AGE-05": ("question", "after every"),
    "TRA-09": ("question", "recorded"),
    "TRA-02": ("question", "checked against"),
    "REP-13": ("question", "figures"),
    "DES-14": ("question", "tested"),
    "RECO-05": ("partial", "self-declared"),
    "LIVE-12": ("guidance", "partial, not a yes"),
}


@pytest.mark.parametrize("control_id", list(TIGHTENED))
def test_too_easy_questions_now_ask_for_the_outcome(core: Pack, control_id: str) -> None:
    control = core.control(control_id)
    assert control is not None
    field, words = TIGHTENED[control_id]
    assert words in " ".join(str(getattr(control, field)).split()), control_id


def test_claims_say_no_more_than_their_sources(core: Pack) -> None:
    def text(control_id: str) -> str:
        control = core.require_control(control_id)
        return " ".join(f"{control.why} {control.guidance}".split())

    assert "pre-filled" not in text("AGE-15") and "alleges" in text("AGE-15")
    assert "millions of users" not in text("REP-11") and "40,000" in text("REP-11")
    assert "without anyone having to see the image again" not in text("CSEA-17")
    assert "scanning public streams" not in text("LIVE-12")
    refs = {c.id: {(r.framework, r.ref) for r in c.references} for c in core.controls()}
    assert ("uk-aadc", "Standard 7") not in refs["CON-06"]
    assert ("itu-cop", "Key area 2") not in refs["CSEA-05"]
    assert ("vp-csea", "Principle 2") not in refs["DES-14"]
    for control_id in ("LIVE-10", "RECO-05"):
        assert ("protect-children-2024", "Rights by design") not in refs[control_id]
