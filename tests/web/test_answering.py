"""Answering in the browser records what the terminal would, and never loses an answer."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from tests.helpers import Running
from toolkit.cli import app
from toolkit.model.age_assurance import AgeSurface, Characteristic, ConfidenceLevel
from toolkit.model.files import load_assessment

YARNLY = "/a/yarnly.yaml"


def _seen(page: str, control_id: str) -> str:
    form = page.split(f'action="{YARNLY}/answer/{control_id}"', 1)[1]
    return form.split('name="seen" value="', 1)[1].split('"', 1)[0]


def test_an_answer_is_saved_with_its_evidence_owner_and_history(served: Running) -> None:
    client = served.client()
    served.post(client, "/name", {"you": "R. Quinn", "next": "/"})
    before = load_assessment(served.folder / "yarnly.yaml").answers["CON-01"]
    page = client.get(f"{YARNLY}/ask/CON-01").text
    assert "Evidence on record" in page and before.evidence[0].description in page
    saved = served.post(
        client,
        f"{YARNLY}/answer/CON-01",
        {
            "seen": _seen(page, "CON-01"),
            "answer": "p",
            "keep": "y",
            "note": "Group chats still let adults in",
            "evidence": "Rate-limit dashboard | https://grafana.example.com/d/rl",
            "owner": "Sam Lee",
            "due": "2027-03-31",
            "reason": "Group chats were found open in 6.2",
        },
    )
    assert saved.status_code == 303
    assert saved.headers["location"].startswith(f"{YARNLY}/ask/")  # on to the next question
    answer = load_assessment(served.folder / "yarnly.yaml").answers["CON-01"]
    assert answer.answer.value == "partial" and answer.note == "Group chats still let adults in"
    assert answer.answered_by == "R. Quinn"
    assert [(e.description, e.link_or_path) for e in answer.evidence] == [
        *((e.description, e.link_or_path) for e in before.evidence),
        ("Rate-limit dashboard", "https://grafana.example.com/d/rl"),
    ]
    assert answer.action is not None and answer.action.owner == "Sam Lee"
    assert str(answer.action.due) == "2027-03-31"
    history = load_assessment(served.folder / "yarnly.yaml").history[-1]
    assert (history.id, history.before, history.after) == ("CON-01", "yes", "partial")
    assert history.reason == "Group chats were found open in 6.2"
    assert history.by == "R. Quinn"
    shown = client.get(f"{YARNLY}/history?id=CON-01").text
    assert "Group chats were found open in 6.2" in shown


def test_a_refused_answer_shows_the_answers_file_message_and_changes_nothing(
    served: Running,
) -> None:
    client = served.client()
    before = (served.folder / "yarnly.yaml").read_bytes()
    page = client.get(f"{YARNLY}/ask/CON-03").text
    refused = served.post(
        client,
        f"{YARNLY}/answer/CON-03",
        {"seen": _seen(page, "CON-03"), "answer": "na", "note": "", "evidence": "Kept | here"},
    )
    assert refused.status_code == 400
    assert "needs a note: a reason why the control does not apply" in refused.text
    assert 'value="Kept | here"' in refused.text  # what was typed is still there
    planned = served.post(
        client,
        f"{YARNLY}/answer/CON-03",
        {"seen": _seen(page, "CON-03"), "answer": "planned", "target_date": "2027-02-30"},
    )
    assert planned.status_code == 400
    assert "February 2027 has 28 days" in planned.text
    assert (served.folder / "yarnly.yaml").read_bytes() == before


def test_a_change_made_elsewhere_is_shown_never_overwritten(served: Running) -> None:
    client = served.client()
    page = client.get(f"{YARNLY}/ask/CON-03").text
    seen = _seen(page, "CON-03")
    terminal = CliRunner().invoke(
        app,
        [
            "assess",
            str(served.folder / "yarnly.yaml"),
            "--as",
            "T. Hollis",
            "--answer",
            "CON-03=yes:Closed for 16-17s as well",
        ],
    )
    assert terminal.exit_code in (0, 3), terminal.output
    mine = {"seen": seen, "answer": "no", "note": "Still open"}
    clash = served.post(client, f"{YARNLY}/answer/CON-03", mine)
    assert clash.status_code == 409
    assert "Closed for 16-17s as well" in clash.text and "Still open" in clash.text
    answer = load_assessment(served.folder / "yarnly.yaml").answers["CON-03"]
    assert answer.note == "Closed for 16-17s as well"
    # saved again from the page that showed both, it replaces the answer knowingly
    again = served.post(
        client, f"{YARNLY}/answer/CON-03", {**mine, "seen": _seen(clash.text, "CON-03")}
    )
    assert again.status_code == 303
    assert load_assessment(served.folder / "yarnly.yaml").answers["CON-03"].note == "Still open"


def test_the_profile_form_records_each_answer_and_shows_the_scope(served: Running) -> None:
    client = served.client()
    made = served.post(client, "/new", {"name": "kite", "start": "blank"})
    assert made.headers["location"] == "/a/kite.yaml/profile"
    page = client.get("/a/kite.yaml/profile").text
    assert "Product profile" in page
    asked = [part.split('"', 1)[0] for part in page.split('name="asked" value="')[1:]]
    assert "features" in asked and "audience" in asked
    form = {
        "csrf": served.csrf(client),
        "asked": asked,
        "q-audience": "likely_accessed_by_children",
        "q-features": ["direct_messages", "livestreaming"],
    }
    saved = client.post("/a/kite.yaml/profile", data=form, headers={"origin": served.base})
    assert saved.status_code == 303
    data = yaml.safe_load((served.folder / "kite.yaml").read_text())
    assert data["profile"]["audience"] == "likely_accessed_by_children"
    assert data["profile"]["features"] == ["direct_messages", "livestreaming"]
    assert "out of scope" in client.get("/a/kite.yaml/profile").text


def test_home_lists_each_assessment_with_its_score_and_what_is_due(served: Running) -> None:
    client = served.client()
    (served.folder / "notes.yaml").write_text("just: a note\n")
    home = client.get("/").text
    assert "Yarnly" in home and "6.2" in home and "Red" in home
    assert "overdue" in home
    assert "notes.yaml" in home  # listed with the sentence that says why it is not opened
    example = served.post(client, "/new", {"name": "demo.yaml", "start": "brickland"})
    assert example.headers["location"] == "/a/demo.yaml"
    assert (served.folder / "demo.yaml").read_bytes().startswith(b"#")  # a byte copy
    again = served.post(client, "/new", {"name": "demo.yaml", "start": "blank"})
    assert again.status_code == 400 and "already exists" in again.text


def test_downloads_render_every_report_format_and_export_target(served: Running) -> None:
    client = served.client()
    results = client.get(f"{YARNLY}/results").text
    links = [part.split('"', 1)[0] for part in results.split('href="')[1:]]
    downloads = [link for link in links if "/report." in link or "/export/" in link]
    assert len(downloads) >= 15
    for link in downloads:
        if link.endswith(".pdf"):
            continue  # rendered once, in the browser test
        got = client.get(link)
        assert got.status_code == 200, link
        assert "attachment" in got.headers["content-disposition"]
        assert len(got.content) > 100, link


def test_signoff_is_bound_to_the_assessment_hash(served: Running) -> None:
    client = served.client()
    signed = served.post(
        client,
        f"{YARNLY}/signoff",
        {"reviewer": "A. Auditor", "decision": "approved", "comment": "Fine"},
    )
    assert signed.status_code == 303
    page = client.get(f"{YARNLY}/results").text
    assert "A. Auditor" in page and "matches the assessment as it is now" in page
    served.post(client, f"{YARNLY}/metadata", {"product": "Yarnly 7"})
    assert "the assessment has changed since" in client.get(f"{YARNLY}/results").text


def test_a_harm_is_rated_through_the_risk_step(served: Running) -> None:
    client = served.client()
    page = client.get(f"{YARNLY}/risk/H-GROOMING").text
    assert "Mitigating controls" in page and "CON-01" in page and "working" in page
    form = {
        "likelihood": "probable",
        "impact": "severe",
        "rationale": "Adults still reach teens in live chat",
        "residual": "high",
        "residual_reason": "",
        "decision": "a",
        "approved_by": "",
    }
    refused = served.post(client, f"{YARNLY}/risk/H-GROOMING", form)
    assert refused.status_code == 400  # a residual other than crbd's suggestion needs a reason
    assert "Why high, not the suggested" in refused.text
    before = load_assessment(served.folder / "yarnly.yaml").risks["H-GROOMING"]
    assert before.residual == "medium"
    form |= {
        "residual_reason": "Live chat is not moderated at night",
        "approved_by": "M. Okafor",
        "approved_on": "2026-12-01",
        "justification": "Night moderation starts in March",
        "expires_on": "2027-03-31",
    }
    saved = served.post(client, f"{YARNLY}/risk/H-GROOMING", form)
    assert saved.status_code == 303
    risk = load_assessment(served.folder / "yarnly.yaml").risks["H-GROOMING"]
    assert (risk.residual, risk.decision.value) == ("high", "accepted")
    assert risk.residual_reason == "Live chat is not moderated at night"
    assert risk.acceptance is not None and risk.acceptance.approved_by == "M. Okafor"
    assert risk.benefits == before.benefits  # left as it was: the default kept it


def test_a_reassessment_starts_from_last_years_file_and_compares_with_it(
    served: Running,
) -> None:
    client = served.client()
    made = served.post(client, "/new", {"name": "yarnly-2027", "start": "from:yarnly.yaml"})
    assert made.status_code == 303
    again = load_assessment(served.folder / "yarnly-2027.yaml")
    earlier = load_assessment(served.folder / "yarnly.yaml")
    assert set(again.answers) == set(earlier.answers)
    assert all(answer.to_reconfirm for answer in again.answers.values())
    assert again.history == [] and again.signoffs == []
    page = client.get("/a/yarnly-2027.yaml/ask/CON-03").text
    served.post(
        client,
        "/a/yarnly-2027.yaml/answer/CON-03",
        {"seen": page.split('name="seen" value="', 1)[1].split('"', 1)[0], "answer": "y"},
    )
    results = client.get("/a/yarnly-2027.yaml/results").text
    assert 'option value="yarnly.yaml"' in results
    progress = client.get("/a/yarnly-2027.yaml/compare?with=yarnly.yaml")
    assert progress.status_code == 200 and "CON-03" in progress.text
    assert "sandbox" in progress.headers["content-security-policy"]
    outside = client.get("/a/yarnly-2027.yaml/compare?with=..%2Fsecret.yaml")
    assert outside.status_code == 404


def test_how_the_risk_assessment_is_done_is_recorded(served: Running) -> None:
    client = served.client()
    form = {"method": "", "sources": "", "views": "", "next_review": "2027-06-30"}
    refused = served.post(client, f"{YARNLY}/risk-record", form)
    assert refused.status_code == 400 and "Method" in refused.text
    form |= {"method": "Workshop of the safety team", "sources": "Reports; Panel"}
    saved = served.post(client, f"{YARNLY}/risk-record", form)
    assert saved.status_code == 303
    record = load_assessment(served.folder / "yarnly.yaml").risk_record
    assert record.method == "Workshop of the safety team"
    assert record.sources == ["Reports", "Panel"]
    assert str(record.next_review) == "2027-06-30"


def test_the_age_assurance_record_is_shown_and_saved_place_by_place(served: Running) -> None:
    client = served.client()
    page = client.get(f"{YARNLY}/results")
    assert page.status_code == 200
    assert 'id="age-assurance"' in page.text and "Existing accounts" in page.text
    assert "Hosting a livestream needs an estimated age of 23 or over" in page.text
    form = {
        "surface": "existing_accounts",
        "method": "Accounts opened before 2026 get the facial age estimate at next login",
        "age_kind": "estimation",
        "performance": "Vendor figures only",
        "confidence": "standard",
        "appeal": "",
        "next_review": "",
    }
    refused = served.post(client, f"{YARNLY}/age-assurance", form)
    assert refused.status_code == 400 and "needs an answer" in refused.text
    saved = served.post(client, f"{YARNLY}/age-assurance", form | {"next_review": "2027-04-30"})
    assert saved.status_code == 303
    record = load_assessment(served.folder / "yarnly.yaml").age_assurance
    assert record is not None
    check = record[AgeSurface.EXISTING_ACCOUNTS]
    assert check.method.startswith("Accounts opened before 2026")
    assert check.confidence is ConfidenceLevel.STANDARD and str(check.review_on) == "2027-04-30"
    assert check.characteristics == {Characteristic.PERFORMANCE: "Vendor figures only"}
    assert AgeSurface.SIGN_UP in record  # the other places are kept
    cleared = form | {"next_review": "2027-04-30", "performance": "", "confidence": ""}
    assert served.post(client, f"{YARNLY}/age-assurance", cleared).status_code == 303
    again = load_assessment(served.folder / "yarnly.yaml").age_assurance
    assert again is not None
    assert again[AgeSurface.EXISTING_ACCOUNTS].characteristics == {}
    assert again[AgeSurface.EXISTING_ACCOUNTS].confidence is None
    gone = served.post(
        client, f"{YARNLY}/age-assurance", {"surface": "livestreaming", "method": ""}
    )
    assert gone.status_code == 303
    after = load_assessment(served.folder / "yarnly.yaml").age_assurance
    assert after is not None and AgeSurface.LIVESTREAMING not in after
    wrong = served.post(client, f"{YARNLY}/age-assurance", {"surface": "lobby", "method": "x"})
    assert wrong.status_code in (400, 404) and "lobby" in wrong.text
