"""First comments against the fake platform APIs: posted right after the post on
Instagram, LinkedIn, Facebook and YouTube, recorded in the post's publish record, and
never twice, even when a run dies between the post and its comment (run.HOOKS)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from smm.publish import run

from .conftest import Fakes, Repo

NOW = "2026-12-01T09:05:00+01:00"
LATER = ["2026-12-01T09:20:00+01:00", "2026-12-01T09:40:00+01:00", "2026-12-01T10:00:00+01:00"]
IMAGE = "media:\n  - file: ../media/cup.jpg\n    alt: A cup\n"
VIDEO = "media:\n  - file: ../media/clip.mp4\n    alt: A clip\n"
LINK = "https://fernwood.example/winter"


class Crash(BaseException):
    """A process dying at a named point: nothing in smm may catch it."""


def _post(repo: Repo, name: str, channels: str, comment: str, media: str = IMAGE) -> None:
    repo.post(name, channels, "Winter Blend is here.", media=media + comment)


def _rec(repo: Repo, post: str, channel: str) -> dict[str, Any]:
    return yaml.safe_load(repo.ledger()[f"ledger/posts/{post}/{channel}.yaml"])


def _publish(cli: Any, now: str) -> tuple[int, list[dict[str, Any]]]:
    code, out, _ = cli("publish", "--now", now, "--format", "json")
    return code, json.loads(out)["results"]


def test_first_comment_follows_the_post_on_each_platform(repo: Repo, fakes: Fakes, cli: Any
                                                         ) -> None:
    repo.write("content/media/clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    _post(repo, "a", "instagram, linkedin, facebook, mastodon",
          f"first_comment: 'Shop it: {LINK}'\n")
    _post(repo, "v", "youtube", "title: Roasting day\nfirst_comment:\n"
          "  youtube: 'Chapters: 0:00 green coffee, 1:10 the roast'\n", media=VIDEO)
    repo.commit()
    code, out, err = cli("publish", "--dry-run", "--now", NOW, "--format", "json")
    dry = {(r["post_id"], r["channel"]): r["detail"] for r in json.loads(out)["results"]}
    assert dry[("posts/a", "linkedin")]["first_comment"] == f"Shop it: {LINK}"
    assert "first_comment" not in dry[("posts/a", "mastodon")]
    code, results = _publish(cli, NOW)
    assert code == 0, results
    got = {(r["post_id"], r["channel"]): r for r in results}
    for ch in ("instagram", "linkedin", "facebook"):
        assert got[("posts/a", ch)]["comment"]["state"] == "published", got[("posts/a", ch)]
    assert got[("posts/a", "mastodon")]["comment"] is None
    assert fakes["instagram"].comments == [(_rec(repo, "a", "instagram")["platform_id"],
                                            f"Shop it: {LINK}")]
    assert fakes["facebook"].comments == [(_rec(repo, "a", "facebook")["platform_id"],
                                           f"Shop it: {LINK}")]
    li = _rec(repo, "a", "linkedin")
    assert fakes["linkedin"].comments == [(li["platform_id"], f"Shop it: {LINK}")]
    assert li["comment"]["state"] == "published" and li["comment"]["id"].startswith(
        "urn:li:comment:")
    yt = _rec(repo, "v", "youtube")
    assert fakes["youtube"].comments == [(yt["platform_id"],
                                          "Chapters: 0:00 green coffee, 1:10 the roast")]
    assert yt["comment"]["url"].endswith(f"&lc={yt['comment']['id']}")
    assert fakes.problems() == []
    # Later runs send nothing again.
    for now in LATER:
        code, results = _publish(cli, now)
        assert code == 0 and results == []
    assert [len(fakes[c].comments) for c in ("instagram", "facebook", "linkedin", "youtube")] \
        == [1, 1, 1, 1]
    code, out, _ = cli("show", "a", "--format", "json", "--now", LATER[0])
    chans = {c["channel"]: c for c in json.loads(out)["channels"]}
    assert chans["linkedin"]["first_comment"]["state"] == "published"


@pytest.mark.parametrize("point", ["after_api", "before_record", "after_comment_claim",
                                   "before_comment_record"])
def test_a_crash_between_post_and_comment_never_sends_either_twice(
        repo: Repo, fakes: Fakes, cli: Any, point: str) -> None:
    _post(repo, "a", "instagram, linkedin", f"first_comment: 'Shop it: {LINK}'\n")
    repo.commit()

    def crash(p: str, post: str, ch: str) -> None:
        if p == point:
            raise Crash(f"{p} {post} {ch}")

    run.HOOKS[:] = [crash]
    try:
        with pytest.raises(Crash):
            cli("publish", "--now", NOW)
    finally:
        run.HOOKS.clear()
    for now in LATER:  # recovery runs without faults
        cli("publish", "--now", now)
    posts = {c: len(fakes[c].created) for c in ("instagram", "linkedin")}
    comments = {c: len(fakes[c].comments) for c in ("instagram", "linkedin")}
    assert all(n == 1 for n in posts.values()), posts  # each post went out exactly once
    assert all(n <= 1 for n in comments.values()), comments  # a comment at most once
    recs = {c: _rec(repo, "a", c) for c in ("instagram", "linkedin")}
    for c, rec in recs.items():
        state = rec.get("comment", {}).get("state")
        if comments[c] == 1:
            # out there once: recorded, or (crash after sending) left for a person
            assert state in ("published", "unknown"), (c, rec)
        else:
            assert state in (None, "unknown"), (c, rec)
    # The crash hits the first item (Instagram); the recovery runs send LinkedIn's post
    # and its comment.
    assert recs["linkedin"]["state"] == "published" and comments["linkedin"] == 1
    assert recs["linkedin"]["comment"]["state"] == "published"
    if point in ("after_api", "before_record"):
        # The post's outcome was lost: it may be out, so it is unknown (for a person),
        # and a comment only ever follows a post recorded published.
        assert recs["instagram"]["state"] == "unknown"
        assert "comment" not in recs["instagram"] and comments["instagram"] == 0
    elif point == "after_comment_claim":
        # The claim was pushed, the comment never sent: unknown, never sent by itself.
        assert recs["instagram"]["comment"]["state"] == "unknown"
        assert comments["instagram"] == 0
    else:  # before_comment_record: the comment went out, its outcome is not recorded
        assert recs["instagram"]["comment"]["state"] == "unknown"
        assert comments["instagram"] == 1


def test_crash_after_the_post_is_recorded_the_next_run_adds_the_comment(
        repo: Repo, fakes: Fakes, cli: Any) -> None:
    """Between the post's record and the comment's claim: the post is published, the
    comment owed; the next run posts it, once."""
    _post(repo, "a", "facebook", f"first_comment: 'More: {LINK}'\n")
    repo.commit()
    from smm.publish import comment as comment_mod

    real = comment_mod.post_comment

    def dies(*a: Any, **k: Any) -> Any:
        raise Crash("between the post's record and the comment's claim")

    comment_mod.post_comment = dies  # type: ignore[assignment]
    try:
        with pytest.raises(Crash):
            cli("publish", "--now", NOW)
    finally:
        comment_mod.post_comment = real  # type: ignore[assignment]
    assert _rec(repo, "a", "facebook")["state"] == "published"
    assert "comment" not in _rec(repo, "a", "facebook") and fakes["facebook"].comments == []
    code, results = _publish(cli, LATER[0])
    assert code == 0
    assert [(r["state"], r["comment"]["state"]) for r in results] == [
        ("first-comment", "published")]
    assert len(fakes["facebook"].comments) == 1 and len(fakes["facebook"].created) == 1
    code, results = _publish(cli, LATER[1])
    assert results == [] and len(fakes["facebook"].comments) == 1


def test_a_failed_comment_is_retried_and_fails_the_run(repo: Repo, fakes: Fakes, cli: Any
                                                       ) -> None:
    _post(repo, "a", "facebook", f"first_comment: 'More: {LINK}'\n")
    repo.commit()
    # Rate limited on every try: known not to have taken effect.
    fakes["facebook"].fault("/comments", "429", "429", "429", "429")
    code, results = _publish(cli, NOW)
    assert code == 1  # the post is out, its comment is not: someone should know
    (r,) = results
    assert r["state"] == "published" and r["comment"]["state"] == "failed"
    code, results = _publish(cli, LATER[0])
    assert code == 0 and results[0]["comment"]["state"] == "published"
    assert len(fakes["facebook"].comments) == 1 and len(fakes["facebook"].created) == 1


def test_a_comment_that_may_have_gone_out_is_never_sent_again(repo: Repo, fakes: Fakes,
                                                              cli: Any) -> None:
    _post(repo, "a", "instagram", f"first_comment: 'More: {LINK}'\n")
    repo.commit()
    fakes["instagram"].fault("/comments", "drop")  # took effect, the answer was lost
    code, results = _publish(cli, NOW)
    assert code == 1 and results[0]["comment"]["state"] == "unknown"
    for now in LATER:
        _publish(cli, now)
    assert len(fakes["instagram"].comments) == 1
    assert _rec(repo, "a", "instagram")["comment"]["state"] == "unknown"
