"""Synthetic inputs for the benchmark: a pack of N times the core's controls, many answers.

The pack is the bundled core pack with every domain repeated `times` times
under new prefixes (`CON`, `CON1`, `CON2`, …) and questions made unique, so it
validates like a real pack; the assessments answer every control with a
rotating mix of answers, so files differ and a workshop finds disagreement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.model.resources import bundled
from toolkit.model.yamlsource import dump_yaml, read_yaml

PACK_ID = "bench"
ANSWERS = ["yes", "partial", "no", "unknown", "planned", "yes", "alternative", "na"]
PROFILE_FROM = "yarnly.yaml"


def make_pack(root: Path, times: int = 10) -> Pack:
    """Write the enlarged pack to `root/bench/` and return it, loaded and validated."""
    core = bundled("checklists") / "core"
    folder = root / PACK_ID
    folder.mkdir(parents=True)
    manifest = read_yaml(core / "pack.yaml").data
    domain_files = []
    for name in manifest["domains"]:
        domain = read_yaml(core / name).data
        for copy in range(times):
            suffix = str(copy) if copy else ""
            repeated = {
                **domain,
                "prefix": domain["prefix"] + suffix,
                "controls": [
                    {
                        **control,
                        "id": control["id"].replace("-", f"{suffix}-", 1),
                        "question": control["question"] + (f" (copy {copy})" if copy else ""),
                    }
                    for control in domain["controls"]
                ],
            }
            file_name = f"{Path(name).stem}{suffix}.yaml"
            (folder / file_name).write_text(dump_yaml(repeated), encoding="utf-8")
            domain_files.append(file_name)
    manifest = {**manifest, "id": PACK_ID, "domains": domain_files}
    (folder / "pack.yaml").write_text(dump_yaml(manifest), encoding="utf-8")
    return load_pack(folder)


def make_assessments(pack: Pack, folder: Path, count: int, variants: int = 7) -> list[Path]:
    """`count` assessment files answering every control; `variants` distinct answer patterns."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = read_yaml(bundled("examples") / PROFILE_FROM).data["profile"]
    controls = pack.controls()
    texts = [_assessment_text(pack, profile, controls, shift) for shift in range(variants)]
    paths = []
    for index in range(count):
        path = folder / f"team{index:03d}.yaml"
        path.write_text(texts[index % variants], encoding="utf-8")
        paths.append(path)
    return paths


def _assessment_text(pack: Pack, profile: Any, controls: list[Any], shift: int) -> str:
    answers = {}
    for index, control in enumerate(controls):
        answer = ANSWERS[(index + shift) % len(ANSWERS)]
        answers[control.id] = {
            "answer": answer,
            "note": f"Synthetic answer {index} of team pattern {shift}.",
            "answered_on": "2026-11-01",
        }
    data = {
        "crbd_assessment": 1,
        "pack": {"id": pack.id, "version": pack.version, "content_hash": pack.content_hash},
        "metadata": {"product": "Benchmark product", "updated_on": "2026-11-02"},
        "profile": profile,
        "answers": answers,
    }
    # libyaml's dumper: quick for large files, and it quotes 'yes' and 'no'.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, width=88)
