"""A trainer's kit: blank copies of the examples for workshop teams, the example list for
picking one, and the facilitator's guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.model.files import load_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.opening import open_assessment, workshop_files


def crbd(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_blank_copy_keeps_the_profile_and_nothing_answered(in_tmp: Path) -> None:
    code, _, err = crbd("example", "copy", "yarnly", "team-a.yaml", "--blank", "--as", "Team A")
    assert code == 0, err
    assert "blank copy" in err and "crbd assess team-a.yaml" in err
    example = load_assessment(Path(__file__).parents[2] / "examples" / "yarnly.yaml")
    blank = open_assessment(in_tmp / "team-a.yaml").assessment  # loads, strictly
    assert blank.profile == example.profile
    assert blank.metadata.product == "Yarnly" and blank.metadata.product_version == "6.2"
    assert blank.metadata.assessors == ["Team A"]
    assert not blank.answers and not blank.risks and not blank.history and not blank.signoffs
    assert blank.metadata.reviewer == "" and blank.metadata.updated_on is None
    text = (in_tmp / "team-a.yaml").read_text()
    assert "Ferrand" not in text and "note:" not in text


def test_a_blank_copy_asks_for_the_team_on_a_terminal(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.cli.examples.stdin_is_terminal", lambda: True)
    code, _, err = crbd("example", "copy", "brickland", "b.yaml", "--blank", input="The  Owls\n")
    assert code == 0, err
    assert "Team name" in err
    assert load_assessment(in_tmp / "b.yaml").metadata.assessors == ["The Owls"]


def test_without_a_terminal_or_a_name_the_file_names_the_team(in_tmp: Path) -> None:
    for team in ("owls", "foxes"):
        assert crbd("example", "copy", "murmur", f"{team}.yaml", "--blank")[0] == 0
    assert load_assessment(in_tmp / "owls.yaml").metadata.assessors == []
    summary = workshop_files([in_tmp / "owls.yaml", in_tmp / "foxes.yaml"])
    assert summary.teams == ["owls", "foxes"]  # never the example's fictional assessors


def test_workshop_teams_are_named_by_the_blank_copies(in_tmp: Path) -> None:
    for team in ("Team A", "Team B"):
        name = team.replace(" ", "-").lower() + ".yaml"
        assert crbd("example", "copy", "yarnly", name, "--blank", "--as", team)[0] == 0
    code, out, _ = crbd("workshop", "team-a.yaml", "team-b.yaml")
    assert code == 0
    assert "T1 Team A" in out and "T2 Team B" in out
    assert "Ferrand" not in out


def test_as_needs_blank_and_a_copy_never_overwrites(in_tmp: Path) -> None:
    code, _, err = crbd("example", "copy", "yarnly", "x.yaml", "--as", "Team A")
    assert code == 2 and "add --blank" in err and not (in_tmp / "x.yaml").exists()
    (in_tmp / "x.yaml").write_text("mine\n")
    code, _, err = crbd("example", "copy", "yarnly", "x.yaml", "--blank", "--as", "T")
    assert code == 2 and "already exists" in err
    assert (in_tmp / "x.yaml").read_text() == "mine\n"


RATINGS = {
    # team: (CON-01 answer, its note, H-GROOMING residual, decision, rationale)
    "Owls": ("no", "Strangers can message after one shared group.", "high", "reduced", "DMs open"),
    "Foxes": ("yes", "Blocked by default since 6.0.", "low", "eliminated", "Nothing gets in"),
    "Bears": ("no", "", "high", "reduced", "Same as before"),
}


@pytest.fixture
def three_teams(in_tmp: Path) -> list[Path]:
    """Three blank copies of Yarnly, answered and rated differently."""
    from toolkit.model.assessment import ControlAnswer, RiskAnswer, RiskDecision
    from toolkit.model.files import save_assessment

    paths = []
    for team, (answer, note, residual, decision, why) in RATINGS.items():
        path = in_tmp / f"{team.lower()}.yaml"
        assert crbd("example", "copy", "yarnly", str(path), "--blank", "--as", team)[0] == 0
        blank = load_assessment(path)
        rated = RiskAnswer(
            likelihood="probable",
            impact="severe",
            rationale=why,
            residual=residual,
            decision=RiskDecision(decision),
        )
        same = RiskAnswer(
            likelihood="possible",
            impact="significant",
            rationale="agreed",
            residual="medium",
            decision=RiskDecision.REDUCED,
        )
        answered = blank.model_copy(
            update={
                "answers": {
                    "CON-01": ControlAnswer(answer=answer, note=note),  # type: ignore[arg-type]
                    "GOV-01": ControlAnswer(answer="yes", note="agreed"),  # type: ignore[arg-type]
                },
                "risks": {"H-GROOMING": rated, "H-BULLYING": same},
            }
        )
        save_assessment(answered, path)
        paths.append(path)
    return paths


def test_the_workshop_summary_shows_the_risk_step_and_the_notes(three_teams: list[Path]) -> None:
    import io

    from pypdf import PdfReader

    code, out, err = crbd("workshop", *map(str, three_teams), "-o", "summary.pdf")
    assert code == 0, err
    reader = PdfReader(io.BytesIO(Path("summary.pdf").read_bytes()))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    assert "T1 Owls" in text and "T2 Foxes" in text and "T3 Bears" in text
    assert "Ferrand" not in text
    risks = text[text.index("The risk step: residual risk by team") :]
    # Grooming first: two levels apart, one team says eliminated.
    assert "H-GROOMING Grooming" in risks
    assert "2 levels high, reduced: T1, T3 · low, eliminated: T2" in risks
    # Bullying was rated alike by all three: listed after; harms nobody rated are counted.
    assert "medium, reduced: T1–T3" in risks
    assert risks.index("H-GROOMING") < risks.index("H-BULLYING") < risks.index("What the teams")
    assert "harms in scope that no team rated yet are not listed" in risks
    assert "H-SELF-HARM" not in risks
    notes = text[text.index("What the teams wrote where they disagree") :]
    assert "CON-01" in notes
    assert "T1 (no) Strangers can message after one shared group." in notes
    assert "T2 (yes) Blocked by default since 6.0." in notes
    assert "T2 (low, eliminated) Nothing gets in" in notes
    assert "GOV-01" not in notes  # every team agreed


def test_the_terminal_summary_shows_the_risk_step_and_the_notes(three_teams: list[Path]) -> None:
    result = CliRunner().invoke(
        app, ["workshop", *map(str, three_teams)], env={"COLUMNS": "80"}, catch_exceptions=False
    )
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Residual risk by team, disagreement first" in out
    assert out.index("H-GROOMING") < out.index("H-BULLYING")  # rated alike: listed after
    assert "eliminated: T2" in out
    assert "Listing all 2 harms the teams rated (1 of them rated or decided differently)" in out
    assert "T1 (no): Strangers can message after one shared group." in out
    assert "T2 (low, eliminated): Nothing gets in" in out


def test_the_example_list_says_who_each_example_is_for() -> None:
    result = CliRunner().invoke(app, ["example", "list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    rows: dict[str, str] = {}
    name = ""
    for line in result.stdout.splitlines():
        cells = line.split("│")
        if len(cells) == 4:
            name = cells[1].strip() or name
            rows[name] = rows.get(name, "") + " " + cells[2].strip()
    rows = {key: " ".join(value.split()) for key, value in rows.items() if key}
    assert "For: Under 13, Adults (18 and over) (Directed at children)" in rows["brickland"]
    assert "Voice chat" in rows["brickland"] and "Video calls" not in rows["brickland"]
    assert "End-to-end encrypted messaging" in rows["murmur"]
    assert "Livestreaming" in rows["yarnly"] and "Livestreaming" not in rows["murmur"]
    assert "Raises 20 of the 21 harms; not: Harmful conversations with AI chat" in rows["yarnly"]
    assert "not: Exploitation of children who livestream" in rows["murmur"]


def _commands_in(markdown: str) -> list[list[str]]:
    """Every crbd command line the guide shows, in code spans and code blocks, as words."""
    import re
    import shlex

    found = [line.strip() for line in re.findall(r"`([^`\n]+)`", markdown)]
    blocks = re.findall(r"```\n(.*?)```", markdown, flags=re.S)
    found += [line.strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line) for line in found if line.startswith("crbd ")]


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_the_guide_names_only_commands_and_options_that_exist(lang: str) -> None:
    import typer.main

    from toolkit.i18n import language
    from toolkit.workflow.examples import facilitator_guide

    with language(lang):
        guide = facilitator_guide()
    lines = _commands_in(guide)
    assert len(lines) >= 10
    seen = set()
    for words in lines:
        command = typer.main.get_command(app)
        path = []
        rest = words[1:]
        while rest and hasattr(command, "commands") and rest[0] in command.commands:
            path.append(rest[0])
            command = command.commands[rest.pop(0)]
        assert not hasattr(command, "commands"), f"{' '.join(words)}: not a command"
        options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        for word in rest:
            if word.startswith("-"):
                assert word.split("=")[0] in options, f"{' '.join(words)}: no option {word}"
        seen.add(" ".join(path))
    # Each part of the session has its command.
    assert {"example copy", "worksheet", "export", "assess", "workshop"} <= seen
    assert "--blank" in guide and "--as" in guide and "answers-template" in guide


def test_the_guide_has_the_agenda_the_audiences_and_questions_from_the_pack(core: Pack) -> None:
    from toolkit.workflow.examples import facilitator_guide

    guide = facilitator_guide()
    agenda = [line for line in guide.splitlines() if line.startswith("| ") and ":" in line[:7]]
    minutes = [int(line.split("|")[2]) for line in agenda]
    assert sum(minutes) == 120 and len(agenda) == 7
    for audience in ("teen social app", "building game for 8 to 12", "encrypted messenger"):
        assert audience in guide
    assert "<!-- crbd:" not in guide  # every generated part filled in
    con = core.domain("CON")
    assert con is not None
    first = max(con.controls, key=lambda control: control.severity == "critical")
    assert f"**{first.id} {first.title}**" in guide
    assert " ".join(first.why.split()) in guide
    # The domain sizes: Yarnly's CON count is what its profile puts in scope.
    row = next(line for line in guide.splitlines() if line.startswith("| CON "))
    assert row.split("|")[2:5] == [" 14 ", " 10 ", " 14 "]


@pytest.mark.slow
def test_the_guide_prints_and_renders(in_tmp: Path) -> None:
    import io

    from pypdf import PdfReader

    code, out, _ = crbd("example", "guide")
    assert code == 0 and out.startswith("# Running a two-hour")
    assert crbd("example", "guide", "-o", "guide.md")[0] == 0
    assert (in_tmp / "guide.md").read_text() == out
    assert crbd("example", "guide", "-o", "guide.html")[0] == 0
    html = (in_tmp / "guide.html").read_text()
    assert "<h2>The agenda</h2>" in html and '<th scope="col">Minutes</th>' in html
    assert crbd("example", "guide", "-o", "guide.pdf")[0] == 0
    reader = PdfReader(io.BytesIO((in_tmp / "guide.pdf").read_bytes()))
    text = " ".join("".join(page.extract_text() for page in reader.pages).split())
    assert "Running a two-hour children's rights by design workshop" in text
    assert "Where the teams disagree" in text and "crbd workshop team-a.yaml" in text


def test_the_workshop_can_compare_the_shared_domain_only(three_teams: list[Path]) -> None:
    from toolkit.model.assessment import ControlAnswer
    from toolkit.model.files import save_assessment

    owls = load_assessment(three_teams[0])
    live = {**owls.answers, "LIVE-01": ControlAnswer(answer="no", note="Own domain")}  # type: ignore[arg-type]
    save_assessment(owls.model_copy(update={"answers": live}), three_teams[0])
    everything = crbd("workshop", *map(str, three_teams))[1]
    assert "LIVE-01" in everything and "GOV-01" not in everything
    code, shared, _ = crbd("workshop", *map(str, three_teams), "--domain", "con")
    assert code == 0
    assert "CON-01" in shared and "LIVE-01" not in shared
    assert "T1 (no): Strangers can message after one shared group." in shared
    code, _, err = crbd("workshop", *map(str, three_teams), "--domain", "XX")
    assert code == 2 and "No domain XX in pack core" in err


def test_a_workshop_before_the_risk_step_says_so(in_tmp: Path) -> None:
    for team in ("a", "b"):
        assert crbd("example", "copy", "brickland", f"{team}.yaml", "--blank")[0] == 0
    code, out, _ = crbd("workshop", "a.yaml", "b.yaml")
    assert code == 0
    assert "No team rated any of the 19 harms in scope yet (crbd assess FILE --risks)." in out
    assert "Residual risk by team" not in out  # no empty table
    assert "What the teams wrote" not in out  # nothing disputed, nothing noted


@pytest.mark.parametrize(
    ("lang", "opening", "agenda"),
    [
        ("de", "# Einen zweistündigen Workshop", "Wo die Teams sich uneinig sind"),
        ("fr", "# Animer un atelier de deux heures", "Là où les équipes divergent"),
    ],
)
def test_the_guide_speaks_the_run_s_language_with_the_pack_s_own_translation(
    lang: str, opening: str, agenda: str, core: Pack
) -> None:
    from toolkit.model.overlays import translated

    code, out, _ = crbd("--lang", lang, "example", "guide")
    assert code == 0 and out.startswith(opening) and agenda in out
    assert "<!-- crbd:" not in out
    con = translated(core, lang).domain("CON")
    assert con is not None
    first = max(con.controls, key=lambda control: control.severity == "critical")
    source = core.control(first.id)
    assert source is not None and first.title != source.title  # the overlay has a title for it
    assert f"**{first.id} {first.title}**" in out
    assert f"| CON {con.title} |" in out
    assert "crbd serve --workshop" in out
