"""Threads: 500 characters, an emoji counting as its UTF-8 bytes; at most 5 links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smm.platforms import _emoji, _urls
from smm.platforms._common import BasePlatform, media, utf8_len
from smm.platforms.base import Count, TextIssue

MB = 1024 * 1024


def length(text: str) -> int:
    """Code points, except that each emoji sequence counts its UTF-8 bytes (👍 is 4)."""
    n = len(text)
    for a, b in _emoji.spans(text):
        n += utf8_len(text[a:b]) - (b - a)
    return n


class Threads(BasePlatform):
    name, label, threads = "threads", "Threads", True
    defaults = {
        "text": 500,
        "text_attachment": 10_000,
        "links_max": 5,
        "media": media(max_items=20, carousel_max=20, max_videos=20,
                       image_types=["jpeg", "png"], image_max_bytes=8 * MB,
                       video_max_seconds=300, video_max_bytes=1024 * MB),
    }
    unverified = frozenset({"media.max_items", "media.carousel_max", "media.max_videos",
                            "media.image_types", "media.image_max_bytes",
                            "media.video_max_seconds", "media.video_max_bytes"})

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(length(text), "text", limits, "characters")]

    def check_text(self, text: str, limits: Mapping[str, Any]) -> list[TextIssue]:
        most = int(limits.get("links_max") or 0)
        if not most:
            return []
        spans = _urls.extract_urls(text)
        if len(spans) <= most:
            return []  # no more distinct links than links
        distinct = {text[a:b].lower().rstrip("/") for a, b in spans}
        if len(distinct) <= most:
            return []
        a, b = spans[-1]
        return [TextIssue("threads.links", "error",
                          f"{len(distinct)} different links, Threads takes at most {most}: "
                          f"remove {len(distinct) - most} of them", a, b - a)]


PLATFORM = Threads()
