"""The codebase stays ruff-clean and mypy-clean: CI fails otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff() -> None:
    r = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=REPO, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def test_commands_import_lazily() -> None:
    """`smm --help` and the pre-commit path must not pay for what they do not use."""
    code = ("import sys, smm.cli, smm.commands.validate; "
            "heavy = [m for m in ('httpx', 'git', 'mkdocs', 'jinja2', 'PIL', 'markdown_it', "
            "'pygal', 'icalendar') if m in sys.modules]; print(heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
