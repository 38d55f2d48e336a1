"""Find, read and validate checklist packs.

Validation collects every problem in every file before failing, because pack
authors fix them in one pass; each problem names the file, the field path and
the line. Besides the schema, it checks what a schema cannot: unique ids,
citations of declared framework sections, and conditions that name declared
profile questions, options and named conditions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from toolkit.errors import CrbdError, FileProblem, Problem, UnknownItem, ValidationFailed
from toolkit.model.choices import DEFAULT_PACK as DEFAULT_PACK
from toolkit.model.overlays import overlay_files, read_translations
from toolkit.model.pack import (
    FEATURES,
    AllCondition,
    AnyCondition,
    Condition,
    Domain,
    FeatureCondition,
    HarmCatalogue,
    NamedCondition,
    NotCondition,
    Pack,
    PackManifest,
    ProfileCondition,
    Reference,
)
from toolkit.model.resources import bundled
from toolkit.model.yamlsource import Loc, YamlDocument, dotted, problems_from, read_yaml

M = TypeVar("M", bound=BaseModel)

MANIFEST = "pack.yaml"
HARMS = "harms.yaml"
"""The optional harm catalogue and risk matrix; a pack without it has no harms."""


def search_path(extra: Sequence[Path] = ()) -> list[Path]:
    """Folders that hold packs: the user's first (they can override), then the bundled one."""
    return [*extra, bundled("checklists")]


def available_packs(extra: Sequence[Path] = ()) -> dict[str, Path]:
    """Pack id (the folder name) to folder, earlier search-path entries winning."""
    found: dict[str, Path] = {}
    for root in search_path(extra):
        if (root / MANIFEST).is_file():
            found.setdefault(root.name, root)
        elif root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / MANIFEST).is_file():
                    found.setdefault(folder.name, folder)
    return found


def resolve_pack(name_or_path: str, extra: Sequence[Path] = ()) -> Path:
    """A pack folder from an id (`core`) or a path to a pack folder."""
    candidate = Path(name_or_path)
    try:
        if (candidate / MANIFEST).is_file():
            return candidate
    except (OSError, ValueError):  # a name too long or with a NUL is no folder
        pass
    packs = available_packs(extra)
    if name_or_path in packs:
        return packs[name_or_path]
    known = ", ".join(sorted(packs)) or "none"
    shown = name_or_path if len(name_or_path) <= 80 else f"{name_or_path[:80]}…"
    raise UnknownItem(
        f"No checklist pack called {shown!r} (available: {known}); "
        "give a pack id or a folder that contains pack.yaml."
    )


_LOADED: dict[Path, tuple[str, Pack]] = {}
"""Packs read in this process: resolved folder to (hash of its files, pack)."""


def load_pack(folder: Path) -> Pack:
    """Read and validate a pack folder; raise `ValidationFailed` listing every problem.

    A process that opens many assessments (workshop, compare, several files)
    reads each pack once: the validated pack is kept per resolved folder and
    reused while the folder's files hash the same, so an edited pack is
    read again. A pack is frozen, so every caller can share the one instance.
    """
    if not (folder / MANIFEST).is_file():
        raise FileProblem(f"{folder}: not a checklist pack (no {MANIFEST} in it).")
    where, files = folder.resolve(), _files_hash(folder)
    known = _LOADED.get(where)
    if known is not None and known[0] == files:
        return known[1]
    pack = _read_pack(folder)
    _LOADED[where] = (files, pack)
    return pack


