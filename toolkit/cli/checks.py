"""`crbd score` and `crbd verify`: results on stdout, failed checks as exit code 1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import (
    FileArgument,
    LangOption,
    fail_check,
    handles_errors,
    in_language,
    options_of,
    warn,
)
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stdout_console
from toolkit.engine.choices import FailOn
from toolkit.i18n import N_, SOURCE_LANGUAGE, _, language


@helped(
    N_(
        "Print per-domain scores, ratings and the top gaps; optionally gate CI on them.\n\n"
        "Example: crbd score my-product.yaml --fail-under 70 --fail-on critical "
        "--fail-on-risk high"
    )
)
@handles_errors
def score(
    context: typer.Context,
    file: FileArgument,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the Result as JSON."))] = False,
    top: Annotated[int, typer.Option(help=N_("How many gaps to list."), min=0)] = 10,
    fail_under: Annotated[
        float | None,
        typer.Option(help=N_("Exit 1 if the overall score is below this (0-100)."), min=0, max=100),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            case_sensitive=False, help=N_("Exit 1 if any gap is of this severity or above.")
        ),
    ] = None,
    fail_on_risk: Annotated[
        str | None,
        typer.Option(
            help=N_(
                "Exit 1 if a harm's residual risk is at this level or above (high or medium "
                "in the default matrix) without a current acceptance."
            )
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from toolkit.engine.evaluate import evaluate
    from toolkit.engine.gates import gate_failures, risk_gate_failures
    from toolkit.workflow.opening import open_assessment

    opened = open_assessment(file, options_of(context).checklists)
    pack = in_language(context, lang, opened.pack, opened.assessment.language)
    evaluation = evaluate(pack, opened.assessment)
    result, owned = evaluation.result, evaluation.accountability
    warn(opened.warnings)
    warn([f"{problem}." for problem in owned.history_problems])
    if as_json:  # for programs: the pack's own words in every language, as compare's JSON
        with language(SOURCE_LANGUAGE):  # the engine's own sentences in English too
            own = evaluate(opened.pack, opened.assessment).result
        sys.stdout.write(own.model_dump_json(indent=2) + "\n")
    else:
        from toolkit.cli import tables

        console = stdout_console()
        console.print(tables.overall_line(result), soft_wrap=True)
        console.print(tables.domain_table(result))
        if result.gaps and top:
            console.print(tables.gap_table(result, pack, top))
        if result.needs_reverification:
            console.print(tables.reverification_line(result), soft_wrap=True)
        for line in tables.accountability_lines(owned):
            console.print(line, soft_wrap=True)
        if evaluation.risks.lines:
            console.print(tables.risk_table(evaluation.risks))
    failures = gate_failures(result, fail_under, fail_on)
    if fail_on_risk is not None:
        failures += risk_gate_failures(evaluation.risks, fail_on_risk.lower())
    if failures:
        fail_check(_("gate failed"), [f"{failure}." for failure in failures])


@helped(
    N_(
        "Re-render a PDF report from its embedded assessment and check it matches the "
        "file.\n\n"
        "Exits 0 saying what was checked, 1 naming the first difference (page and line "
        "where the text differs), or 2 if the file is no PDF or the pack is missing. A "
        "report made by another crbd or weasyprint version, or with other fonts, is "
        "compared page by page (text, boxes, links, images, and each page as drawn at "
        "100 dpi) and by its metadata, and says so; --exact refuses it instead. Exits 1 "
        "when the embedded answers changed since their sign-off (the sign-off the "
        "report names does not cover them); warns when they do not match their history, "
        "and --strict fails on any warning.\n\n"
        "Example: crbd verify gap-report.pdf"
    )
)
@handles_errors
def verify(
    context: typer.Context,
    report_file: Annotated[Path, typer.Argument(help=N_("A PDF report made by crbd report."))],
    templates: Annotated[
        Path | None,
        typer.Option(
            help=N_("The templates folder the report was rendered with, if not the bundled.")
        ),
    ] = None,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact", help=N_("Fail unless a re-render here gives the file's exact bytes.")
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            "--fail-on-warning",
            help=N_(
                "Fail on any warning too (a history that does not match the answers, or a "
                "comparison page by page instead of byte for byte)."
            ),
        ),
    ] = False,
) -> None:
    import logging

    from toolkit.workflow.verify import verify_report

    # A damaged file makes the PDF library log its own warnings; the one line below says it all.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    verification = verify_report(report_file, options_of(context).checklists, templates)
    if verification.difference is not None:
        fail_check(_("not verified"), [verification.difference])
    if exact and verification.notes:
        fail_check(
            _("not verified"),
            [
                _("{finding} (--exact asks for the bytes)").format(finding=note)
                for note in verification.notes
            ],
        )
    if strict and (verification.notes or verification.warnings):
        findings = [*verification.notes, *verification.warnings]
        fail_check(
            _("not verified"),
            [
                _("{finding} (--strict fails on warnings)").format(finding=finding)
                for finding in findings
            ],
        )
    warn(verification.notes)
    warn(verification.warnings)
    match = (
        _("page by page (text, boxes, links, images, how each page looks, metadata)")
        if verification.notes
        else _("byte for byte")
    )
    print(
        _(
            "verified {file}: one revision holding only crbd's two attachments; the "
            "assessment it embeds re-scores to the Result it embeds; and a fresh render of "
            "that assessment with the pack found here matches the file {match}."
        ).format(file=report_file, match=match)
    )
