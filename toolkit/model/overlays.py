"""Pack translations: overlays of a pack's text in another language, keyed by id and field.

A pack is written in one language. `checklists/<pack>/i18n/<lang>.yaml` gives
the text of its controls, domains, profile questions and their options,
harms and risk factors, risk-matrix scales and named conditions in another
language, keyed by the ids the pack already has:

    language: de
    controls:
      CON-01:
        reviewed: true        # a fluent reviewer has checked this entry
        title: ...
        question: ...
        evidence: [...]       # as many items as the pack's own list
    domains: {CON: {title: ..., description: ...}}
    profile: {features: {text: ..., options: {direct_messages: {label: ..., help: ...}}}}
    harms: {H-GROOMING: {title: ..., description: ..., impact_why: ..., risk_factors: {id: ...}}}
    risk_matrix: {likelihood: {remote: {label: ..., help: ...}}}
    conditions: {children_present: ...}

An overlay can only replace text: ids, conditions, severities, references
and every number come from the pack, so a translation cannot change what is
asked of whom or how it scores. It is validated like the pack (every id and
field must exist, lists keep their length, no entry is blank; each problem
with file, field and line), read with the same limits, and part of the pack's
content hash. Whatever it leaves out stays in the pack's language and is
counted, never shown blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from toolkit.errors import CrbdError, Problem, ValidationFailed
from toolkit.model.base import Strict
from toolkit.model.pack import (
    Control,
    Domain,
    Harm,
    Option,
    Pack,
    ProfileQuestion,
    RiskMatrix,
    Scale,
)
from toolkit.model.translation import LabelText, PackTranslation
from toolkit.model.yamlsource import Loc, YamlDocument, dotted, problems_from, read_yaml

FOLDER = "i18n"
"""The folder of a pack that holds its overlays, one `<lang>.yaml` each."""


def overlay_files(folder: Path) -> list[Path]:
    """The overlay files of a pack folder, by language code."""
    where = folder / FOLDER
    return sorted(where.glob("*.yaml")) if where.is_dir() else []


def read_translations(
    folder: Path, pack: Pack, problems: list[Problem]
) -> dict[str, PackTranslation]:
    """Every overlay of the pack in `folder`, checked against it; problems are collected."""
    found: dict[str, PackTranslation] = {}
    for path in overlay_files(folder):
        try:
            document = read_yaml(path)
        except ValidationFailed as failure:
            problems.extend(failure.problems)
            continue
        except CrbdError as error:
            problems.append(Problem(path, "", str(error).removeprefix(f"{path}: ")))
            continue
        try:
            translation = PackTranslation.model_validate(document.data)
        except ValidationError as error:
            problems.extend(problems_from(error, document))
            continue
        if translation.language != path.stem:
            problems.append(
                Problem(
                    path,
                    "language",
                    f"{translation.language!r} does not match the file name {path.name!r}",
                    document.line_of(("language",)),
                )
            )
            continue
        found_problems = list(overlay_problems(translation, document, pack))
        problems.extend(found_problems)
        if not found_problems:
            found[translation.language] = translation
    return found


def overlay_problems(
    translation: PackTranslation, document: YamlDocument, pack: Pack
) -> Iterator[Problem]:
    """Ids the pack does not have, lists of another length, blank items."""

    def at(loc: Loc, message: str) -> Problem:
        return Problem(document.path, dotted(loc), message, document.line_of(loc))

    controls = {control.id: control for control in pack.controls()}
    for control_id, text in translation.controls.items():
        control = controls.get(control_id)
        if control is None:
            yield at(("controls", control_id), f"{control_id!r} is not a control of the pack")
            continue
        if text.partial is not None and control.partial is None:
            yield at(("controls", control_id, "partial"), "the control has no partial text")
        for name in ("evidence", "remediation"):
            items: list[str] | None = getattr(text, name)
            own: list[str] = getattr(control, name)
            if items is None:
                continue
            if len(items) != len(own):
                yield at(
                    ("controls", control_id, name),
                    f"has {len(items)} items where the control has {len(own)}; "
                    "translate each item in its place",
                )
            for index, item in enumerate(items):
                if not item.strip():
                    yield at(("controls", control_id, name, index), "is blank")
    domains = {domain.prefix for domain in pack.domains}
    for prefix in translation.domains:
        if prefix not in domains:
            yield at(("domains", prefix), f"{prefix!r} is not a domain of the pack")
    questions = {question.id: question for question in pack.profile}
    for question_id, question_text in translation.profile.items():
        question = questions.get(question_id)
        if question is None:
            yield at(("profile", question_id), f"{question_id!r} is not a profile question")
            continue
        for value in question_text.options:
            if question.option(value) is None:
                yield at(
                    ("profile", question_id, "options", value),
                    f"{value!r} is not an option of {question_id}",
                )
    harms = {harm.id: harm for harm in pack.harms}
    for harm_id, harm_text in translation.harms.items():
        harm = harms.get(harm_id)
        if harm is None:
            yield at(("harms", harm_id), f"{harm_id!r} is not a harm of the pack")
            continue
        factors = {factor.id for factor in harm.risk_factors}
        for factor_id, label in harm_text.risk_factors.items():
            if factor_id not in factors:
                yield at(
                    ("harms", harm_id, "risk_factors", factor_id),
                    f"{factor_id!r} is not a risk factor of {harm_id}",
                )
            elif not label.strip():
                yield at(("harms", harm_id, "risk_factors", factor_id), "is blank")
    matrix = pack.risk_matrix
    for scale, values in translation.risk_matrix.items():
        if matrix is None or scale not in ("likelihood", "impact", "levels"):
            yield at(("risk_matrix", scale), f"{scale!r} is not a scale of the risk matrix")
            continue
        known = matrix.values(scale)
        for value in values:
            if value not in known:
                yield at(("risk_matrix", scale, value), f"{value!r} is not a value of {scale}")
    for name, description in translation.conditions.items():
        if name not in pack.conditions:
            yield at(("conditions", name), f"{name!r} is not a named condition of the pack")
        elif not description.strip():
            yield at(("conditions", name), "is blank")


def translated(pack: Pack, language: str) -> Pack:
    """The pack with its text in `language` where its overlay has it; itself otherwise.

    Only text changes: ids, conditions, severities, references and numbers are
    the pack's own, so scores, scope and hashes are the same in every language.
    """
    overlay = pack.translations.get(language)
    if overlay is None:
        return pack
    return pack.model_copy(
        update={
            "domains": [_domain(domain, overlay) for domain in pack.domains],
            "profile": [_question(question, overlay) for question in pack.profile],
            "harms": [_harm(harm, overlay) for harm in pack.harms],
            "risk_matrix": _matrix(pack, overlay),
            "conditions": {
                name: definition.model_copy(
                    update={"description": overlay.conditions.get(name, definition.description)}
                )
                for name, definition in pack.conditions.items()
            },
        }
    )


def _given(entry: Strict | None, fields: tuple[str, ...]) -> dict[str, object]:
    if entry is None:
        return {}
    return {name: value for name in fields if (value := getattr(entry, name)) is not None}


def _control(control: Control, overlay: PackTranslation) -> Control:
    fields = ("title", "question", "why", "guidance", "partial", "evidence", "remediation")
    return control.in_words(**_given(overlay.controls.get(control.id), fields))


def _domain(domain: Domain, overlay: PackTranslation) -> Domain:
    update = _given(overlay.domains.get(domain.prefix), ("title", "description"))
    update["controls"] = [_control(control, overlay) for control in domain.controls]
    return domain.model_copy(update=update)


def _option(option: Option | Scale, text: LabelText | None) -> Option | Scale:
    return option.model_copy(update=_given(text, ("label", "help")))


def _question(question: ProfileQuestion, overlay: PackTranslation) -> ProfileQuestion:
    text = overlay.profile.get(question.id)
    if text is None:
        return question
    update = _given(text, ("text", "help"))
    update["options"] = [_option(o, text.options.get(o.value)) for o in question.options]
    return question.model_copy(update=update)


def _harm(harm: Harm, overlay: PackTranslation) -> Harm:
    text = overlay.harms.get(harm.id)
    if text is None:
        return harm
    update = _given(text, ("title", "description", "impact_why"))
    update["risk_factors"] = [
        factor.model_copy(update={"label": text.risk_factors.get(factor.id, factor.label)})
        for factor in harm.risk_factors
    ]
    return harm.model_copy(update=update)


def _matrix(pack: Pack, overlay: PackTranslation) -> RiskMatrix | None:
    matrix = pack.risk_matrix
    if matrix is None:
        return None
    update = {
        scale: [
            _option(value, overlay.risk_matrix.get(scale, {}).get(value.value))
            for value in getattr(matrix, scale)
        ]
        for scale in ("likelihood", "impact", "levels")
    }
    return matrix.model_copy(update=update)


@dataclass(frozen=True)
class Coverage:
    """How much of a pack's text one language has, and how much of that is reviewed."""

    language: str
    texts: int
    translated: int
    reviewed: int

    @property
    def untranslated(self) -> int:
        """Texts that stay in the pack's own language (the fallback)."""
        return self.texts - self.translated


