"""The topics regulators and prosecutors pursued in 2025-26, each with the core pack's
controls that now cover it, scoped to exactly the products concerned.

For every topic the table names the controls that assess it, a product the topic is
about, the words each control's text must carry for the topic, and, where the topic is
narrower than "any product children use", a product it is not about. Every control must
exist, cite what it rests on, apply to the product concerned and, for the narrow
topics, stay out of scope for the other product.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.helpers import assessment_of
from toolkit.engine.scoring import score
from toolkit.model.pack import Pack

Profile = dict[str, str | list[str]]

TEEN_SOCIAL: Profile = {
    "audience": "likely_accessed_by_children",
    "age_bands": ["age_13_15", "age_16_17", "adults"],
    "mixed_population": "yes",
    "features": [
        "direct_messages",
        "group_chat",
        "friend_follow",
        "public_profiles",
        "user_content",
        "media_upload",
        "recommender_feeds",
    ],
    "jurisdictions": ["uk", "eu", "us", "au", "br"],
    "size": "large",
}

ADULT_UPLOADS: Profile = {
    "audience": "adults_only",
    "age_bands": ["adults"],
    "mixed_population": "no",
    "features": ["user_content", "media_upload", "adult_content", "age_assurance"],
    "jurisdictions": ["uk", "us"],
    "size": "medium",
}

GAME_WORLDS: Profile = {
    "audience": "directed_at_children",
    "age_bands": ["under_13", "age_13_15", "age_16_17", "adults"],
    "mixed_population": "yes",
    "features": ["user_experiences", "group_chat", "voice_chat", "purchases"],
    "jurisdictions": ["us"],
    "size": "large",
}

AI_CHARACTERS: Profile = {
    "audience": "likely_accessed_by_children",
    "age_bands": ["age_13_15", "age_16_17", "adults"],
    "mixed_population": "yes",
    "features": ["ai_chat", "ai_companions"],
    "jurisdictions": ["us", "au"],
    "size": "medium",
}

US_STORE_APP: Profile = {
    **TEEN_SOCIAL,
    "features": ["direct_messages", "app_store_app"],
    "jurisdictions": ["us", "us-tx"],  # a state's app-store law binds only where it is chosen
}

EU_AGE_CHECKED: Profile = {
    **TEEN_SOCIAL,
    "features": ["direct_messages", "user_content", "age_assurance"],
    "jurisdictions": ["eu"],
}


@dataclass(frozen=True)
class Topic:
    controls: dict[str, tuple[str, ...]]  # control id -> words its text must carry
    concerned: Profile
    not_concerned: Profile | None = None  # a product the narrow controls must not reach
    narrow: tuple[str, ...] = field(default=())  # controls that must stay out of scope there


# The first list of the review of pack 0.3 ("topics regulators and prosecutors pursued
# that no control asks about"), in its order.
TOPICS: dict[str, Topic] = {
    "public safety claims that do not match how features work": Topic(
        controls={"TRA-11": ("marketing", "regulators"), "TRA-02": ("checked against",)},
        concerned=TEEN_SOCIAL,
        not_concerned=ADULT_UPLOADS,
        narrow=("TRA-11", "TRA-02"),
    ),
    "children recruited for crime; drugs, vapes, alcohol or weapons sold to them": Topic(
        controls={"CON-15": ("recruit", "drugs", "vapes", "alcohol", "weapons")},
        concerned=TEEN_SOCIAL,
        not_concerned=ADULT_UPLOADS,
        narrow=("CON-15",),
    ),
    "age and consent of every person shown in uploaded sexual content": Topic(
        controls={"CSEA-20": ("every person", "consent", "adult"), "AGE-03": ("adult content",)},
        concerned=ADULT_UPLOADS,
        not_concerned=TEEN_SOCIAL,
        narrow=("CSEA-20", "AGE-03"),
    ),
    "user-made experiences whose rating the creator sets, unchecked": Topic(
        controls={"DES-19": ("rating", "creator")},
        concerned=GAME_WORLDS,
        not_concerned=TEEN_SOCIAL,
        narrow=("DES-19",),
    ),
    "AI characters presenting themselves to children as therapists or doctors": Topic(
        controls={"DES-20": ("therapists", "doctors"), "DES-17": ("companion",)},
        concerned=AI_CHARACTERS,
        not_concerned=TEEN_SOCIAL,
        narrow=("DES-20", "DES-17"),
    ),
    "minimum ages and account consent set by law per jurisdiction": Topic(
        controls={"AGE-16": ("Australia", "Brazil", "US state"), "AGE-14": ("consent",)},
        concerned={**TEEN_SOCIAL, "age_bands": ["under_13", "age_13_15", "age_16_17"]},
    ),
    "age signals from app stores and operating systems": Topic(
        controls={"AGE-17": ("app store", "parental-consent", "significant changes")},
        concerned=US_STORE_APP,
        not_concerned={**US_STORE_APP, "jurisdictions": ["uk", "eu"]},
        narrow=("AGE-17",),
    ),
    "the EU age-verification blueprint; self-declared age not sufficient": Topic(
        controls={
            "AGE-18": ("EU Digital Identity Wallet", "self-declared"),
            "AGE-15": ("self-declared",),
            "AGE-02": ("self-declared",),
        },
        concerned=EU_AGE_CHECKED,
        not_concerned={**EU_AGE_CHECKED, "jurisdictions": ["uk"]},
        narrow=("AGE-18",),
    ),
}


def _scopes(pack: Pack, profile: Profile) -> dict[str, str]:
    result = score(pack, assessment_of(pack, profile, {}))
    return {c.id: str(c.scope) for c in result.controls}


def _text(pack: Pack, control_id: str) -> str:
    control = pack.require_control(control_id)
    return " ".join(
        [control.title, control.question, control.why, control.guidance, control.partial or ""]
    )


@pytest.mark.parametrize("topic", list(TOPICS))
def test_each_topic_has_cited_controls_that_speak_to_it(core: Pack, topic: str) -> None:
    for control_id, words in TOPICS[topic].controls.items():
        control = core.control(control_id)
        assert control is not None, (topic, control_id)
        assert control.references, (topic, control_id)
        assert all(core.framework(r.framework) for r in control.references), (topic, control_id)
        text = _text(core, control_id).lower()
        missing = [word for word in words if word.lower() not in text]
        assert missing == [], (topic, control_id, missing)


@pytest.mark.parametrize("topic", list(TOPICS))
def test_each_topics_controls_apply_to_the_product_concerned(core: Pack, topic: str) -> None:
    scopes = _scopes(core, TOPICS[topic].concerned)
    outside = {cid: scopes[cid] for cid in TOPICS[topic].controls if scopes[cid] != "in_scope"}
    assert outside == {}, topic


@pytest.mark.parametrize("topic", [t for t in TOPICS if TOPICS[t].not_concerned is not None])
def test_narrow_topics_stay_out_of_products_they_are_not_about(core: Pack, topic: str) -> None:
    entry = TOPICS[topic]
    assert entry.not_concerned is not None and entry.narrow
    scopes = _scopes(core, entry.not_concerned)
    reached = [cid for cid in entry.narrow if scopes[cid] == "in_scope"]
    assert reached == [], topic


def test_the_table_covers_every_topic_of_the_review_once(core: Pack) -> None:
    assert len(TOPICS) == 8
    ids = [cid for entry in TOPICS.values() for cid in entry.controls]
    assert all(core.control(cid) is not None for cid in ids)
    # The eight controls 0.4.0 added for these topics all appear in the table.
    assert {"TRA-11", "CON-15", "CSEA-20", "DES-19", "DES-20", "AGE-16", "AGE-17", "AGE-18"} <= set(
        ids
    )
