"""A generic JSON POST channel: no length limit. Its Count has limit 0, which means
unlimited, and is always valid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smm.platforms._common import BasePlatform, media
from smm.platforms.base import Count


class Webhook(BasePlatform):
    name, label = "webhook", "Webhook"
    defaults = {"text": 0, "media": media()}

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        return [self.measure(len(text), "text", limits, "characters")]


PLATFORM = Webhook()
