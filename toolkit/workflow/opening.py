"""Open an assessment together with the pack it was answered against.

Every command that reads an assessment goes through here, so they all apply
the same checks and the same warnings about a changed pack. Comparisons and
workshops open their files here too, then hand plain models to the engine.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from toolkit.engine.compare import Comparison, Side, compare
from toolkit.engine.due import DueItem, due_items, law_items, revisit_items
from toolkit.engine.evaluate import evaluate
from toolkit.engine.workshop import (
    HarmToRate,
    Workshop,
    worksheet_domains,
    worksheet_harms,
    workshop,
)
from toolkit.errors import UsageProblem
from toolkit.i18n import SOURCE_LANGUAGE, current_language
from toolkit.i18n import language as speaking
from toolkit.model.assessment import Assessment, new_assessment
from toolkit.model.consistency import check_against
from toolkit.model.files import load_assessment
from toolkit.model.overlays import translated
from toolkit.model.pack import Control, Domain, Pack
from toolkit.model.packs import DEFAULT_PACK, load_pack, resolve_pack


@dataclass(frozen=True)
class Opened:
    """An assessment, its pack, and what the user should be told about them."""

    path: Path
    pack: Pack
    assessment: Assessment
    warnings: list[str]


def open_assessment(
    path: Path,
    pack_dirs: Sequence[Path] = (),
    pack_name: str | None = None,
    assessment: Assessment | None = None,
) -> Opened:
    """Load `path` and its pack (the one it names, unless `pack_name` overrides);
    `assessment` is the file's content when the caller has read it already."""
    if assessment is None:
        assessment = load_assessment(path)
    pack = load_pack(resolve_pack(pack_name or assessment.pack.id, pack_dirs))
    warnings = check_against(assessment, pack, path)
    return Opened(path, pack, assessment, warnings)


def open_or_create(
    path: Path, pack_dirs: Sequence[Path] = (), pack_name: str | None = None
) -> Opened:
    """Open `path`, or start a new assessment against `pack_name` (default: core) if absent.

    A new assessment is made in the language in force, and keeps it.
    """
    if path.exists():
        return open_assessment(path, pack_dirs, pack_name)
    pack = load_pack(resolve_pack(pack_name or DEFAULT_PACK, pack_dirs))
    return Opened(path, pack, new_assessment(pack, current_language()), [])


def from_baseline(path: Path, baseline: Path, pack_dirs: Sequence[Path] = ()) -> Opened:
    """A new assessment at `path` that starts from `baseline`, every answer to reconfirm.

    Profile, answers, evidence and actions are copied; history, sign-offs,
    risk acceptances and dates are not, because they belong to the earlier
    assessment's decision and must be made again.
    """
    if path.exists():
        raise UsageProblem(
            f"{path} already exists; --from starts a new assessment, so give a new file name."
        )
    earlier = open_assessment(baseline, pack_dirs)
    answers = {
        control_id: given.model_copy(update={"to_reconfirm": True, "acceptance": None})
        for control_id, given in earlier.assessment.answers.items()
    }
    metadata = earlier.assessment.metadata.model_copy(
        update={"reviewer": "", "started_on": None, "updated_on": None, "next_review": None}
    )
    started = earlier.assessment.model_copy(
        update={"metadata": metadata, "answers": answers, "signoffs": [], "history": []}
    )
    return Opened(path, earlier.pack, started, earlier.warnings)


def read_leniently(path: Path, pack: Pack, assessment: Assessment | None = None) -> Side:
    """Load an assessment whose answers may name controls the pack no longer has.

    Every other check (profile values, fields) is as strict as everywhere else;
    the unknown answers stay in the assessment, so they are reported, not lost.
    `assessment` is the file's content when the caller has read it already.
    """
    if assessment is None:
        assessment = load_assessment(path)
    known = {control.id for control in pack.controls()}
    unknown = [control_id for control_id in assessment.answers if control_id not in known]
    placeable = assessment.model_copy(
        update={"answers": {k: v for k, v in assessment.answers.items() if k in known}}
    )
    return Side(path, assessment, unknown, check_against(placeable, pack, path))


def compare_files(
    old_path: Path,
    new_path: Path,
    pack_dirs: Sequence[Path] = (),
    old_pack: Path | None = None,
    language: str | None = None,
) -> Comparison:
    """Compare two assessment files; `old_pack` is the pack folder the old one was answered on.

    With `language`, the titles of controls, domains and harms are the pack's in that
    language where its overlay has them (for people to read; the comparison itself is
    made on the pack's own text, so it finds the same changes in every language).
    """
    newer = load_assessment(new_path)
    pack = load_pack(resolve_pack(newer.pack.id, pack_dirs))
    previous = load_pack(resolve_pack(str(old_pack), pack_dirs)) if old_pack else None
    if previous is not None and previous.id != pack.id:
        raise UsageProblem(
            f"--old-pack is pack {previous.id!r} but {new_path} uses {pack.id!r}; "
            "give the older version of the same pack."
        )
    old = read_leniently(old_path, previous or pack)
    new = read_leniently(new_path, pack, newer)
    if language is None:  # for files: in the pack's own words and English, in every run
        with speaking(SOURCE_LANGUAGE):
            return compare(old, new, pack, previous)
    return titled(compare(old, new, pack, previous), translated(pack, language))


