"""`crbd compare` on fixture pairs (tests/data/compare/) covering every change category."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.helpers import DATA, MINI
from toolkit.cli import app
from toolkit.engine.compare import Comparison, Status
from toolkit.errors import UsageProblem
from toolkit.model.resources import bundled
from toolkit.report.compare import render_comparison
from toolkit.report.formats import CompareFormat, for_path
from toolkit.workflow.opening import compare_files

COMPARE = DATA / "compare"
PACKS = [MINI.parent]
OLD_PACK = COMPARE / "mini-0.9"


def statuses(comparison: Comparison) -> dict[str, str]:
    return {change.id: change.status.value for change in comparison.controls}


def test_same_pack_pair_covers_every_scope_and_credit_category() -> None:
    comparison = compare_files(COMPARE / "old.yaml", COMPARE / "new.yaml", PACKS)
    assert statuses(comparison) == {
        "A-01": "fixed",
        "A-02": "regressed",
        "A-03": "improved",
        "A-04": "newly in scope",
        "B-01": "new gap",
        "B-02": "out of scope now",
    }
    # Changes first, the better news before the worse.
    assert [c.id for c in comparison.controls] == ["A-01", "A-03", "B-01", "A-02", "A-04", "B-02"]
    assert (comparison.old_run.name, comparison.new_run.name) == (
        "Kite 1.0, 2026-03-01",
        "Kite 2.0, 2026-09-01",
    )
    assert comparison.notes == [] and comparison.warnings == []
    overall = comparison.overall
    assert (overall.old_score, overall.new_score, overall.delta) == (32.6, 51.7, 19.1)
    beta = next(d for d in comparison.domains if d.prefix == "B")
    assert (beta.old_rating, beta.new_rating, beta.delta) == ("amber", "red", -50.0)


def test_pack_change_with_the_old_pack_detects_added_removed_and_reworded() -> None:
    comparison = compare_files(COMPARE / "old-pack-0.9.yaml", COMPARE / "new.yaml", PACKS, OLD_PACK)
    changes = {c.id: c for c in comparison.controls}
    assert changes["A-05"].status == Status.REMOVED and changes["A-05"].old_answer == "yes"
    assert changes["B-02"].pack_change == "added"
    assert changes["A-02"].pack_change == "reworded (question)"
    assert changes["A-01"].status == Status.STILL_MET and changes["A-01"].pack_change == ""
    assert comparison.old_pack == "mini 0.9" and comparison.new_pack == "mini 1.0"
    beta = next(d for d in comparison.domains if d.prefix == "B")
    assert beta.old_score is None  # B-01 was out of scope and B-02 did not exist


def test_old_file_with_controls_the_pack_lacks_is_read_leniently_and_nothing_dropped() -> None:
    comparison = compare_files(COMPARE / "old-pack-0.9.yaml", COMPARE / "new.yaml", PACKS)
    removed = [c for c in comparison.controls if c.status == Status.REMOVED]
    assert [(c.id, c.old_answer, c.new_answer) for c in removed] == [
        ("A-05", "yes", "not in the pack")
    ]
    assert any("A-05" in note for note in comparison.notes)
    assert any("--old-pack" in note for note in comparison.notes)
    assert any("answered against mini 0.9" in warning for warning in comparison.warnings)


def test_old_pack_of_another_pack_is_refused() -> None:
    core = bundled("checklists") / "core"
    with pytest.raises(UsageProblem, match="older version of the same pack"):
        compare_files(COMPARE / "old.yaml", COMPARE / "new.yaml", PACKS, core)


def crbd(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["--checklists", str(MINI.parent), "compare", *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_terminal_table_lists_changes_and_counts() -> None:
    code, out, _ = crbd(str(COMPARE / "old-pack-0.9.yaml"), str(COMPARE / "new.yaml"))
    assert code == 0
    assert "Scores before and after" in out and "Changes by control" in out
    assert "regressed" in out and "removed" in out
    assert "1 removed from pack" in " ".join(out.split())
    assert "Pack change" not in out  # unknown without --old-pack: no empty column
    assert "Before: Kite" in out and "After:  Kite 2.0, 2026-09-01 (new.yaml, mini 1.0)" in out


@pytest.mark.parametrize(
    ("old", "new", "answers", "status"),
    [
        (0.0, 0.5, ("no", "partial"), Status.IMPROVED),
        (0.5, 0.0, ("partial", "no"), Status.WORSENED),
        (0.0, 0.0, ("unknown", "no"), Status.ANSWER_CHANGED),
        (0.0, 0.0, ("no", "no"), Status.STILL_OPEN),
        (1.0, 0.5, ("yes", "partial"), Status.REGRESSED),
        (0.5, 1.0, ("partial", "yes"), Status.FIXED),
    ],
)
def test_moves_within_gaps_are_named(
    old: float, new: float, answers: tuple[str, str], status: Status
) -> None:
    from toolkit.engine.compare import _scored_in_both

    assert _scored_in_both(old, new, answers[0] == answers[1]) is status


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        (60.3, 63.7, ("60.3", "63.7", "+3.4")),  # 60 → 64 would not add up to +3
        (32.6, 51.7, ("33", "52", "+19")),
        (None, 40.0, ("—", "40", "—")),
    ],
)
def test_score_changes_add_up(old: float | None, new: float | None, shown: tuple) -> None:
    from toolkit.engine.compare import ScoreDelta

    delta = None if old is None or new is None else round(new - old, 1)
    line = ScoreDelta(
        prefix="", title="Overall", old_score=old, new_score=new, delta=delta,
        old_rating=None, new_rating=None,
    )  # fmt: skip
    assert line.shown() == shown


def test_still_open_is_counted_unless_all(tmp_path: Path) -> None:
    still = tmp_path / "new.yaml"
    new = (COMPARE / "new.yaml").read_text()
    still.write_text(new.replace("A-03: {answer: partial}", "A-03: {answer: 'no'}"))
    code, out, _ = crbd(str(COMPARE / "old.yaml"), str(still))
    assert code == 0 and "A-03" not in out
    assert "The 1 still open is listed with --all." in " ".join(out.split())
    code, out, _ = crbd(str(COMPARE / "old.yaml"), str(still), "--all")
    assert "A-03" in out and "still open" in out


@pytest.mark.parametrize("chosen", ["md", "json", "csv", "html"])
def test_progress_report_formats(chosen: str, tmp_path: Path) -> None:
    target = tmp_path / f"progress.{chosen}"
    code, _, err = crbd(
        str(COMPARE / "old-pack-0.9.yaml"), str(COMPARE / "new.yaml"), "--old-pack", str(OLD_PACK),
        "-o", str(target),
    )  # fmt: skip
    # the terminal may fold a long path anywhere, even inside a name
    assert code == 0 and f"Wrote{target}" in "".join(err.split())
    text = target.read_text()
    if chosen == "json":
        data = json.loads(text)
        assert data["counts"]["removed from pack"] == 1
    elif chosen == "csv":
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
        assert rows["A-02"]["status"] == "regressed" and rows["B-02"]["pack_change"] == "added"
    else:
        assert "Regressed (1)" in text and "Changed by the new pack version" in text
        assert "Pack change" in text  # the old pack was given: the column is filled
        assert "reworded (question)" in text


def test_user_text_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    hostile = tmp_path / "new.yaml"
    hostile.write_text(
        (COMPARE / "new.yaml")
        .read_text()
        .replace("product: Kite", "product: '<script>x</script>|'")
    )
    comparison = compare_files(COMPARE / "old.yaml", hostile, PACKS)
    html = render_comparison(CompareFormat.HTML, comparison).decode()
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "\\|" in render_comparison(CompareFormat.MD, comparison).decode()


@pytest.mark.slow
def test_progress_report_pdf_reads_back(tmp_path: Path) -> None:
    comparison = compare_files(COMPARE / "old.yaml", COMPARE / "new.yaml", PACKS)
    pdf = render_comparison(CompareFormat.PDF, comparison)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "progress report" in text.lower()
    assert "A-02" in text and "Out of scope now" in text
    headings = [
        h for h in ("Fixed (1)", "Improved (1)", "New gap (1)", "Regressed (1)") if h in text
    ]
    assert headings == ["Fixed (1)", "Improved (1)", "New gap (1)", "Regressed (1)"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)  # better news first
    assert "Pack change" not in text


@pytest.mark.slow
def test_format_follows_the_output_suffix() -> None:
    assert for_path(CompareFormat, Path("x.CSV"), CompareFormat.PDF) is CompareFormat.CSV
    assert for_path(CompareFormat, Path("x.report"), CompareFormat.PDF) is CompareFormat.PDF


def test_different_products_are_pointed_out(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text((COMPARE / "new.yaml").read_text().replace("product: Kite", "product: Sled"))
    notes = compare_files(COMPARE / "old.yaml", other, PACKS).notes
    assert notes == [
        "The files assess different products (Kite and Sled); "
        "a comparison is meant for two assessments of the same product."
    ]


@pytest.mark.slow
def test_the_progress_report_goes_to_stdout_but_a_pdf_never_to_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = (str(COMPARE / "old-pack-0.9.yaml"), str(COMPARE / "new.yaml"))
    code, out, err = crbd(*files, "-o", "-", "--format", "md")
    assert code == 0 and out.startswith("#") and "Wrote" not in err
    monkeypatch.setattr("toolkit.cli.common.stdout_is_terminal", lambda: True)
    code, out, err = crbd(*files, "-o", "-", "--format", "pdf")
    assert code == 2 and out == ""
    assert "Not writing a binary PDF to the terminal; redirect it" in err
