"""TikTok Display API: `POST /v2/video/query/` (20 video ids a call) and
`GET /v2/user/info/` for followers. Errors come back as HTTP 200 with
`error.code` other than "ok", so that is checked too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from smm.metrics.sources.base import (
    Api,
    Fetched,
    MetricsError,
    PostRef,
    Progress,
    base_url,
    chunks,
    ensure_dict,
    need,
    numbers,
)
from smm.project import Channel

BATCH = 20
FIELDS = "id,view_count,like_count,comment_count,share_count"


def video_id(ref: PostRef) -> str | None:
    """Publishing returns a publish_id first; the video id is in the post's URL."""
    if ref.platform_id.isdigit():
        return ref.platform_id
    m = re.search(r"/video/(\d+)", ref.url)
    return m.group(1) if m else None


def _ok(body: Any, what: str) -> dict[str, Any]:
    body = ensure_dict(body, what)
    err = body.get("error") or {}
    if isinstance(err, dict) and err.get("code") not in (None, "ok"):
        raise MetricsError(f"{what}: {err.get('code')} ({err.get('message') or 'no message'})")
    return body


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    token = need(channel, "token", "access_token")
    api = Api(channel, base_url(channel, "https://open.tiktokapis.com"),
              headers={"Authorization": f"Bearer {token}"})
    out = Fetched()
    try:
        info = _ok(api.get("/v2/user/info/", {"fields": "follower_count"}), "user/info")
        user = (info.get("data") or {}).get("user") or {}
        out.account = {k: v for k, v in numbers(user).items() if k == "follower_count"}
        by_id = out.index(posts, video_id, "no video id in its publish record yet")
        done = 0
        for batch in chunks(list(by_id), BATCH):
            body = _ok(api.request("POST", f"/v2/video/query/?fields={FIELDS}",
                                   json={"filters": {"video_ids": list(batch)}}), "video/query")
            for v in (body.get("data") or {}).get("videos") or []:
                ref = by_id.get(str((v or {}).get("id")))
                if ref is not None:
                    out.posts[ref.post_id] = {k: n for k, n in numbers(v).items() if k != "id"}
            done += len(batch)
            progress(done, len(by_id))
    finally:
        api.close()
    return out
