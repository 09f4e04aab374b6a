"""TikTok: captions of 2,200, counted in UTF-16 units (both unverified); photo posts take
a title of 90 and a description of 4,000."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smm.platforms._common import BasePlatform, media, utf16_len
from smm.platforms.base import Count

MB = 1024 * 1024


class TikTok(BasePlatform):
    name, label = "tiktok", "TikTok"
    defaults = {
        "text": 2200,
        "photo_title": 90,
        "photo_description": 4000,
        "media": media(required=True, max_items=35, carousel_max=35, max_videos=1,
                       video_alone=True, image_types=["jpeg", "webp"],
                       image_max_bytes=20 * MB, video_min_seconds=3, video_max_seconds=600,
                       video_max_bytes=4096 * MB),
    }
    unverified = frozenset({"text", "media.max_items", "media.carousel_max",
                            "media.image_types", "media.image_max_bytes"})

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(utf16_len(text), "text", limits, "utf16")]

    def count_photo(self, title: str, description: str, limits: Mapping[str, Any]
                    ) -> list[Count]:
        """A photo post's title and description, which replace the caption."""
        return [self.measure(utf16_len(title), "photo_title", limits, "utf16", "title"),
                self.measure(utf16_len(description), "photo_description", limits, "utf16",
                             "description")]


PLATFORM = TikTok()
