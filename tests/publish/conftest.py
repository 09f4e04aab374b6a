"""Publishing fixtures: a brand repository with a bare `origin`, and one fake API a
platform on 127.0.0.1, with channels pointed at them and credentials in the env."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .fakes.bluesky import Bluesky
from .fakes.linkedin import LinkedIn
from .fakes.mastodon import Mastodon
from .fakes.meta import Meta
from .fakes.server import Fake
from .fakes.tiktok import TikTok
from .fakes.webhook import Webhook
from .fakes.x import X
from .fakes.youtube import YouTube

# A 1x1 JPEG: enough for uploads and for Pillow's aspect ratio.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b"
    "0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e3334"
    "32ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708"
    "090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114"
    "328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748"
    "494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999a"
    "a2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8"
    "e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbfcffd9")

SECRETS = {
    "SMM_X_ACCESS_TOKEN": "sekrit-x-4f1c9a", "SMM_LINKEDIN_TOKEN": "sekrit-li-77ab01",
    "SMM_FACEBOOK_TOKEN": "sekrit-fb-0c0ffee", "SMM_INSTAGRAM_TOKEN": "sekrit-ig-5e5e5e",
    "SMM_THREADS_TOKEN": "sekrit-th-9a9a9a", "SMM_YOUTUBE_TOKEN": "sekrit-yt-1b2b3b",
    "SMM_TIKTOK_TOKEN": "sekrit-tt-4c4c4c", "SMM_MASTODON_TOKEN": "sekrit-ma-8d8d8d",
    "SMM_BLUESKY_PASSWORD": "sekrit-bs-6e6e6e",
    "SMM_HOOK_URL": "",  # filled with the fake's URL plus a secret path
}


class Fakes(dict[str, Fake]):
    def problems(self) -> list[str]:
        return [f"{n}: {p}" for n, f in self.items() for p in f.problems]

    def duplicates(self) -> dict[str, list[str]]:
        return {n: d for n, f in self.items() if (d := f.duplicates())}


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    fs = Fakes(x=X(token=SECRETS["SMM_X_ACCESS_TOKEN"]),
               linkedin=LinkedIn(token=SECRETS["SMM_LINKEDIN_TOKEN"]),
               facebook=Meta(token=SECRETS["SMM_FACEBOOK_TOKEN"]),
               instagram=Meta(token=SECRETS["SMM_INSTAGRAM_TOKEN"]),
               threads=Meta(token=SECRETS["SMM_THREADS_TOKEN"]),
               youtube=YouTube(token=SECRETS["SMM_YOUTUBE_TOKEN"]),
               tiktok=TikTok(token=SECRETS["SMM_TIKTOK_TOKEN"]),
               mastodon=Mastodon(token=SECRETS["SMM_MASTODON_TOKEN"]),
               bluesky=Bluesky(), hook=Webhook())
    fs["bluesky"].password = SECRETS["SMM_BLUESKY_PASSWORD"]
    fs["bluesky"].token = "jwt-access-3e3e3e"
    for f in fs.values():
        f.start()
    yield fs
    for f in fs.values():
        f.stop()


def strategy(fakes: Fakes, publishing: dict[str, Any] | None = None, **chan: Any) -> str:
    """strategy.yaml with every channel pointed at its fake; short client timeouts."""
    import yaml

    u = {n: f.url for n, f in fakes.items()}
    cdn = "https://cdn.example.com/fern"
    channels: dict[str, dict[str, Any]] = {
        "x": {"platform": "x", "handle": "fern", "api": u["x"]},
        "linkedin": {"platform": "linkedin", "organization": "urn:li:organization:1",
                     "api": u["linkedin"]},
        "facebook": {"platform": "facebook", "page_id": "1001", "api": u["facebook"]},
        "instagram": {"platform": "instagram", "user_id": "1784", "api": u["instagram"],
                      "media_base_url": cdn},
        "threads": {"platform": "threads", "user_id": "2600", "api": u["threads"],
                    "media_base_url": cdn},
        "youtube": {"platform": "youtube", "api": u["youtube"]},
        "tiktok": {"platform": "tiktok", "handle": "fern", "api": u["tiktok"]},
        "mastodon": {"platform": "mastodon", "instance": u["mastodon"]},
        "bluesky": {"platform": "bluesky", "handle": "fern.test", "service": u["bluesky"]},
        "hook": {"platform": "webhook", "format": "slack"},
    }
    for c in channels.values():
        c["timeout"] = 0.4
    for k, v in chan.items():
        channels[k].update(v)
    doc = {"brand": "Test Roasters", "timezone": "Europe/Paris", "lang": "en",
           "channels": channels,
           "publishing": publishing or {"catch_up": "24h", "claim_timeout": "5m"}}
    return yaml.safe_dump(doc, sort_keys=False)


class Repo:
    """A brand repository (work tree) with a bare `origin`, like a CI checkout."""

    def __init__(self, root: Path, origin: Path):
        self.root, self.origin = root, origin

    def git(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run(["git", *args], cwd=cwd or self.root, check=True,
                              capture_output=True, text=True).stdout

    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        return p

    def post(self, name: str, channels: str, body: str,
             at: str | None = "2026-12-01T09:00:00+01:00", media: str = "") -> Path:
        when = f"publish_at: {at or 'on-merge'}\n"
        return self.write(f"content/posts/{name}.md",
                          f"---\n{when}channels: [{channels}]\n{media}---\n{body}\n")

    def commit(self, msg: str = "change") -> None:
        self.git("add", "-A")
        self.git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", msg)
        self.git("push", "-q", "origin", "HEAD:main")

    def ledger(self, branch: str = "smm-state") -> dict[str, str]:
        """Every file on the remote's state branch."""
        try:
            names = self.git("ls-tree", "-r", "--name-only", branch, cwd=self.origin).split()
        except subprocess.CalledProcessError:
            return {}
        return {n: self.git("show", f"{branch}:{n}", cwd=self.origin) for n in names}


def make_repo(base: Path, strategy_text: str) -> Repo:
    origin = base / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    root = base / "work"
    root.mkdir()
    r = Repo(root, origin)
    r.git("init", "-q", "-b", "main")
    r.git("remote", "add", "origin", str(origin))
    r.write("strategy.yaml", strategy_text)
    r.write("content/media/cup.jpg", JPEG)
    return r


@pytest.fixture
def repo(tmp_path: Path, fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> Repo:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("SMM_HOOK_URL", fakes["hook"].url + "/hooks/T000/sekrit-hook-2a2a2a")
    monkeypatch.delenv("GITHUB_RUN_ID", raising=False)
    r = make_repo(tmp_path, strategy(fakes))
    monkeypatch.chdir(r.root)
    return r


@pytest.fixture(autouse=True)
def _fast_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff and polling waits scaled down (Retry-After included): same code paths."""
    monkeypatch.setattr("smm.publish.http.SPEED", 0.01)
