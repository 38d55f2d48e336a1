"""CISO Assistant: the library against the fields its loader reads, the audit read back.

The field sets are those read by CISO Assistant's library loader and the shape of its own
libraries (`backend/library/utils.py`, `backend/core/models.py` `_sync_questions_from_data`,
`backend/library/libraries/gdpr.yaml` and `mapping-adobe-ccf-v5-and-iso27001-2022.yaml`)
in intuitem/ciso-assistant-community at f990d7b1b9a9f56e391acbc247c9076262a11412.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import yaml

from tests.helpers import mini_opened
from toolkit.engine.evaluate import evaluate
from toolkit.errors import UsageProblem
from toolkit.export import ExportTarget, render_export
from toolkit.export.ciso_assistant import library_version
from toolkit.model.assessment import ControlAnswer, with_answer
from toolkit.model.pack import Pack

LIBRARY_REQUIRED = {
    "urn", "locale", "ref_id", "name", "description", "copyright", "version", "provider",
    "packager", "objects",
}  # fmt: skip
"""The mandatory library_meta keys of CISO Assistant's tools/README.md (plus its objects)."""
LIBRARY_FIELDS = LIBRARY_REQUIRED | {"labels", "dependencies", "publication_date"}
NODE_FIELDS = {
    "urn", "parent_urn", "assessable", "ref_id", "annotation", "typical_evidence", "name",
    "description", "implementation_groups", "display_mode", "weight", "min_score",
    "max_score", "scores_definition_ref", "translations", "questions", "threats",
    "reference_controls", "depth",
}  # fmt: skip
"""The requirement node fields RequirementNodeImporter reads, and `depth`, which CISO
Assistant's own libraries carry for its tools. `importance` is not among them."""
FRAMEWORK_FIELDS = {
    "urn", "ref_id", "name", "description", "annotation", "min_score", "max_score",
    "scores_definition", "implementation_groups_definition", "outcomes_definition",
    "field_visibility", "translations", "requirement_nodes",
}  # fmt: skip
"""The framework fields FrameworkImporter reads."""
QUESTION_FIELDS = {"type", "text", "annotation", "config", "depends_on", "weight", "choices"}
AUDIT_COLUMNS = [
    "urn", "assessable", "ref_id", "name", "description", "compliance_result",
    "requirement_progress", "score", "observations",
]  # fmt: skip
"""The audit columns of its product-docs/configuration/data-import.md."""


def _library(pack: Pack) -> dict[str, Any]:
    evaluation = evaluate(pack, mini_opened(pack).assessment)
    loaded = yaml.safe_load(render_export(ExportTarget.CISO_ASSISTANT_LIBRARY, evaluation))
    assert isinstance(loaded, dict)
    return loaded


def _check_library(pack: Pack, library: dict[str, Any]) -> None:
    assert LIBRARY_REQUIRED <= library.keys() <= LIBRARY_FIELDS
    assert isinstance(library["version"], int) and library["version"] >= 1
    assert library["packager"] == "crbd"
    assert library["objects"].keys() == {"framework"}
    framework = library["objects"]["framework"]
    assert {"urn", "ref_id", "name", "description", "requirement_nodes"} <= framework.keys()
    assert framework.keys() <= FRAMEWORK_FIELDS
    groups = [group["ref_id"] for group in framework["implementation_groups_definition"]]
    assert groups == ["critical", "high", "medium", "low"]
    nodes = framework["requirement_nodes"]
    seen: dict[str, dict[str, Any]] = {}
    for node in nodes:
        assert node.keys() <= NODE_FIELDS, node["urn"]
        assert {"urn", "ref_id", "assessable", "depth"} <= node.keys()
        assert node["urn"] == node["urn"].lower() and node["urn"] not in seen
        if node["depth"] > 1:
            parent = seen[node["parent_urn"]]
            assert parent["depth"] == node["depth"] - 1 and not parent["assessable"]
        if node["assessable"]:
            control = pack.require_control(node["ref_id"])
            assert node["name"] == control.title
            assert node["description"] == control.question
            assert node["annotation"].startswith(control.why.strip())
            assert node["implementation_groups"] == [control.severity.value]
            assert (
                node["weight"]
                == {"critical": 10, "high": 5, "medium": 3, "low": 1}[control.severity]
            )
            assert node.get("typical_evidence", "") == "\n".join(control.evidence)
            (question,) = node["questions"].values()
            assert question["text"] == control.question and question["type"] == "unique_choice"
            assert question.keys() <= QUESTION_FIELDS
        seen[node["urn"]] = node
    controls = [node["ref_id"] for node in nodes if node["assessable"]]
    assert controls == [control.id for control in pack.controls()]


