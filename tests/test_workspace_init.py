"""smm init for workspaces: add a brand, convert a single-brand repository (its publish
record stays), CODEOWNERS from reviewers, and the mistakes it explains."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from workspace_kit import Brand, Team, make_team

from smm.project import load_project, load_projects

Cli = Callable[..., tuple[int, str, str]]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_add_brand_keeps_smm_yaml_as_written(team: Team, cli: Cli) -> None:
    before = (team.root / "smm.yaml").read_text()
    code, out, _ = cli("init", team.root, "--add-brand", "zest", "--reviewers",
                       "@zest,@acme/social")
    assert code == 0 and "brands/zest/" in out
    after = (team.root / "smm.yaml").read_text()
    assert after == before.replace("  lune: brands/lune\n",
                                   "  lune: brands/lune\n  zest: brands/zest\n")
    assert [p.key for p in load_projects(team.root)] == [*team.KEYS, "zest"]
    flow = yaml.safe_load((team.root / ".github/workflows/publish.yml").read_text())
    assert flow["jobs"]["publish"]["strategy"]["matrix"]["brand"] == [*team.KEYS, "zest"]
    owners = (team.root / ".github/CODEOWNERS").read_text()
    assert "/brands/zest/ @zest @acme/social" in owners
    assert "/brands/lune/ @lune-team" in owners


def test_add_brand_mistakes(team: Team, cli: Cli) -> None:
    code, _, err = cli("init", team.root, "--add-brand", "lune")
    assert code == 2 and "has that brand already" in err
    code, _, err = cli("init", team.root, "--add-brand", "Big Brand")
    assert code == 2 and "lower-case letters, digits and `-`" in err
    code, _, err = cli("init", team.root, "--add-brand", "x", "--reviewers", "bob")
    assert code == 2 and "@login or @org/team" in err
    code, _, err = cli("init", team.root / "brands" / "new")
    assert code == 2 and "--add-brand KEY" in err and "inside the workspace" in err
    assert not (team.root / "brands" / "new").exists()


def test_a_brand_folder_inside_a_repository_is_explained(tmp_path: Path, cli: Cli) -> None:
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    code, _, err = cli("init", top / "brands" / "x")
    assert code == 2
    assert "only at a repository's top" in err and f"smm init {top} --add-brand KEY" in err
    assert not (top / "brands").exists()


def test_convert_a_single_brand_repository(tmp_path: Path, cli: Cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The brand moves to brands/<key>/ and finds its publish record where it was."""
    from smm.publish.ledger import Record
    from smm.state import State

    top = tmp_path / "repo"
    assert cli("init", top, "--brand", "Fernwood")[0] == 0
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(top, "remote", "add", "origin", str(origin))
    Brand(top).post("hello", "---\npublish_at: 2026-11-20T09:00\nchannels: [mastodon]\n---\n"
                    "Hello.\n")
    rec = Record("posts/hello", "mastodon", "published", platform_id="1",
                 url="https://mastodon.social/@fern/1")
    assert State.open(load_project(top)).commit({rec.path: rec.dump()}, "published")

    code, out, err = cli("init", top, "--add-brand", "lune")
    assert code == 2 and "--convert KEY" in err
    code, out, _ = cli("init", top, "--add-brand", "lune", "--lang", "fr", "--convert",
                       "fernwood")
    assert code == 0, out
    assert "SMM_FERNWOOD_<CHANNEL>_<FIELD>" in out
    assert not (top / "strategy.yaml").exists() and not (top / "content").exists()
    assert (top / "brands/fernwood/content/posts/hello.md").is_file()
    assert (top / ".pre-commit-config.yaml").is_file()  # the top's files stay at the top
    doc = yaml.safe_load((top / "smm.yaml").read_text())
    assert doc["brands"] == {"fernwood": "brands/fernwood", "lune": "brands/lune"}
    strategy = yaml.safe_load((top / "brands/fernwood/strategy.yaml").read_text())
    assert strategy["publishing"]["state_branch"] == "smm-state"
    monkeypatch.chdir(top)
    code, out, _ = cli("status", "--format", "json", "--brand", "fernwood")
    rows = [r for r in json.loads(out) if r["post_id"] == "posts/hello"]
    assert [(r["state"], r["url"]) for r in rows] == [
        ("published", "https://mastodon.social/@fern/1")]
    code, out, _ = cli("validate")
    assert code == 0


