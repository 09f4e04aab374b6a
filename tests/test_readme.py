"""The README's tour works as written on a fresh copy of the example, on any date: every
`smm` command in its shell blocks runs, and what the text says it shows is there."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


TOUR = REPO.joinpath("README.md").read_text(encoding="utf-8").split(
    "## A tour for a social media manager", 1)[1].split("\n## ", 1)[0]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", TOUR, flags=re.S)


def test_the_tour_runs_as_written(example: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMM_NOW")  # the example's own frozen_now, as a reader gets it
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=example.root, check=True)
    commands = [shlex.split(line) for block in _blocks("sh") for line in block.splitlines()
                if line.strip()]
    assert [c[1] for c in commands] == ["new", "preview", "count", "validate", "status",
                                        "publish", "kpi", "site"]
    said: dict[str, str] = {}
    for argv in commands:
        assert argv[0] == "smm"
        r = subprocess.run([sys.executable, "-m", "smm", *argv[1:]], cwd=example.root,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, (argv, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr
        said[argv[1]] = r.stdout + r.stderr
    # `smm new` made the file the README names, holding what the README shows.
    (shown,) = _blocks("markdown")
    path = re.search(r"creates `(content/posts/[^`]+)`", TOUR)
    assert path is not None
    assert example.root.joinpath(path.group(1)).read_text(encoding="utf-8") == shown
    assert "2026-11-27T13:00" in said["new"]
    assert "53/280 weighted" in said["count"]
    assert "as of 2026-11-27T09:00+01:00 (strategy.yaml frozen_now)" in said["status"]
    assert "built " in said["site"] and (example.root / "site/_build/index.html").is_file()
    # The other moment the tour names, through --now.
    r = subprocess.run([sys.executable, "-m", "smm", "status", "--now", "2026-12-08T10:00"],
                       cwd=example.root, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "missed (" in r.stdout


def test_readme_starts_with_the_two_commands() -> None:
    text = REPO.joinpath("README.md").read_text(encoding="utf-8")
    first, second = re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)[:2]
    assert first == ("python3 -m venv .venv && .venv/bin/pip install -q -e . && "
                     ".venv/bin/smm validate && .venv/bin/smm site build")
    assert second.endswith(".venv/bin/python -m pytest -n 2")
    ci = Path(REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci
