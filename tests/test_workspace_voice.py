"""Shared and own voice rules in a workspace: every brand may use the shared styles and
vocabularies; a brand's own rules never reach another brand, even under the same
style name, and two brands' contradicting rules each hold for their brand alone."""

from __future__ import annotations

import json
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]

STRATEGY = """\
brand: {name}
timezone: Europe/Paris
channels:
  mastodon: {{platform: mastodon, instance: http://127.0.0.1:9}}
"""
SWAP = """\
extends: substitution
message: "Write '%s', not '%s'."
level: error
ignorecase: true
swap:
  {old}: {new}
"""
WORDS = "Buy now, purchase later, synergy of awesome SoundCloud soundcloud."


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """sol says buy, never purchase; luna says purchase, never buy. Both use the shared
    Team style; luna has a Team style of its own, which wins for luna alone."""
    top = tmp_path / "ws"
    write(top / "smm.yaml", "brands:\n  sol: brands/sol\n  luna: brands/luna\n")
    write(top / "shared/styles/Team/Jargon.yml",
          "extends: existence\nmessage: \"No '%s'.\"\nlevel: warning\ntokens: [synergy]\n")
    write(top / "shared/vocab/Team/accept.txt", "SoundCloud\n")
    for key, old, new, vocab in (("sol", "purchase", "buy", "[., Team]"),
                                 ("luna", "buy", "purchase", "[.]")):
        b = top / "brands" / key
        write(b / "strategy.yaml", STRATEGY.format(name=key.title()))
        write(b / "brand/brand.yaml",
              f"name: {key.title()}\nvoice:\n  styles: [House, Team]\n  vocab: {vocab}\n")
        write(b / "brand/styles/House/Words.yml", SWAP.format(old=old, new=new))
        write(b / "content/posts/p.md",
              f"---\npublish_at: 2026-12-01T09:00\nchannels: [mastodon]\n---\n{WORDS}\n")
    write(top / "brands/luna/brand/styles/Team/Jargon.yml",
          "extends: existence\nmessage: \"No '%s' here.\"\nlevel: warning\ntokens: [awesome]\n")
    subprocess.run(["git", "init", "-q", str(top)], check=True)  # paths shown from its top
    monkeypatch.chdir(top)
    return top


def findings(cli: Cli, *args: str) -> set[tuple[str, str, str]]:
    code, out, err = cli("validate", "--format", "json", *args)
    assert code in (0, 1), err
    return {(d["brand"], d["rule"], d["message"]) for d in json.loads(out)
            if d["rule"] != "length.mastodon"}


def test_contradicting_rules_each_hold_for_their_brand(two: Path, cli: Cli) -> None:
    for _ in range(2):  # a cold run, then the same from the cache
        found = findings(cli)
        assert ("sol", "House.Words", "Write 'buy', not 'purchase'.") in found
        assert ("luna", "House.Words", "Write 'purchase', not 'Buy'.") in found
        assert not any(b == "sol" and "Write 'purchase'" in m for b, _, m in found)
        assert not any(b == "luna" and "Write 'buy'" in m for b, _, m in found)
        assert not any(b == "sol" and "not 'Buy'" in m for b, _, m in found)


def test_shared_style_and_vocabulary_and_own_override(two: Path, cli: Cli) -> None:
    found = findings(cli)
    # sol takes the shared Team style and vocabulary
    assert ("sol", "Team.Jargon", "No 'synergy'.") in found
    assert ("sol", "Vale.Terms", "Use 'SoundCloud' instead of 'soundcloud'.") in found
    # luna's own Team style replaces the shared one for luna; it names no shared vocab
    assert ("luna", "Team.Jargon", "No 'awesome' here.") in found
    assert not any(b == "luna" and m == "No 'synergy'." for b, _, m in found)
    assert not any(b == "luna" and r == "Vale.Terms" for b, r, _ in found)
    assert not any(b == "sol" and "awesome" in m for b, _, m in found)


def test_a_shared_rule_change_reaches_every_brand_past_the_cache(two: Path, cli: Cli) -> None:
    assert ("sol", "Team.Jargon", "No 'synergy'.") in findings(cli, "brands/sol/content/posts/p.md")
    write(two / "shared/styles/Team/Jargon.yml",
          "extends: existence\nmessage: \"Never '%s'.\"\nlevel: warning\ntokens: [synergy]\n")
    # pre-commit passes the changed rule file alone: every brand is checked again
    found = findings(cli, "shared/styles/Team/Jargon.yml")
    assert ("sol", "Team.Jargon", "Never 'synergy'.") in found
    assert not any(m == "No 'synergy'." for _, _, m in found)


def test_a_style_no_brand_or_shared_folder_has(two: Path, cli: Cli) -> None:
    write(two / "brands/sol/brand/brand.yaml", "name: Sol\nvoice:\n  styles: [Luna]\n")
    code, _, err = cli("validate")
    assert code == 2
    assert "style 'Luna' has no folder brands/sol/brand/styles/Luna/" in err
