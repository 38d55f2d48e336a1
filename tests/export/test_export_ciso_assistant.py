"""CISO Assistant: the library against its documented fields, the audit read back."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

from tests.helpers import mini_opened
from toolkit.engine.evaluate import evaluate
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
    "urn", "ref_id", "assessable", "depth", "parent_urn", "name", "description",
    "typical_evidence", "annotation", "importance", "weight", "questions", "answers",
    "implementation_groups", "threats", "reference_controls",
}  # fmt: skip
"""The requirement node fields its tools/README.md documents for a framework."""
IMPORTANCE = {"mandatory", "recommended", "nice_to_have"}
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
    framework = library["objects"]["framework"]
    assert {"urn", "ref_id", "name", "description", "requirement_nodes"} <= framework.keys()
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
            assert node["importance"] in IMPORTANCE
            assert (
                node["weight"]
                == {"critical": 10, "high": 5, "medium": 3, "low": 1}[control.severity]
            )
            assert node.get("typical_evidence", "") == "\n".join(control.evidence)
            (question,) = node["questions"].values()
            assert question["text"] == control.question and question["type"] == "unique_choice"
        seen[node["urn"]] = node
    controls = [node["ref_id"] for node in nodes if node["assessable"]]
    assert controls == [control.id for control in pack.controls()]


def test_the_core_library_has_every_documented_field_and_maps_its_gdpr_citations(
    core: Pack,
) -> None:
    library = _library(core)
    _check_library(core, library)
    assert library["dependencies"] == ["urn:intuitem:risk:library:gdpr"]
    (mapping_set,) = library["objects"]["requirement_mapping_sets"]
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
    assert library["objects"].keys() == {"framework"}
    assert library["version"] == library_version("1.0") == 10000


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
