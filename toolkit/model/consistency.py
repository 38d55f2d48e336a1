"""Whether an assessment fits the pack it is scored against.

Answers the pack cannot place are refused, because scoring without them would
silently drop the user's answers; a changed pack only warns.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import Problem, ValidationFailed
from toolkit.i18n import _
from toolkit.model.assessment import AgeBandRating, Assessment, RiskAnswer
from toolkit.model.pack import Pack, RiskMatrix


def check_against(assessment: Assessment, pack: Pack, path: Path) -> list[str]:
    """Refuse answers the pack cannot place; return warnings for a changed pack.

    Unknown control ids or profile values are errors, because scoring without
    them would silently drop the user's answers. A different pack version or
    content only warns: every answer is kept and the user is told.
    """
    problems: list[Problem] = []
    known = {control.id for control in pack.controls()}
    problems += [
        Problem(path, f"answers.{control_id}", f"is not a control of pack {pack.id} {pack.version}")
        for control_id in assessment.answers
        if control_id not in known
    ]
    for question_id, value in assessment.profile.items():
        question = pack.question(question_id)
        where = f"profile.{question_id}"
        if question is None:
            problems.append(Problem(path, where, f"is not a profile question of pack {pack.id}"))
            continue
        values = [value] if isinstance(value, str) else value
        if question.kind == "single" and not isinstance(value, str):
            problems.append(Problem(path, where, "takes one value, not a list"))
        for item in values:
            if question.option(item) is None:
                allowed = ", ".join(option.value for option in question.options)
                problems.append(Problem(path, where, f"{item!r} is not one of {allowed}"))
    problems += risk_problems(assessment, pack, path)
    if problems:
        raise ValidationFailed(problems)

    warnings = retired_answers(assessment, pack, path)
    if assessment.pack.id != pack.id:
        warnings.append(
            f"{path} was answered against pack {assessment.pack.id!r}, not {pack.id!r}; "
            "answers were matched by control id."
        )
    elif assessment.pack.version != pack.version:
        warnings.append(
            f"{path} was answered against {pack.id} {assessment.pack.version}; the pack is now "
            f"{pack.version}. Every answer is kept; review controls that changed."
        )
    elif assessment.pack.content_hash and assessment.pack.content_hash != pack.content_hash:
        warnings.append(
            f"{path} was answered against a different copy of {pack.id} {pack.version} "
            "(its content hash differs); every answer is kept."
        )
    return warnings


def retired_answers(assessment: Assessment, pack: Pack, path: Path) -> list[str]:
    """Profile answers the pack no longer offers because it split them: kept, read as
    every option that replaced them, and to reconfirm."""
    warnings = []
    for question_id, value in assessment.profile.items():
        question = pack.question(question_id)
        if question is None:
            continue
        for old in question.retired_in([value] if isinstance(value, str) else value):
            labels = [o.label for v in old.replaced_by if (o := question.option(v)) is not None]
            warnings.append(
                _(
                    "{path}: {label!r} is now asked as {replacements}; crbd reads this "
                    "answer as all of them until you answer the question again (crbd assess "
                    "{path} --review) to confirm which the product has."
                ).format(path=path, label=old.label, replacements=" and ".join(labels))
            )
    return warnings


def risk_problems(assessment: Assessment, pack: Pack, path: Path) -> list[Problem]:
    """Risk answers for harms the pack does not have, or levels its matrix does not know."""
    problems = []
    for harm_id, answer in assessment.risks.items():
        where = f"risks.{harm_id}"
        if pack.harm(harm_id) is None or pack.risk_matrix is None:
            problems.append(Problem(path, where, f"is not a harm of pack {pack.id} {pack.version}"))
            continue
        problems += [
            Problem(path, f"{where}.{field}", message)
            for field, message in matrix_problems(pack.risk_matrix, answer)
        ]
        bands = pack.question(AGE_BANDS)
        for band, rating in answer.age_bands.items():
            if bands is None or bands.option(band) is None:
                known = ", ".join(o.value for o in bands.options) if bands else "none"
                problems.append(
                    Problem(path, f"{where}.age_bands.{band}", f"is not an age band ({known})")
                )
            problems += [
                Problem(path, f"{where}.age_bands.{band}.{field}", message)
                for field, message in matrix_problems(pack.risk_matrix, rating)
            ]
    return problems


AGE_BANDS = "age_bands"
"""The profile question whose values name the age groups a harm can be rated for."""


def matrix_problems(
    matrix: RiskMatrix, answer: RiskAnswer | AgeBandRating
) -> list[tuple[str, str]]:
    """(field, message) for each level of the answer that the matrix does not declare."""
    problems = []
    for field, scale in (
        ("likelihood", "likelihood"),
        ("impact", "impact"),
        ("residual", "levels"),
    ):
        allowed = matrix.values(scale)
        value = getattr(answer, field)
        if value not in allowed:
            problems.append((field, f"{value!r} is not one of {', '.join(allowed)}"))
    return problems