def test_the_core_library_has_only_fields_the_loader_reads_and_its_mapping_is_a_library(
    core: Pack,
) -> None:
    library = _library(core)
    _check_library(core, library)
    assert "dependencies" not in library  # the loader would skip them anyway
    evaluation = evaluate(core, mini_opened(core).assessment)
    mapping = yaml.safe_load(render_export(ExportTarget.CISO_ASSISTANT_GDPR_MAPPING, evaluation))
    assert LIBRARY_REQUIRED <= mapping.keys() <= LIBRARY_FIELDS
    assert mapping["urn"] == "urn:crbd:risk:library:mapping-core-and-gdpr"
    assert mapping["dependencies"] == [library["urn"], "urn:intuitem:risk:library:gdpr"]
    assert mapping["objects"].keys() == {"requirement_mapping_sets"}
    (mapping_set,) = mapping["objects"]["requirement_mapping_sets"]
    assert mapping_set["source_framework_urn"] == library["objects"]["framework"]["urn"]
    assert mapping_set["target_framework_urn"] == "urn:intuitem:risk:framework:gdpr"
    citing = {
        control.id.lower(): reference.ref
        for control in core.controls()
        for reference in control.references
        if reference.framework == "eu-gdpr"
    }
    targets = {
        (m["source_requirement_urn"].rsplit(":", 1)[1], m["target_requirement_urn"])
        for m in mapping_set["requirement_mappings"]
    }
    expected_nodes = {"Art. 8": {"8.2"}, "Art. 25": {"25.1", "25.2"}}
    assert targets == {
        (control, f"urn:intuitem:risk:req_node:gdpr:{node}")
        for control, ref in citing.items()
        for node in expected_nodes[ref]
    }


def test_a_pack_with_its_own_control_ids_and_no_gdpr_has_no_mapping(mini: Pack) -> None:
    library = _library(mini)
    _check_library(mini, library)
    assert "dependencies" not in library
    assert library["version"] == library_version("1.0") == 10000
    with pytest.raises(UsageProblem, match="cites no GDPR article"):
        render_export(
            ExportTarget.CISO_ASSISTANT_GDPR_MAPPING, evaluate(mini, mini_opened(mini).assessment)
        )


def test_library_versions_grow_with_the_pack_version() -> None:
    versions = ["0.1", "0.2.0", "0.2.9", "0.10.0", "1.0", "1.0.1", "2"]
    numbers = [library_version(version) for version in versions]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert library_version("0") == 1


def _audit(pack: Pack) -> dict[str, dict[str, str]]:
    opened = mini_opened(pack)
    assessment = with_answer(
        opened.assessment,
        "A-02",
        ControlAnswer(answer="partial", note='=HYPERLINK("x")'),  # type: ignore[arg-type]
    )
    text = render_export(ExportTarget.CISO_ASSISTANT_AUDIT, evaluate(pack, assessment)).decode()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == AUDIT_COLUMNS
    return {row["ref_id"]: row for row in reader}


def test_the_audit_reads_back_with_each_answer_mapped(mini: Pack) -> None:
    rows = _audit(mini)
    assert list(rows) == [control.id for control in mini.controls()]
    result = {
        ref: (row["compliance_result"], row["requirement_progress"]) for ref, row in rows.items()
    }
    assert result == {
        "A-01": ("non_compliant", "to_do"),
        "A-02": ("partially_compliant", "in_progress"),
        "A-03": ("non_compliant", "in_progress"),
        "A-04": ("not_assessed", "to_do"),
        "B-01": ("not_applicable", "done"),
        "B-02": ("compliant", "done"),
    }
    assert all(row["assessable"] == "true" for row in rows.values())
    assert rows["A-01"]["urn"] == "urn:crbd:risk:req_node:mini:a-01"
    assert rows["B-02"]["observations"] == (
        "Moderators review every new chat by hand.\nEvidence: Old audit (valid until 2026-01-01)"
    )
    assert rows["B-01"]["observations"].startswith("Out of scope: ")
    assert rows["A-02"]["observations"] == '\'=HYPERLINK("x")'
    assert (rows["A-01"]["score"], rows["A-02"]["score"], rows["A-04"]["score"]) == ("0", "50", "")
