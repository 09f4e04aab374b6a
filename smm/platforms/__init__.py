"""Platform registry: name -> module holding `PLATFORM`. Modules load on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smm.platforms.base import Platform

# name -> module path. `webhook` is a generic JSON POST channel with no length limit.
REGISTRY: dict[str, str] = {
    "x": "smm.platforms.x",
    "linkedin": "smm.platforms.linkedin",
    "facebook": "smm.platforms.facebook",
    "instagram": "smm.platforms.instagram",
    "threads": "smm.platforms.threads",
    "youtube": "smm.platforms.youtube",
    "tiktok": "smm.platforms.tiktok",
    "mastodon": "smm.platforms.mastodon",
    "bluesky": "smm.platforms.bluesky",
    "webhook": "smm.platforms.webhook",
}

_cache: dict[str, Platform] = {}


def get(name: str) -> Platform:
    """The platform called `name`; KeyError when there is none."""
    if name not in _cache:
        _cache[name] = importlib.import_module(REGISTRY[name]).PLATFORM
    return _cache[name]


def names() -> list[str]:
    return list(REGISTRY)
