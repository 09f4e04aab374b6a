"""Constants and helpers the metrics tests share (a module of its own: several test
folders have a conftest.py, and `from conftest import ...` picks whichever loaded first)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from smm.project import Project, load_project

STRATEGY = """\
brand: Test Roasters
timezone: Europe/Paris
lang: en
goals:
  - id: awareness
    kpis:
      - {{metric: impressions, target: 5000, per: month}}
      - {{metric: followers, target: 10000}}
  - id: engagement
    kpis:
      - {{metric: engagement_rate, target: 0.05, per: month}}
channels:
  x:         {{platform: x, handle: t, api: "{u}/x"}}
  mastodon:  {{platform: mastodon, instance: "{u}/mastodon", handle: t}}
  bluesky:   {{platform: bluesky, handle: t.bsky.social, service: "{u}/bsky", appview: "{u}/bsky"}}
  threads:   {{platform: threads, user_id: "900", api: "{u}/threads"}}
  instagram: {{platform: instagram, user_id: "800", api: "{u}/ig"}}
  facebook:  {{platform: facebook, page_id: "700", api: "{u}/fb"}}
  youtube:   {{platform: youtube, channel_id: UC1, api: "{u}/youtube"}}
  linkedin:  {{platform: linkedin, organization: "urn:li:organization:5", api: "{u}/linkedin"}}
  tiktok:    {{platform: tiktok, handle: t, api: "{u}/tiktok"}}
"""

LAUNCH = "2026/11/launch"
ORIGIN = "2026/10/origin"
# post, channel, platform id, url, finished_at
RECORDS = [
    (LAUNCH, "x", "1001", "https://x.com/t/status/1001", "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "mastodon", "111", "https://m.example/@t/111", "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "bluesky", "at://did:plc:abc/app.bsky.feed.post/3kabc",
     "https://bsky.app/profile/t.bsky.social/post/3kabc", "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "threads", "181", "https://www.threads.net/@t/post/C1", "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "instagram", "1781", "https://www.instagram.com/p/DA1/",
     "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "facebook", "700_55", "https://www.facebook.com/700/posts/55",
     "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "youtube", "vid1", "https://www.youtube.com/watch?v=vid1",
     "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "linkedin", "urn:li:share:7001",
     "https://www.linkedin.com/feed/update/urn:li:share:7001/", "2026-11-20T08:00:00+00:00"),
    (LAUNCH, "tiktok", "7300000000000000001",
     "https://www.tiktok.com/@t/video/7300000000000000001", "2026-11-20T08:00:00+00:00"),
    (ORIGIN, "x", "1002", "https://x.com/t/status/1002", "2026-10-05T08:00:00+00:00"),
    (ORIGIN, "instagram", "1782", "https://www.instagram.com/p/DA2/",
     "2026-10-05T08:00:00+00:00"),
]
SECRETS = {
    "SMM_X_ACCESS_TOKEN": "x-token", "SMM_THREADS_TOKEN": "th-token",
    "SMM_INSTAGRAM_TOKEN": "ig-token", "SMM_FACEBOOK_TOKEN": "fb-token",
    "SMM_YOUTUBE_API_KEY": "yt-key", "SMM_LINKEDIN_TOKEN": "li-token",
    "SMM_TIKTOK_TOKEN": "tt-token",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def record_yaml(post: str, channel: str, pid: str, url: str, at: str,
                state: str = "published") -> str:
    return (f"post_id: {post}\nchannel: {channel}\nstate: {state}\nplatform_id: '{pid}'\n"
            f"url: {url}\nfinished_at: '{at}'\n")


def seed_brand(root: Path, strategy: str, files: dict[str, str]) -> Project:
    """A brand outside git: the state is read from its seed folder `state/`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "strategy.yaml").write_text(strategy, encoding="utf-8")
    for rel, text in files.items():
        f = root / "state" / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    return load_project(root)
