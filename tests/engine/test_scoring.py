"""The scoring model, checked against hand-computed cases and general properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import assessment_of
from toolkit.engine.scoring import score
from toolkit.model.assessment import Answer
from toolkit.model.pack import Pack
from toolkit.model.result import Rating

KIDS_CHAT = {"audience": "children", "features": ["chat"]}
ADULTS = {"audience": "adults", "features": []}


def test_weights_and_credits_by_hand(mini: Pack) -> None:
    # Alpha: critical yes (10x1) + high partial (5x0.5) + medium no (3x0) + low yes (1x1)
    # = 13.5 of 19 -> 71.1, Amber by score.
    result = score(
        mini,
        assessment_of(
            mini,
            ADULTS,
            {
                "A-01": "yes",
                "A-02": "partial",
                "A-03": "no",
                "A-04": "yes",
            },
        ),
    )
    alpha = result.domains[0]
    assert alpha.score == pytest.approx(71.1)
    assert alpha.rating == Rating.AMBER
    assert alpha.capped_by == []
    # B-01 needs livestreaming, B-02 needs chat and children: both out of scope.
    assert result.domains[1].score is None and result.domains[1].rating is None
    assert result.overall.score == pytest.approx(71.1)
    assert result.complete


def test_all_na_is_not_rated(mini: Pack) -> None:
    result = score(
        mini, assessment_of(mini, ADULTS, dict.fromkeys(["A-01", "A-02", "A-03", "A-04"], "na"))
    )
    assert result.overall.score is None
    assert result.overall.rating is None
    assert result.gaps == []
    assert [c.scope for c in result.controls[:4]] == ["not_applicable"] * 4
    assert result.controls[0].scope_reason == "reason given"


def test_nothing_answered_is_red_and_incomplete(mini: Pack) -> None:
    result = score(mini, assessment_of(mini, {}, {}))
    assert not result.complete
    assert result.profile_unanswered == ["audience", "features"]
    # An unanswered profile keeps every control in scope: 6 controls, no credit.
    assert result.overall.score == 0
    assert result.overall.rating == Rating.RED
    assert result.overall.capped_by == ["A-01", "B-01"]
    assert len(result.unanswered) == 6


def _wide_pack(highs: int) -> Pack:
    """One domain: a critical control and `highs` high controls (for caps at high scores)."""
    control = {"why": "w", "guidance": "g", "remediation": ["r"]}
    controls = [{"id": "W-01", "title": "c", "question": "q0", "severity": "critical", **control}]
    controls += [
        {"id": f"W-{n:02d}", "title": "h", "question": f"q{n}", "severity": "high", **control}
        for n in range(2, highs + 2)
    ]
    return Pack.model_validate(
        {
            "id": "wide",
            "title": "Wide",
            "version": "1",
            "description": "",
            "profile": [],
            "conditions": {},
            "exposure": [],
            "frameworks": [],
            "review_triggers": [],
            "content_hash": "0",
            "domains": [{"prefix": "W", "title": "Wide", "controls": controls}],
        }
    )


@pytest.mark.parametrize(
    ("critical", "expected"),
    [
        ("unknown", Rating.RED),
        ("no", Rating.RED),
        ("planned", Rating.RED),
        ("partial", Rating.AMBER),
    ],
)
def test_a_critical_gap_caps_a_95_percent_domain(critical: str, expected: Rating) -> None:
    pack = _wide_pack(highs=40)  # weights: 10 + 40 x 5 = 210
    answers = {c.id: "yes" for c in pack.controls()} | {"W-01": critical}
    domain = score(pack, assessment_of(pack, {}, answers)).domains[0]
    credit = 0.5 if critical == "partial" else 0.0
    assert domain.score == pytest.approx(round(100 * (200 + 10 * credit) / 210, 1))
    assert domain.score >= 95
    assert domain.score_rating == Rating.GREEN
    assert domain.rating == expected
    assert domain.capped_by == ["W-01"]


def test_cap_rules_on_a_green_score(core: Pack) -> None:
    domain = core.domain("CSEA")
    assert domain is not None
    critical = [c.id for c in domain.controls if c.severity == "critical"]
    profile = {
        "audience": "likely_accessed_by_children",
        "age_bands": ["age_13_15", "adults"],
        "mixed_population": "yes",
        "features": ["direct_messages", "user_content", "media_upload"],
        "jurisdictions": ["uk", "us"],
        "size": "large",
    }
    everything = {c.id: "yes" for c in core.controls()}

    unknown = score(core, assessment_of(core, profile, {**everything, critical[0]: "unknown"}))
    csea = next(d for d in unknown.domains if d.prefix == "CSEA")
    assert csea.score is not None and csea.score >= 80  # Green by score alone
    assert csea.score_rating == Rating.GREEN
    assert csea.rating == Rating.RED
    assert csea.capped_by == [critical[0]]

    partial = score(core, assessment_of(core, profile, {**everything, critical[0]: "partial"}))
    csea = next(d for d in partial.domains if d.prefix == "CSEA")
    assert csea.score_rating == Rating.GREEN
    assert csea.rating == Rating.AMBER
    assert csea.capped_by == [critical[0]]


def test_exposure_and_priority_by_hand(mini: Pack) -> None:
    # children (+0.5) and chat (+0.25): exposure 1.75.
    result = score(
        mini,
        assessment_of(
            mini,
            KIDS_CHAT,
            {
                "A-01": "partial",
                "A-02": "no",
                "A-03": "unknown",
                "A-04": "planned",
                "B-02": "partial",
            },
        ),
    )
    assert result.exposure == 1.75
    assert result.exposure_factors == ["children use it", "chat"]
    priorities = {gap.control_id: gap.priority for gap in result.gaps}
    assert priorities == {
        "A-01": 10 * 0.5 * 1.75,
        "A-02": 5 * 1.0 * 1.75,
        "A-03": 3 * 1.0 * 1.75,
        "A-04": 1 * 1.0 * 1.75,
        "B-02": 5 * 0.5 * 1.75,
    }
    # Critical first, then by priority.
    assert [gap.control_id for gap in result.gaps] == ["A-01", "A-02", "A-03", "B-02", "A-04"]


def test_alternative_counts_as_met_and_planned_as_not(mini: Pack) -> None:
    result = score(
        mini,
        assessment_of(
            mini,
            ADULTS,
            {
                "A-01": "alternative",
                "A-02": "planned",
                "A-03": "yes",
                "A-04": "yes",
            },
        ),
    )
    assert [gap.control_id for gap in result.gaps] == ["A-02"]
    assert result.overall.score == pytest.approx(100 * 14 / 19, abs=0.05)


def test_out_of_scope_reason_names_the_profile_answer(mini: Pack) -> None:
    result = score(mini, assessment_of(mini, ADULTS, {}))
    b02 = next(c for c in result.controls if c.id == "B-02")
    assert b02.scope == "out_of_scope"
    assert "the product has chat and children use it" in b02.scope_reason
    assert "the product has no chat" in b02.scope_reason
    assert "Who is it for? Adults" in b02.scope_reason


ANSWERS = st.sampled_from([a.value for a in Answer] + [None])


@given(
    st.fixed_dictionaries(dict.fromkeys(["A-01", "A-02", "A-03", "A-04", "B-01", "B-02"], ANSWERS)),
    st.sampled_from(["children", "adults"]),
    st.lists(st.sampled_from(["chat", "live"]), unique=True),
)
def test_score_properties(
    answers: dict[str, str | None], audience: str, features: list[str]
) -> None:
    from tests.helpers import MINI
    from toolkit.model.packs import load_pack

    pack = load_pack(MINI)
    given_answers = {cid: a for cid, a in answers.items() if a is not None}
    result = score(
        pack, assessment_of(pack, {"audience": audience, "features": features}, given_answers)
    )
    for card in [result.overall, *result.domains]:
        if card.score is not None:
            assert 0 <= card.score <= 100
            assert card.rating is not None
        if card.capped_by:
            assert card.rating != Rating.GREEN
    # Gaps are exactly the in-scope controls with less than full credit.
    expected = {c.id for c in result.controls if c.scope == "in_scope" and (c.credit or 0) < 1}
    assert {gap.control_id for gap in result.gaps} == expected
    # Critical gaps always come first.
    severities = [gap.severity == "critical" for gap in result.gaps]
    assert severities == sorted(severities, reverse=True)
    # Raising any in-scope answer to "yes" never lowers the overall score.
    for control in result.controls:
        if control.scope == "in_scope" and control.answer != Answer.YES:
            better = score(
                pack,
                assessment_of(
                    pack,
                    {"audience": audience, "features": features},
                    {**given_answers, control.id: "yes"},
                ),
            )
            assert (better.overall.score or 0) >= (result.overall.score or 0)
