"""Every platform through the CLI against its fake API: request shapes, thread chains,
media with alt text, and a second run that sends nothing."""

from __future__ import annotations

import json

import yaml

from .conftest import Fakes, Repo

NOW = "2026-12-01T09:05:00+01:00"
IMAGE = "media:\n  - file: ../media/cup.jpg\n    alt: A cup of Huila on oak\n"
VIDEO = "title: Roastery tour\nmedia:\n  - file: ../media/tour.mp4\n    alt: The roaster\n"
BODY = ("Fresh Huila in the shop, see [the guide](https://example.com/huila) #coffee\n\n"
        "---\n\nSecond part of the thread: brew it at 93°C ☕")


def _publish(cli, *extra: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    code, out, err = cli("publish", "--now", NOW, "--format", "json", *extra)
    assert not err.strip() or code != 0, err
    return code, json.loads(out)


def test_every_platform_once(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("launch", "x, mastodon, bluesky, threads, linkedin, facebook, instagram, hook",
              BODY, media=IMAGE)
    repo.write("content/media/tour.mp4", b"\0\0\0\x18ftypmp42" + b"v" * 3000)
    repo.post("tour", "youtube, tiktok", "A walk through the roastery.", media=VIDEO)
    repo.commit()
    code, res = _publish(cli)
    states = {(r["post_id"], r["channel"]): r for r in res["results"]}
    assert code == 0, res
    assert len(states) == 10 and all(r["state"] == "published" for r in states.values()), res
    assert fakes.problems() == []
    # thread chains
    x = fakes["x"]
    tweets = list(x.tweets.values())  # type: ignore[attr-defined]
    assert tweets[0]["media"]["media_ids"] and "reply" not in tweets[0]
    assert tweets[1]["reply"]["in_reply_to_tweet_id"] == list(x.tweets)[0]  # type: ignore[attr-defined]
    assert list(x.alt.values()) == ["A cup of Huila on oak"]  # type: ignore[attr-defined]
    assert "https://example.com/huila" in tweets[0]["text"]
    ma = list(fakes["mastodon"].statuses.values())  # type: ignore[attr-defined]
    assert ma[1]["in_reply_to_id"] == ma[0]["id"]
    assert ma[0]["media_attachments"][0]["description"] == "A cup of Huila on oak"
    bs = fakes["bluesky"].records  # type: ignore[attr-defined]
    first, second = sorted(bs.values(), key=lambda r: r["uri"])
    assert second["value"]["reply"]["parent"]["uri"] == first["uri"]
    assert first["value"]["embed"]["images"][0]["alt"] == "A cup of Huila on oak"
    kinds = {f["features"][0]["$type"].rsplit("#")[1] for f in first["value"]["facets"]}
    assert kinds == {"link", "tag"}
    li = next(iter(fakes["linkedin"].posts.values()))  # type: ignore[attr-defined]
    assert "\\#coffee" in li["commentary"] and li["content"]["media"]["altText"]
    th = fakes["threads"].containers  # type: ignore[attr-defined]
    forms = [c["form"] for c in th.values()]
    assert forms[0]["media_type"] == "IMAGE" and forms[1]["reply_to_id"]
    ig = next(iter(fakes["instagram"].containers.values()))  # type: ignore[attr-defined]
    assert ig["form"]["image_url"] == "https://cdn.example.com/fern/content/media/cup.jpg"
    yt = next(iter(fakes["youtube"].videos.values()))  # type: ignore[attr-defined]
    assert yt["snippet"]["title"] == "Roastery tour"
    assert fakes["hook"].created and "Second part" in fakes["hook"].created[0]
    # the record, on the remote's state branch
    rec = yaml.safe_load(repo.ledger()["ledger/posts/launch/bluesky.yaml"])
    assert rec["state"] == "published" and rec["url"].startswith("https://bsky.app/profile/")
    assert len(rec["thread_ids"]) == 2 and rec["content_hash"].startswith("sha256:")
    # again: nothing new anywhere
    before = {n: len(f.created) for n, f in fakes.items()}
    code, res = _publish(cli)
    assert code == 0 and res["results"] == []
    assert {n: len(f.created) for n, f in fakes.items()} == before
    assert fakes.duplicates() == {}