def coverage(pack: Pack, language: str) -> Coverage:
    """Count every translatable text of the pack: given in `language`, and reviewed."""
    overlay = pack.translations.get(language) or PackTranslation(language=language)
    found = list(_texts(pack, overlay))
    return Coverage(
        language,
        texts=len(found),
        translated=sum(given for given, _ in found),
        reviewed=sum(given and reviewed for given, reviewed in found),
    )


def _texts(pack: Pack, overlay: PackTranslation) -> Iterator[tuple[bool, bool]]:
    """(translated, reviewed) for each text of the pack that an overlay can give."""

    def each(entry: Strict | None, own: dict[str, object]) -> Iterator[tuple[bool, bool]]:
        reviewed = bool(getattr(entry, "reviewed", False))
        for name, value in own.items():
            if not value:
                continue
            given = getattr(entry, name, None) if entry is not None else None
            if isinstance(value, list):
                for index in range(len(value)):
                    yield isinstance(given, list) and index < len(given), reviewed
            else:
                yield given is not None, reviewed

    for domain in pack.domains:
        entry = overlay.domains.get(domain.prefix)
        yield from each(entry, {"title": domain.title, "description": domain.description})
        for control in domain.controls:
            fields = ("title", "question", "why", "guidance", "partial", "evidence", "remediation")
            own = {name: getattr(control, name) for name in fields}
            yield from each(overlay.controls.get(control.id), own)
    for question in pack.profile:
        question_text = overlay.profile.get(question.id)
        yield from each(question_text, {"text": question.text, "help": question.help})
        reviewed = bool(question_text and question_text.reviewed)
        for option in question.options:
            label = question_text.options.get(option.value) if question_text else None
            for given, _ in each(label, {"label": option.label, "help": option.help}):
                yield given, reviewed
    for harm in pack.harms:
        harm_text = overlay.harms.get(harm.id)
        own = {"title": harm.title, "description": harm.description, "impact_why": harm.impact_why}
        yield from each(harm_text, own)
        reviewed = bool(harm_text and harm_text.reviewed)
        for factor in harm.risk_factors:
            yield bool(harm_text and factor.id in harm_text.risk_factors), reviewed
    if pack.risk_matrix is not None:
        for scale in ("likelihood", "impact", "levels"):
            for value in getattr(pack.risk_matrix, scale):
                label = overlay.risk_matrix.get(scale, {}).get(value.value)
                yield from each(label, {"label": value.label, "help": value.help})
    for name in pack.conditions:
        yield name in overlay.conditions, False
