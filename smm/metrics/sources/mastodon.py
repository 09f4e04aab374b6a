"""Mastodon: the status itself carries its counts (`GET /api/v1/statuses/:id`); the
account's followers from `accounts/lookup` (public) or `verify_credentials`.
Mastodon has no impressions."""

from __future__ import annotations

from collections.abc import Sequence

from smm.metrics.sources.base import (
    Api,
    Fetched,
    MetricsError,
    PostRef,
    Progress,
    ensure_dict,
    numbers,
)
from smm.project import Channel

COUNTS = ("favourites_count", "reblogs_count", "replies_count", "quotes_count")


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    if not channel.base_url:
        raise MetricsError("no `instance:` URL in strategy.yaml for this channel")
    token = channel.secret("token")
    api = Api(channel, channel.base_url,
              headers={"Authorization": f"Bearer {token}"} if token else None)
    out = Fetched()
    try:
        handle = str(channel.config.get("handle") or "").lstrip("@")
        if handle:
            acct = api.get("/api/v1/accounts/lookup", {"acct": handle.split("@")[0]})
        elif token:
            acct = api.get("/api/v1/accounts/verify_credentials")
        else:
            raise MetricsError(f"set `handle:` in strategy.yaml or {channel.env_name('token')}")
        acct = ensure_dict(acct, "accounts")
        out.account = {k: v for k, v in numbers(acct).items() if k == "followers_count"}
        for i, p in enumerate(posts, 1):
            st = api.get(f"/api/v1/statuses/{p.platform_id}", ok404=True)
            if not isinstance(st, dict):
                out.warnings.append(f"{p.post_id}: status {p.platform_id} not found (deleted?)")
            else:
                out.posts[p.post_id] = {k: v for k, v in numbers(st).items() if k in COUNTS}
            progress(i, len(posts))
    finally:
        api.close()
    return out
