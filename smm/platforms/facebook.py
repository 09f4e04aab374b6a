"""Facebook Page posts: 63,206 characters (unverified)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smm.platforms._common import BasePlatform, media
from smm.platforms.base import Count


class Facebook(BasePlatform):
    name, label = "facebook", "Facebook"
    defaults = {"text": 63_206, "media": media()}
    unverified = frozenset({"text"})

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(len(text), "text", limits, "characters")]


PLATFORM = Facebook()
