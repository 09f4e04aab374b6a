"""One client a platform. Each module defines `Client`, a subclass of base.Client:
`publish(view) -> Result`, optionally `reconcile(record) -> Result | RETRY_SAFE | None`,
and `plan(view)` (the calls a dry run shows)."""

from __future__ import annotations

import importlib
from typing import Any

from smm.project import Channel
from smm.publish.clients.base import RETRY_SAFE, Client, Result

__all__ = ["RETRY_SAFE", "Client", "Result", "get"]

MODULES = ("x", "linkedin", "facebook", "instagram", "threads", "youtube", "tiktok",
           "mastodon", "bluesky", "webhook")


def get(channel: Channel, **opts: Any) -> Client:
    """The client for `channel`; opts (sleep, timeout, retries) are for tests and CI."""
    if channel.platform not in MODULES:
        raise KeyError(channel.platform)
    module = importlib.import_module(f"smm.publish.clients.{channel.platform}")
    client: Client = module.Client(channel, **opts)
    return client
