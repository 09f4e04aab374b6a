"""Publishing in a workspace: two brands, two Mastodon accounts on their own servers,
each brand's credentials SMM_<BRAND>_MASTODON_TOKEN (no unprefixed fallback), each
brand's record on its own state branch, one brand's failure never stopping another."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from smm.project import Channel, load_projects

from .fakes.mastodon import Mastodon

Cli = Callable[..., tuple[int, str, str]]
TOKENS = {"sol": "sekrit-sol-1a2b3c", "luna": "sekrit-luna-4d5e6f"}
NOW = "2026-12-01T09:05:00+01:00"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def servers() -> Iterator[dict[str, Mastodon]]:
    fs = {k: Mastodon(token=t) for k, t in TOKENS.items()}
    for f in fs.values():
        f.start()
    yield fs
    for f in fs.values():
        f.stop()


@pytest.fixture
def ws(tmp_path: Path, servers: dict[str, Mastodon], monkeypatch: pytest.MonkeyPatch) -> Path:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    top = tmp_path / "work"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    git(top, "remote", "add", "origin", str(origin))
    (top / "smm.yaml").write_text("brands:\n  sol: brands/sol\n  luna: brands/luna\n")
    for key, fake in servers.items():
        b = top / "brands" / key
        (b / "content/posts").mkdir(parents=True)
        (b / "strategy.yaml").write_text(yaml.safe_dump({
            "brand": key.title(), "timezone": "Europe/Paris",
            "channels": {"mastodon": {"platform": "mastodon", "instance": fake.url,
                                      "timeout": 0.4}}}))
        (b / "content/posts/hello.md").write_text(
            f"---\npublish_at: 2026-12-01T09:00\nchannels: [mastodon]\n---\nHello from {key}.\n")
    git(top, "add", "-A")
    git(top, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init")
    git(top, "push", "-q", "origin", "HEAD:main")
    for key, tok in TOKENS.items():
        monkeypatch.setenv(f"SMM_{key.upper()}_MASTODON_TOKEN", tok)
    # An unprefixed token a single-brand repository would use: a workspace never does.
    monkeypatch.setenv("SMM_MASTODON_TOKEN", "sekrit-unprefixed-7a7a7a")
    monkeypatch.delenv("GITHUB_RUN_ID", raising=False)
    monkeypatch.setattr("smm.publish.http.SPEED", 0.01)
    monkeypatch.chdir(top)
    return top


def ledger(origin: Path, branch: str) -> dict[str, dict]:  # type: ignore[type-arg]
    names = git(origin, "ls-tree", "-r", "--name-only", branch).split()
    return {n: yaml.safe_load(git(origin, "show", f"{branch}:{n}")) for n in names}


def test_two_mastodon_accounts_each_on_their_own_server(ws: Path, cli: Cli,
                                                        servers: dict[str, Mastodon]) -> None:
    code, out, err = cli("publish", "--now", NOW, "--format", "json")
    assert code == 0, out + err
    res = json.loads(out)
    assert {(r["brand"], r["state"]) for r in res["results"]} == {("sol", "published"),
                                                                  ("luna", "published")}
    assert servers["sol"].created == ["Hello from sol."]
    assert servers["luna"].created == ["Hello from luna."]
    assert not servers["sol"].problems and not servers["luna"].problems
    assert {w["brand"]: w["branch"] for w in res["state"]} == {"sol": "smm-state-sol",
                                                               "luna": "smm-state-luna"}
    origin = ws.parent / "origin.git"
    for key in TOKENS:  # each brand's record on its own branch, nothing of the other's
        recs = ledger(origin, f"smm-state-{key}")
        assert list(recs) == ["ledger/posts/hello/mastodon.yaml"]
        assert recs["ledger/posts/hello/mastodon.yaml"]["state"] == "published"
        assert servers[key].url in recs["ledger/posts/hello/mastodon.yaml"]["url"]
    code, out, _ = cli("status", "--now", NOW)
    lines = [ln.split() for ln in out.splitlines() if "posts/hello → mastodon" in ln]
    assert sorted(ln[0] for ln in lines) == ["luna", "sol"]


def test_a_brand_job_publishes_its_brand_alone(ws: Path, cli: Cli,
                                               servers: dict[str, Mastodon]) -> None:
    """What one job of the publish matrix runs: `smm publish --brand luna`."""
    code, out, _ = cli("publish", "--now", NOW, "--brand", "luna")
    assert code == 0
    assert "luna: recorded on branch smm-state-luna" in out
    assert servers["luna"].created and not servers["sol"].created
    assert not servers["sol"].log


def test_one_brands_missing_credentials_fail_that_brand_alone(
        ws: Path, cli: Cli, servers: dict[str, Mastodon],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMM_SOL_MASTODON_TOKEN")
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    assert code == 1
    res = {r["brand"]: r for r in json.loads(out)["results"]}
    assert res["luna"]["state"] == "published"
    assert res["sol"]["state"] == "failed"
    assert "SMM_SOL_MASTODON_TOKEN" in res["sol"]["error"]
    assert not servers["sol"].log  # the unprefixed SMM_MASTODON_TOKEN was never tried


def test_a_brand_secret_an_api_echoes_back_is_never_printed(
        ws: Path, cli: Cli, servers: dict[str, Mastodon]) -> None:
    servers["luna"].fault("/api/v1/statuses", "echo")
    code, out, err = cli("publish", "--now", NOW)
    assert code == 1
    assert TOKENS["luna"] not in out + err and "***" in out + err
    assert TOKENS["sol"] not in out + err


def test_credential_names_in_a_workspace_and_a_single_brand(ws: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    sol = next(p for p in load_projects(ws) if p.key == "sol")
    ch = sol.channels["mastodon"]
    assert ch.env_names("token") == ["SMM_SOL_MASTODON_TOKEN"]
    assert ch.env_name("token") == "SMM_SOL_MASTODON_TOKEN"
    monkeypatch.delenv("SMM_SOL_MASTODON_TOKEN")
    assert ch.secret("token") is None  # no fallback in a workspace
    # A single-brand repository: its brand's name first, then the plain name.
    single = Channel("my-blog", "webhook", {})
    single.brand, single.fallback = "fern-coffee", True
    assert single.env_names("url") == ["SMM_FERN_COFFEE_MY_BLOG_URL", "SMM_MY_BLOG_URL"]
    assert single.env_name("url") == "SMM_MY_BLOG_URL"
    monkeypatch.setenv("SMM_MY_BLOG_URL", "plain-value")
    assert single.secret("url") == "plain-value"
    monkeypatch.setenv("SMM_FERN_COFFEE_MY_BLOG_URL", "brand-value")
    assert single.secret("url") == "brand-value"
