"""The terminal speaks the run's language: tables, help and messages, while the files other
programs read (JSON, CSV) stay byte for byte the same in every language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import EXAMPLES
from toolkit.cli import app
from toolkit.i18n import current_language
from toolkit.model.overlays import translated
from toolkit.model.pack import Pack

runner = CliRunner()
WIDE = {"COLUMNS": "240"}
"""A terminal wide enough that no title wraps, so a test can look for one whole."""


def crbd(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


YARNLY = str(EXAMPLES / "yarnly.yaml")
BRICKLAND = str(EXAMPLES / "brickland.yaml")


def test_score_in_german_has_german_headers_and_rating_words() -> None:
    code, out, _ = crbd("--lang", "de", "score", YARNLY, env=WIDE)
    assert code == 0
    assert out.startswith("Gesamt für Yarnly: 76/100, Rot (begrenzt durch PRIV-03).")
    for german in ("Punktzahlen nach Bereich", "Bereich", "Punktzahl", "Einstufung", "Lücken"):
        assert german in out, german
    assert "Top-10-Lücken" in out and "Priorität" in out and "Schweregrad" in out
    assert "Grün" in out and "Gelb" in out and "kritisch" in out
    for english in ("Overall for", "Scores by domain", "Green", "Amber", "Severity", "Not rated"):
        assert english not in out, english
    code, out, _ = crbd("score", YARNLY, env=WIDE)
    assert out.startswith("Overall for Yarnly: 76/100, Red (capped by PRIV-03).")
    assert "Scores by domain" in out and "Green" in out and "Punktzahl" not in out


def test_compare_in_french_names_statuses_and_titles_in_french(core: Pack) -> None:
    code, out, _ = crbd("--lang", "fr", "compare", YARNLY, BRICKLAND, env=WIDE)
    assert code == 0
    french = translated(core, "fr")
    assert "Avant :" in out and "Après :" in out and "Remarque :" in out
    assert "Scores avant et après" in out and "Changements par mesure" in out
    assert "corrigée" in out and "Global" in out and "Mesures :" in out
    for control_id in ("GOV-11", "GOV-14"):
        title = french.controls_by_id[control_id].title
        assert title != core.controls_by_id[control_id].title
        assert f"{control_id} {title}" in out
    domain = french.domains[0]
    assert domain.title[:10] in out
    for english in ("Before:", "Changes by control", "fixed", "still open", "Rating before"):
        assert english not in out, english


def test_workshop_due_and_explain_in_german(core: Pack) -> None:
    code, out, _ = crbd("--lang", "de", "workshop", YARNLY, BRICKLAND, env=WIDE)
    assert code == 0
    assert "Punktzahlen nach Team" in out and "Niedrigste" in out and "Höchste" in out
    assert "kein Konsens (vorsichtig: geplant)" in out and "Antworten nach Team" in out
    assert "Aufgeführt sind die ersten" in out or "Aufgeführt sind alle" in out
    german = translated(core, "de")
    code, out, _ = crbd("--lang", "de", "explain", "CON-01", env=WIDE)
    assert german.controls_by_id["CON-01"].title in out
    assert "Schweregrad: kritisch" in out and "Warum es wichtig ist" in out
    assert "In Kraft seit 2025-03-17" in out and "Leitfaden, nicht" in out
    code, out, _ = crbd("--lang", "de", "due", YARNLY, "--today", "2026-12-08", env=WIDE)
    assert "Fällig zum 2026-12-08" in out and "überfällig" in out
    assert "Nachweis läuft ab: Vendor accuracy certificate" in out  # the evidence as written
    assert "geplante Maßnahme fällig" in out and "evidence expires" not in out


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "de", "report", "--help"],
        ["report", "--help", "--lang", "de"],
        ["report", "--lang=de", "--help"],
    ],
    ids=["before", "after", "equals"],
)
def test_report_help_in_german_wherever_lang_is_given(args: list[str]) -> None:
    code, out, _ = crbd(*args)
    assert code == 0
    flat = " ".join(out.split())
    assert flat.startswith("Aufruf: crbd report")
    assert "Den Lückenbericht erstellen" in flat and "Beispiel: crbd report" in flat
    assert "Optionen:" in flat and "Diese Hilfe anzeigen und beenden." in flat
    assert "Papierformat des PDF. [Standard: a4]" in flat
    assert "Render the gap report" not in flat and "Usage:" not in flat
    assert current_language() == "en"  # the run leaves the language as it found it


def test_the_command_list_follows_crbd_lang() -> None:
    code, out, _ = crbd("--help", env={"CRBD_LANG": "fr"})
    assert code == 0
    assert out.startswith("Utilisation : crbd")
    assert "Commandes:" in out and "Produire le rapport d'écarts" in out
    code, out, _ = crbd("--help")
    assert out.startswith("Usage: crbd") and "Render the gap report" in out


@pytest.mark.parametrize(
    "args",
    [
        ["score", YARNLY, "--json"],
        ["compare", YARNLY, BRICKLAND, "--format", "json", "-o", "-"],
        ["compare", YARNLY, BRICKLAND, "--format", "csv", "-o", "-"],
    ],
    ids=["score-json", "compare-json", "compare-csv"],
)
def test_machine_readable_outputs_are_the_same_in_every_language(args: list[str]) -> None:
    outputs = {}
    for language in ("en", "de", "fr"):
        result = runner.invoke(app, ["--lang", language, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        outputs[language] = result.stdout_bytes
    assert outputs["en"] and outputs["de"] == outputs["en"] and outputs["fr"] == outputs["en"]


def test_german_help_imports_no_model_module() -> None:
    code = (
        "import sys; import toolkit.cli; from typer.testing import CliRunner;"
        " r = CliRunner().invoke(toolkit.cli.app, ['report', '--help', '--lang', 'de']);"
        " assert r.exit_code == 0 and 'Aufruf' in r.stdout, r.stdout;"
        " print(sorted({'toolkit.model.assessment', 'toolkit.model.pack', 'toolkit.model.result'}"
        " & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_signoff_says_the_decision_in_the_run_language(tmp_path: Path) -> None:
    target = tmp_path / "yarnly.yaml"
    target.write_bytes(Path(YARNLY).read_bytes())
    args = ["signoff", str(target), "--reviewer", "R. One", "--decision", "approved"]
    code, _, err = crbd("--lang", "de", *args)
    assert code == 0
    assert "„Freigegeben“ von R. One" in err


def test_compare_s_notes_speak_the_run_s_language_and_its_json_stays_english(
    tmp_path: Path,
) -> None:
    import json

    from typer.testing import CliRunner

    from toolkit.cli import app

    runner = CliRunner()
    for name in ("yarnly", "brickland"):
        copied = runner.invoke(app, ["example", "copy", name, str(tmp_path / f"{name}.yaml")])
        assert copied.exit_code == 0, copied.stderr
    pair = [str(tmp_path / "yarnly.yaml"), str(tmp_path / "brickland.yaml")]
    shown = runner.invoke(app, ["--lang", "de", "compare", *pair])
    assert shown.exit_code == 0, shown.stderr
    assert "Die Dateien bewerten verschiedene Produkte (Yarnly und Brickland)" in shown.stdout
    assert "The files assess different products" not in shown.stdout
    written = tmp_path / "progress.json"
    as_json = runner.invoke(app, ["--lang", "de", "compare", *pair, "-o", str(written)])
    assert as_json.exit_code == 0, as_json.stderr
    notes = json.loads(written.read_text(encoding="utf-8"))["notes"]
    assert notes and notes[0].startswith("The files assess different products (Yarnly")
