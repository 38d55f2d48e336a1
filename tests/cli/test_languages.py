"""Choosing the language of a run: --lang, CRBD_LANG, the assessment's own, the system's.

What a user sees: a German assessment's report is German on any machine, `--lang fr`
renders another language from the same answers without touching the file, an unknown
language is refused in one sentence, and the user's own words are never translated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.helpers import MINI, ROOT, assessment_of
from toolkit.cli import app
from toolkit.i18n import current_language
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.packs import load_pack

runner = CliRunner()
PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
ANSWER = ("--as", "A", "--answer", "audience=children")
GERMAN = """\
language: de
controls:
  A-01:
    title: Kritische Sache
    question: Ist die kritische Sache erledigt?
    remediation: [Die kritische Sache erledigen.]
domains:
  A: {title: Alpha auf Deutsch}
"""
FRENCH = """\
language: fr
controls:
  A-01:
    title: Chose critique
domains:
  A: {title: Alpha en français}
"""


@pytest.fixture(autouse=True)
def _no_language_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CRBD_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """The mini pack with a German and a French overlay."""
    folder = tmp_path / "packs" / "mini"
    shutil.copytree(MINI, folder)
    (folder / "i18n").mkdir()
    (folder / "i18n" / "de.yaml").write_text(GERMAN, encoding="utf-8")
    (folder / "i18n" / "fr.yaml").write_text(FRENCH, encoding="utf-8")
    return folder.parent


def crbd(packs: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--checklists", str(packs), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _assessment(packs: Path, tmp_path: Path, language: str | None) -> Path:
    made = assessment_of(load_pack(packs / "mini"), PROFILE, {"A-01": "no"}, A_01="Nur intern")
    if language:
        made = made.model_copy(update={"language": language})
    path = tmp_path / "product.yaml"
    save_assessment(made, path)
    return path


def _html(packs: Path, path: Path, *options: str) -> str:
    out = path.with_suffix(".html")
    code, _, err = crbd(packs, "report", str(path), "--format", "html", "-o", str(out), *options)
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_a_new_assessment_records_the_language_it_was_made_in(packs: Path, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    code, _, err = crbd(packs, "assess", str(path), "--pack", "mini", "--lang", "de", *ANSWER)
    assert code == 3, err  # saved, questions remain
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["language"] == "de"
    assert load_assessment(path).language == "de"


def test_crbd_lang_and_the_system_locale_choose_a_new_assessments_language(
    packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    crbd(packs, "assess", str(tmp_path / "a.yaml"), "--pack", "mini", *ANSWER)
    assert load_assessment(tmp_path / "a.yaml").language == "fr"
    monkeypatch.setenv("CRBD_LANG", "de")
    crbd(packs, "assess", str(tmp_path / "b.yaml"), "--pack", "mini", *ANSWER)
    assert load_assessment(tmp_path / "b.yaml").language == "de"


def test_an_english_assessment_names_no_language_and_old_files_load_as_english(
    packs: Path, tmp_path: Path
) -> None:
    path = tmp_path / "new.yaml"
    crbd(packs, "assess", str(path), "--pack", "mini", *ANSWER)
    assert "language" not in yaml.safe_load(path.read_text(encoding="utf-8"))
    assert load_assessment(path).language == "en"


def test_the_report_of_a_german_assessment_is_german_on_any_machine(
    packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")  # the machine's own language does not win
    html = _html(packs, _assessment(packs, tmp_path, "de"))
    assert '<html lang="de">' in html
    assert "Kritische Sache" in html and "Alpha auf Deutsch" in html
    assert "Critical thing" not in html
    assert "Nur intern" in html  # the user's note, as written


def test_lang_renders_another_language_from_the_same_answers(packs: Path, tmp_path: Path) -> None:
    path = _assessment(packs, tmp_path, "de")
    before = path.read_bytes()
    french = _html(packs, path, "--lang", "fr")
    assert '<html lang="fr">' in french and "Chose critique" in french
    assert "Kritische Sache" not in french
    assert "Nur intern" in french
    assert path.read_bytes() == before
    english = _html(packs, path, "--lang", "en")
    assert "Critical thing" in english and '<html lang="en">' in english


def test_lang_before_the_command_and_crbd_lang_work_too(
    packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _assessment(packs, tmp_path, None)  # an old file: English
    assert "Critical thing" in _html(packs, path)
    out = tmp_path / "fr.html"
    crbd(packs, "--lang", "fr", "report", str(path), "--format", "html", "-o", str(out))
    assert "Chose critique" in out.read_text(encoding="utf-8")
    monkeypatch.setenv("CRBD_LANG", "de")
    assert "Kritische Sache" in _html(packs, path)


def test_text_the_overlay_leaves_out_stays_in_the_packs_language(
    packs: Path, tmp_path: Path
) -> None:
    html = _html(packs, _assessment(packs, tmp_path, "fr"))
    assert "Chose critique" in html
    assert "Do the critical thing." in html  # no French remediation: English, not blank


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{file}", "--lang", "xx"],
        ["--lang", "klingon", "score", "{file}"],
        ["score", "{file}", "--lang", "es"],
        ["assess", "{file}", "--lang", "xx"],
        ["export", "{file}", "--to", "xlsx", "--lang", "xx"],
        ["worksheet", "--lang", "xx", "--pack", "mini"],
    ],
)
def test_an_unknown_language_is_one_sentence_and_exit_2(
    packs: Path, tmp_path: Path, args: list[str]
) -> None:
    path = _assessment(packs, tmp_path, "de")
    before = path.read_bytes()
    code, out, err = crbd(packs, *(a.format(file=path) for a in args))
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "no language" in lines[0] and "en, de, fr" in lines[0], err
    assert "Traceback" not in err + out
    assert path.read_bytes() == before


def test_an_unknown_crbd_lang_is_refused_naming_the_variable(
    packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRBD_LANG", "xx")
    code, _, err = crbd(packs, "score", str(_assessment(packs, tmp_path, None)))
    assert code == 2
    assert err.strip().startswith("crbd: CRBD_LANG:") and len(err.strip().splitlines()) == 1


def test_an_unknown_system_locale_is_english(
    packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    path = tmp_path / "new.yaml"
    crbd(packs, "assess", str(path), "--pack", "mini", *ANSWER)
    assert load_assessment(path).language == "en"


def test_interface_messages_follow_the_language(packs: Path) -> None:
    code, out, _ = crbd(packs, "--lang", "de", "checklist", "validate", str(packs / "mini"))
    assert code == 0
    assert "Texten übersetzt" in out
    code, out, _ = crbd(packs, "--lang", "fr", "checklist", "validate", str(packs / "mini"))
    assert "textes traduits" in out


def test_a_run_leaves_the_language_as_it_found_it(packs: Path, tmp_path: Path) -> None:
    crbd(packs, "report", str(_assessment(packs, tmp_path, "de")), "--format", "md", "-o", "-")
    assert current_language() == "en"


def test_the_score_table_shows_the_pack_in_the_assessments_language(
    packs: Path, tmp_path: Path
) -> None:
    code, out, _ = crbd(packs, "score", str(_assessment(packs, tmp_path, "de")))
    assert code == 0
    assert "A Alpha auf" in out and "Kritische Sache" in out  # the title wraps at 80 columns


def test_the_reports_own_sentences_dates_and_numbers_follow_the_language(
    packs: Path, tmp_path: Path
) -> None:
    path = _assessment(packs, tmp_path, "de")
    german = _html(packs, path)
    for sentence in ("Was zuerst zu tun ist", "Lückenregister", "Methodik", "Kritisch", "Nein"):
        assert sentence.lower() in german.lower(), sentence
    assert "1. November 2026" in german  # the assessment's date (DAY), in German
    assert "What to do first" not in german
    french = _html(packs, path, "--lang", "fr")
    assert "Par quoi commencer" in french and "Registre des écarts" in french
    assert "1 novembre 2026" in french
    english = _html(packs, path, "--lang", "en")
    assert "What to do first" in english and "2026-11-01" in english  # English keeps ISO dates


def test_a_german_score_has_a_decimal_comma_and_an_english_one_a_point(
    packs: Path, tmp_path: Path
) -> None:
    import re

    path = _assessment(packs, tmp_path, "de")
    german, english = _html(packs, path), _html(packs, path, "--lang", "en")
    score = re.search(r'class="score">([\d.,]+)<', english)
    assert score is not None
    assert f'class="score">{score.group(1).replace(".", ",")}<' in german


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_core_packs_overlays_give_every_domain_question_option_and_harm(
    language: str,
) -> None:
    from tests.helpers import ROOT
    from toolkit.model.overlays import coverage, translated

    pack = load_pack(ROOT / "checklists" / "core")
    overlay = pack.translations[language]
    assert {d.prefix for d in pack.domains} <= set(overlay.domains)
    assert {q.id for q in pack.profile} <= set(overlay.profile)
    assert {h.id for h in pack.harms} <= set(overlay.harms)
    shown = translated(pack, language)
    for own, theirs in zip(pack.profile, shown.profile, strict=True):
        assert [o.value for o in own.options] == [o.value for o in theirs.options]
        assert all(o.label for o in theirs.options)
    assert shown.domain("CSEA") != pack.domain("CSEA")
    counted = coverage(pack, language)
    assert counted.reviewed == 0  # machine-made: none claims review
    # Every id and field of the core pack has its text in the language: nothing falls back.
    assert counted.texts > 2000 and counted.untranslated == 0, counted


def test_checklist_validate_reports_the_core_packs_coverage_per_language() -> None:
    from tests.helpers import ROOT

    result = runner.invoke(app, ["checklist", "validate", str(ROOT / "checklists" / "core")])
    assert result.exit_code == 0, result.stderr
    assert "de: " in result.stdout and "fr: " in result.stdout
    assert "(0 reviewed)" in result.stdout


@pytest.mark.slow
def test_crbd_verify_re_renders_a_report_in_the_language_it_was_written_in(
    packs: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    path = _assessment(packs, tmp_path, "de")
    french = tmp_path / "fr.pdf"
    code, _, err = crbd(packs, "report", str(path), "--lang", "fr", "-o", str(french))
    assert code == 0, err
    reader = PdfReader(french)
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "Chose critique" in "".join(page.extract_text() for page in reader.pages)
    code, out, err = crbd(packs, "verify", str(french))  # the file is German, the PDF French
    assert code == 0, err
    assert "byte for byte" in out


def test_the_methodology_says_how_much_of_the_pack_is_translated_and_reviewed(
    packs: Path, tmp_path: Path
) -> None:
    import re

    path = _assessment(packs, tmp_path, "de")
    german = _html(packs, path)
    said = re.search(r"<strong>Sprache\.</strong> ([^<]*)", german)
    assert said is not None
    assert "davon 0 von einer sprachkundigen Person geprüft" in said.group(1)
    assert "Language." not in _html(packs, path, "--lang", "en")  # English is the pack's own


def test_every_translated_control_keeps_the_fingerprint_of_its_question() -> None:
    from toolkit.model.overlays import translated
    from toolkit.workflow.recording import fingerprint

    core = load_pack(ROOT / "checklists" / "core")
    for language in ("de", "fr"):
        shown = {c.id: c for c in translated(core, language).controls()}
        changed = [c.id for c in core.controls() if shown[c.id].question != c.question]
        assert changed, f"{language}: no question is translated"
        assert all(fingerprint(shown[c.id]) == fingerprint(c) for c in core.controls())


def test_the_interview_asks_in_the_assessments_language_and_records_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.cli.assess.stdin_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    copy = tmp_path / "team.yaml"
    made = runner.invoke(
        app, ["example", "copy", "brickland", str(copy), "--blank", "--as", "Team"]
    )
    assert made.exit_code == 0, made.output
    core = load_pack(ROOT / "checklists" / "core")
    german = yaml.safe_load((ROOT / "checklists/core/i18n/de.yaml").read_text(encoding="utf-8"))
    first = next(c for c in core.controls() if c.id.startswith("GOV"))
    asked = german["controls"][first.id]["question"]
    result = runner.invoke(
        app, ["assess", str(copy), "--lang", "de", "--as", "Team"], input="y\n\n\n\n\nq\n"
    )
    shown = " ".join(result.output.split())
    assert " ".join(asked.split())[:60] in shown
    answer = load_assessment(copy).answers[first.id]
    assert answer.answer.value == "yes"
    from toolkit.workflow.recording import fingerprint

    assert load_assessment(copy).pack.fingerprints[first.id] == fingerprint(first)
