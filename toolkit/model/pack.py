"""The checklist models: a pack of domains of controls, plus the product profile.

Packs are data written by people; every model forbids unknown fields so a typo
(`severty:`) is an error with a line number, not a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Discriminator, Field, PrivateAttr, Tag, model_validator

from toolkit.errors import UnknownItem
from toolkit.model.base import Strict
from toolkit.model.choices import Effort as Effort
from toolkit.model.choices import Severity as Severity
from toolkit.model.translation import PackTranslation

FEATURES = "features"
"""The profile question whose options are the product's features (`{feature: ID}`)."""

JURISDICTIONS = "jurisdictions"
"""The profile question whose options match frameworks' `jurisdiction` values."""

PART_OF: dict[str, str] = {
    "nl": "eu",
    "us-ca": "us",
    "us-il": "us",
    "us-la": "us",
    "us-tx": "us",
    "us-ut": "us",
}
"""Jurisdictions that lie within a larger one. A product offered in a part is offered in
the whole: choosing Texas binds US federal law too, while choosing the United States alone
binds no state's law. A part the profile does not offer as a choice (the Netherlands) is
asked about through the whole it belongs to: a Dutch code binds a product offered in the
EU, as far as crbd's profile can tell."""


def within(chosen: Iterable[str]) -> set[str]:
    """The chosen jurisdictions and every larger one they lie within."""
    found: set[str] = set()
    for where in chosen:
        while where and where not in found:
            found.add(where)
            where = PART_OF.get(where, "")
    return found


def binds_where(jurisdiction: str, chosen: Iterable[str], offered: Iterable[str]) -> bool:
    """True when a framework of `jurisdiction` binds a product offered in `chosen`: the
    jurisdiction, or a part of it, is chosen; or it is a part the profile does not offer
    (`offered`) and the whole it lies within is chosen."""
    places = within(chosen)
    if jurisdiction in places:
        return True
    whole = PART_OF.get(jurisdiction)
    return jurisdiction not in set(offered) and whole is not None and whole in places


# --- conditions: a tiny structured language, never evaluated as a string ---


class FeatureCondition(Strict):
    """True when the `features` profile answer includes this feature."""

    feature: str


class ProfileCondition(Strict):
    """True when a profile answer is (or, for multi questions, includes) one of `values`."""

    profile: str
    values: list[str] = Field(alias="in", min_length=1)


class NamedCondition(Strict):
    """A reference to a condition declared once in `pack.yaml`."""

    condition: str


class AnyCondition(Strict):
    """True when any of the conditions is true."""

    any: list[Condition] = Field(min_length=1)


class AllCondition(Strict):
    """True when all of the conditions are true."""

    all: list[Condition] = Field(min_length=1)


class NotCondition(Strict):
    """True when the condition is false."""

    not_: Condition = Field(alias="not")


_CONDITION_KEYS = ("feature", "profile", "condition", "any", "all", "not")
_KIND_OF_MODEL = {
    "FeatureCondition": "feature",
    "ProfileCondition": "profile",
    "NamedCondition": "condition",
    "AnyCondition": "any",
    "AllCondition": "all",
    "NotCondition": "not",
}


def _condition_kind(value: Any) -> str | None:
    """The condition's kind, from its single key (or its model class once built)."""
    if isinstance(value, BaseModel):
        return _KIND_OF_MODEL[type(value).__name__]
    if isinstance(value, dict):
        kinds = [key for key in _CONDITION_KEYS if key in value]
        if len(kinds) == 1:
            return kinds[0]
    return None


Condition = Annotated[
    Annotated[FeatureCondition, Tag("feature")]
    | Annotated[ProfileCondition, Tag("profile")]
    | Annotated[NamedCondition, Tag("condition")]
    | Annotated[AnyCondition, Tag("any")]
    | Annotated[AllCondition, Tag("all")]
    | Annotated[NotCondition, Tag("not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message=(
            "a condition needs exactly one of feature, profile (with in), condition, any, all, not"
        ),
    ),
]

for _model in (AnyCondition, AllCondition, NotCondition):
    _model.model_rebuild()


