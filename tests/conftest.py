"""Shared fixtures: the example repository, and small brands built in temp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from workspace_kit import Brand, Team, make_team  # one Brand for every test

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# The moment every test acts at (smm's one "now", through SMM_NOW), unless it passes
# --now or tests the default: the suite passes on any date. The example brand's own
# frozen_now is this moment too.
TEST_NOW = "2026-11-27T09:00:00+01:00"


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_NOW", TEST_NOW)

MINI_STRATEGY = """\
brand: Test Roasters
timezone: Europe/Paris
lang: en
languages: [en, fr]
goals:
  - id: awareness
    kpis:
      - {metric: impressions, target: 1000, per: month}
audiences:
  - id: baristas
channels:
  x: {platform: x, api: http://127.0.0.1:9}
  bluesky: {platform: bluesky, service: http://127.0.0.1:9}
  mastodon: {platform: mastodon, instance: http://127.0.0.1:9}
  instagram: {platform: instagram, api: http://127.0.0.1:9}
  linkedin: {platform: linkedin, api: http://127.0.0.1:9}
cadence:
  x: {max_per_day: 2, min_gap: 2h}
"""


@pytest.fixture
def brand(tmp_path: Path) -> Brand:
    root = tmp_path / "repo"
    root.mkdir()
    b = Brand(root)
    b.write("strategy.yaml", MINI_STRATEGY)
    b.write("brand/brand.yaml", "name: Test Roasters\n")
    return b


@pytest.fixture
def example(tmp_path: Path) -> Brand:
    """A copy of this repository's example brand, safe to modify."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("strategy.yaml", "brand", "content", "site", "state"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("_generated"))
        elif src.is_file():
            shutil.copy2(src, root / name)
    return Brand(root)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `smm ARGS...` in-process: returns (exit code, stdout, stderr)."""
    from smm.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run



@pytest.fixture
def team(tmp_path: Path) -> Team:
    """A workspace of three brands made by `smm init` (tests/workspace_kit.py)."""
    return make_team(tmp_path / "team")
