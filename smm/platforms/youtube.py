"""YouTube: the post text is the video's description (5,000 UTF-8 bytes); a title of 100
characters and tags of 500 characters in all; `<` and `>` are refused in both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from smm.platforms._common import BasePlatform, media, utf8_len
from smm.platforms.base import Count, TextIssue


def _angle_brackets(text: str, field: str) -> list[TextIssue]:
    return [TextIssue("youtube.angle-brackets", "error",
                      f"YouTube refuses {ch!r} in a video's {field}: write it another way "
                      "(e.g. ‹ › or words)", i, 1)
            for i, ch in enumerate(text) if ch in "<>"]


def tags_length(tags: Sequence[str]) -> int:
    """Tags as YouTube totals them: joined by commas, a tag with a space in quotes."""
    return sum(len(t) + (2 if " " in t else 0) for t in tags) + max(len(tags) - 1, 0)


class YouTube(BasePlatform):
    name, label = "youtube", "YouTube"
    defaults = {
        "title": 100,
        "description_bytes": 5000,
        "tags_total": 500,
        "media": media(required="video", max_items=1, max_videos=1, image_types=[]),
    }

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(utf8_len(text), "description_bytes", limits, "bytes",
                             "description")]

    def check_text(self, text: str, limits: Mapping[str, Any]) -> list[TextIssue]:
        return _angle_brackets(text, "description")

    def count_title(self, title: str, limits: Mapping[str, Any]) -> Count:
        return self.measure(len(title), "title", limits, "characters", "title")

    def check_title(self, title: str) -> list[TextIssue]:
        return _angle_brackets(title, "title")

    def count_tags(self, tags: Sequence[str], limits: Mapping[str, Any]) -> Count:
        return self.measure(tags_length(tags), "tags_total", limits, "characters", "tags")


PLATFORM = YouTube()