# --- the product profile ---


class Option(Strict):
    """One allowed answer to a profile question."""

    value: str
    label: str
    help: str = ""


class RetiredOption(Option):
    """An answer the question no longer offers because it was split into finer ones.

    Older assessments that chose it still load: crbd reads it as every option that
    replaced it (so nothing falls out of scope), a condition on it holds when any of
    them is chosen, and the file is flagged until the question is answered again."""

    replaced_by: list[str] = Field(min_length=1)


class ProfileQuestion(Strict):
    """A question about the product that decides which controls apply."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["single", "multi"]
    text: str
    help: str = ""
    options: list[Option] = Field(min_length=2)
    retired: list[RetiredOption] = Field(
        default_factory=list, description="answers no longer offered, and what replaced them"
    )

    @model_validator(mode="after")
    def _retired_are_replaced_by_offered_options(self) -> ProfileQuestion:
        offered = {option.value for option in self.options}
        for old in self.retired:
            if old.value in offered:
                raise ValueError(f"retired option {old.value!r} is also offered")
            unknown = [value for value in old.replaced_by if value not in offered]
            if unknown:
                raise ValueError(
                    f"retired option {old.value!r} is replaced by {', '.join(unknown)}, "
                    "which the question does not offer"
                )
        return self

    def option(self, value: str) -> Option | None:
        """The option of that value, offered or retired."""
        return next((o for o in [*self.options, *self.retired] if o.value == value), None)

    def expanded(self, values: list[str]) -> set[str]:
        """The values as conditions read them: a retired value stands for every option that
        replaced it, and a retired value holds when any of its replacements is chosen."""
        chosen = set(values)
        for old in self.retired:
            if old.value in chosen:
                chosen.update(old.replaced_by)
        chosen.update(old.value for old in self.retired if chosen & set(old.replaced_by))
        return chosen

    def retired_in(self, values: list[str]) -> list[RetiredOption]:
        """The retired options among the values (answers to reconfirm)."""
        return [old for old in self.retired if old.value in values]


class ConditionDefinition(Strict):
    """A named, reusable condition with the words used to explain it."""

    description: str
    when: Condition


class ExposureFactor(Strict):
    """A profile risk that raises the priority of every gap on the product."""

    label: str
    add: float = Field(gt=0, le=1)
    when: Condition


# --- frameworks and controls ---


class Section(Strict):
    """A citable part of a framework (a standard, measure, article, principle)."""

    ref: str
    title: str


class LegalStatus(StrEnum):
    """Whether a framework binds anyone today, in the words a report must not blur.

    A law is `in_force` from its effective date; `not_yet_in_force` before it. A court
    can stop a law (`enjoined`), stop part of it (`partly_enjoined`), or let it apply
    while an appeal is pending (`under_appeal`). Regulators' guidance, codes that are a
    way to comply, consultations and voluntary principles are not law of their own.
    """

    IN_FORCE = "in_force"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    UNDER_APPEAL = "under_appeal"
    PARTLY_ENJOINED = "partly_enjoined"
    ENJOINED = "enjoined"
    GUIDANCE = "guidance"
    PROPOSED = "proposed"
    VOLUNTARY = "voluntary"


BINDING = frozenset({LegalStatus.IN_FORCE, LegalStatus.UNDER_APPEAL, LegalStatus.PARTLY_ENJOINED})
"""The statuses under which at least part of a framework binds the services it covers."""


class Framework(Strict):
    """A public framework the pack cites, with the facts an auditor needs to find it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    publisher: str
    date: str
    url: str = Field(pattern=r"^https://")
    jurisdiction: Literal[
        "uk",
        "eu",
        "nl",
        "us",
        "us-ca",
        "us-il",
        "us-la",
        "us-tx",
        "us-ut",
        "au",
        "br",
        "international",
    ]
    status: str
    legal_status: LegalStatus | None = Field(
        default=None, description="in force, not yet in force, enjoined, guidance, ..."
    )
    effective: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="the day it took or takes effect (YYYY-MM-DD), where it has one",
    )
    sections: list[Section] = Field(min_length=1)

    def status_on(self, day: dt.date) -> LegalStatus | None:
        """The legal status on `day`: a law not yet in force is in force from its date."""
        if (
            self.legal_status is LegalStatus.NOT_YET_IN_FORCE
            and self.effective is not None
            and dt.date.fromisoformat(self.effective) <= day
        ):
            return LegalStatus.IN_FORCE
        return self.legal_status

    def binding_on(self, day: dt.date) -> bool:
        """True when at least part of the framework binds the services it covers on `day`."""
        return self.status_on(day) in BINDING

    def section(self, ref: str) -> Section | None:
        return next((section for section in self.sections if section.ref == ref), None)


