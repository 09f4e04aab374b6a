"""Mastodon: grapheme clusters, every http(s) URL 23, `@user@domain` as `@user`; the
limit is the server's (`configuration.statuses.max_characters`), 500 by default."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from smm.platforms import _urls
from smm.platforms._common import BasePlatform, graphemes, media
from smm.platforms.base import Count

MB = 1024 * 1024
URL_LENGTH = 23  # Mastodon's StatusLengthValidator::URL_PLACEHOLDER
# Account::MENTION_RE: a remote mention counts as its local part.
_REMOTE_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@\w+(?:[.-]+\w+)*", re.I)


def countable(text: str) -> str:
    """The text Mastodon measures: URLs as 23 characters, remote mentions shortened."""
    urls = _urls.extract_urls(text, without_protocol=False)
    if not urls and "@" not in text:
        return text
    out, at = [], 0
    for a, b in urls:
        out += [_local(text[at:a]), "x" * URL_LENGTH]
        at = b
    out.append(_local(text[at:]))
    return "".join(out)


def _local(s: str) -> str:
    """`s` with each remote mention as its local part."""
    return _REMOTE_MENTION.sub(r"@\1", s) if "@" in s else s


class Mastodon(BasePlatform):
    name, label, threads = "mastodon", "Mastodon", True
    defaults = {
        "text": 500,
        "media": media(max_items=4, max_videos=1, max_gifs=1, video_alone=True,
                       image_types=["jpeg", "png", "gif", "webp", "heic", "heif", "avif"],
                       video_types=["mp4", "mov", "webm"],
                       image_max_bytes=16 * MB, gif_max_bytes=16 * MB,
                       video_max_bytes=99 * MB, alt_max=1500),
    }

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(graphemes(countable(text)), "text", limits, "graphemes")]


PLATFORM = Mastodon()
