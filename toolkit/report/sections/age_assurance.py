"""Age-assurance record: how the product checks age in each place an age decides what a
user may do (the basis of the practice statement regulators ask for).

Present where the product checks age (its profile says so, or the record holds a check);
absent otherwise. An empty record says that none is recorded.
"""

from __future__ import annotations

from toolkit.engine.age_assurance import age_surfaces, assures_age
from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.model.age_assurance import (
    CHARACTERISTIC_LABEL,
    CONFIDENCE_LABEL,
    KIND_LABEL,
    SURFACE_LABEL,
    SURFACE_ORDER,
    AgeCheck,
    AgeMethodKind,
    Characteristic,
)
from toolkit.report.document import Block, Facts, Heading, Note, Paragraph, Section, Tone, spans
from toolkit.report.sections.common import title_of
from toolkit.report.view import AGE_ASSURANCE, ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section | None:
    if not assures_age(evaluation.pack, evaluation.assessment):
        return None
    record = evaluation.assessment.age_assurance or {}
    blocks: list[Block] = [
        Paragraph(
            spans(
                _(
                    "How the product checks age in each place where an age decides what a "
                    "user may do: the method, how it fares on the characteristics ISO/IEC "
                    "27566-1 names, the confidence level in IEEE 2089.1's terms, how a user "
                    "appeals a wrong decision, and when the method is next reviewed. This is "
                    "the team's own record, the basis of a practice statement; crbd does not "
                    "test the methods."
                )
            )
        )
    ]
    if not record:
        blocks.append(
            Note(
                spans(
                    _(
                        "No age-assurance record is recorded: the profile says the product "
                        "checks age, but not how, where, or how well."
                    )
                ),
                Tone.WARNING,
            )
        )
        return Section(AGE_ASSURANCE, title_of(view, AGE_ASSURANCE), blocks)
    for surface in SURFACE_ORDER:
        check = record.get(surface)
        if check is None:
            continue
        blocks += [Heading(_(SURFACE_LABEL[surface])), Facts(_rows(check))]
    declared = [
        _(SURFACE_LABEL[surface])
        for surface in SURFACE_ORDER
        if surface in record and record[surface].kind is AgeMethodKind.SELF_DECLARATION
    ]
    if declared:
        blocks.append(
            Note(
                spans(
                    _(
                        "A self-declared age decides access at: {places}. The European "
                        "Commission, the ICO, eSafety and Brazil's children's digital statute "
                        "have each said that a self-declared age is not enough on its own."
                    ).format(places=", ".join(declared))
                ),
                Tone.WARNING,
            )
        )
    asked = [
        _(SURFACE_LABEL[surface])
        for surface in age_surfaces(evaluation.pack, evaluation.assessment)
        if surface not in record
    ]
    if asked:
        blocks.append(
            Paragraph(
                spans(_("No age check is recorded at: {places}.").format(places=", ".join(asked)))
            )
        )
    return Section(AGE_ASSURANCE, title_of(view, AGE_ASSURANCE), blocks)


def _rows(check: AgeCheck) -> list[tuple[str, str]]:
    rows = [
        (_("Method"), check.method),
        (_("Kind"), _(KIND_LABEL[check.kind])),
    ]
    rows += [
        (
            _("{characteristic} (ISO/IEC 27566-1)").format(
                characteristic=_(CHARACTERISTIC_LABEL[characteristic])
            ),
            check.characteristics[characteristic],
        )
        for characteristic in Characteristic
        if characteristic in check.characteristics
    ]
    missing = [_(CHARACTERISTIC_LABEL[c]) for c in Characteristic if c not in check.characteristics]
    if missing:
        rows.append((_("Not recorded (ISO/IEC 27566-1)"), ", ".join(missing)))
    rows += [
        (
            _("Confidence level (IEEE 2089.1)"),
            _(CONFIDENCE_LABEL[check.confidence]) if check.confidence else _("not assessed"),
        ),
        (_("Appeal route"), check.appeal or _("none recorded")),
        (
            _("Next review"),
            check.review_on.isoformat() if check.review_on else _("not recorded"),
        ),
    ]
    return rows
