"""The bundled fictional products: listed, copied safely, and each loads, scores and renders."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.helpers import DATA, EXAMPLES
from toolkit.cli import app
from toolkit.engine.compare import Status
from toolkit.engine.evaluate import evaluate
from toolkit.engine.scoring import score
from toolkit.errors import FileProblem, UnknownItem
from toolkit.report import render_report
from toolkit.report.formats import PdfVariant, ReportFormat
from toolkit.workflow.examples import copy_example, examples
from toolkit.workflow.opening import compare_files, open_assessment

NAMES = ["brickland", "murmur", "yarnly"]


def crbd(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_names_and_describes_every_example() -> None:
    found = examples()
    assert [example.name for example in found] == NAMES
    assert found[1].description == "End-to-end encrypted messenger used by teens and adults"
    code, out, _ = crbd("example", "list")
    assert code == 0
    assert all(name in out for name in NAMES) and "Teen social app with DMs" in out
    # One line each in an 80-column terminal.
    rows = [line for line in out.splitlines() if any(f"│ {name} " in line for name in NAMES)]
    assert len(rows) == len(NAMES) and all(len(row) <= 80 for row in rows)


def test_an_example_without_an_opening_comment_is_described_from_its_metadata(
    tmp_path: Path,
) -> None:
    from toolkit.workflow.examples import _describe

    source = EXAMPLES / "murmur.yaml"
    plain = tmp_path / "plain.yaml"
    plain.write_text(source.read_text().split("\n", 1)[1])
    assert _describe(plain).description.startswith("Murmur 3.8 by Murmur Foundation (fictional)")


def test_copy_writes_the_file_byte_for_byte(in_tmp: Path) -> None:
    code, _, err = crbd("example", "copy", "murmur")
    assert code == 0 and "murmur.yaml" in err
    assert (in_tmp / "murmur.yaml").read_bytes() == (EXAMPLES / "murmur.yaml").read_bytes()
    (in_tmp / "workshop").mkdir()
    assert copy_example("yarnly", in_tmp / "workshop") == in_tmp / "workshop" / "yarnly.yaml"
    assert copy_example("yarnly", in_tmp / "mine.yaml").is_file()


def test_copy_refuses_to_overwrite(in_tmp: Path) -> None:
    target = in_tmp / "mine.yaml"
    target.write_text("my own answers\n")
    with pytest.raises(FileProblem, match="will not overwrite"):
        copy_example("brickland", target)
    code, _, err = crbd("example", "copy", "brickland", str(target))
    assert code == 2 and "will not overwrite" in err
    assert target.read_text() == "my own answers\n"


def test_copy_of_an_unknown_example_names_the_known_ones() -> None:
    with pytest.raises(UnknownItem, match="brickland, murmur, yarnly"):
        copy_example("nope")


@pytest.mark.parametrize("name", NAMES)
def test_example_loads_scores_and_renders_html(name: str) -> None:
    opened = open_assessment(EXAMPLES / f"{name}.yaml")
    assert opened.warnings == []
    result = score(opened.pack, opened.assessment)
    assert result.complete and result.overall.score is not None
    html = render_report(ReportFormat.HTML, evaluate(opened.pack, opened.assessment)).decode()
    assert opened.assessment.metadata.product in html


@pytest.mark.slow
def test_one_example_renders_a_pdf() -> None:
    opened = open_assessment(EXAMPLES / "murmur.yaml")
    pdf = render_report(
        ReportFormat.PDF, evaluate(opened.pack, opened.assessment), variant=PdfVariant.PDF_UA_1
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Murmur" in text


def test_example_help_has_examples() -> None:
    for command in ("list", "copy"):
        assert "Example: crbd example" in crbd("example", command, "--help")[1]


YARNLY_0_2_0 = DATA / "compare" / "yarnly-core-0.2.0.yaml"
CORE_0_2_0 = DATA / "packs" / "core-0.2.0"


def test_examples_are_answered_against_the_current_core_pack() -> None:
    for name in NAMES:
        opened = open_assessment(EXAMPLES / f"{name}.yaml")
        assert opened.assessment.pack.version == opened.pack.version == "0.4.0", name


def test_compare_with_the_frozen_older_pack_shows_added_reworded_and_removed_controls() -> None:
    comparison = compare_files(YARNLY_0_2_0, EXAMPLES / "yarnly.yaml", old_pack=CORE_0_2_0)
    assert (comparison.old_pack, comparison.new_pack) == ("core 0.2.0", "core 0.4.0")
    changes = {change.id: change for change in comparison.controls}
    # a control dropped in the merge keeps its old answer on record
    assert changes["TRA-07"].pack_change == "removed"
    assert changes["TRA-07"].status == Status.REMOVED and changes["TRA-07"].old_answer == "no"
    # new controls, whether the example meets them or not
    for added in ("GOV-15", "AGE-15", "CON-14", "REP-11", "REP-13", "CSEA-18", "CSEA-19"):
        assert changes[added].pack_change == "added", added
    assert changes["GOV-17"].pack_change == "added"  # out of scope for Yarnly, still listed
    # reworded: text, severity and scope changes are each named
    assert changes["LIVE-05"].pack_change == "reworded (severity high → critical)"
    assert "question" in changes["REP-04"].pack_change
    assert "scope condition" in changes["AGE-03"].pack_change
    assert "scope condition" in changes["GOV-05"].pack_change
    assert changes["TRA-03"].pack_change.startswith("reworded (title, question")
    # a control the new pack did not touch
    assert changes["CON-01"].pack_change == ""


def test_compare_command_with_the_old_pack_reports_the_pack_change(in_tmp: Path) -> None:
    out = in_tmp / "progress.json"
    code, _, err = crbd(
        "compare",
        str(YARNLY_0_2_0),
        str(EXAMPLES / "yarnly.yaml"),
        "--old-pack",
        str(CORE_0_2_0),
        "-o",
        str(out),
    )
    assert code == 0, err
    data = json.loads(out.read_text())
    pack_changes = {c["id"]: c["pack_change"] for c in data["controls"]}
    assert pack_changes["TRA-07"] == "removed" and pack_changes["CSEA-17"] == "added"
    assert pack_changes["RECO-07"] == "reworded (severity medium → high)"


YARNLY_0_3_0 = DATA / "compare" / "yarnly-core-0.3.0.yaml"
CORE_0_3_0 = DATA / "packs" / "core-0.3.0"


def test_compare_across_the_0_4_pack_change_names_new_and_tightened_controls() -> None:
    comparison = compare_files(YARNLY_0_3_0, EXAMPLES / "yarnly.yaml", old_pack=CORE_0_3_0)
    assert (comparison.old_pack, comparison.new_pack) == ("core 0.3.0", "core 0.4.0")
    changes = {change.id: change for change in comparison.controls}
    for added in ("TRA-11", "CON-15", "AGE-16", "AGE-17", "AGE-18"):
        assert changes[added].pack_change == "added", added
    assert changes["AGE-18"].new_answer == "planned"
    # questions tightened so a minimal implementation cannot pass are named as reworded
    for tightened in ("GOV-07", "REP-13", "DES-14", "TRA-02"):
        assert "question" in changes[tightened].pack_change, tightened
    assert "scope condition" in changes["CSEA-03"].pack_change  # Brazil added to its scope
    assert changes["CON-01"].pack_change == ""


def test_an_assessment_that_chose_the_us_before_states_were_offered_still_opens(
    tmp_path: Path,
) -> None:
    text = (EXAMPLES / "yarnly.yaml").read_text(encoding="utf-8")
    states = "jurisdictions: [uk, eu, us, us-ca, us-il, us-la, us-tx, us-ut]"
    older = text.replace(states, "jurisdictions: [uk, eu, us]")
    assert older != text
    path = tmp_path / "yarnly.yaml"
    path.write_text(older, encoding="utf-8")
    opened = open_assessment(path)
    assert opened.warnings == []
    code, out, _ = crbd("score", str(path))
    assert code == 0 and "Yarnly" in out
    result = score(opened.pack, opened.assessment)
    relevant = {f.id: f.relevant for f in result.frameworks}
    assert relevant["us-coppa-rule"] is True and relevant["us-tx-sb2420"] is False
