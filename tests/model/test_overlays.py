"""Pack translations: overlays replace text only, are validated like the pack, and are counted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import DATA
from toolkit.errors import ValidationFailed
from toolkit.model.overlays import coverage, translated
from toolkit.model.packs import load_pack

GERMAN = """\
language: de
controls:
  A-01:
    reviewed: true
    title: Kritische Sache
    question: Ist die kritische Sache erledigt?
    remediation: [Die kritische Sache erledigen.]
domains:
  A: {title: Alpha auf Deutsch}
profile:
  features:
    text: Welche Funktionen?
    options: {chat: {label: Chat (Text)}}
harms:
  H-CHAT:
    title: Missbrauch im Chat
    risk_factors: {live: Livestreaming}
risk_matrix:
  levels: {high: {label: Hoch}}
conditions:
  kids: Kinder nutzen es
"""


def _pack_with(tmp_path: Path, overlay: str, language: str = "de") -> Path:
    folder = tmp_path / "mini-risk"
    shutil.copytree(DATA / "packs" / "mini-risk", folder)
    (folder / "i18n").mkdir()
    (folder / "i18n" / f"{language}.yaml").write_text(overlay, encoding="utf-8")
    return folder


def test_an_overlay_replaces_text_and_never_an_id_a_condition_or_a_number(tmp_path: Path) -> None:
    pack = load_pack(_pack_with(tmp_path, GERMAN))
    german = translated(pack, "de")
    control = german.control("A-01")
    assert control.title == "Kritische Sache"
    assert control.question == "Ist die kritische Sache erledigt?"
    assert control.why == pack.control("A-01").why  # not given: the pack's own text
    assert (control.id, control.severity, control.references) == (
        "A-01",
        pack.control("A-01").severity,
        pack.control("A-01").references,
    )
    assert german.domains[0].title == "Alpha auf Deutsch"
    features = next(q for q in german.profile if q.id == "features")
    assert features.text == "Welche Funktionen?"
    assert [o.value for o in features.options] == ["chat", "live"]
    assert features.options[0].label == "Chat (Text)"
    harm = german.harms[0]
    assert harm.title == "Missbrauch im Chat"
    assert [f.label for f in harm.risk_factors] == ["Chat", "Livestreaming"]
    assert [f.raises for f in harm.risk_factors] == [f.raises for f in pack.harms[0].risk_factors]
    assert german.risk_matrix is not None and german.risk_matrix.levels[2].label == "Hoch"
    assert german.conditions["kids"].description == "Kinder nutzen es"
    assert german.conditions["kids"].when == pack.conditions["kids"].when
    assert translated(pack, "fr") is pack


def test_the_overlay_is_part_of_the_pack_hash(tmp_path: Path) -> None:
    plain = load_pack(DATA / "packs" / "mini-risk")
    with_overlay = load_pack(_pack_with(tmp_path, GERMAN))
    assert plain.content_hash != with_overlay.content_hash


def test_coverage_counts_translated_and_reviewed_texts(tmp_path: Path) -> None:
    pack = load_pack(_pack_with(tmp_path, GERMAN))
    counted = coverage(pack, "de")
    assert 0 < counted.translated < counted.texts
    # A-01 is the only reviewed entry: its title, question and one remediation step
    assert counted.reviewed == 3
    assert counted.untranslated == counted.texts - counted.translated
    nothing = coverage(pack, "fr")
    assert (nothing.translated, nothing.texts) == (0, counted.texts)


@pytest.mark.parametrize(
    ("overlay", "message"),
    [
        (
            "language: de\ncontrols:\n  A-99: {title: X}\n",
            "de.yaml:3 controls.A-99: 'A-99' is not a control",
        ),
        (
            "language: de\ncontrols:\n  A-01: {severity: low}\n",
            "controls.A-01.severity: is not a known field",
        ),
        ("language: de\ncontrols:\n  A-01: {title: ''}\n", "controls.A-01.title"),
        (
            "language: de\ncontrols:\n  A-01: {remediation: [Eins, Zwei]}\n",
            "has 2 items where the control has 1",
        ),
        (
            "language: de\nprofile:\n  features: {options: {vr: {label: VR}}}\n",
            "'vr' is not an option",
        ),
        ("language: de\nharms:\n  H-CHAT: {risk_factors: {dm: DM}}\n", "'dm' is not a risk factor"),
        ("language: fr\n", "'fr' does not match the file name 'de.yaml'"),
    ],
)
def test_a_bad_overlay_is_refused_with_file_field_and_line(
    tmp_path: Path, overlay: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as failure:
        load_pack(_pack_with(tmp_path, overlay))
    assert message in str(failure.value)


def test_checklist_validate_reports_each_languages_coverage(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from toolkit.cli import app

    folder = _pack_with(tmp_path, GERMAN)
    done = CliRunner().invoke(app, ["checklist", "validate", str(folder)])
    assert done.exit_code == 0, done.output
    pack = load_pack(folder)
    counted = coverage(pack, "de")
    assert (
        f"de: {counted.translated} of {counted.texts} texts translated (3 reviewed)" in done.output
    )
