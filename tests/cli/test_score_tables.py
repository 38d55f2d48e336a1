"""What `crbd score` prints: every domain's score and rating, every harm's levels, in
80 columns, through the report's own table of scores by domain."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import ROOT
from toolkit.cli import app
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.report.labels import rating_words, shown_words
from toolkit.report.summary import points
from toolkit.workflow.opening import open_assessment

runner = CliRunner()
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def score(path: Path, columns: int) -> str:
    result = runner.invoke(app, ["score", str(path)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def evaluated(path: Path) -> Evaluation:
    opened = open_assessment(path)
    return evaluate(opened.pack, opened.assessment)


def row_of(out: str, first: str) -> list[str]:
    """The cells of the table row whose first cell starts with `first`, each cell's
    wrapped lines joined."""
    lines = out.splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith(f"│ {first} ")]
    assert len(starts) == 1, (first, starts)
    parts = [_cells(lines[starts[0]])]
    for line in lines[starts[0] + 1 :]:
        if not line.startswith("│") or _cells(line)[0]:
            break
        parts.append(_cells(line))
    return [" ".join(p for p in column if p) for column in zip(*parts, strict=True)]


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("│").split("│")]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_domain_shows_its_score_rating_and_counts(path: Path) -> None:
    out = score(path, 200)
    result = evaluated(path).result
    assert "Scores by domain" in out
    for card in result.domains:
        shown = row_of(out, card.prefix)
        total = card.in_scope + card.out_of_scope + card.not_applicable
        gaps = sum(gap.domain == card.prefix for gap in result.gaps)
        assert shown[0] == f"{card.prefix} {card.title}"
        assert shown[1] == ("—" if card.score is None else points(card.score))
        assert shown[2].startswith(rating_words(card.rating))
        assert shown[3] == (", ".join(card.capped_by) or "—")
        assert shown[4:] == [f"{card.in_scope} of {total}", str(gaps)]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_harm_shows_its_levels(path: Path) -> None:
    out = score(path, 200)
    register = evaluated(path).risks
    assert register.lines and "Children's risk register" in out
    for line in register.lines:
        shown = row_of(out, line.harm_id)
        assert shown[1] == shown_words(line.inherent)
        assert shown[2].startswith(shown_words(line.suggested_residual))
        assert shown[3].startswith(shown_words(line.residual) if line.residual else "not assessed")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_score_fits_80_columns(path: Path) -> None:
    out = score(path, 80)
    table_lines = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert table_lines and max(len(line) for line in table_lines) <= 80
    for card in evaluated(path).result.domains:
        assert f"│ {card.prefix} " in out  # a row per domain, the title wrapped below it
