"""Workshop mode: each team joins with a short code and may write only its own file."""

from __future__ import annotations

import io
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from tests.helpers import Running, serving
from toolkit.errors import FileProblem
from toolkit.model.files import load_assessment
from toolkit.web.server import bind
from toolkit.web.store import TEAM_CODES


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[Running]:
    with serving(tmp_path, workshop=True) as running:
        yield running


def _codes(page: str) -> dict[str, str]:
    rows = page.split('<code class="code">')[1:]
    codes = {}
    for row, before in zip(rows, page.split('<code class="code">')[:-1], strict=True):
        team = before.rsplit('<a href="/a/', 1)[1].split('"', 1)[0]
        codes[team] = row.split("<", 1)[0]
    return codes


def _join(served: Running, code: str) -> httpx.Client:
    team = served.track(httpx.Client(base_url=served.base, follow_redirects=False, timeout=60))
    joined = team.post("/join", data={"code": code}, headers={"origin": served.base})
    assert joined.status_code == 303, joined.text
    return team


def _answer(served: Running, team: httpx.Client, name: str, control_id: str, word: str) -> int:
    page = team.get(f"/a/{name}/ask/{control_id}").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    seen = page.split('name="seen" value="', 1)[1].split('"', 1)[0]
    done = team.post(
        f"/a/{name}/answer/{control_id}",
        data={"csrf": csrf, "seen": seen, "answer": word, "note": "team view"},
        headers={"origin": served.base},
    )
    return done.status_code


def test_teams_join_with_a_code_and_write_only_their_own_file(workshop: Running) -> None:
    trainer = workshop.client()
    assert workshop.url.split("?")[0].endswith("/workshop")
    for name in ("Red kites", "Blue tits"):
        assert workshop.post(trainer, "/workshop", {"team": name}).status_code == 303
    codes = _codes(trainer.get("/workshop").text)
    assert set(codes) == {"team-red-kites.yaml", "team-blue-tits.yaml"}
    assert 'href="/workshop"' in trainer.get("/").text
    assert all(len(code) == 6 for code in codes.values())
    red = load_assessment(workshop.folder / "team-red-kites.yaml")
    assert red.answers == {} and red.profile and red.metadata.assessors == ["Red kites"]

    stranger = workshop.track(httpx.Client(base_url=workshop.base, follow_redirects=False))
    assert stranger.get("/a/team-red-kites.yaml").status_code == 403
    wrong = stranger.post("/join", data={"code": "NOPE42"}, headers={"origin": workshop.base})
    assert wrong.status_code == 403 and "not the code of a team" in wrong.text
    foreign = stranger.post(
        "/join", data={"code": codes["team-red-kites.yaml"]}, headers={"origin": "http://x.example"}
    )
    assert foreign.status_code == 403

    team = _join(workshop, codes["team-red-kites.yaml"])
    assert team.get("/").headers["location"] == "/a/team-red-kites.yaml"
    assert team.get("/a/team-red-kites.yaml").status_code == 200
    assert _answer(workshop, team, "team-red-kites.yaml", "CON-01", "n") == 303
    assert load_assessment(workshop.folder / "team-red-kites.yaml").answers["CON-01"].answer == "no"
    for path in (
        "/a/team-blue-tits.yaml",
        "/a/team-blue-tits.yaml/ask/CON-01",
        "/workshop",
        "/workshop/present",
    ):
        assert team.get(path).status_code == 403, path
    csrf = team.get("/a/team-red-kites.yaml").text.split('name="csrf" value="', 1)[1][:64]
    for path, data in (
        ("/a/team-blue-tits.yaml/answer/CON-01", {"answer": "y", "seen": "none"}),
        ("/new", {"name": "mine", "start": "blank"}),
        ("/workshop", {"team": "Extra"}),
    ):
        sent = team.post(path, data={"csrf": csrf, **data}, headers={"origin": workshop.base})
        assert sent.status_code == 403, path
    assert load_assessment(workshop.folder / "team-blue-tits.yaml").answers == {}
    peek = team.get("/a/team-red-kites.yaml/compare?with=team-blue-tits.yaml")
    assert peek.status_code == 403 and "team view" not in peek.text
    assert "team-blue-tits" not in team.get("/a/team-red-kites.yaml/results").text
    assert not (workshop.folder / "mine.yaml").exists()


