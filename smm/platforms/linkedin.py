"""LinkedIn: 3,000 characters (unverified). Commentary is "little text format", where
reserved characters must be escaped or the text is silently cut: escape_little_text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from smm.platforms._common import BasePlatform, media
from smm.platforms.base import Count

_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def escape_little_text(text: str) -> str:
    """`text` with every reserved character of LinkedIn's little text format
    (\\ | { } @ [ ] ( ) < > # * _ ~) backslash-escaped, to send as `commentary`."""
    return _RESERVED.sub(r"\\\1", text)


class LinkedIn(BasePlatform):
    name, label = "linkedin", "LinkedIn"
    defaults = {"text": 3000, "media": media(max_items=20)}
    unverified = frozenset({"text", "media.max_items"})

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        # The shown text counts, not its escaped form.
        return [self.measure(len(text), "text", limits, "characters")]


PLATFORM = LinkedIn()
