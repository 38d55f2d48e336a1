"""The bundled example assessments: fictional products for demos, workshops and tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import FileProblem, UnknownItem
from toolkit.model.files import load_assessment
from toolkit.model.resources import bundled


@dataclass(frozen=True)
class Example:
    """One example: its name (the file's stem), where it is, and what it is."""

    name: str
    path: Path
    description: str


def examples() -> list[Example]:
    """Every bundled example, by name, described from its own metadata."""
    return [_describe(path) for path in sorted(bundled("examples").glob("*.yaml"))]


def _describe(path: Path) -> Example:
    """What the product is, from the file's opening comment (`# Name: what it is.`),
    else who makes it and when it was assessed."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    if first.startswith("#") and ":" in first:
        return Example(path.stem, path, first.lstrip("# ").split(":", 1)[1].strip())
    metadata = load_assessment(path).metadata
    product = " ".join(filter(None, [metadata.product, metadata.product_version]))
    by = f" by {metadata.organisation}" if metadata.organisation else ""
    on = f", assessed {metadata.updated_on.isoformat()}" if metadata.updated_on else ""
    return Example(path.stem, path, f"{product or path.stem}{by}{on}")


def copy_example(name: str, destination: Path | None = None) -> Path:
    """Copy an example (byte for byte, comments included); never overwrite a file.

    `destination` may be a folder (the example keeps its file name) or a file;
    by default it is the example's file name in the current folder.
    """
    found = {example.name: example for example in examples()}
    if name not in found:
        raise UnknownItem(f"No example called {name!r}; use one of {', '.join(sorted(found))}.")
    source = found[name].path
    target = destination or Path(source.name)
    if target.is_dir():
        target = target / source.name
    try:
        with target.open("xb") as stream:  # "x": fails if the file exists, atomically
            stream.write(source.read_bytes())
    except FileExistsError:
        raise FileProblem(
            f"{target} already exists; crbd will not overwrite it. Choose another destination."
        ) from None
    except OSError as error:
        raise FileProblem(f"{target}: cannot write the example ({error.strerror}).") from None
    return target