def test_refresh_writes_codeowners_from_reviewers(team: Team, cli: Cli) -> None:
    path = team.root / "brands/acme/strategy.yaml"
    path.write_text(path.read_text().replace("reviewers: []", 'reviewers: ["@acme/brand"]'))
    code, out, _ = cli("init", team.root, "--refresh")
    assert code == 0 and ".github/CODEOWNERS" in out
    owners = (team.root / ".github/CODEOWNERS").read_text()
    assert "/brands/acme/ @acme/brand" in owners
    assert "/shared/ @acme/brand @lune-team" in owners
    code, out, _ = cli("init", team.root, "--refresh")
    assert code == 0 and "Up to date" in out


def test_bad_reviewers_in_strategy(team: Team, cli: Cli) -> None:
    path = team.root / "brands/acme/strategy.yaml"
    path.write_text(path.read_text().replace("reviewers: []", 'reviewers: ["bob", 3]'))
    code, _, err = cli("validate", "--root", team.root)
    assert code == 2
    assert "brands/acme/strategy.yaml:" in err and "reviewer 'bob'" in err


@pytest.mark.parametrize(("text", "says"), [
    ("brands: {fernwood: brands/fernwood, Acme: brands/acme}\n", "smm.yaml:1:"),
    ("brands:\n  fernwood: brands/fernwood\n  acme: ../elsewhere\n",
     "smm.yaml:3:9: brand 'acme': '../elsewhere' must be a folder inside"),
    ("brands:\n  fernwood: brands/fernwood\n  acme: brands/nothing\n",
     "smm.yaml:3:9: brand 'acme': no strategy.yaml in brands/nothing"),
    ("brands:\n  fernwood: brands/fernwood\n  acme: brands/fernwood\n", "overlaps"),
    ("brand: {}\n", "unknown key 'brand'"),
    ("brands: [\n", "smm.yaml:2:1"),
])
def test_bad_smm_yaml_is_explained(team: Team, cli: Cli, text: str, says: str) -> None:
    (team.root / "smm.yaml").write_text(text)
    code, _, err = cli("status", "--root", team.root)
    assert code == 2 and says in err, err
    assert "Traceback" not in err


def test_two_brands_on_one_state_branch_is_refused(team: Team, cli: Cli) -> None:
    for key in ("fernwood", "acme"):
        path = team.root / "brands" / key / "strategy.yaml"
        path.write_text(path.read_text().replace(f"smm-state-{key}", "smm-state"))
    code, _, err = cli("status", "--root", team.root)
    assert code == 2
    assert "brands/acme/strategy.yaml:" in err and "is brand fernwood's too" in err


def test_workspace_in_git_from_init(tmp_path: Path) -> None:
    t = make_team(tmp_path / "t", git=True)
    assert (t.root / ".git" / "HEAD").read_text().strip() == "ref: refs/heads/main"
    assert not (t.root / "brands" / "lune" / ".git").exists()


def test_brand_keys_that_would_collide(tmp_path: Path, team: Team, cli: Cli) -> None:
    ws = team.root / "smm.yaml"
    ws.write_text(ws.read_text().replace("  acme: brands/acme\n", "  calendar: brands/acme\n"))
    code, _, err = cli("status", "--root", team.root)
    assert code == 2 and "names a page of the team's site" in err
    # Brand fern's channel wood-x and brand fern-wood's channel x: both SMM_FERN_WOOD_X_*.
    top = tmp_path / "clash"
    (top / "smm.yaml").parent.mkdir()
    (top / "smm.yaml").write_text("brands:\n  fern: a\n  fern-wood: b\n")
    for folder, chan in (("a", "wood-x"), ("b", "x")):
        (top / folder).mkdir()
        (top / folder / "strategy.yaml").write_text(
            f"timezone: UTC\nchannels:\n  {chan}: {{platform: x}}\n")
    code, _, err = cli("status", "--root", top)
    assert code == 2
    assert "b/strategy.yaml:3: channel 'x' reads SMM_FERN_WOOD_X_* credentials, as brand " \
           "fern's channel 'wood-x' does" in err
