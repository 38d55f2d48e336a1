"""The age-assurance record: how the product checks age, surface by surface.

Regulators ask a service that assures age to say how it does so (ISO/IEC 27566-1
calls the published account a practice statement). For each place where an age
decides what a user may do (`AgeSurface`), the record keeps the method in the
team's words, what kind of method it is, how it fares on the characteristics
ISO/IEC 27566-1 names (functional, performance, privacy, security,
acceptability), the confidence level in IEEE 2089.1's terms, how a user appeals
a wrong decision, and when the method is next reviewed.

The characteristics and method kinds are the ones the standards' public
summaries name; the standards' own text is paywalled and was not read, so the
record names them without clause numbers. IEEE 2089.1's public page names four
confidence levels (asserted, standard, enhanced, strict); one vendor's summary
lists a fifth ("basic"), which crbd does not offer until it can be checked.

`None` in the assessment means the record was never made; an empty mapping that
it was made and no surface checks age.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from toolkit.i18n import N_
from toolkit.model.base import Record
from toolkit.model.choices import every, ordered


class AgeSurface(StrEnum):
    """A place in the product where an age check decides what a user may do."""

    SIGN_UP = "sign_up"
    EXISTING_ACCOUNTS = "existing_accounts"
    CONTACT_FEATURES = "contact_features"
    LIVESTREAMING = "livestreaming"
    ADULT_CONTENT = "adult_content"
    PURCHASES = "purchases"
    AI_FEATURES = "ai_features"


SURFACE_ORDER = ordered(AgeSurface, list(AgeSurface))
"""The order surfaces are asked and printed in."""

SURFACE_LABEL: dict[AgeSurface, str] = every(
    AgeSurface,
    {
        AgeSurface.SIGN_UP: N_("Sign-up"),
        AgeSurface.EXISTING_ACCOUNTS: N_("Existing accounts"),
        AgeSurface.CONTACT_FEATURES: N_("Contact features"),
        AgeSurface.LIVESTREAMING: N_("Livestreaming"),
        AgeSurface.ADULT_CONTENT: N_("Adult content"),
        AgeSurface.PURCHASES: N_("Purchases and payments"),
        AgeSurface.AI_FEATURES: N_("AI chat and companions"),
    },
)


class AgeMethodKind(StrEnum):
    """What kind of method decides the age: ISO/IEC 27566-1 covers verification,
    estimation and inference; IEEE 2089.1 adds a guardian's attestation; a self-declared
    age is recorded as what it is."""

    VERIFICATION = "verification"
    ESTIMATION = "estimation"
    INFERENCE = "inference"
    GUARDIAN_ATTESTATION = "guardian_attestation"
    SELF_DECLARATION = "self_declaration"


KIND_LABEL: dict[AgeMethodKind, str] = every(
    AgeMethodKind,
    {
        AgeMethodKind.VERIFICATION: N_("Age verification"),
        AgeMethodKind.ESTIMATION: N_("Age estimation"),
        AgeMethodKind.INFERENCE: N_("Age inference"),
        AgeMethodKind.GUARDIAN_ATTESTATION: N_("A guardian's attestation"),
        AgeMethodKind.SELF_DECLARATION: N_("Self-declared age"),
    },
)


class Characteristic(StrEnum):
    """The characteristics of an age-assurance system ISO/IEC 27566-1 names."""

    FUNCTIONAL = "functional"
    PERFORMANCE = "performance"
    PRIVACY = "privacy"
    SECURITY = "security"
    ACCEPTABILITY = "acceptability"


CHARACTERISTIC_LABEL: dict[Characteristic, str] = every(
    Characteristic,
    {
        Characteristic.FUNCTIONAL: N_("Functional"),
        Characteristic.PERFORMANCE: N_("Performance"),
        Characteristic.PRIVACY: N_("Privacy"),
        Characteristic.SECURITY: N_("Security"),
        Characteristic.ACCEPTABILITY: N_("Acceptability"),
    },
)

CHARACTERISTIC_HINT: dict[Characteristic, str] = every(
    Characteristic,
    {
        Characteristic.FUNCTIONAL: N_("what it establishes: an age, an age range or a threshold"),
        Characteristic.PERFORMANCE: N_("measured accuracy and error rates, and when measured"),
        Characteristic.PRIVACY: N_("what data it takes, what is kept, and for how long"),
        Characteristic.SECURITY: N_("how it resists spoofing and circumvention"),
        Characteristic.ACCEPTABILITY: N_("inclusion, fairness across groups, other routes"),
    },
)
"""What each characteristic asks about, as the interview prompts for it."""


class ConfidenceLevel(StrEnum):
    """The confidence levels IEEE 2089.1 names, from least to most assurance."""

    ASSERTED = "asserted"
    STANDARD = "standard"
    ENHANCED = "enhanced"
    STRICT = "strict"


CONFIDENCE_LABEL: dict[ConfidenceLevel, str] = every(
    ConfidenceLevel,
    {
        ConfidenceLevel.ASSERTED: N_("Asserted"),
        ConfidenceLevel.STANDARD: N_("Standard"),
        ConfidenceLevel.ENHANCED: N_("Enhanced"),
        ConfidenceLevel.STRICT: N_("Strict"),
    },
)

Text = Annotated[str, Field(min_length=1)]


class AgeCheck(Record):
    """How age is checked on one surface."""

    method: str = Field(
        min_length=1, description="the method in the team's words: who checks, how, what fallback"
    )
    kind: AgeMethodKind
    characteristics: dict[Characteristic, Text] = Field(
        default_factory=dict,
        description="how the method fares on each ISO/IEC 27566-1 characteristic",
    )
    confidence: ConfidenceLevel | None = Field(
        default=None, description="the confidence level in IEEE 2089.1's terms"
    )
    appeal: str = Field(default="", description="how a user challenges a wrong age decision")
    review_on: date | None = Field(default=None, description="when the method is next reviewed")


AgeAssurance = dict[AgeSurface, AgeCheck]
"""The record: one check per surface, in `SURFACE_ORDER` when shown."""
