"""The harm catalogue: lint of the core pack's harms.yaml, and located errors in a bad one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import DATA, MINI, assessment_of
from toolkit.errors import ValidationFailed
from toolkit.model.assessment import RiskAnswer, with_risk
from toolkit.model.hashing import assessment_sha256, canonical_json
from toolkit.model.pack import HarmCategory, Pack, Severity
from toolkit.model.packs import load_pack
from toolkit.model.yamlsource import dump_yaml, read_yaml

RISKY = DATA / "packs" / "mini-risk"


def test_core_catalogue_covers_the_harms_the_frameworks_name(core: Pack) -> None:
    assert len(core.harms) >= 15
    assert core.risk_matrix is not None
    assert core.risk_matrix.values("levels") == ["low", "medium", "high"]
    assert {harm.category for harm in core.harms} == set(HarmCategory)
    for wanted in ("H-GROOMING", "H-CSAM", "H-SEXTORTION", "H-SELF-HARM", "H-COMPULSIVE-USE"):
        assert core.harm(wanted) is not None


def test_every_core_harm_has_two_mitigating_controls_and_every_critical_one_is_used(
    core: Pack,
) -> None:
    assert all(len(harm.mitigated_by) >= 2 for harm in core.harms)
    mitigating = {control_id for harm in core.harms for control_id in harm.mitigated_by}
    critical = {c.id for c in core.controls() if c.severity == Severity.CRITICAL}
    assert critical <= mitigating, sorted(critical - mitigating)


def test_every_core_harm_cites_a_framework_and_has_a_risk_factor(core: Pack) -> None:
    for harm in core.harms:
        assert harm.references, harm.id
        assert harm.risk_factors, harm.id


def test_a_pack_without_harms_yaml_has_no_harms(mini: Pack) -> None:
    assert mini.harms == [] and mini.risk_matrix is None


def test_harms_yaml_is_part_of_the_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "packs"
    shutil.copytree(MINI, copy / "mini")
    shutil.copytree(RISKY, copy / "mini-risk")
    before = load_pack(copy / "mini-risk").content_hash
    harms = copy / "mini-risk" / "harms.yaml"
    harms.write_text(harms.read_text() + "\n# a comment\n")
    assert load_pack(copy / "mini-risk").content_hash != before


def _broken(tmp_path: Path, change: dict[str, object]) -> list[str]:
    shutil.copytree(MINI, tmp_path / "mini")
    folder = shutil.copytree(RISKY, tmp_path / "mini-risk")
    data = read_yaml(folder / "harms.yaml").data
    harm = data["harms"][0]
    for key, value in change.items():
        if key == "grid":
            data["risk_matrix"]["grid"]["remote"] = value
        else:
            harm[key] = value
    (folder / "harms.yaml").write_text(dump_yaml(data))
    with pytest.raises(ValidationFailed) as failure:
        load_pack(folder)
    return [str(problem) for problem in failure.value.problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"mitigated_by": ["A-01", "Z-99"]}, "harms[0].mitigated_by[1]: 'Z-99' is not a control"),
        ({"category": "misc"}, "harms[0].category: 'misc' is not one of content"),
        ({"impact": "awful"}, "harms[0].impact: 'awful' is not one of the impacts minimal"),
        ({"applies_when": {"feature": "teleport"}}, "'teleport' is not an option of the features"),
        (
            {"references": [{"framework": "demo", "ref": "S9"}]},
            "harms[0].references[0].ref: 'S9' is not a declared section of demo",
        ),
        ({"id": "grooming"}, "harms[0].id: 'grooming' does not have the expected form"),
        ({"grid": ["low", "low"]}, "risk_matrix.grid.remote: needs 3 levels"),
    ],
)
def test_bad_catalogue_is_reported_with_file_line_and_path(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    problems = _broken(tmp_path, change)
    assert any(expected in problem and "harms.yaml:" in problem for problem in problems), problems


def test_an_assessment_without_risks_keeps_its_hash_and_risks_change_it(mini: Pack) -> None:
    plain = assessment_of(mini, {"audience": "children"}, {"A-01": "yes"})
    canonical = json.loads(canonical_json(plain))
    assert "risks" not in canonical and "risk_record" not in canonical  # the hash of old files
    risk = RiskAnswer(
        likelihood="possible",
        impact="severe",
        rationale="r",
        residual="low",
        decision="reduced",  # type: ignore[arg-type]
    )
    assert assessment_sha256(with_risk(plain, "H-X", risk)) != assessment_sha256(plain)
