"""The crosswalk: which controls map to which section of each cited framework.

It answers two questions from the same mapping: for a pack author, "which of
our controls cover Ofcom ICU F1?", and for a report, "how much of what each
framework asks is met on this product?".
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.model.pack import JURISDICTIONS, Framework, Pack, binds_where
from toolkit.model.result import FrameworkCoverage, SectionCoverage


def crosswalk(pack: Pack) -> dict[str, dict[str, list[str]]]:
    """Framework id -> section ref -> ids of the controls citing it, in pack order."""
    mapping: dict[str, dict[str, list[str]]] = {
        framework.id: {section.ref: [] for section in framework.sections}
        for framework in pack.frameworks
    }
    for control in pack.controls():
        for reference in control.references:
            cited = mapping[reference.framework][reference.ref]
            if not cited or cited[-1] != control.id:  # a control cites a section once
                cited.append(control.id)
    return mapping


def coverage(
    pack: Pack,
    in_scope: Sequence[str],
    met: Sequence[str],
    jurisdictions: Sequence[str] | None,
) -> list[FrameworkCoverage]:
    """Per-framework coverage, given which controls are in scope and which are met."""
    scoped, done = set(in_scope), set(met)
    mapping = crosswalk(pack)
    question = pack.question(JURISDICTIONS)
    offered = [option.value for option in question.options] if question else []
    result = []
    for framework in pack.frameworks:
        sections = [
            SectionCoverage(
                ref=ref,
                controls=ids,
                in_scope=[i for i in ids if i in scoped],
                met=[i for i in ids if i in scoped and i in done],
            )
            for ref, ids in mapping[framework.id].items()
        ]
        mapped = {i for s in sections for i in s.controls}
        counted = mapped & scoped
        result.append(
            FrameworkCoverage(
                id=framework.id,
                jurisdiction=framework.jurisdiction,
                relevant=_relevant(framework, jurisdictions, offered),
                mapped=len(mapped),
                in_scope=len(counted),
                met=len(counted & done),
                coverage=round(len(counted & done) / len(counted), 3) if counted else None,
                sections=sections,
            )
        )
    return result


def _relevant(
    framework: Framework, jurisdictions: Sequence[str] | None, offered: Sequence[str]
) -> bool | None:
    if framework.jurisdiction == "international":
        return True
    if jurisdictions is None:
        return None
    return binds_where(framework.jurisdiction, jurisdictions, offered)
