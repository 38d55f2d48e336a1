"""`crbd due` tells a team when a law where its product is offered takes effect."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import assessment_of
from toolkit.cli import app
from toolkit.engine.due import DueKind, law_items
from toolkit.model.age_assurance import AgeCheck, AgeMethodKind, AgeSurface
from toolkit.model.files import save_assessment
from toolkit.model.pack import LegalStatus, Pack
from toolkit.model.resources import bundled


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


PROFILE: dict[str, str | list[str]] = {
    "audience": "likely_accessed_by_children",
    "age_bands": ["age_13_15", "adults"],
    "mixed_population": "yes",
    "features": ["direct_messages", "user_content", "app_store_app"],
    "size": "medium",
}


def product(core: Pack, folder: Path, name: str, places: list[str]) -> Path:
    path = Path(f"{name}.yaml")  # in the working folder: short names keep rows on one line
    save_assessment(assessment_of(core, {**PROFILE, "jurisdictions": places}, {}), path)
    return path


def crbd(*args: str, today: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, list(args), env={"COLUMNS": "400", "CRBD_TODAY": today}, catch_exceptions=False
    )
    return result.exit_code, " ".join(result.stdout.split()), result.stderr


def law_rows(out: str) -> list[str]:
    return [row for row in out.split("│ 20")[1:] if "law takes effect" in row]


def test_a_law_about_to_take_effect_where_the_product_is_offered_is_listed(
    core: Pack, tmp_path: Path
) -> None:
    louisiana = product(core, tmp_path, "louisiana", ["us-la"])
    federal = product(core, tmp_path, "federal", ["us"])
    calendar = tmp_path / "due.ics"
    code, out, _ = crbd(
        "due", str(louisiana), str(federal), "--within", "30", "--ics", str(calendar),
        today="2026-06-15",
    )  # fmt: skip
    assert code == 0
    rows = law_rows(out)
    assert len(rows) == 1  # Louisiana's law, not for the product offered in the US alone
    assert "louisiana.yaml" in rows[0] and "us-la-asaa" in rows[0]
    assert "takes effect on 2026-07-01" in rows[0] and "takes effect" in rows[0]
    assert "Louisiana" in rows[0]
    ics = calendar.read_bytes().decode().replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20260701" in ics and "law takes effect in" in ics
    assert "takes effect on 2026-07-01" in ics


def test_a_law_that_just_took_effect_reads_in_force_and_is_never_overdue(
    core: Pack, tmp_path: Path
) -> None:
    louisiana = product(core, tmp_path, "louisiana", ["us-la"])
    code, out, err = crbd("due", str(louisiana), "--fail-if-overdue", today="2026-07-10")
    assert code == 0, err
    (row,) = law_rows(out)
    assert "in force since 2026-07-01" in row and "overdue" not in row
    code, out, _ = crbd("due", str(louisiana), "--within", "5", today="2026-07-10")
    assert law_rows(out) == []  # nine days ago is outside a five-day window
    assert "Nothing overdue or due within 5 days of 2026-07-10." in out


def test_texas_reads_under_appeal_and_brazil_binds_only_a_product_offered_there(
    core: Pack, tmp_path: Path
) -> None:
    texas = product(core, tmp_path, "texas", ["us-tx"])
    brazil = product(core, tmp_path, "brazil", ["br"])
    code, out, _ = crbd("due", str(texas), str(brazil), today="2026-06-01")
    (row,) = law_rows(out)
    assert "texas.yaml" in row and "in force since 2026-05-28, under appeal" in row
    assert "under appeal" in row
    code, out, _ = crbd("due", str(texas), str(brazil), today="2026-03-01")
    (row,) = law_rows(out)
    assert "brazil.yaml" in row and "br-eca-digital" in row
    assert "takes effect on 2026-03-17" in row


def test_an_enjoined_law_is_listed_as_not_binding(core: Pack, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    shutil.copytree(bundled("checklists") / "core", packs / "core")
    manifest = packs / "core" / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index("  - id: us-la-asaa")
    before, after = text[:start], text[start:]
    after = after.replace("legal_status: in_force", "legal_status: enjoined", 1)
    manifest.write_text(before + after, encoding="utf-8")
    louisiana = product(core, tmp_path, "louisiana", ["us-la"])
    code, out, _ = crbd(
        "--checklists", str(packs), "due", str(louisiana), today="2026-07-10"
    )  # fmt: skip
    assert code == 0
    (row,) = law_rows(out)
    assert "enjoined by a court, not binding" in row and "enjoined" in row
    assert "in force" not in row and "takes effect on" not in row


def test_each_status_in_words_on_a_fixed_day(core: Pack) -> None:
    utah = core.require_framework("us-ut-sb142")
    assessment = assessment_of(core, {**PROFILE, "jurisdictions": ["us-ut"]}, {})
    day = date(2027, 5, 1)
    (item,) = law_items("utah.yaml", core, assessment, day, 30)
    assert (item.kind, item.subject, item.on) == (DueKind.LAW, "us-ut-sb142", date(2027, 5, 6))
    assert item.standing == "takes effect" and item.what.startswith(utah.title)
    stopped = core.model_copy(
        update={
            "frameworks": [
                f.model_copy(update={"legal_status": LegalStatus.ENJOINED})
                if f.id == utah.id
                else f
                for f in core.frameworks
            ]
        }
    )
    (item,) = law_items("utah.yaml", stopped, assessment, date(2027, 5, 20), 30)
    assert item.standing == "enjoined" and "not binding" in item.what
    unanswered = assessment.model_copy(update={"profile": PROFILE})
    assert law_items("utah.yaml", core, unanswered, day, 30) == []
    guidance = [f for f in core.frameworks if f.legal_status is LegalStatus.GUIDANCE]
    assert any(f.effective for f in guidance)  # guidance with a date is still not a law
    everywhere = assessment_of(core, {**PROFILE, "jurisdictions": ["uk"]}, {})
    assert law_items("uk.yaml", core, everywhere, date(2025, 1, 20), 30) == []


def test_an_age_check_falls_due_on_its_review_date(core: Pack, tmp_path: Path) -> None:
    check = AgeCheck(
        method="Facial age estimation",
        kind=AgeMethodKind.ESTIMATION,
        review_on=date(2027, 3, 31),
    )
    assessment = assessment_of(core, {**PROFILE, "jurisdictions": ["uk"]}, {}).model_copy(
        update={"age_assurance": {AgeSurface.SIGN_UP: check}}
    )
    save_assessment(assessment, Path("checks.yaml"))
    code, out, _ = crbd("due", "checks.yaml", today="2027-03-15")
    assert code == 0 and "age check review" in out
    assert "review the age check at Sign-up" in out and "2027-03-31" in out
    code, _, err = crbd("due", "checks.yaml", "--fail-if-overdue", today="2027-04-02")
    assert code == 1 and "1 item is overdue on 2027-04-02" in err
