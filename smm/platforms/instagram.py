"""Instagram: captions of 2,200 characters, a capped number of hashtags, and links that
are not clickable there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from smm.platforms import _urls
from smm.platforms._common import BasePlatform, media
from smm.platforms.base import Count, TextIssue

MB = 1024 * 1024
# A # after a space or the start, then word characters holding at least one non-digit.
_HASHTAG = re.compile(r"(?<![\w&])[#＃](?!\ufe0f|\u20e3)\w*[^\W\d]\w*")


class Instagram(BasePlatform):
    name, label = "instagram", "Instagram"
    defaults = {
        "text": 2200,
        "hashtags_max": 30,
        "user_tags_max": 20,
        "media": media(required=True, max_items=10, carousel_max=10, image_types=["jpeg"],
                       aspect_min=4 / 5, aspect_max=1.91, video_min_seconds=3,
                       video_max_seconds=900),
    }
    unverified = frozenset({"hashtags_max", "user_tags_max", "media.video_min_seconds",
                            "media.video_max_seconds"})

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(len(text), "text", limits, "characters")]

    def check_text(self, text: str, limits: Mapping[str, Any]) -> list[TextIssue]:
        out = []
        tags = list(_HASHTAG.finditer(text)) if "#" in text or "＃" in text else []
        most = int(limits.get("hashtags_max") or 0)
        if most and len(tags) > most:
            first_over = tags[most]
            note = self.note("hashtags_max", limits)
            out.append(TextIssue(
                "instagram.hashtags", "error",
                f"{len(tags)} hashtags, Instagram takes at most {most}: remove "
                f"{len(tags) - most}" + (f" ({note})" if note else ""),
                first_over.start(), first_over.end() - first_over.start()))
        for a, b in _urls.extract_urls(text):
            out.append(TextIssue(
                "instagram.caption-link", "warning",
                f"{text[a:b]} will not be a link on Instagram: point to the link in your bio "
                "instead, or keep it for people to copy", a, b - a))
        return out


PLATFORM = Instagram()
