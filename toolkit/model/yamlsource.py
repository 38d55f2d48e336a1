"""Safe YAML reading that remembers where each value came from.

Validation errors are only useful if they point at a line, so we compose the
YAML node tree (safe loader: no arbitrary tags) and record the line of every
mapping key and sequence item by its path, the same tuple pydantic uses in an
error's `loc`. Duplicate keys, which PyYAML would silently overwrite, are
reported instead of losing one of the user's values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import FileProblem, Problem, ValidationFailed

Loc = tuple[str | int, ...]


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise FileProblem(f"{path}: is a folder, not a YAML file.") from None
    except UnicodeDecodeError:
        raise FileProblem(f"{path}: is not UTF-8 text.") from None
    except OSError as error:
        raise FileProblem(f"{path}: cannot be read ({error.strerror}).") from None
    return parse_yaml(text, path)


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when available) with YAML 1.2 booleans.

    Only true/false are booleans, never yes/no/on/off: answers are literally
    `yes` and `no`, which YAML 1.1 would turn into booleans.
    """


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
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:
        raise FileProblem(f"{path}: not valid YAML: {error}.") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(path, None)
        lines: dict[Loc, int] = {}
        problems: list[Problem] = []
        _index(node, (), lines, problems, path)
        if problems:
            raise ValidationFailed(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = error.problem or error.context or "invalid YAML"
        raise FileProblem(f"{path}:{line}: not valid YAML: {reason}.") from None
    except yaml.YAMLError as error:
        raise FileProblem(f"{path}: not valid YAML: {error}.") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _index(
    node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[Problem], path: Path
) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                problems.append(
                    Problem(
                        path, dotted(loc + (key,)), "appears twice", key_node.start_mark.line + 1
                    )
                )
            seen.add(key)
            child = loc + (key,)
            lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, lines, problems, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, loc + (index,), lines, problems, path)


def dotted(loc: Loc) -> str:
    """Render a loc as `controls[3].severity`, the form users see in messages."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def dump_yaml(data: Any) -> str:
    """YAML that reads back to exactly `data`.

    Readable Unicode is preferred, but PyYAML cannot write a few characters
    (such as U+0085) literally without changing them; for such data every
    non-ASCII character is escaped instead, so a user's text is never altered.
    """
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    if yaml.load(text, Loader=_Loader) == data:  # _Loader is a SafeLoader
        return text
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=88)
