"""A workspace of three brands made by `smm init`, for the workspace tests (a module of
its own: test files import it, where `conftest` would be ambiguous)."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path


class Brand:
    """A brand's folder, to write its files in."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def post(self, name: str, text: str) -> Path:
        return self.write(f"content/posts/{name}.md", text)

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True,
                              text=True).stdout


class Team:
    """A workspace of three brands made by `smm init`: fernwood and acme (English,
    UTC), lune (French, Europe/Paris, reviewed by @lune-team)."""

    KEYS = ("fernwood", "acme", "lune")

    def __init__(self, root: Path):
        self.root = root

    def brand(self, key: str) -> Brand:
        return Brand(self.root / "brands" / key)

    def post(self, key: str, name: str, text: str) -> Path:
        return self.brand(key).post(name, text)


def make_team(root: Path, git: bool = False) -> Team:
    from smm.cli import main

    flag = "--git" if git else "--no-git"
    assert main(["init", str(root), "--add-brand", "fernwood", "--add-brand", "acme",
                 flag]) == 0
    assert main(["init", str(root), "--add-brand", "lune", "--lang", "fr", "--timezone",
                 "Europe/Paris", "--brand", "Lune Thé", "--reviewers", "@lune-team"]) == 0
    return Team(root)
