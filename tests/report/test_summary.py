"""The report's claims can be checked: verdict, assurance box, arithmetic, draft state.

View-level checks run over the three bundled examples (cheap: no layout);
the printed arithmetic is read back from the PDF of the small test pack.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from tests.helpers import DAY, EXAMPLES, assessment_of, mini_opened
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.model.assessment import Answer
from toolkit.model.pack import Pack
from toolkit.report import render_report
from toolkit.report.formats import ReportFormat
from toolkit.report.summary import verdict
from toolkit.report.view import SECTIONS, build_view
from toolkit.workflow.opening import open_assessment

EXAMPLE_NAMES = ["yarnly", "brickland", "murmur"]


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def example(request: pytest.FixtureRequest) -> Evaluation:
    opened = open_assessment(EXAMPLES / f"{request.param}.yaml")
    return evaluate(opened.pack, opened.assessment)


def _ids(refs: list) -> set[str]:  # type: ignore[type-arg]
    return {ref.id for ref in refs}


def test_verdict_names_every_control_that_caps_the_rating(example: Evaluation) -> None:
    view = build_view(example)
    overall = example.result.overall
    assert view.verdict.startswith(view.overall.rating)
    for control_id in overall.capped_by:
        assert control_id in view.verdict
    below = re.search(r"score ([\d.]+) is below (\d+)", view.verdict)
    if below:  # the sentence's arithmetic is true, and its score is the one printed
        assert float(below[1]) == overall.score and float(below[1]) < float(below[2])
    if overall.capped_by and overall.score_rating != overall.rating:
        assert f"would be {overall.score_rating.value.capitalize()}" in view.verdict  # type: ignore[union-attr]


def test_assurance_box_lists_exactly_the_weak_answers(example: Evaluation) -> None:
    result = example.result
    in_scope = [o for o in result.controls if o.scope == "in_scope"]
    box = build_view(example).assurance
    assert _ids(box.unknown) == {o.id for o in in_scope if o.answer == Answer.UNKNOWN}
    assert _ids(box.claimed) == {
        o.id
        for o in in_scope
        if o.answer in (Answer.YES, Answer.ALTERNATIVE) and o.evidence == "claimed"
    }
    assert _ids(box.expired) == set(result.needs_reverification)
    assert _ids(box.unanswered) == set(result.unanswered)


def test_gaps_follow_the_plan_and_show_their_working(example: Evaluation) -> None:
    view = build_view(example)
    assert [g.line.id for g in view.gaps] == [i.control_id for i in example.plan.items]
    for gap, item in zip(view.gaps, example.plan.items, strict=True):
        shown, weight, credit, exposure = re.fullmatch(
            r"([\d.]+) = (\d+) × \(1 − ([\d.]+)\) × ([\d.]+)", gap.priority_working
        ).groups()  # type: ignore[union-attr]
        assert float(shown) == pytest.approx(item.priority, abs=0.0501)  # shown to one decimal
        assert float(weight) * (1 - float(credit)) * float(exposure) == pytest.approx(
            item.priority, abs=0.001
        )
    cards = {g.line.id for g in view.gap_cards}
    assert cards == {
        i.control_id for i in example.plan.items if i.severity.value in ("critical", "high")
    }
    assert len(view.gap_cards) + len(view.gap_rows) == len(view.gaps)


def test_scope_reasons_are_sentences_grouped_by_the_excluding_answer(example: Evaluation) -> None:
    view = build_view(example)
    grouped = [line.id for group in view.scope_groups for line in group.controls]
    assert sorted(grouped) == sorted(line.id for line in view.out_of_scope)
    for group in view.scope_groups:
        assert group.because.startswith("Not asked because ")
        assert "applies when" not in group.because
    assert len({group.because for group in view.scope_groups}) == len(view.scope_groups)


def test_a_report_is_a_draft_until_approved_and_again_once_the_answers_change(
    mini: Pack,
) -> None:
    from toolkit.engine.accountability import signoff_state
    from toolkit.model.assessment import Decision, with_answer
    from toolkit.workflow.signoff import signed

    plain = assessment_of(mini, {"audience": "children"}, {"A-01": "no"})

    def draft(*decisions: Decision) -> bool:
        assessment = plain
        for decision in decisions:
            assessment = signed(assessment, "R", decision, "", DAY)
        return signoff_state(assessment).is_draft

    assert draft()
    assert draft(Decision.CHANGES_REQUESTED)
    assert draft(Decision.REJECTED)
    assert draft(Decision.APPROVED, Decision.CHANGES_REQUESTED)  # the latest decision counts
    assert not draft(Decision.CHANGES_REQUESTED, Decision.APPROVED)
    approved = signed(plain, "R", Decision.APPROVED, "", DAY)
    yes = approved.answers["A-01"].model_copy(update={"answer": Answer.YES})
    changed = with_answer(approved, "A-01", yes)
    assert signoff_state(changed).is_draft
    view = build_view(evaluate(mini, changed))
    assert view.draft and view.signoff_state.endswith("the answers have changed since")


@pytest.mark.slow
def test_printed_subtotals_equal_the_domain_scores(mini: Pack) -> None:
    opened = mini_opened(mini)
    evaluation = evaluate(mini, opened.assessment)
    data = render_report(ReportFormat.PDF, evaluation)
    text = " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split()
    )
    printed = {
        prefix: (float(weighted), float(weights), score)
        for prefix, weighted, weights, score in re.findall(
            r"Subtotal (\w+): 100 × ([\d.]+) ÷ ([\d.]+) = ([\d.]+)", text
        )
    }
    scored = [d for d in evaluation.result.domains if d.score is not None]
    assert sorted(printed) == sorted(d.prefix for d in scored)
    for domain in scored:
        weighted, weights, score = printed[domain.prefix]
        assert float(score) == domain.score
        assert round(100 * weighted / weights, 1) == domain.score
    assert "DRAFT" not in text  # the mini assessment's latest sign-off approves it
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"  # bookmarks shown on opening
    internal = [
        link
        for page in reader.pages
        for link in (a.get_object() for a in page.get("/Annots", []) or [])
        if link.get("/Subtype") == "/Link" and "/URI" not in link.get("/A", {})
    ]
    assert len(internal) >= len(evaluation.result.gaps) + len(SECTIONS)  # ids link to cards
    unsigned = opened.assessment.model_copy(update={"signoffs": []})
    draft = render_report(ReportFormat.PDF, evaluate(mini, unsigned, date(2026, 11, 1)))
    first = pypdf.PdfReader(io.BytesIO(draft)).pages[3].extract_text()
    assert "DRAFT: not signed off" in first


@pytest.mark.parametrize(
    ("answers", "starts"),
    [
        (
            {"A-01": "yes", "A-02": "yes", "A-03": "yes", "A-04": "yes"},
            "Green: the score 100 is at",
        ),
        ({"A-01": "yes", "A-02": "no", "A-03": "yes", "A-04": "yes"}, "Amber: the score"),
        (
            {"A-01": "no", "A-02": "yes", "A-03": "yes", "A-04": "yes"},
            "Red: the score 47.4 is below 50, and one critical control, A-01, is not",
        ),
        ({"A-01": "partial", "A-02": "no", "A-03": "no", "A-04": "no"}, "Red: the score"),
    ],
)
def test_verdict_explains_each_kind_of_rating(
    mini: Pack, answers: dict[str, str], starts: str
) -> None:
    assessment = assessment_of(mini, {"audience": "adults", "features": []}, answers)
    result = evaluate(mini, assessment).result
    sentence = verdict(result)
    assert sentence.startswith(starts), sentence
    assert all(control_id in sentence for control_id in result.overall.capped_by)