def _files_hash(folder: Path) -> str:
    """SHA-256 over every file under the pack folder: cheap next to parsing them."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_pack(folder: Path) -> Pack:
    problems: list[Problem] = []
    manifest_doc = read_yaml(folder / MANIFEST)
    manifest = _validate(PackManifest, manifest_doc, problems)
    if manifest is None:
        raise ValidationFailed(problems)

    domain_docs: list[YamlDocument] = []
    domains: list[Domain] = []
    for index, name in enumerate(manifest.domains):
        path = folder / name
        unusable = _unusable_name(name)
        if unusable:
            problems.append(
                Problem(
                    manifest_doc.path,
                    f"domains[{index}]",
                    unusable,
                    manifest_doc.line_of(("domains", index)),
                )
            )
            continue
        if not _stays_inside(folder, name):
            problems.append(
                Problem(
                    manifest_doc.path,
                    f"domains[{index}]",
                    f"file {name!r} is outside the pack folder; "
                    "name a file inside it, relative to pack.yaml",
                    manifest_doc.line_of(("domains", index)),
                )
            )
            continue
        if not _is_file(path):
            problems.append(
                Problem(
                    manifest_doc.path,
                    f"domains[{index}]",
                    f"file {name!r} does not exist",
                    manifest_doc.line_of(("domains", index)),
                )
            )
            continue
        try:
            document = read_yaml(path)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
            continue
        except CrbdError as error:
            problems.append(Problem(path, "", str(error).removeprefix(f"{path}: ")))
            continue
        domain = _validate(Domain, document, problems)
        if domain is not None:
            domain_docs.append(document)
            domains.append(domain)

    problems.extend(_cross_check(manifest, manifest_doc, domains, domain_docs))
    catalogue = _read_catalogue(folder, manifest, domains, problems)
    if problems:
        raise ValidationFailed(problems)
    pack = Pack(
        id=manifest.id,
        title=manifest.title,
        version=manifest.version,
        description=manifest.description,
        profile=manifest.profile,
        conditions=manifest.conditions,
        exposure=manifest.exposure,
        domains=domains,
        frameworks=manifest.frameworks,
        review_triggers=manifest.review_triggers,
        content_hash=content_hash(folder, manifest.domains),
        risk_matrix=catalogue.risk_matrix if catalogue else None,
        harms=catalogue.harms if catalogue else [],
    )
    translations = read_translations(folder, pack, problems)
    if problems:
        raise ValidationFailed(problems)
    return pack.model_copy(update={"translations": translations})


MAX_NAME_BYTES = 255
"""The longest file name (one path component, in UTF-8) the common file systems allow."""


def _unusable_name(name: str) -> str | None:
    """Why no file system could hold a file of that name, or None."""
    for part in Path(name).parts:
        size = len(part.encode("utf-8", "surrogateescape"))
        if size > MAX_NAME_BYTES:
            return (
                f"file name {part[:40]!r}... is {size} bytes long, more than the "
                f"{MAX_NAME_BYTES} a file system allows"
            )
    if "\0" in name:
        return f"file name {name[:40]!r} holds a NUL character, which no file name can"
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _stays_inside(folder: Path, name: str) -> bool:
    """Whether a domain file named in pack.yaml is inside the pack folder, links followed.

    Checked before the file is read, so a pack cannot make crbd read (and quote
    in its error messages) a file elsewhere on the disk.
    """
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        return False
    try:
        return (folder / relative).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a path too long, or a loop of links: not a pack's file
        return False


def content_hash(folder: Path, domain_files: Sequence[str]) -> str:
    """SHA-256 over the pack's files (names and text, line endings normalised), overlays too."""
    digest = hashlib.sha256()
    catalogue = [HARMS] if (folder / HARMS).is_file() else []
    overlays = [path.relative_to(folder).as_posix() for path in overlay_files(folder)]
    for name in [MANIFEST, *domain_files, *catalogue, *overlays]:
        digest.update(name.encode() + b"\0")
        digest.update((folder / name).read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def _read_catalogue(
    folder: Path, manifest: PackManifest, domains: list[Domain], problems: list[Problem]
) -> HarmCatalogue | None:
    """The pack's harm catalogue, checked against its controls and profile; None if absent."""
    path = folder / HARMS
    if not path.is_file():
        return None
    try:
        document = read_yaml(path)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
        return None
    catalogue = _validate(HarmCatalogue, document, problems)
    if catalogue is not None:
        controls = {control.id for domain in domains for control in domain.controls}
        problems.extend(catalogue_problems(catalogue, document, manifest, controls))
    return catalogue


def catalogue_problems(
    catalogue: HarmCatalogue, document: YamlDocument, manifest: PackManifest, controls: set[str]
) -> list[Problem]:
    """What a schema cannot check in harms.yaml: ids, matrix shape and every name it cites."""
    problems: list[Problem] = []

    def at(loc: Loc, message: str) -> None:
        problems.append(Problem(document.path, dotted(loc), message, document.line_of(loc)))

    matrix = catalogue.risk_matrix
    for scale in ("likelihood", "impact", "levels"):
        values = matrix.values(scale)
        for index, value in enumerate(values):
            if value in values[:index]:
                at(("risk_matrix", scale, index, "value"), f"{value!r} is used more than once")
    likelihoods, impacts, levels = (matrix.values(s) for s in ("likelihood", "impact", "levels"))
    for value in likelihoods:
        if value not in matrix.grid:
            at(("risk_matrix", "grid"), f"has no row for likelihood {value!r}")
    for value, row in matrix.grid.items():
        loc: Loc = ("risk_matrix", "grid", value)
        if value not in likelihoods:
            at(loc, f"{value!r} is not a likelihood of the matrix")
        if len(row) != len(impacts):
            at(loc, f"needs {len(impacts)} levels, one per impact ({', '.join(impacts)})")
        for index, level in enumerate(row):
            if level not in levels:
                at(loc + (index,), f"{level!r} is not one of the levels {', '.join(levels)}")
    frameworks = {framework.id: framework for framework in manifest.frameworks}

    def cited(references: list[Reference], loc: Loc) -> None:
        for index, reference in enumerate(references):
            framework = frameworks.get(reference.framework)
            if framework is None:
                at(
                    loc + (index, "framework"),
                    f"{reference.framework!r} is not a framework declared in {MANIFEST}",
                )
            elif framework.section(reference.ref) is None:
                at(
                    loc + (index, "ref"),
                    f"{reference.ref!r} is not a declared section of {framework.id}",
                )

    cited(matrix.references, ("risk_matrix", "references"))
    seen: set[str] = set()
    for hi, harm in enumerate(catalogue.harms):
        base: Loc = ("harms", hi)
        if harm.id in seen:
            at(base + ("id",), f"harm id {harm.id!r} is used more than once")
        seen.add(harm.id)
        if harm.impact not in impacts:
            at(
                base + ("impact",),
                f"{harm.impact!r} is not one of the impacts {', '.join(impacts)}",
            )
        if harm.applies_when is not None:
            for sub, message in condition_problems(harm.applies_when, manifest):
                at(base + ("applies_when",) + sub, message)
        factor_ids: set[str] = set()
        for fi, factor in enumerate(harm.risk_factors):
            if factor.id in factor_ids:
                at(base + ("risk_factors", fi, "id"), f"{factor.id!r} is used more than once")
            factor_ids.add(factor.id)
            for sub, message in condition_problems(factor.when, manifest):
                at(base + ("risk_factors", fi, "when") + sub, message)
        for ci, control_id in enumerate(harm.mitigated_by):
            if control_id not in controls:
                at(base + ("mitigated_by", ci), f"{control_id!r} is not a control of the pack")
            elif control_id in harm.mitigated_by[:ci]:
                at(base + ("mitigated_by", ci), f"{control_id!r} is listed more than once")
        cited(harm.references, base + ("references",))
    return problems


def _validate(model: type[M], document: YamlDocument, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(problems_from(error, document))
        return None


def _cross_check(
    manifest: PackManifest,
    manifest_doc: YamlDocument,
    domains: list[Domain],
    domain_docs: list[YamlDocument],
) -> list[Problem]:
    problems: list[Problem] = []

    def at(document: YamlDocument, loc: Loc, message: str) -> None:
        problems.append(Problem(document.path, dotted(loc), message, document.line_of(loc)))

    def unique(kind: str, places: list[tuple[YamlDocument, Loc, str]]) -> None:
        seen: set[str] = set()
        for document, loc, value in places:
            if value in seen:
                at(document, loc, f"{kind} {value!r} is used more than once")
            seen.add(value)

    unique(
        "profile question id",
        [(manifest_doc, ("profile", i, "id"), q.id) for i, q in enumerate(manifest.profile)],
    )
    unique(
        "framework id",
        [(manifest_doc, ("frameworks", i, "id"), f.id) for i, f in enumerate(manifest.frameworks)],
    )
    for qi, question in enumerate(manifest.profile):
        unique(
            "option value",
            [
                (manifest_doc, ("profile", qi, "options", oi, "value"), o.value)
                for oi, o in enumerate(question.options)
            ],
        )
    for fi, framework in enumerate(manifest.frameworks):
        unique(
            "section ref",
            [
                (manifest_doc, ("frameworks", fi, "sections", si, "ref"), s.ref)
                for si, s in enumerate(framework.sections)
            ],
        )
    unique(
        "domain prefix",
        [(doc, ("prefix",), d.prefix) for d, doc in zip(domains, domain_docs, strict=True)],
    )
    unique(
        "control id",
        [
            (doc, ("controls", ci, "id"), c.id)
            for d, doc in zip(domains, domain_docs, strict=True)
            for ci, c in enumerate(d.controls)
        ],
    )
    unique(
        "control question",
        [
            (doc, ("controls", ci, "question"), c.question)
            for d, doc in zip(domains, domain_docs, strict=True)
            for ci, c in enumerate(d.controls)
        ],
    )

    def check_condition(condition: Condition, document: YamlDocument, loc: Loc) -> None:
        for sub_loc, message in condition_problems(condition, manifest):
            at(document, loc + sub_loc, message)

    for name, definition in manifest.conditions.items():
        loc: Loc = ("conditions", name, "when")
        check_condition(definition.when, manifest_doc, loc)
        if any(isinstance(part, NamedCondition) for part in _walk(definition.when)):
            at(manifest_doc, loc, "a named condition cannot use another named condition")
    for index, factor in enumerate(manifest.exposure):
        check_condition(factor.when, manifest_doc, ("exposure", index, "when"))

    frameworks = {framework.id: framework for framework in manifest.frameworks}
    for domain, document in zip(domains, domain_docs, strict=True):
        for ci, control in enumerate(domain.controls):
            base: Loc = ("controls", ci)
            if control.prefix != domain.prefix:
                at(
                    document,
                    base + ("id",),
                    f"{control.id!r} does not start with the domain prefix {domain.prefix}-",
                )
            if control.applies_when is not None:
                check_condition(control.applies_when, document, base + ("applies_when",))
            for ri, reference in enumerate(control.references):
                cited = frameworks.get(reference.framework)
                if cited is None:
                    at(
                        document,
                        base + ("references", ri, "framework"),
                        f"{reference.framework!r} is not a framework declared in {MANIFEST}",
                    )
                elif cited.section(reference.ref) is None:
                    at(
                        document,
                        base + ("references", ri, "ref"),
                        f"{reference.ref!r} is not a declared section of {cited.id}",
                    )
    return problems


def _walk(condition: Condition) -> Iterator[Condition]:
    yield condition
    match condition:
        case AnyCondition(any=parts) | AllCondition(all=parts):
            for part in parts:
                yield from _walk(part)
        case NotCondition(not_=part):
            yield from _walk(part)


def condition_problems(
    condition: Condition, manifest: PackManifest, loc: Loc = ()
) -> Iterator[tuple[Loc, str]]:
    """Names in a condition that the pack does not declare."""
    questions = {question.id: question for question in manifest.profile}
    match condition:
        case FeatureCondition(feature=feature):
            features = questions.get(FEATURES)
            if features is None:
                yield (
                    loc + ("feature",),
                    f"feature conditions need a {FEATURES!r} profile question",
                )
            elif features.option(feature) is None:
                yield loc + ("feature",), f"{feature!r} is not an option of the {FEATURES} question"
        case ProfileCondition(profile=question_id, values=values):
            question = questions.get(question_id)
            if question is None:
                yield loc + ("profile",), f"{question_id!r} is not a declared profile question"
            else:
                for index, value in enumerate(values):
                    if question.option(value) is None:
                        yield loc + ("in", index), f"{value!r} is not an option of {question_id}"
        case NamedCondition(condition=name):
            if name not in manifest.conditions:
                yield loc + ("condition",), f"{name!r} is not a condition declared in {MANIFEST}"
        case AnyCondition(any=parts) | AllCondition(all=parts):
            key = "any" if isinstance(condition, AnyCondition) else "all"
            for index, part in enumerate(parts):
                yield from condition_problems(part, manifest, loc + (key, index))
        case NotCondition(not_=part):
            yield from condition_problems(part, manifest, loc + ("not",))
