"""Loading and validating packs: the shipped pack, and one invalid case per data file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.helpers import DATA, MINI
from toolkit.cli import app
from toolkit.errors import CrbdError, FileProblem, ValidationFailed
from toolkit.model.pack import Pack
from toolkit.model.packs import available_packs, load_pack, resolve_pack
from toolkit.model.yamlsource import dump_yaml, parse_yaml

INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def test_core_pack_loads_with_twelve_domains(core: Pack) -> None:
    assert [d.prefix for d in core.domains] == [
        "GOV",
        "AGE",
        "PRIV",
        "CON",
        "LIVE",
        "RECO",
        "REP",
        "CSEA",
        "E2EE",
        "DES",
        "FAM",
        "TRA",
    ]
    assert len(core.content_hash) == 64


def test_content_hash_is_stable_and_changes_with_content(tmp_path: Path) -> None:
    copy = shutil.copytree(MINI, tmp_path / "mini")
    first = load_pack(copy).content_hash
    assert load_pack(copy).content_hash == first
    (copy / "alpha.yaml").write_text((copy / "alpha.yaml").read_text().replace("Because.", "So."))
    assert load_pack(copy).content_hash != first


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_pack_is_refused_with_located_message(case: Path, tmp_path: Path) -> None:
    header, _, body = case.read_text().partition("\n# expect: ")
    target = header.removeprefix("# replaces: ").strip()
    expected, _, content = body.partition("\n")
    pack = shutil.copytree(MINI, tmp_path / "mini")
    (pack / target).write_text(content)
    with pytest.raises(CrbdError) as raised:
        load_pack(pack)
    messages = (
        [str(p) for p in raised.value.problems]
        if isinstance(raised.value, ValidationFailed)
        else [str(raised.value)]
    )
    assert any(expected in message for message in messages), messages


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    pack = shutil.copytree(MINI, tmp_path / "mini")
    alpha = (pack / "alpha.yaml").read_text()
    (pack / "alpha.yaml").write_text(
        alpha.replace("severity: high", "severity: hgih").replace("ref: S1", "ref: S7")
    )
    (pack / "beta.yaml").write_text(
        (pack / "beta.yaml").read_text().replace("feature: live", "feature: x")
    )
    with pytest.raises(ValidationFailed) as raised:
        load_pack(pack)
    assert len(raised.value.problems) == 2  # the bad severity stops that file's cross-checks
    files = {p.file.name for p in raised.value.problems}
    assert files == {"alpha.yaml", "beta.yaml"}


def test_not_a_pack_folder(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="not a checklist pack"):
        load_pack(tmp_path)


def test_user_folders_come_before_bundled_packs(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mine" / "mini")
    packs = available_packs([tmp_path / "mine"])
    assert list(packs)[:1] == ["mini"] and "core" in packs
    assert resolve_pack("mini", [tmp_path / "mine"]) == tmp_path / "mine" / "mini"
    with pytest.raises(CrbdError, match="No checklist pack called 'nope'"):
        resolve_pack("nope", [tmp_path / "mine"])


def test_yes_and_no_stay_strings_and_lines_are_known() -> None:
    document = parse_yaml("a:\n  - x: yes\n  - x: no\nb: true\n", Path("f.yaml"))
    assert document.data == {"a": [{"x": "yes"}, {"x": "no"}], "b": True}
    assert document.line_of(("a", 1, "x")) == 3
    assert document.line_of(("a", 1, "x", "deeper")) == 3


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_yaml_round_trip_of_any_plain_data(value: object) -> None:
    text = dump_yaml({"root": value})
    assert parse_yaml(text, Path("f.yaml")).data == {"root": value}


@given(st.text(max_size=200))
def test_any_text_either_parses_or_gives_one_clear_error(text: str) -> None:
    try:
        parse_yaml(text, Path("f.yaml"))
    except CrbdError as error:
        assert str(error).startswith("f.yaml")


def test_a_domain_file_linked_to_outside_the_pack_is_refused_unread(tmp_path: Path) -> None:
    pack = shutil.copytree(MINI, tmp_path / "mini")
    outside = tmp_path / "secret.yaml"
    outside.write_text("prefix: B\nsecret: do not quote me\n")
    (pack / "beta.yaml").unlink()
    (pack / "beta.yaml").symlink_to(outside)
    with pytest.raises(ValidationFailed) as raised:
        load_pack(pack)
    assert str(raised.value) == (
        f"{pack / 'pack.yaml'}:29 domains[1]: file 'beta.yaml' is outside the pack folder; "
        "name a file inside it, relative to pack.yaml"
    )


@pytest.mark.parametrize(
    "name",
    ["a" * 300 + ".yaml", "deep/" * 900 + "x.yaml", "é" * 130 + ".yaml"],
    ids=["long name", "long path", "long in bytes"],
)
def test_a_domain_file_name_no_file_system_holds_is_one_problem(tmp_path: Path, name: str) -> None:
    pack = shutil.copytree(MINI, tmp_path / "mini")
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("beta.yaml]", f"{name!r}]"))
    with pytest.raises(ValidationFailed) as raised:
        load_pack(pack)
    message = str(raised.value)
    assert message.startswith(f"{manifest}:29 domains[1]: file "), message
    assert "more than the 255 a file system allows" in message or "does not exist" in message
    runner_result = CliRunner().invoke(app, ["checklist", "validate", str(pack)])
    assert runner_result.exit_code == 2 and "Traceback" not in runner_result.output
