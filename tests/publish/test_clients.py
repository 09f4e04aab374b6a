"""Client details the end-to-end tests do not reach: TIDs, YouTube resuming after 308,
Meta containers reconciled by status, TikTok failure, LinkedIn escaping."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from smm.publish.clients.bluesky import tid
from smm.publish.clients.linkedin import commentary
from smm.render import Rendered, Span

from .conftest import Fakes, Repo

NOW = "2026-12-01T09:05:00+01:00"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def test_tids_are_valid_fixed_and_ordered() -> None:
    keys = [tid("posts/a", "bluesky", i) for i in range(4)]
    assert all(TID.match(k) for k in keys)
    assert keys == sorted(keys) and len(set(keys)) == 4
    assert keys == [tid("posts/a", "bluesky", i) for i in range(4)]
    assert tid("posts/a", "bluesky", 0) != tid("posts/a", "bsky2", 0)


def test_linkedin_little_text() -> None:
    r = Rendered("Hi Fernwood (new) #coffee_time", (Span(3, 11, "mention",
                                                          "urn:li:organization:9"),))
    assert commentary(r) == "Hi @[Fernwood](urn:li:organization:9) \\(new\\) \\#coffee\\_time"


def test_youtube_resumes_after_308(repo: Repo, fakes: Fakes, cli,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smm.publish.clients.youtube.CHUNK", 1000)
    repo.write("content/media/tour.mp4", b"m" * 2500)
    repo.post("v", "youtube", "Tour <3", media="title: A <b>tour</b>\nmedia:\n"
              "  - file: ../media/tour.mp4\n")
    repo.commit()
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    assert code == 0, out
    puts = [r for r in fakes["youtube"].log if r.method == "PUT"]
    assert [r.headers["content-range"] for r in puts] == [
        "bytes 0-999/2500", "bytes 1000-1999/2500", "bytes 2000-2499/2500"]
    video = next(iter(fakes["youtube"].videos.values()))  # type: ignore[attr-defined]
    assert video["snippet"]["title"] == "A btour/b" and "<" not in video["snippet"]["description"]
    assert fakes.problems() == []


def test_instagram_lost_publish_answer_is_reconciled_by_container_status(
        repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("i", "instagram", "A cup", media="media:\n  - file: ../media/cup.jpg\n"
              "    alt: cup\n")
    repo.commit()
    fakes["instagram"].fault("/media_publish", "drop")
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    assert code == 1 and json.loads(out)["results"][0]["state"] == "unknown"
    rec = yaml.safe_load(repo.ledger()["ledger/posts/i/instagram.yaml"])
    assert rec["guard"]["container"]
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00", "--format", "json")
    res = json.loads(out)["results"][0]
    assert code == 0 and res["state"] == "published" and "reconciled" in res["note"]
    assert fakes["instagram"].created == ["A cup"]


def test_threads_container_never_published_is_published_once(
        repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("t", "threads", "Just text")
    repo.commit()
    fakes["threads"].fault("/threads_publish", "500")  # refused: the container stays FINISHED
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    assert code == 1 and json.loads(out)["results"][0]["state"] == "unknown"
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00", "--format", "json")
    assert code == 0 and json.loads(out)["results"][0]["state"] == "published"
    assert fakes["threads"].created == ["Just text"]


def test_tiktok_polls_until_complete(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.write("content/media/clip.mp4", b"c" * 5000)
    repo.post("k", "tiktok", "Latte art", media="media:\n  - file: ../media/clip.mp4\n")
    repo.commit()
    fakes["tiktok"].polls_until_done = 3  # type: ignore[attr-defined]
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    res = json.loads(out)["results"][0]
    assert code == 0 and res["url"].startswith("https://www.tiktok.com/@fern/video/")
    polls = [r for r in fakes["tiktok"].log if r.path.endswith("/status/fetch/")]
    assert len(polls) == 3
    init = next(r for r in fakes["tiktok"].log if r.path.endswith("/video/init/")).json()
    assert init["source_info"] == {"source": "FILE_UPLOAD", "video_size": 5000,
                                   "chunk_size": 5000, "total_chunk_count": 1}
