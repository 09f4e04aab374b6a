"""One module a platform (or platform family), each exposing `fetch` (see base.Fetch).

Modules load on first use, like the platform registry."""

from __future__ import annotations

import importlib
from typing import cast

from smm.metrics.sources.base import Fetch

SOURCES: dict[str, str] = {
    "x": "smm.metrics.sources.x",
    "mastodon": "smm.metrics.sources.mastodon",
    "bluesky": "smm.metrics.sources.bluesky",
    "threads": "smm.metrics.sources.meta",
    "instagram": "smm.metrics.sources.meta",
    "facebook": "smm.metrics.sources.meta",
    "youtube": "smm.metrics.sources.youtube",
    "linkedin": "smm.metrics.sources.linkedin",
    "tiktok": "smm.metrics.sources.tiktok",
}


def get(platform: str) -> Fetch | None:
    """The platform's metrics reader; None for platforms without metrics (webhook)."""
    if platform not in SOURCES:
        return None
    module = importlib.import_module(SOURCES[platform])
    return cast(Fetch, getattr(module, "fetch_" + platform, None) or module.fetch)
