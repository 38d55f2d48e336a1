"""JSON Schemas of the documents crbd reads and writes, for integrators."""

from __future__ import annotations

from typing import Any

from toolkit.model.assessment import Assessment
from toolkit.model.pack import Domain, HarmCatalogue, PackManifest
from toolkit.model.result import Result


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of `checklist` (a pack manifest, its domain files and its optional
    harm catalogue), `assessment`
    or `result`."""
    if name == "checklist":
        return {
            "title": "crbd checklist pack",
            "$defs": {
                "pack.yaml": PackManifest.model_json_schema(by_alias=True),
                "domain file": Domain.model_json_schema(by_alias=True),
                "harms.yaml": HarmCatalogue.model_json_schema(by_alias=True),
            },
        }
    if name == "assessment":
        return Assessment.model_json_schema(by_alias=True)
    if name == "result":
        return Result.model_json_schema(by_alias=True)
    raise ValueError(f"unknown schema {name!r}")
