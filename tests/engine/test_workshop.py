"""`crbd workshop`: spread of answers, disagreement first, consensus and score ranges."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.helpers import MINI, assessment_of
from toolkit.cli import app
from toolkit.engine.workshop import Workshop, workshop
from toolkit.errors import UsageProblem
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.opening import workshop_files

PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
TEAMS = {
    "red": {"A-01": "yes", "A-02": "yes", "A-03": "partial", "A-04": "no", "B-02": "na"},
    "blue": {"A-01": "no", "A-02": "yes", "A-03": "partial", "A-04": "unknown", "B-02": "yes"},
    "green": {"A-01": "partial", "A-02": "yes", "A-03": "no", "A-04": "no", "B-02": "yes"},
}


@pytest.fixture
def summary(mini: Pack) -> Workshop:
    return workshop(mini, [(team, assessment_of(mini, PROFILE, a)) for team, a in TEAMS.items()])


@pytest.fixture
def team_files(mini: Pack, tmp_path: Path) -> list[Path]:
    paths = []
    for team, answers in TEAMS.items():
        path = tmp_path / f"{team}.yaml"
        made = assessment_of(mini, PROFILE, answers)
        if team != "green":  # green recorded nobody: its file name stands in
            assessors = [f"{team.capitalize()} lead"]
            made = made.model_copy(
                update={"metadata": made.metadata.model_copy(update={"assessors": assessors})}
            )
        save_assessment(made, path)
        paths.append(path)
    return paths


def test_controls_are_ordered_by_disagreement(summary: Workshop) -> None:
    # yes/no/partial (spread 1); A-03: spread 0.5; B-02 and A-04: spread 0 but two
    # different answers (B-02 is high, A-04 low); A-02: all agree; B-01: nobody scores it.
    assert [c.id for c in summary.controls] == ["A-01", "A-03", "B-02", "A-04", "A-02", "B-01"]
    first = summary.controls[0]
    assert (first.spread, first.distinct, first.answers) == (1.0, 3, ["yes", "no", "partial"])
    assert summary.controls[-1].spread is None


def test_consensus_is_the_most_common_answer_ties_to_the_more_cautious(summary: Workshop) -> None:
    consensus = {c.id: (c.consensus, c.support) for c in summary.controls}
    assert consensus["A-01"] == ("no", 1)  # three-way tie: the most cautious shown
    agreed = {c.id: c.agreed for c in summary.controls}
    assert agreed == {
        "A-01": False,
        "A-02": True,
        "A-03": True,
        "A-04": True,
        "B-01": True,
        "B-02": True,
    }
    # Only real disagreements are listed: A-02 (all yes) and B-01 (out of scope for all) are not.
    assert [c.id for c in summary.disagreements] == ["A-01", "A-03", "B-02", "A-04"]
    assert consensus["A-03"] == ("partial", 2)
    assert consensus["A-04"] == ("no", 2)
    assert consensus["B-02"] == ("yes", 2)
    assert consensus["B-01"] == ("out of scope", 3)


def test_domain_score_ranges(summary: Workshop) -> None:
    alpha = next(d for d in summary.domains if d.prefix == "A")
    assert alpha.scores == [86.8, 34.2, 52.6]
    assert (alpha.low, alpha.high, alpha.range) == (34.2, 86.8, 52.6)
    assert summary.overall.scores == [86.8, 47.9, 62.5]


def test_a_workshop_needs_two_files(team_files: list[Path]) -> None:
    with pytest.raises(UsageProblem, match="at least two"):
        workshop_files(team_files[:1], [MINI.parent])


def crbd(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["--checklists", str(MINI.parent), "workshop", *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_terminal_tables(team_files: list[Path]) -> None:
    code, out, _ = crbd(*map(str, team_files), "--top", "2")
    assert code == 0
    assert "Scores by team" in out and "Top 2 disagreements" in out
    assert "A-01" in out and "A-03" in out and "A-02 " not in out
    assert "Red lead" in out and "Blue lead" in out and "green" in out
    assert "no" in out and "consensus" in out and "(cautious:" in out  # wrapped in its cell


@pytest.mark.slow
def test_summary_pdf_reads_back(team_files: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    code, _, _ = crbd(*map(str, team_files), "-o", str(target))
    assert code == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    assert "workshop summary" in text.lower()
    assert "Red lead" in text and "Blue lead" in text and "green" in text
    assert text.index("A-01") < text.index("A-03") < text.index("B-02") < text.index("A-04")
    assert "A-02" not in text and "B-01" not in text  # all agree; out of scope for all
    assert "no consensus (cautious: no)" in text
    assert "partial (2 of 3)" in text
    code, _, _ = crbd(*map(str, team_files), "-o", str(target), "--top", "2")
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    assert "A-01" in text and "A-03" in text and "B-02" not in text and "A-04" not in text
    assert "Listing the top 2 of 4 controls the teams answered differently" in text


def test_summary_html_escapes_team_and_product_names(mini: Pack, tmp_path: Path) -> None:
    paths = []
    for team in ("a", "b"):
        path = tmp_path / f"<i>{team}.yaml"
        made = assessment_of(mini, PROFILE, TEAMS["red"])
        made = made.model_copy(
            update={"metadata": made.metadata.model_copy(update={"product": "<b>Kite"})}
        )
        save_assessment(made, path)
        paths.append(str(path))
    target = tmp_path / "summary.html"
    assert crbd(*paths, "-o", str(target))[0] == 0
    html = target.read_text()
    assert "<b>Kite" not in html and "&lt;b&gt;Kite" in html
    assert "<i>a" not in html


def test_workshop_help_has_an_example() -> None:
    assert "Example: crbd workshop" in CliRunner().invoke(app, ["workshop", "--help"]).stdout


ANSWERS = ["yes", "no", "partial", "unknown"]


@pytest.fixture
def thirty_teams(mini: Pack, tmp_path: Path) -> list[Path]:
    paths = []
    for index in range(30):
        answers = {
            control: ANSWERS[(index // (offset + 3)) % 4]  # runs of consecutive teams
            for offset, control in enumerate(["A-01", "A-02", "A-03", "A-04", "B-02"])
        }
        made = assessment_of(mini, PROFILE, answers)
        people = {"assessors": [f"Facilitator {index + 1}", "Second Person"]}
        made = made.model_copy(update={"metadata": made.metadata.model_copy(update=people)})
        path = tmp_path / f"team{index + 1:02d}.yaml"
        save_assessment(made, path)
        paths.append(path)
    return paths


def test_thirty_teams_fit_an_80_column_terminal(thirty_teams: list[Path]) -> None:
    result = CliRunner().invoke(
        app,
        ["--checklists", str(MINI.parent), "workshop", *map(str, thirty_teams), "--top", "3"],
        env={"COLUMNS": "80"},
        catch_exceptions=False,
    )
    out = result.stdout
    assert result.exit_code == 0
    tables = [line for line in out.splitlines() if not line.startswith("Listing")]  # soft-wrapped
    assert max(len(line) for line in tables) <= 80
    assert "…" not in out  # no cell cut short
    assert "T30 Facilitator 30, Second Person" in " ".join(out.split())  # the legend
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert len(rows["T30"]) == 3 and len(rows["Lowest"]) == 3  # overall, A and B
    assert "Answers by team" in out and "T1–T" in out  # consecutive teams as one run


@pytest.mark.slow
def test_thirty_teams_print_on_a_few_readable_pages(
    thirty_teams: list[Path], tmp_path: Path
) -> None:
    target = tmp_path / "summary.pdf"
    assert crbd(*map(str, thirty_teams), "-o", str(target))[0] == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) <= 3
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    assert "T30 Facilitator 30, Second Person" in text
    assert "Team Overall A B" in text and "Lowest" in text and "Highest" in text
