"""The served folder: the only files the browser front end reads or writes.

An assessment is named by its file name alone, checked against a narrow
pattern (no slash, no leading dot, a YAML suffix), and its real path must lie
in the folder itself: `..`, an absolute path or a symbolic link that leads out
of the folder is refused with one sentence, before anything is opened.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import FileProblem, UsageProblem
from toolkit.i18n import _

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,120}\.ya?ml")
"""A file name the app serves: letters, digits, dot, dash, underscore and space."""


class OutsideFolder(UsageProblem):
    """A name that does not lead to a file directly inside the served folder."""


@dataclass(frozen=True)
class Folder:
    """The folder `crbd serve` serves, resolved once when the server starts."""

    root: Path

    @classmethod
    def at(cls, path: Path) -> Folder:
        """The served folder; one clear sentence if it is not a folder."""
        real = Path(os.path.realpath(path))
        if not real.is_dir():
            raise FileProblem(_("{path}: is not a folder.").format(path=path))
        return cls(real)

    def path_of(self, name: str) -> Path:
        """The path of the file `name` in the folder (it need not exist yet)."""
        if not NAME.fullmatch(name) or ".." in name:
            raise OutsideFolder(
                _("{name!r} is not the name of an assessment file in this folder.").format(
                    name=name
                )
            )
        path = self.root / name
        real = Path(os.path.realpath(path))
        if real.parent != self.root:
            raise OutsideFolder(
                _("{name} leads outside the folder crbd serves; it is not opened.").format(
                    name=name
                )
            )
        return path

    def existing(self, name: str) -> Path:
        """The path of an existing assessment file in the folder."""
        path = self.path_of(name)
        if not path.is_file():
            raise FileProblem(_("There is no file {name} in this folder.").format(name=name))
        return path

    def yaml_files(self) -> list[str]:
        """The names of the YAML files directly in the folder that the app may open."""
        names = []
        for entry in sorted(self.root.iterdir()):
            try:
                if entry.is_file() and self.path_of(entry.name):
                    names.append(entry.name)
            except OutsideFolder:
                continue
        return names
