"""Whether a product assures age, and on which surfaces the record asks about it."""

from __future__ import annotations

from toolkit.model.age_assurance import SURFACE_ORDER, AgeSurface
from toolkit.model.assessment import Assessment
from toolkit.model.pack import FEATURES, Pack

CHECKS_AGE = frozenset({"age_assurance", "adult_content"})
"""Features that mean the product checks age: any age check beyond a self-declared birth
date, or content only adults may see (which needs one)."""

ADULTS_ONLY = ("audience", "adults_only")
"""A profile answer that means the product must keep children out, so it checks age."""

SURFACE_FEATURES: dict[AgeSurface, frozenset[str]] = {
    AgeSurface.CONTACT_FEATURES: frozenset(
        {
            "direct_messages",
            "group_chat",
            "friend_follow",
            "voice_chat",
            "video_calls",
            "random_matching",
        }
    ),
    AgeSurface.LIVESTREAMING: frozenset({"livestreaming"}),
    AgeSurface.ADULT_CONTENT: frozenset({"adult_content"}),
    AgeSurface.PURCHASES: frozenset({"purchases", "payments_to_users"}),
    AgeSurface.AI_FEATURES: frozenset({"ai_chat", "ai_companions"}),
}
"""The features that put a surface in the record; sign-up and existing accounts always are."""


def _features(pack: Pack, assessment: Assessment) -> set[str]:
    given = assessment.profile.get(FEATURES, [])
    chosen = [given] if isinstance(given, str) else list(given)
    question = pack.question(FEATURES)
    return question.expanded(chosen) if question else set(chosen)


def assures_age(pack: Pack, assessment: Assessment) -> bool:
    """True when the profile says the product checks age (or the record holds a check)."""
    question, value = ADULTS_ONLY
    return (
        bool(_features(pack, assessment) & CHECKS_AGE)
        or assessment.profile.get(question) == value
        or bool(assessment.age_assurance)
    )


def age_surfaces(pack: Pack, assessment: Assessment) -> list[AgeSurface]:
    """The surfaces the record asks about for this product, in order: sign-up, existing
    accounts, each surface whose features the product has, and any already recorded."""
    features = _features(pack, assessment)
    recorded = set(assessment.age_assurance or {})
    return [
        surface
        for surface in SURFACE_ORDER
        if surface not in SURFACE_FEATURES
        or features & SURFACE_FEATURES[surface]
        or surface in recorded
    ]
