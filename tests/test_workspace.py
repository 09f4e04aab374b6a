"""A workspace of three brands (one in French), made by `smm init`: every command works
at its root and with --brand, and says which brand each line, row and finding is."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable

import pytest
import yaml
from workspace_kit import Team

from smm.project import load_projects

Cli = Callable[..., tuple[int, str, str]]

HELLO = """\
---
publish_at: 2026-12-01T09:00
channels: [mastodon, bluesky]
---
Hello from us, a post every brand has under the same id.
"""


@pytest.fixture
def ws(team: Team, monkeypatch: pytest.MonkeyPatch) -> Team:
    for key in team.KEYS:
        team.post(key, "hello", HELLO)
    monkeypatch.chdir(team.root)
    return team


def test_init_makes_a_workspace_of_three_brands(team: Team) -> None:
    doc = yaml.safe_load((team.root / "smm.yaml").read_text())
    assert doc["brands"] == {k: f"brands/{k}" for k in team.KEYS}
    for key in team.KEYS:
        b = team.root / "brands" / key
        for rel in ("strategy.yaml", "brand/brand.yaml", "content/posts/welcome.md"):
            assert (b / rel).is_file(), (key, rel)
        # Nothing a repository keeps at its top is inside a brand's folder.
        for rel in (".github", ".pre-commit-config.yaml", "requirements.txt", ".gitignore"):
            assert not (b / rel).exists(), (key, rel)
    for rel in (".github/workflows/publish.yml", ".github/CODEOWNERS",
                ".pre-commit-config.yaml", "requirements.txt", "shared/styles/Team"):
        assert (team.root / rel).exists(), rel
    lune = yaml.safe_load((team.root / "brands/lune/strategy.yaml").read_text())
    assert (lune["lang"], lune["timezone"], lune["brand"]) == ("fr", "Europe/Paris", "Lune Thé")
    assert lune["reviewers"] == ["@lune-team"]
    for path in team.root.rglob("*"):  # every placeholder filled in
        if path.is_file():
            assert not re.search(r"__[A-Z_]+__", path.read_text(encoding="utf-8")), path
    projects = load_projects(team.root)
    assert [p.key for p in projects] == list(team.KEYS)
    assert [p.state_branch for p in projects] == [f"smm-state-{k}" for k in team.KEYS]


def test_validate_at_the_root_and_narrowed(ws: Team, cli: Cli) -> None:
    code, out, _ = cli("validate")
    assert code == 0 and "6 posts checked" in out
    code, out, _ = cli("validate", "--brand", "lune")
    assert code == 0 and "2 posts checked" in out
    code, out, _ = cli("validate", "--brand", "lune", "--brand", "acme")
    assert code == 0 and "4 posts checked" in out
    code, out, _ = cli("validate", "--brand", "Lune Thé")  # its name does as well as its key
    assert code == 0 and "2 posts checked" in out


def test_findings_name_their_brand(ws: Team, cli: Cli) -> None:
    for key in ("acme", "lune"):
        ws.post(key, "loud", "---\npublish_at: 2026-12-02T09:00\nchannels: [mastodon]\n---\n"
                "A world-class launch.\n")
    code, out, _ = cli("validate", "--format", "json")
    assert code == 0
    found = {(d["brand"], d["path"]) for d in json.loads(out) if d["rule"] == "Brand.Hype"}
    assert found == {("acme", "brands/acme/content/posts/loud.md"),
                     ("lune", "brands/lune/content/posts/loud.md")}
    code, out, _ = cli("validate", "--format", "github")
    assert "title=lune%3A Brand.Hype (mastodon)" in out
    assert "title=acme%3A Brand.Hype (mastodon)" in out
    code, out, _ = cli("validate")
    assert "brands/lune/content/posts/loud.md  [lune]" in out
    # pre-commit's plain form (read without click) narrows too
    code, out, _ = cli("validate", "--brand", "acme", "--format", "json",
                       str(ws.root / "brands/lune/content/posts/loud.md"))
    assert json.loads(out) == []


def test_status_has_a_brand_column_and_field(ws: Team, cli: Cli) -> None:
    code, out, _ = cli("status")
    assert code == 0
    lines = [ln.split() for ln in out.splitlines() if "posts/hello → mastodon" in ln]
    assert sorted(ln[0] for ln in lines) == sorted(ws.KEYS)  # the same id, told apart
    code, out, _ = cli("status", "--format", "json", "--brand", "fernwood", "--brand", "lune")
    rows = json.loads(out)
    assert {r["brand"] for r in rows} == {"fernwood", "lune"}
    assert {r["brand_name"] for r in rows} == {"Fernwood", "Lune Thé"}


def test_kpi_publish_metrics_name_the_brand(ws: Team, cli: Cli) -> None:
    code, out, _ = cli("kpi", "--format", "json")
    assert code == 0
    assert {k["brand"] for k in json.loads(out)} == set(ws.KEYS)
    code, out, _ = cli("kpi", "--brand", "acme")
    assert "Acme  [acme]" in out and "Lune" not in out
    code, out, _ = cli("publish", "--dry-run", "--format", "json", "--now",
                       "2026-12-01T09:05+00:00")
    assert code == 0
    res = json.loads(out)["results"]
    assert {(r["brand"], r["post_id"]) for r in res} == {(k, "posts/hello") for k in ws.KEYS}
    creds = {r["brand"]: r["detail"]["credentials"] for r in res if r["channel"] == "mastodon"}
    assert creds == {k: [f"SMM_{k.upper()}_MASTODON_TOKEN"] for k in ws.KEYS}
    code, out, _ = cli("publish", "--dry-run", "--brand", "lune", "--now",
                       "2026-12-01T09:05+00:00")
    assert "lune  posts/hello → mastodon" in out and "acme" not in out
    code, out, _ = cli("metrics", "pull", "--dry-run", "--format", "json", "--brand", "acme")
    assert [r["brand"] for r in json.loads(out)] == ["acme"]


def test_new_uses_the_brand_given_or_of_the_folder(ws: Team, cli: Cli,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli("new", "Bonjour", "--channels", "mastodon", "--at", "2026-12-03T10:00")
    assert code == 2 and "several brands here (fernwood, acme, lune)" in err
    assert "--brand" in err
    code, out, _ = cli("new", "Bonjour", "--channels", "mastodon", "--at", "2026-12-03T10:00",
                       "--brand", "lune")
    assert code == 0 and out.strip() == "brands/lune/content/posts/2026-12/2026-12-03-bonjour.md"
    monkeypatch.chdir(ws.root / "brands" / "acme" / "content")
    code, out, _ = cli("new", "Hi", "--channels", "mastodon", "--at", "2026-12-03T10:00")
    assert code == 0 and out.startswith("brands/acme/content/posts/")


def test_new_asks_which_brand_on_a_terminal(ws: Team) -> None:
    """Run in a pseudo-terminal: smm lists the brands and takes a number."""
    import pty
    import select

    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "SMM_NOW": "2026-11-27T09:00:00+01:00"}
    p = subprocess.Popen([sys.executable, "-m", "smm", "new", "Asked", "--channels",
                          "mastodon", "--at", "2026-12-04T10:00"], cwd=ws.root, env=env,
                         stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    seen = b""
    try:
        while b"Which brand?" not in seen:
            ready, _, _ = select.select([leader], [], [], 20)
            assert ready, seen
            seen += os.read(leader, 1024)
        os.write(leader, b"2\n")
        assert p.wait(timeout=30) == 0
    finally:
        p.kill()
        os.close(leader)
    assert b"1. fernwood" in seen and b"3. lune" in seen
    assert (ws.root / "brands/acme/content/posts/2026-12/2026-12-04-asked.md").is_file()


def test_count_and_preview_pick_the_brand(ws: Team, cli: Cli) -> None:
    code, _, err = cli("count", "--channel", "mastodon", "hello")
    assert code == 2 and "pick one with --brand" in err
    code, out, _ = cli("count", "--channel", "mastodon", "--brand", "lune", "hello",
                       "--format", "json")
    assert code == 0 and json.loads(out)["platform"] == "mastodon"
    code, out, _ = cli("count", "--platform", "x", "hello")  # no brand needed
    assert code == 0
    code, out, _ = cli("preview", "brands/lune/content/posts/hello.md")
    assert code == 0 and "Hello from us" in out
    code, _, err = cli("preview", "brands/lune/content/posts/hello.md", "--brand", "acme")
    assert code == 2


def test_unknown_brand_is_a_usage_error(ws: Team, cli: Cli) -> None:
    code, _, err = cli("status", "--brand", "lunne")
    assert code == 2 and "--brand lunne: no such brand here: did you mean 'lune'?" in err
    code, _, err = cli("validate", "--brand", "nope")
    assert code == 2 and "no such brand" in err


def test_a_single_brand_repository_takes_its_own_brand(brand, cli: Cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("validate", "--root", brand.root, "--brand", "test-roasters")
    assert code == 0
    code, out, _ = cli("status", "--root", brand.root, "--brand", "Test Roasters",
                       "--format", "json")
    assert code == 0
    code, _, err = cli("status", "--root", brand.root, "--brand", "acme")
    assert code == 2 and "test-roasters" in err


def test_github_comment_names_the_brands_touched(ws: Team, cli: Cli) -> None:
    code, out, _ = cli("github", "comment", "--dry-run", "--brand", "fernwood", "--brand",
                       "lune")
    assert code == 0
    assert "**Brands touched:** Fernwood (`fernwood`) · Lune Thé (`lune`)" in out
    code, out, _ = cli("github", "comment", "--dry-run",
                       str(ws.root / "brands/acme/content/posts/hello.md"))
    assert "**Brands touched:** Acme (`acme`)" in out


def test_schema_per_brand(ws: Team, cli: Cli) -> None:
    code, out, _ = cli("schema")
    assert code == 0
    for key in ws.KEYS:
        assert (ws.root / "brands" / key / "schemas" / "post.schema.json").is_file()
    code, _, err = cli("schema", "--out", "x")
    assert code == 2


def test_every_command_and_subcommand_takes_brand() -> None:
    """Injected like --now (smm._cli_click), so commands added later get it too."""
    import click

    from smm._cli_click import cli
    from smm.cli import COMMANDS

    def walk(cmd: click.Command, path: str) -> list[tuple[str, click.Command]]:
        out = [(path, cmd)]
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                out += walk(sub, f"{path} {name}")
        return out

    seen = []
    for name in COMMANDS:
        cmd = cli.get_command(click.Context(cli), name)
        assert cmd is not None
        for path, c in walk(cmd, name):
            if isinstance(c, click.Group) or name == "init":
                continue  # init's --brand names the brand it makes
            opts = [o for p in c.params for o in getattr(p, "opts", [])]
            assert "--brand" in opts, path
            seen.append(path)
    assert "metrics pull" in seen and "site build" in seen and "github comment" in seen


def test_a_commit_to_one_brand_reads_that_brand_alone(ws: Team, cli: Cli) -> None:
    """pre-commit passes the staged files: another brand's broken strategy.yaml stops
    neither the run nor its speed; a full run says what is wrong there."""
    (ws.root / "brands/acme/strategy.yaml").write_text("timezone: Mars/Base\n")
    code, out, err = cli("validate", "brands/lune/content/posts/hello.md")
    assert code == 0, err
    assert "1 post checked" in out
    code, _, err = cli("validate")
    assert code == 2 and "brands/acme/strategy.yaml:1:11: unknown timezone" in err