class Reference(Strict):
    """A citation of one framework section by a control."""

    framework: str
    ref: str


class Control(Strict):
    """One assessable safeguard, answered yes / partial / no (or the other answers)."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*-\d{2,}$")
    title: str
    question: str
    why: str
    guidance: str
    evidence: list[str] = Field(default_factory=list)
    partial: str | None = None
    severity: Severity
    applies_when: Condition | None = None
    references: list[Reference] = Field(default_factory=list)
    remediation: list[str] = Field(min_length=1)
    effort: Effort | None = None
    _source_question: str | None = PrivateAttr(default=None)
    """The question in the pack's own language, where this copy is a translation of it."""

    @property
    def prefix(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def source_question(self) -> str:
        """The question as the pack words it, whatever language this copy is shown in: an
        answer's fingerprint is taken from it, so asking in another language changes none."""
        return self._source_question or self.question

    def in_words(self, **texts: object) -> Control:
        """This control with other wording (a translation), its source question kept."""
        shown = self.model_copy(update=texts)
        shown._source_question = self.source_question
        return shown


class Domain(Strict):
    """A group of controls about one area, with a short prefix (`CON`)."""

    prefix: str = Field(pattern=r"^[A-Z][A-Z0-9]*$")
    title: str
    description: str = ""
    controls: list[Control] = Field(min_length=1)


# --- the harm catalogue and risk matrix (`harms.yaml`, optional) ---
# A pack may name the harms a children's risk assessment rates one by one and
# the matrix that turns a likelihood and an impact into a risk level. The
# matrix is data, so an organisation can swap in its own scale; everything
# downstream reads levels through it and never assumes three of each.


class HarmCategory(StrEnum):
    """The typology the OECD and the EU guidelines under DSA Art. 28 use."""

    CONTENT = "content"
    CONDUCT = "conduct"
    CONTACT = "contact"
    CONSUMER = "consumer"
    CROSS_CUTTING = "cross-cutting"


class Scale(Strict):
    """One step of a matrix scale, with the words that help a team choose it."""

    value: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    label: str
    help: str = ""


class RiskMatrix(Strict):
    """Likelihood x impact -> level; every scale ordered lowest first."""

    likelihood: list[Scale] = Field(min_length=2)
    impact: list[Scale] = Field(min_length=2)
    levels: list[Scale] = Field(min_length=2)
    grid: dict[str, list[str]] = Field(
        description="for each likelihood value, the level for each impact in impact order"
    )
    references: list[Reference] = Field(default_factory=list)

    def values(self, scale: str) -> list[str]:
        """The values of `likelihood`, `impact` or `levels`, lowest first."""
        steps: list[Scale] = getattr(self, scale)
        return [step.value for step in steps]

    def label(self, scale: str, value: str) -> str:
        steps: list[Scale] = getattr(self, scale)
        return next((step.label for step in steps if step.value == value), value)

    def level(self, likelihood: str, impact: str) -> str:
        """The grid's level for a likelihood and an impact (both declared values)."""
        return self.grid[likelihood][self.values("impact").index(impact)]

    def rank(self, level: str) -> int:
        """A level's position, 0 for the lowest."""
        return self.values("levels").index(level)


class RiskFactor(Strict):
    """A feature of the product that makes the harm more likely, in Ofcom's sense."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    when: Condition
    raises: int = Field(ge=1, description="likelihood steps this factor adds when present")


class Harm(Strict):
    """One harm to children the risk assessment rates."""

    id: str = Field(pattern=r"^H-[A-Z0-9]+(-[A-Z0-9]+)*$")
    title: str
    category: HarmCategory
    description: str
    impact: str = Field(description="the default impact, a value of the matrix's impact scale")
    impact_why: str
    applies_when: Condition | None = None
    risk_factors: list[RiskFactor] = Field(default_factory=list)
    mitigated_by: list[str] = Field(min_length=1)
    references: list[Reference] = Field(default_factory=list)


class HarmCatalogue(Strict):
    """`harms.yaml` as written."""

    risk_matrix: RiskMatrix
    harms: list[Harm] = Field(min_length=1)


class PackManifest(Strict):
    """`pack.yaml` as written: the domains are file names, loaded separately."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    version: str
    description: str = ""
    profile: list[ProfileQuestion] = Field(default_factory=list)
    conditions: dict[str, ConditionDefinition] = Field(default_factory=dict)
    exposure: list[ExposureFactor] = Field(default_factory=list)
    domains: list[str] = Field(min_length=1)
    frameworks: list[Framework] = Field(default_factory=list)
    review_triggers: list[str] = Field(default_factory=list)


class Pack(Strict):
    """A loaded, validated checklist pack: what every later stage reads."""

    id: str
    title: str
    version: str
    description: str
    profile: list[ProfileQuestion]
    conditions: dict[str, ConditionDefinition]
    exposure: list[ExposureFactor]
    domains: list[Domain]
    frameworks: list[Framework]
    review_triggers: list[str]
    content_hash: str = Field(description="SHA-256 of the pack's files, as read")
    risk_matrix: RiskMatrix | None = Field(default=None, description="from harms.yaml, if any")
    harms: list[Harm] = Field(default_factory=list, description="from harms.yaml, if any")
    translations: dict[str, PackTranslation] = Field(
        default_factory=dict, description="from i18n/<lang>.yaml, by language code"
    )

    def controls(self) -> list[Control]:
        return [control for domain in self.domains for control in domain.controls]

    def control(self, control_id: str) -> Control | None:
        return self.controls_by_id.get(control_id)

    @cached_property
    def controls_by_id(self) -> dict[str, Control]:
        """Every control by id, built on first use: lookups in loops stay constant-time.

        A cached property, not a field: it is kept out of equality, hashing,
        dumps and the JSON Schema, and the pack itself stays frozen.
        """
        return {control.id: control for control in self.controls()}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Pack:
        """A copy whose control index is rebuilt from its own domains, never inherited."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("controls_by_id", None)
        return copied

    def domain(self, prefix: str) -> Domain | None:
        return next((d for d in self.domains if d.prefix == prefix), None)

    def question(self, question_id: str) -> ProfileQuestion | None:
        return next((q for q in self.profile if q.id == question_id), None)

    def framework(self, framework_id: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == framework_id), None)

    def harm(self, harm_id: str) -> Harm | None:
        return next((h for h in self.harms if h.id == harm_id.upper()), None)

    def require_control(self, control_id: str) -> Control:
        """The control with this id (any case), or an error a user can act on."""
        found = self.control(control_id.upper())
        if found is None:
            raise UnknownItem(f"No control {control_id!r} in pack {self.id}.")
        return found

    def require_domains(self, prefixes: Sequence[str]) -> list[str]:
        """The prefixes (any case) upper-cased, after checking every one is a domain."""
        wanted = [prefix.upper() for prefix in prefixes]
        unknown = [prefix for prefix in wanted if self.domain(prefix) is None]
        if unknown:
            known = ", ".join(d.prefix for d in self.domains)
            raise UnknownItem(f"No domain {', '.join(unknown)} in pack {self.id}; use {known}.")
        return wanted

    def require_framework(self, framework_id: str) -> Framework:
        """The framework with this id, or an error naming the ones there are."""
        found = self.framework(framework_id)
        if found is None:
            known = ", ".join(f.id for f in self.frameworks)
            raise UnknownItem(
                f"No framework {framework_id!r} in pack {self.id}; use one of {known}."
            )
        return found
