"""The other platforms: their counts, text rules and limit overrides."""

from __future__ import annotations

from typing import Any

import pytest

from smm import platforms
from smm.platforms import bluesky, linkedin, mastodon, threads, tiktok, youtube
from smm.platforms._common import MEDIA_KEYS
from smm.platforms.base import merged_limits
from smm.platforms.count_cli import count_text


def counts(name: str, text: str, overrides: dict[str, Any] | None = None) -> list[Any]:
    p = platforms.get(name)
    return [(c.length, c.limit, c.unit, c.valid)
            for c in p.count(text, merged_limits(p.defaults, overrides))]


def issues(name: str, text: str, overrides: dict[str, Any] | None = None) -> list[Any]:
    p = platforms.get(name)
    return p.check_text(text, merged_limits(p.defaults, overrides))


@pytest.mark.parametrize("name", platforms.names())
def test_every_platform_has_the_same_table_shape(name: str) -> None:
    p = platforms.get(name)
    assert p.name == name and p.label
    assert set(p.defaults["media"]) == set(MEDIA_KEYS)
    for key in getattr(p, "unverified", ()):  # every unverified key exists
        node: Any = p.defaults
        for part in key.split("."):
            node = node[part]


def test_mastodon() -> None:
    text = "Hi @alice@example.social, read https://example.com/" + "a" * 100 + " or example.com"
    # "Hi @alice, read " (16) + 23 + " or example.com" (15): bare domains count as written
    assert counts("mastodon", text) == [(54, 500, "graphemes", True)]
    assert mastodon.countable("@bob@x.y and @carol") == "@bob and @carol"
    assert counts("mastodon", "👨‍👩‍👧‍👦 e\u0301") == [(3, 500, "graphemes", True)]
    assert counts("mastodon", "a" * 600) == [(600, 500, "graphemes", False)]
    assert counts("mastodon", "a" * 600, {"text": 1000}) == [(600, 1000, "graphemes", True)]


def test_bluesky_counts_graphemes_and_bytes() -> None:
    assert counts("bluesky", "héllo 👨‍👩‍👧‍👦") == [(7, 300, "graphemes", True),
                                                (32, 3000, "bytes", True)]
    # 300 family emoji: 300 graphemes but 7,500 bytes
    assert counts("bluesky", "👨‍👩‍👧‍👦" * 300) == [(300, 300, "graphemes", True),
                                                  (7500, 3000, "bytes", False)]


def test_bluesky_tags() -> None:
    assert issues("bluesky", "#coffee #" + "a" * 64) == []
    [issue] = issues("bluesky", "ok #" + "a" * 65 + ".")
    assert (issue.rule, issue.severity, issue.offset) == ("bluesky.tag-length", "error", 3)
    assert "at most 64" in issue.message
    assert issues("bluesky", "#" + "a" * 65, {"tag_graphemes": 100}) == []
    lim = bluesky.PLATFORM.defaults
    assert [i.rule for i in bluesky.check_tags([f"t{i}" for i in range(9)], lim)] == [
        "bluesky.tags-count"]
    assert bluesky.check_tags(["a"] * 8, lim) == []


def test_threads() -> None:
    assert threads.length("hi 👍") == 7  # 👍 is 4 UTF-8 bytes
    assert threads.length("👨‍👩‍👧‍👦") == 25
    assert counts("threads", "a" * 501) == [(501, 500, "characters", False)]
    links = " ".join(f"https://example.com/{i}" for i in range(6))
    [issue] = issues("threads", links)
    assert issue.rule == "threads.links" and "6 different links" in issue.message
    assert issues("threads", links + " https://example.com/0") != []
    assert issues("threads", " ".join(["https://example.com/0"] * 8)) == []  # one distinct
    assert issues("threads", links, {"links_max": 6}) == []


def test_linkedin() -> None:
    [c] = platforms.get("linkedin").count("a" * 3001, linkedin.PLATFORM.defaults)
    assert (c.length, c.valid, c.note) == (
        3001, False, "limit unverified: override limits.text in strategy.yaml")
    [c] = platforms.get("linkedin").count("a", merged_limits(linkedin.PLATFORM.defaults,
                                                              {"text": 2000}))
    assert (c.limit, c.note) == (2000, "")  # the channel chose its limit: no note
    assert linkedin.escape_little_text(r"Hi @[x](y) #tag *b* _i_ ~s~ <a> {c} | \ ok") == (
        r"Hi \@\[x\]\(y\) \#tag \*b\* \_i\_ \~s\~ \<a\> \{c\} \| \\ ok")


def test_facebook() -> None:
    assert counts("facebook", "x" * 63_207) == [(63_207, 63_206, "characters", False)]


def test_instagram() -> None:
    tags = " ".join(f"#t{i}" for i in range(31))
    [issue] = issues("instagram", tags)
    assert issue.rule == "instagram.hashtags" and issue.severity == "error"
    assert "31 hashtags" in issue.message and "limits.hashtags_max" in issue.message
    assert issues("instagram", tags, {"hashtags_max": 31}) == []
    assert issues("instagram", "#1 #2 #3", {"hashtags_max": 2}) == []  # numbers are no tags
    [link] = issues("instagram", "Shop at fernwood.coffee now")
    assert (link.rule, link.severity, link.offset, link.length) == (
        "instagram.caption-link", "warning", 8, 15)
    assert counts("instagram", "a" * 2201) == [(2201, 2200, "characters", False)]


def test_tiktok_counts_utf16() -> None:
    assert counts("tiktok", "😀" * 1100) == [(2200, 2200, "utf16", True)]
    assert counts("tiktok", "😀" * 1101) == [(2202, 2200, "utf16", False)]
    title, desc = tiktok.PLATFORM.count_photo("t" * 91, "d", tiktok.PLATFORM.defaults)
    assert (title.field, title.valid, desc.valid) == ("title", False, True)


def test_youtube() -> None:
    yt = youtube.PLATFORM
    assert counts("youtube", "é" * 2500) == [(5000, 5000, "bytes", True)]
    assert counts("youtube", "é" * 2501) == [(5002, 5000, "bytes", False)]
    assert [(i.rule, i.offset) for i in issues("youtube", "a <b> c")] == [
        ("youtube.angle-brackets", 2), ("youtube.angle-brackets", 4)]
    assert yt.count_title("t" * 101, yt.defaults).valid is False
    assert yt.check_title("A > B") != []
    assert youtube.tags_length(["coffee", "cold brew"]) == 6 + 1 + 11
    assert yt.count_tags(["x" * 250, "y" * 250], yt.defaults).valid is False


def test_webhook_is_unlimited() -> None:
    assert counts("webhook", "x" * 100_000) == [(100_000, 0, "characters", True)]


def test_count_cli() -> None:
    assert count_text("x", "Hello https://example.com") == {
        "platform": "x", "length": 29, "limit": 280, "unit": "weighted", "valid": True}
    out = count_text("bluesky", "👨‍👩‍👧‍👦" * 300)
    assert (out["length"], out["valid"]) == (300, False)
    assert [c["unit"] for c in out["counts"]] == ["graphemes", "bytes"]
    assert count_text("mastodon", "a" * 600, {"text": 1000})["valid"] is True
    assert count_text("youtube", "<b>")["valid"] is False  # a text rule error
    assert count_text("tiktok", "x")["note"].startswith("limit unverified")
