"""Safe YAML reading that remembers where each value came from.

Validation errors are only useful if they point at a line, so we compose the
YAML node tree (safe loader: no arbitrary tags) and record the line of every
mapping key and sequence item by its path, the same tuple pydantic uses in an
error's `loc`. Duplicate keys, which PyYAML would silently overwrite, are
reported instead of losing one of the user's values.

Files come from other people (workshops, pull requests), so reading is
bounded: the file's size, the nodes after alias expansion, the aliases, the
nesting depth and each scalar's length have limits, checked on the node tree
before anything is built from it. A value YAML cannot convert (2026-02-30,
`!!int 0xZZ`, an integer of 5,000 digits) is a located error too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.reader import ReaderError

from toolkit.errors import FileProblem, Problem, ValidationFailed

if TYPE_CHECKING:
    from pydantic import ValidationError

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Far above the largest real assessment (a few hundred kilobytes)."""
MAX_NODES = 1_000_000
"""Values in the document, counting each alias as often as it is used."""
MAX_ALIASES = 10_000
"""Uses of `*alias`; crbd never writes one, people rarely need many."""
MAX_DEPTH = 64
"""Nesting of mappings and lists; crbd's own files need fewer than ten levels."""
MAX_SCALAR_CHARS = 1024 * 1024
"""One value (a note, a title): a megabyte of text."""


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus a map from field paths to 1-based line numbers."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest known ancestor of `loc` (pydantic locs can go deeper)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def read_yaml(path: Path) -> YamlDocument:
    """Read one YAML file; raise a one-sentence error for missing or malformed files."""
    return parse_yaml(read_text(path, "YAML file"), path)


def read_text(path: Path, kind: str) -> str:
    """A UTF-8 text file crbd reads (YAML, an answers or audit CSV), within the size limit;
    a byte-order mark is dropped. Every failure is one sentence naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and path.is_file():
            raise FileProblem(
                f"{path}: is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} bytes "
                f"for a crbd {kind}."
            )
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise FileProblem(f"{path}: is a folder, not a {kind}.") from None
    except UnicodeDecodeError:
        raise FileProblem(f"{path}: is not UTF-8 text.") from None
    except OSError as error:
        raise FileProblem(f"{path}: cannot be read ({error.strerror}).") from None


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when available) with YAML 1.2 booleans.

    Only true/false are booleans, never yes/no/on/off: answers are literally
    `yes` and `no`, which YAML 1.1 would turn into booleans. A value that
    cannot be converted is reported with its line, not as a traceback.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as error:
            raise _Unconvertible(node, error) from None


class _Unconvertible(Exception):
    """A scalar whose tag says what it is, but whose text is not one (2026-02-30)."""

    def __init__(self, node: yaml.Node, error: Exception) -> None:
        super().__init__(str(error))
        self.node = node
        self.error = error


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text (named `path` in messages) into data and a line map."""
    if len(text) > MAX_FILE_BYTES:
        raise FileProblem(
            f"{path}: has more than the limit of {MAX_FILE_BYTES:,} characters "
            "for a crbd YAML file."
        )
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:
        raise FileProblem(f"{path}: not valid YAML: {_one_line(error)}.") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(path, None)
        lines: dict[Loc, int] = {}
        problems: list[Problem] = []
        _index(node, lines, problems, path)
        if problems:
            raise ValidationFailed(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = _one_line(error.problem or error.context or "invalid YAML")
        raise FileProblem(f"{path}:{line}: not valid YAML: {reason}.") from None
    except ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        raise FileProblem(
            f"{path}:{line}: not valid YAML: character #x{error.character:04x} is not allowed "
            "(a control character or a damaged file)."
        ) from None
    except yaml.YAMLError as error:
        raise FileProblem(f"{path}: not valid YAML: {_one_line(error)}.") from None
    except _Unconvertible as error:
        value = _one_line(str(error.node.value))
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise FileProblem(
            f"{path}:{error.node.start_mark.line + 1}: cannot read {shown!r} as "
            f"{error.node.tag.rsplit(':', 1)[-1]}: {_one_line(error.error)}."
        ) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _one_line(reason: object) -> str:
    return " ".join(str(reason).split())


def _index(root: yaml.Node, lines: dict[Loc, int], problems: list[Problem], path: Path) -> None:
    """Record every value's line, report duplicate keys, and enforce the limits.

    Iterative, so a deep file cannot exhaust Python's stack; each alias is
    walked as often as it is used, which is exactly the work (and memory)
    building the data would cost, so the node limit stops alias bombs here.
    """
    visited: set[int] = set()
    nodes = aliases = 0
    stack: list[tuple[yaml.Node, Loc, bool]] = [(root, (), True)]  # node, path, not a key
    while stack:
        node, loc, is_value = stack.pop()
        line = node.start_mark.line + 1
        nodes += 1
        if id(node) in visited and not isinstance(node, yaml.ScalarNode):
            aliases += 1
        visited.add(id(node))
        _within(path, line, "values (counting each use of an alias)", nodes, MAX_NODES)
        _within(path, line, "uses of aliases", aliases, MAX_ALIASES)
        _within(path, line, "levels of nesting", len(loc), MAX_DEPTH)
        if is_value:
            lines.setdefault(loc, line)
        if isinstance(node, yaml.ScalarNode):
            _within(path, line, "characters in one value", len(node.value), MAX_SCALAR_CHARS)
        elif isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            children: list[tuple[yaml.Node, Loc, bool]] = []
            for key_node, value_node in node.value:
                key = str(key_node.value)
                key_line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(path, dotted(loc + (key,)), "appears twice", key_line))
                seen.add(key)
                child = loc + (key,)
                lines[child] = key_line
                stack.append((key_node, child, False))
                children.append((value_node, child, True))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            items = [(item, (*loc, index), is_value) for index, item in enumerate(node.value)]
            stack.extend(reversed(items))


def _within(path: Path, line: int, what: str, count: int, limit: int) -> None:
    if count > limit:
        raise FileProblem(f"{path}:{line}: more than {limit:,} {what}; crbd reads no further.")


def dotted(loc: Loc) -> str:
    """Render a loc as `controls[3].severity`, the form users see in messages."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def dump_yaml(data: Any) -> str:
    """YAML that reads back to exactly `data`.

    Readable Unicode is preferred, but YAML writers cannot write a few characters
    (such as U+0085) literally without changing them; for such data every
    non-ASCII character is escaped instead, so a user's text is never altered.
    """
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    if yaml.load(text, Loader=_Loader) == data:  # _Loader is a SafeLoader
        return text
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=False, width=88)


_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's writer when available: a 50 MB assessment saves in seconds, not minutes."""


def problems_from(error: ValidationError, document: YamlDocument) -> list[Problem]:
    """Turn pydantic errors into located problems with messages users can act on."""
    found = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        found.append(Problem(document.path, dotted(loc), _message(detail), document.line_of(loc)))
    return found


def _message(detail: Any) -> str:
    kind, value = detail["type"], detail.get("input")
    if kind in ("enum", "literal_error"):
        allowed = str(detail.get("ctx", {}).get("expected", "")).replace("'", "")
        return f"{value!r} is not one of {allowed.replace(' or ', ', ')}"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind == "string_type":
        return "must be text (quote it if it contains ': ' or starts with a special character)"
    if kind == "missing":
        return "is required"
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not have the expected form ({detail['ctx']['pattern']})"
    return str(detail["msg"]).removeprefix("Value error, ")
