"""The harm catalogue and risk matrix a pack declares (`harms.yaml`).

A pack may name the harms a children's risk assessment rates one by one and
the matrix that turns a likelihood and an impact into a risk level. The
matrix is data, so an organisation can swap in its own scale; everything
downstream reads levels through it and never assumes three of each.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from toolkit.model.base import Strict
from toolkit.model.pack import Condition, Reference


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