def test_the_presenter_view_shows_progress_and_disagreement(workshop: Running) -> None:
    trainer = workshop.client()
    for name in ("Red kites", "Blue tits"):
        workshop.post(trainer, "/workshop", {"team": name})
    codes = _codes(trainer.get("/workshop").text)
    for name, word in (("team-red-kites.yaml", "y"), ("team-blue-tits.yaml", "n")):
        assert _answer(workshop, _join(workshop, codes[name]), name, "CON-01", word) == 303
    shown = trainer.get("/workshop/present").text
    assert "Red kites" in shown and "Blue tits" in shown
    assert "Where they disagree" in shown and "CON-01" in shown
    assert 'http-equiv="refresh"' in shown
    summary = trainer.get("/workshop/summary.pdf")
    assert summary.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(summary.content)).pages)
    assert "CON-01" in text


def test_no_join_page_without_workshop_mode(served: Running) -> None:
    stranger = served.track(httpx.Client(base_url=served.base, follow_redirects=False))
    assert stranger.get("/join").status_code == 403
    joined = stranger.post("/join", data={"code": "ABCDEF"}, headers={"origin": served.base})
    assert joined.status_code == 403


def test_a_restarted_workshop_keeps_its_team_codes(tmp_path: Path) -> None:
    with serving(tmp_path, workshop=True) as first:
        trainer = first.client()
        for name in ("Red kites", "Blue tits"):
            assert first.post(trainer, "/workshop", {"team": name}).status_code == 303
        codes = _codes(trainer.get("/workshop").text)
        team = _join(first, codes["team-red-kites.yaml"])
        assert _answer(first, team, "team-red-kites.yaml", "CON-01", "n") == 303
    kept = tmp_path / TEAM_CODES
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # the codes are the owner's only
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "team-blue-tits.yaml",
        "team-red-kites.yaml",
    ]
    with serving(tmp_path, workshop=True) as again:
        trainer = again.client()
        assert _codes(trainer.get("/workshop").text) == codes  # the same teams, the same codes
        home = trainer.get("/").text
        assert TEAM_CODES not in home and codes["team-red-kites.yaml"] not in home
        shown = trainer.get(f"/a/{TEAM_CODES}")
        assert shown.status_code == 404 and codes["team-red-kites.yaml"] not in shown.text
        team = _join(again, codes["team-red-kites.yaml"])  # a team rejoins with its code
        assert _answer(again, team, "team-red-kites.yaml", "CON-02", "y") == 303
        answers = load_assessment(tmp_path / "team-red-kites.yaml").answers
        assert (answers["CON-01"].answer, answers["CON-02"].answer) == ("no", "yes")
        assert team.get("/a/team-blue-tits.yaml").status_code == 403


def test_a_team_file_removed_between_runs_loses_its_code(tmp_path: Path) -> None:
    with serving(tmp_path, workshop=True) as first:
        trainer = first.client()
        for name in ("Red kites", "Blue tits"):
            first.post(trainer, "/workshop", {"team": name})
        codes = _codes(trainer.get("/workshop").text)
    (tmp_path / "team-blue-tits.yaml").unlink()
    with serving(tmp_path, workshop=True) as again:
        trainer = again.client()
        assert _codes(trainer.get("/workshop").text) == {
            "team-red-kites.yaml": codes["team-red-kites.yaml"]
        }
        gone = again.track(httpx.Client(base_url=again.base, follow_redirects=False))
        joined = gone.post(
            "/join", data={"code": codes["team-blue-tits.yaml"]}, headers={"origin": again.base}
        )
        assert joined.status_code == 403


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"teams": ["ABCDEF"]}',
        '{"teams": {"abc": "team-x.yaml"}}',
        '{"teams": {"ABCDEF": "../outside/team-x.yaml"}}',
        '{"teams": {"ABCDEF": "yarnly.yaml"}}',
    ],
)
def test_a_damaged_codes_file_is_one_sentence_and_nothing_starts(
    tmp_path: Path, content: str
) -> None:
    (tmp_path / TEAM_CODES).write_text(content, encoding="utf-8")
    with pytest.raises(FileProblem, match="is not the list of team codes crbd serve keeps"):
        bind(tmp_path, (), "127.0.0.1", 0, workshop=True)