def titled(comparison: Comparison, pack: Pack) -> Comparison:
    """The comparison with the titles `pack` gives its controls, domains and harms (those it
    no longer has keep the title they had)."""
    domains = {domain.prefix: domain.title for domain in pack.domains}
    harms = {harm.id: harm.title for harm in pack.harms}
    return comparison.model_copy(
        update={
            "domains": [
                delta.model_copy(update={"title": domains.get(delta.prefix, delta.title)})
                for delta in comparison.domains
            ],
            "controls": [
                change.model_copy(update={"title": control.title if control else change.title})
                for change in comparison.controls
                for control in [pack.control(change.id)]
            ],
            "risks": [
                risk.model_copy(update={"title": harms.get(risk.harm_id, risk.title)})
                for risk in comparison.risks
            ],
        }
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many files are read and scored.

    Each file adds thousands of long-lived models and no reference cycles, so
    the collector would only walk an ever larger heap again and again: with it
    running, the cost per file grew by half from 10 to 100 files. Memory is still
    freed as usual (by reference counting); the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def workshop_files(
    paths: Sequence[Path],
    pack_dirs: Sequence[Path] = (),
    prefixes: Sequence[str] = (),
    language: str | None = None,
) -> Workshop:
    """Open every team's file (strictly) and line their answers up; only the controls of
    the domains `prefixes` names, when it names any; with `language`, the pack's titles in
    that language where its overlay has them."""
    if len(paths) < 2:
        raise UsageProblem("A workshop summary needs at least two assessment files.")
    opened = [open_assessment(path, pack_dirs) for path in paths]
    pack = opened[0].pack
    others = sorted({o.pack.id for o in opened if o.pack.id != pack.id})
    if others:
        raise UsageProblem(
            f"{paths[0]} uses pack {pack.id!r} but other files use {', '.join(others)}; "
            "a workshop compares answers to the same pack."
        )
    labels = team_names(paths, [o.assessment for o in opened])
    if language is not None:
        pack = translated(pack, language)
    wanted = pack.require_domains(prefixes)
    summary = workshop(pack, list(zip(labels, (o.assessment for o in opened), strict=True)), wanted)
    return summary.model_copy(update={"warnings": [w for o in opened for w in o.warnings]})


def team_names(paths: Sequence[Path], assessments: Sequence[Assessment]) -> list[str]:
    """Each team by the assessors its file records, or its file name; the file name is
    added where two teams would otherwise read the same."""
    stems = [path.stem for path in paths]
    files = stems if len(set(stems)) == len(stems) else [str(path) for path in paths]
    named = [
        ", ".join(a.metadata.assessors) or file for a, file in zip(assessments, files, strict=True)
    ]
    return [
        name if named.count(name) == 1 or name == file else f"{name} ({file})"
        for name, file in zip(named, files, strict=True)
    ]


@dataclass(frozen=True)
class Worksheet:
    """What a blank worksheet asks: the pack, the controls by domain, the product's name."""

    pack: Pack
    domains: list[tuple[Domain, list[Control]]]
    product: str
    warnings: list[str]
    profile: dict[str, str | list[str]] | None = None
    """The product's profile answers, when the worksheet is for one product."""
    harms: list[HarmToRate] = field(default_factory=list)
    """The harms its risk step rates (none when the risk step is left out)."""
    team: str = ""
    """Who the profile's file says answers it (a blank copy's team)."""
    only: list[str] = field(default_factory=list)
    """The domains asked for, when not all."""
    language: str | None = None
    """The language of that product's assessment."""


def worksheet_for(
    profile: Path | None,
    pack_dirs: Sequence[Path],
    pack_name: str,
    prefixes: Sequence[str] = (),
    *,
    risks: bool = True,
) -> Worksheet:
    """Every control of a pack, or those in scope for the profile of the file `profile`;
    only the domains `prefixes` names, if any; and the harms to rate, unless not `risks`."""
    if profile is None:
        pack = load_pack(resolve_pack(pack_name, pack_dirs))
        wanted = pack.require_domains(prefixes)
        harms = worksheet_harms(pack, None, wanted) if risks else []
        domains = worksheet_domains(pack, None, wanted)
        return Worksheet(pack, domains, "", [], None, harms, only=wanted)
    opened = open_assessment(profile, pack_dirs)
    wanted = opened.pack.require_domains(prefixes)
    product = opened.assessment.metadata.product or profile.stem
    domains = worksheet_domains(opened.pack, opened.assessment, wanted)
    harms = worksheet_harms(opened.pack, opened.assessment, wanted) if risks else []
    return Worksheet(
        opened.pack,
        domains,
        product,
        opened.warnings,
        dict(opened.assessment.profile),
        harms,
        team=", ".join(opened.assessment.metadata.assessors),
        only=wanted,
        language=opened.assessment.language,
    )


def due_files(
    paths: Sequence[Path], pack_dirs: Sequence[Path], today: date, within: int
) -> tuple[list[DueItem], list[str]]:
    """What is overdue or falls due within `within` days across several assessments, by
    date, and the warnings their packs raised."""
    items: list[DueItem] = []
    warnings: list[str] = []
    for path in paths:
        opened = open_assessment(path, pack_dirs)
        warnings += opened.warnings
        items += due_items(str(path), opened.assessment, today, within)
        items += law_items(str(path), opened.pack, opened.assessment, today, within)
        register = evaluate(opened.pack, opened.assessment, today).risks
        horizon = today + timedelta(days=within)
        items += [i for i in revisit_items(str(path), register, today) if i.on <= horizon]
    items.sort(key=lambda item: (item.on, item.source, item.kind, item.subject))
    return items, warnings
