"""A non-editable install (a real wheel) finds its bundled checklists and templates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_install_finds_checklists_and_templates(tmp_path: Path) -> None:
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    elsewhere.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, ROOT], check=True
    )
    wheel = next(wheels.glob("crbd-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", target, wheel], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}

    def crbd(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "toolkit", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    where = subprocess.run(
        [sys.executable, "-c", "import toolkit; print(toolkit.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    assert "core" in crbd("checklist", "list")
    crbd("report", str(ROOT / "examples" / "brickland.yaml"), "--format", "html", "-o", "r.html")
    assert "Gap register" in (elsewhere / "r.html").read_text()
