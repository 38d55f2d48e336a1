"""The age-assurance record as one report section, in Markdown, Word and HTML alike."""

from __future__ import annotations

import io
import re

import docx
import pytest

from tests.helpers import EXAMPLES, assessment_of, docx_text
from toolkit.engine.evaluate import evaluate
from toolkit.model.age_assurance import AgeCheck, AgeMethodKind, AgeSurface
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack
from toolkit.report import render_report
from toolkit.report.formats import ReportFormat
from toolkit.workflow.opening import open_assessment

PROFILE: dict[str, str | list[str]] = {
    "audience": "likely_accessed_by_children",
    "age_bands": ["age_13_15", "adults"],
    "mixed_population": "yes",
    "features": ["direct_messages", "purchases", "age_assurance"],
    "jurisdictions": ["uk"],
    "size": "small",
}


def texts(pack: Pack, assessment: Assessment) -> dict[str, str]:
    """The report's text in each format, whitespace and tags flattened."""
    evaluation = evaluate(pack, assessment)
    markdown = render_report(ReportFormat.MD, evaluation).decode()
    word = docx_text(docx.Document(io.BytesIO(render_report(ReportFormat.DOCX, evaluation))))
    html = re.sub(r"<[^>]+>", " ", render_report(ReportFormat.HTML, evaluation).decode())
    html = html.replace("&#39;", "'").replace("&amp;", "&")
    return {
        name: " ".join(text.replace("**", "").split())
        for name, text in {"md": markdown, "docx": word, "html": html}.items()
    }


def test_yarnlys_record_reads_the_same_in_every_format() -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    html = render_report(ReportFormat.HTML, evaluate(opened.pack, opened.assessment)).decode()
    assert '<a href="#age-assurance">Age-assurance record</a>' in html  # in the contents
    for name, text in texts(opened.pack, opened.assessment).items():
        assert "Age-assurance record" in text, name
        section = text[text.rindex("Age-assurance record") :]
        for words in (
            "Sign-up",
            "Age estimation",
            "Liveness check; printed photos, screen replay, masks",
            "Confidence level (IEEE 2089.1)",
            "Standard",
            "ID check or human review, 48-hour target.",
            "2027-03-31",
            "A self-declared age decides access at: Contact features.",
            "No age check is recorded at: Existing accounts, Purchases and payments.",
        ):
            assert words in section, (name, words)


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_an_empty_record_says_none_is_recorded(core: Pack, fmt: str) -> None:
    made = assessment_of(core, PROFILE, {}).model_copy(update={"age_assurance": {}})
    never = assessment_of(core, PROFILE, {})
    for assessment in (made, never):
        text = texts(core, assessment)[fmt]
        assert "Age-assurance record" in text
        assert "No age-assurance record is recorded" in text


def test_the_section_is_absent_where_the_product_checks_no_age(core: Pack) -> None:
    profile = {**PROFILE, "features": ["direct_messages"]}
    for name, text in texts(core, assessment_of(core, profile, {})).items():
        assert "Age-assurance record" not in text, name


def test_a_recorded_check_brings_the_section_even_without_the_feature(core: Pack) -> None:
    profile = {**PROFILE, "features": ["direct_messages"]}
    check = AgeCheck(method="ID document check", kind=AgeMethodKind.VERIFICATION)
    assessment = assessment_of(core, profile, {}).model_copy(
        update={"age_assurance": {AgeSurface.CONTACT_FEATURES: check}}
    )
    text = texts(core, assessment)["md"]
    section = text[text.rindex("Age-assurance record") :]
    assert "Contact features" in section and "ID document check" in section
    assert "Age verification" in section and "Appeal route: none recorded" in section
    assert "Not recorded (ISO/IEC 27566-1): Functional, Performance, Privacy" in section
