"""The report's Framework coverage section: how much of each law, code or standard is met.

A reader looking up one framework wants its coverage on this product and the
sections not yet met, each naming the in-scope controls that fall short and
linking to where the report explains them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from toolkit.model.pack import Framework, Pack
from toolkit.model.result import FrameworkCoverage, Result
from toolkit.report.labels import JURISDICTION_LABEL, legal_status_words
from toolkit.report.summary import ControlRef


@dataclass(frozen=True)
class SectionGap:
    """A framework section not fully met, and the in-scope controls that fall short."""

    ref: str
    title: str
    controls: list[str]
    links: list[ControlRef] = field(default_factory=list)


@dataclass(frozen=True)
class FrameworkLine:
    """A framework's coverage on this product, ready to print."""

    title: str
    publisher: str
    jurisdiction: str
    relevance: str
    mapped: int
    in_scope: int
    met: int
    coverage: str
    sections_not_met: list[SectionGap]
    code: str = ""
    url: str = ""
    legal_status: str = ""


def framework_lines(
    pack: Pack, result: Result, ref: Callable[[str], ControlRef]
) -> list[FrameworkLine]:
    """Each framework's coverage, its sections not met linked (by `ref`) to the controls
    that fall short."""
    return [_framework_line(pack, covered, ref, result) for covered in result.frameworks]


def _framework_line(
    pack: Pack, covered: FrameworkCoverage, ref: Callable[[str], ControlRef], result: Result
) -> FrameworkLine:
    framework = pack.framework(covered.id)
    relevance = {
        True: "yes",
        False: "no",
        None: "unknown",
    }[covered.relevant]
    return FrameworkLine(
        title=framework.title if framework else covered.id,
        publisher=framework.publisher if framework else "",
        jurisdiction=JURISDICTION_LABEL.get(covered.jurisdiction, covered.jurisdiction),
        relevance=relevance,
        mapped=covered.mapped,
        in_scope=covered.in_scope,
        met=covered.met,
        coverage="none in scope" if covered.coverage is None else f"{covered.coverage:.0%}",
        sections_not_met=[
            SectionGap(
                ref=section.ref,
                title=_section_title(framework, section.ref),
                controls=short,
                links=[ref(c) for c in short],
            )
            for section in covered.sections_not_met
            for short in [[c for c in section.in_scope if c not in section.met]]
        ],
        code=covered.id,
        url=framework.url if framework else "",
        legal_status=legal_status_words(framework, result.assessed_on),
    )


def _section_title(framework: Framework | None, ref: str) -> str:
    section = framework.section(ref) if framework else None
    return section.title if section else ""
