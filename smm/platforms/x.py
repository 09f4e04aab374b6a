"""X: 280 weighted (twitter-text config v3), see _twitter.py."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from smm.platforms import _twitter
from smm.platforms._common import BasePlatform, media
from smm.platforms.base import Count

MB = 1024 * 1024


class X(BasePlatform):
    name, label, threads = "x", "X", True
    defaults = {
        "text": 280,
        "media": media(max_items=4, max_videos=1, max_gifs=1, video_alone=True,
                       image_types=["jpeg", "png", "gif", "webp"], video_types=["mp4", "mov"],
                       image_max_bytes=5 * MB, gif_max_bytes=15 * MB, video_max_bytes=512 * MB,
                       video_min_seconds=0.5, video_max_seconds=140,
                       video_aspect_min=1 / 3, video_aspect_max=3.0, alt_max=1000),
    }

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        limit = int(limits["text"])
        if limit > 0:  # the limit only decides validity: parse()'s ranges are not needed
            length, invalid = _twitter.weighted(text)
            valid = not invalid and 0 < length <= limit
        else:
            p = _twitter.parse(text, _config(limit))  # (a limit of 0 divides by zero there)
            length, valid = p.weighted_length, p.valid
        # Valid as twitter-text says, except that an empty text passes: media alone is a post.
        return [_new(Count, (self.name, length, limit, "weighted", valid or length == 0,
                             "text", ""))]


_new = tuple.__new__  # Count(...) without its __new__'s call


@functools.lru_cache(maxsize=8)
def _config(limit: int) -> _twitter.Config:
    return _twitter.V3.with_limit(limit)


PLATFORM = X()
