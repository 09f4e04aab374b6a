"""YouTube Data API v3: `videos.list part=statistics` (50 ids a call) and
`channels.list part=statistics` for subscribers. Statistics are public, so an API key
(SMM_<CHANNEL>_API_KEY) suffices; the publisher's OAuth token (SMM_<CHANNEL>_TOKEN) works too.
Counts arrive as strings."""

from __future__ import annotations

from collections.abc import Sequence

from smm.metrics.sources.base import (
    Api,
    Fetched,
    MetricsError,
    PostRef,
    Progress,
    base_url,
    chunks,
    ensure_dict,
    numbers,
)
from smm.project import Channel

BATCH = 50
COUNTS = ("viewCount", "likeCount", "commentCount")


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    key = channel.secret("api_key")
    token = channel.secret("token") or channel.secret("access_token")
    if not key and not token:
        raise MetricsError(f"no credentials: set {channel.env_name('token')} or "
                           f"{channel.env_name('api_key')}")
    api = Api(channel, base_url(channel, "https://www.googleapis.com"),
              headers={"Authorization": f"Bearer {token}"} if token else None,
              params={"key": key} if key else None)
    out = Fetched()
    try:
        cid = str(channel.config.get("channel_id") or "")
        q = {"part": "statistics", **({"id": cid} if cid else {"mine": "true"})}
        body = ensure_dict(api.get("/youtube/v3/channels", q), "channels.list")
        items = body.get("items") or []
        if items:
            stats = numbers((items[0] or {}).get("statistics"))
            out.account = {k: v for k, v in stats.items() if k == "subscriberCount"}
        done = 0
        by_id = {p.platform_id: p for p in posts}
        for batch in chunks(list(by_id), BATCH):
            body = ensure_dict(api.get("/youtube/v3/videos",
                                       {"part": "statistics", "id": ",".join(batch)}),
                               "videos.list")
            seen = set()
            for item in body.get("items") or []:
                ref = by_id.get(str((item or {}).get("id")))
                if ref is not None:
                    seen.add(ref.platform_id)
                    out.posts[ref.post_id] = {k: v for k, v in
                                              numbers(item.get("statistics")).items()
                                              if k in COUNTS}
            for vid in batch:
                if vid not in seen:
                    out.warnings.append(f"{by_id[vid].post_id}: video {vid} not found "
                                        "(deleted or private?)")
            done += len(batch)
            progress(done, len(by_id))
    finally:
        api.close()
    return out
