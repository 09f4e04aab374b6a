"""Bluesky: 300 graphemes and 3,000 UTF-8 bytes (app.bsky.feed.post `text`); hashtags
become tag facets of at most 64 graphemes; a record's extra `tags` are at most 8."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from smm.platforms._common import BasePlatform, graphemes, media, utf8_len
from smm.platforms.base import Count, TextIssue

# The hashtag detection of @atproto/api's detectFacets, trailing punctuation trimmed.
_HASHTAG = re.compile(r"(?:^|(?<=\s))[#＃](?!\ufe0f)([^\s\u00ad\u2060\u200a-\u200d\u20e2]+)")
_TRAILING_PUNCT = re.compile(r"[^\w\s]+$")


class Bluesky(BasePlatform):
    name, label, threads = "bluesky", "Bluesky", True
    defaults = {
        "text": 300,
        "text_bytes": 3000,
        "tags_max": 8,
        "tag_graphemes": 64,
        "media": media(max_items=4, max_videos=1, video_alone=True,
                       image_max_bytes=2_000_000, video_max_bytes=300 * 1024 * 1024,
                       alt_max=2000),
    }

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(graphemes(text), "text", limits, "graphemes"),
                self.measure(len(text) if text.isascii() else utf8_len(text), "text_bytes",
                             limits, "bytes")]

    def check_text(self, text: str, limits: Mapping[str, Any]) -> list[TextIssue]:
        cap = int(limits.get("tag_graphemes") or 0)
        out: list[TextIssue] = []
        if not cap or ("#" not in text and "＃" not in text):
            return out
        if "＃" not in text and _runs_fit(text, cap):
            return out
        for m in _hashtags(text):
            if len(m.group(1)) <= cap:
                continue  # a tag has no more graphemes than code points: it fits
            tag = _TRAILING_PUNCT.sub("", m.group(1))
            if not tag or tag.isdigit():
                continue
            n = graphemes(tag)
            if cap and n > cap:
                out.append(TextIssue(
                    "bluesky.tag-length", "error",
                    f"hashtag #{tag[:20]}… is {n} graphemes; a Bluesky tag holds at most {cap}: "
                    "shorten it or drop the #", m.start(), m.end() - m.start()))
        return out


def _runs_fit(text: str, cap: int) -> bool:
    """Whether a space or a newline ends the text after each `#` within `cap` characters:
    then no hashtag (which holds neither) is longer than `cap`, and none need be read."""
    at = text.find("#")
    while at >= 0:
        after = text[at + 1 : at + 2 + cap]
        if len(after) > cap and " " not in after and "\n" not in after:
            return False
        at = text.find("#", at + 1)
    return True


def _hashtags(text: str) -> Iterator[re.Match[str]]:
    """_HASHTAG.finditer(text), trying the pattern only where a `#` is: a match starts
    there, and the next one after its end."""
    if "＃" in text:
        yield from _HASHTAG.finditer(text)
        return
    end = 0
    at = text.find("#")
    while at >= 0:
        m = _HASHTAG.match(text, at) if at >= end else None
        if m:
            yield m
            end = m.end()
        at = text.find("#", at + 1)


def check_tags(tags: Sequence[str], limits: Mapping[str, Any]) -> list[TextIssue]:
    """Rules on a post record's extra `tags` (not the hashtags in its text)."""
    out = []
    most, cap = int(limits.get("tags_max") or 0), int(limits.get("tag_graphemes") or 0)
    if most and len(tags) > most:
        out.append(TextIssue("bluesky.tags-count", "error",
                             f"{len(tags)} tags, Bluesky takes at most {most}: remove "
                             f"{len(tags) - most}"))
    for t in tags:
        if cap and graphemes(t) > cap:
            out.append(TextIssue("bluesky.tag-length", "error",
                                 f"tag {t[:20]!r}… is {graphemes(t)} graphemes, at most {cap}: "
                                 "shorten it"))
    return out


PLATFORM = Bluesky()
