"""Hostile and damaged YAML: every refusal is one located line, never a hang or a traceback."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.helpers import EXAMPLES, MINI
from toolkit.cli import app
from toolkit.errors import CrbdError
from toolkit.model import yamlsource
from toolkit.model.yamlsource import parse_yaml

runner = CliRunner()
YARNLY = (EXAMPLES / "yarnly.yaml").read_text(encoding="utf-8")


def score(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), "score", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def refused(tmp_path: Path, text: str, *, expected: str) -> str:
    """Score a file with `text`; assert a one-line refusal with exit 2 that mentions `expected`."""
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    code, stderr = score(path)
    assert time.monotonic() - started < 10
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"crbd: {path}"), stderr
    assert expected in stderr, stderr
    return stderr


def alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * fan_out)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    stderr = refused(tmp_path, alias_bomb(), expected="uses of aliases")
    assert "hostile.yaml:1: more than 10,000 uses of aliases" in stderr  # the anchor's line


def test_a_wide_alias_fan_out_hits_the_node_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsource, "MAX_ALIASES", 10**9)
    monkeypatch.setattr(yamlsource, "MAX_NODES", 100_000)
    refused(tmp_path, alias_bomb(12, 12), expected="100,000 values")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    refused(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n", expected="64 levels of nesting")


def test_deeper_nesting_than_libyaml_allows_is_one_line(tmp_path: Path) -> None:
    refused(tmp_path, "a: " + "[" * 20000 + "]" * 20000 + "\n", expected="not valid YAML")


def test_a_huge_value_is_refused(tmp_path: Path) -> None:
    refused(
        tmp_path, "note: " + "x" * (yamlsource.MAX_SCALAR_CHARS + 1) + "\n", expected="1,048,576"
    )


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 1000)
    refused(tmp_path, YARNLY, expected="more than the limit of 1,000 bytes")


@pytest.mark.parametrize("day", ["2026-02-30", "2026-00-10", "0000-01-01", "2026-13-01"])
def test_an_impossible_date_is_one_line(tmp_path: Path, day: str) -> None:
    text = YARNLY.replace("updated_on: '2026-11-26'", f"updated_on: {day}", 1)
    assert text != YARNLY
    refused(tmp_path, text, expected=f"cannot read '{day}' as timestamp")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!int 0xZZ", "cannot read '0xZZ' as int"),
        ("!!float abc", "cannot read 'abc' as float"),
        ("!!timestamp someday", "as timestamp"),
        ("1" * 5000, "as int: Exceeds the limit"),
        ("!!bool maybe", "cannot read 'maybe' as bool"),
        ("!!set [1]", "not valid YAML: expected a mapping node"),
        ("!!python/object:os.system x", "not valid YAML"),
    ],
)
def test_a_value_yaml_cannot_convert_is_one_line(tmp_path: Path, value: str, expected: str) -> None:
    refused(tmp_path, f"crbd_assessment: 1\nproduct_version: {value}\n", expected=expected)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_a_control_character_in_the_file_is_refused(tmp_path: Path, character: str) -> None:
    text = YARNLY.replace("Yarnly", f"Yarn{character}ly", 1)
    refused(tmp_path, text, expected="is not allowed")


def test_a_duplicate_key_is_refused_not_overwritten(tmp_path: Path) -> None:
    text = YARNLY.replace("metadata:\n", "metadata:\n  product: Other\n", 1)
    refused(tmp_path, text, expected="appears twice")


def test_a_million_character_pack_id_is_one_line(tmp_path: Path) -> None:
    text = "crbd_assessment: 1\npack:\n  id: " + "p" * 1_000_000 + "\n  version: 0.1.0\n"
    path = tmp_path / "long-id.yaml"
    path.write_text(text, encoding="utf-8")
    code, stderr = score(path)
    assert code == 2
    assert stderr.startswith("crbd: No checklist pack called 'ppp")
    assert stderr.count("\n") == 1 and len(stderr) < 500


# A seeded mutator over the examples and the core pack: each mutant is read by
# crbd's loader and, independently, by PyYAML's pure-Python parser. crbd must
# either refuse it with one line, or load exactly what the clean parse says.

MUTANTS_PER_FILE = 30


def _sources() -> list[Path]:
    from toolkit.model.resources import bundled

    core = bundled("checklists") / "core"
    return [*sorted(EXAMPLES.glob("*.yaml")), core / "pack.yaml", *sorted(core.glob("*.yaml"))[:1]]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    at = rng.randrange(len(text))
    choice = rng.randrange(9)
    if choice == 0:  # truncated anywhere, even mid-mapping
        return text[:at]
    if choice == 1:  # a duplicated line (often a duplicate key)
        index = rng.randrange(len(lines))
        return "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])
    if choice == 2:  # a random byte, NUL and control characters included
        return text[:at] + chr(rng.choice([0, 1, 7, 9, 27, 127, 0x85, 0xFEFF, 0x2028])) + text[at:]
    if choice == 3:  # a line removed
        index = rng.randrange(len(lines))
        return "".join(lines[:index] + lines[index + 1 :])
    if choice == 4:  # YAML punctuation inserted
        return (
            text[:at]
            + rng.choice(
                ["&a ", "*a", "!!int ", "!!float ", "[", "{", ": ", "- ", "? ", "'", '"', "|", "#"]
            )
            + text[at:]
        )
    if choice == 5:  # indentation broken
        index = rng.randrange(len(lines))
        return "".join([*lines[:index], " " + lines[index], *lines[index + 1 :]])
    if choice == 6:  # a value replaced by a hostile one
        return (
            text[:at]
            + rng.choice(["2026-02-30", "0000-01-01", "0xZZ", "9" * 5000, "1e99999", ".nan", "~"])
            + text[at:]
        )
    if choice == 7:  # a block of lines swapped
        first, second = sorted(rng.sample(range(len(lines)), 2))
        lines[first], lines[second] = lines[second], lines[first]
        return "".join(lines)
    return text[:at] + text[at + rng.randrange(1, 20) :]  # a few characters deleted


class _Reference(yaml.SafeLoader):
    """PyYAML's pure-Python parser with crbd's booleans: an independent clean parse."""


_Reference.yaml_implicit_resolvers = yamlsource._Loader.yaml_implicit_resolvers


def _clean_parse(text: str) -> object:
    return yaml.load(text, Loader=_Reference)  # noqa: S506 - a SafeLoader subclass


@pytest.mark.parametrize("source", _sources(), ids=lambda path: path.name)
def test_mutated_files_are_refused_in_one_line_or_load_as_written(source: Path) -> None:
    rng = random.Random(f"crbd-{source.name}")
    text = source.read_text(encoding="utf-8")
    for _round in range(MUTANTS_PER_FILE):
        mutant = _mutate(text, rng)
        started = time.monotonic()
        try:
            document = parse_yaml(mutant, source)
        except CrbdError as error:
            assert "\n" not in str(error)
            continue
        finally:
            assert time.monotonic() - started < 3
        try:
            clean = _clean_parse(mutant)
        except yaml.YAMLError as error:
            # libyaml, like YAML itself, allows a tab inside a plain value, and a "?"
            # inside a plain value in a flow mapping; PyYAML's pure-Python scanner does not.
            assert "found character '\\t'" in str(error) or "but got '?'" in str(error), error
            continue
        assert document.data == clean, mutant


@pytest.mark.parametrize("seed", range(3))
def test_mutated_assessments_score_or_refuse_without_a_traceback(tmp_path: Path, seed: int) -> None:
    rng = random.Random(f"crbd-score-{seed}")
    path = tmp_path / "mutant.yaml"
    for source in sorted(EXAMPLES.glob("*.yaml")):
        for _round in range(4):
            path.write_text(_mutate(source.read_text(encoding="utf-8"), rng), encoding="utf-8")
            started = time.monotonic()
            code, stderr = score(path)  # asserts that no exception escaped
            assert time.monotonic() - started < 5
            assert code in (0, 2), stderr
            assert code == 0 or stderr.startswith("crbd: "), stderr


def test_a_pack_with_an_alias_bomb_is_refused_by_validate(tmp_path: Path) -> None:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    (pack / "alpha.yaml").write_text(alias_bomb(), encoding="utf-8")
    result = runner.invoke(app, ["checklist", "validate", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "uses of aliases" in result.stderr


def test_an_answers_file_with_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(alias_bomb(), encoding="utf-8")
    target = tmp_path / "new.yaml"
    result = runner.invoke(
        app,
        ["--checklists", str(MINI.parent), "assess", str(target), "--pack", "mini"]
        + ["--as", "t", "--answers-file", str(answers)],
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "uses of aliases" in result.stderr
    assert not target.exists()
