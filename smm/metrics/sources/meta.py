"""Meta's Graph APIs: Threads and Instagram media insights, Facebook Page post
insights. All three answer `GET /{id}/insights?metric=...` with
`{"data": [{"name", "period", "values": [{"value"}]}]}` (newer metrics may carry
`total_value: {value}` instead).

Only current metric names are asked for: a retired name fails the whole request. An
older API version or old media may still answer with a retired name (Instagram
`impressions`, Facebook `post_impressions`); names.py maps those to the same smm metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smm.metrics.sources.base import (
    Api,
    Fetched,
    MetricsError,
    PostRef,
    Progress,
    base_url,
    ensure_dict,
    need,
    number,
    numbers,
)
from smm.project import Channel

POST_METRICS = {
    "threads": "views,likes,replies,reposts,quotes,shares",
    "instagram": "views,reach,likes,comments,shares,saved",
    "facebook": "post_media_view,post_total_media_view_unique,post_reactions_by_type_total,"
                "post_clicks",
}
DEFAULT_API = {
    "threads": "https://graph.threads.net/v1.0",
    "instagram": "https://graph.facebook.com/v21.0",
    "facebook": "https://graph.facebook.com/v21.0",
}
ACCOUNT_KEY = {"threads": "user_id", "instagram": "user_id", "facebook": "page_id"}


def insight_values(body: Any) -> dict[str, float]:
    """{metric name: value} from an insights answer. A breakdown (reactions by type) is
    summed: the KPI counts all reactions as likes."""
    out: dict[str, float] = {}
    for item in ensure_dict(body, "insights").get("data") or []:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        raw: Any = None
        if isinstance(item.get("total_value"), dict):
            raw = item["total_value"].get("value")
        elif item.get("values"):
            raw = (item["values"][-1] or {}).get("value")
        if isinstance(raw, dict):
            raw = sum(n for n in (number(v) for v in raw.values()) if n is not None)
        n = number(raw)
        if n is not None:
            out[str(item["name"])] = n
    return out


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    platform = channel.platform
    token = need(channel, "token", "access_token")
    account_id = str(channel.config.get(ACCOUNT_KEY[platform]) or "")
    if not account_id:
        raise MetricsError(f"no `{ACCOUNT_KEY[platform]}:` in strategy.yaml for this channel")
    api = Api(channel, base_url(channel, DEFAULT_API[platform]),
              headers={"Authorization": f"Bearer {token}"})
    out = Fetched()
    try:
        out.account = _followers(api, platform, account_id)
        for i, p in enumerate(posts, 1):
            body = api.get(f"/{p.platform_id}/insights", {"metric": POST_METRICS[platform]},
                           ok404=True)
            if body is None:
                out.warnings.append(f"{p.post_id}: {p.platform_id} not found (deleted?)")
                progress(i, len(posts))
                continue
            raw = insight_values(body)
            if platform == "facebook":
                raw.update(_facebook_counts(api, p.platform_id))
            out.posts[p.post_id] = raw
            progress(i, len(posts))
    finally:
        api.close()
    return out


def _followers(api: Api, platform: str, account_id: str) -> dict[str, float]:
    if platform == "threads":
        body = api.get(f"/{account_id}/threads_insights", {"metric": "followers_count"})
        return {k: v for k, v in insight_values(body).items() if k == "followers_count"}
    body = ensure_dict(api.get(f"/{account_id}", {"fields": "followers_count"}), "account")
    return {k: v for k, v in numbers(body).items() if k == "followers_count"}


def _facebook_counts(api: Api, post_id: str) -> dict[str, float]:
    """Comments and shares are fields of the post, not insights."""
    body = ensure_dict(api.get(f"/{post_id}", {"fields": "shares,comments.summary(true).limit(0)"}),
                       "post")
    out: dict[str, float] = {}
    shares = number((body.get("shares") or {}).get("count"))
    comments = number(((body.get("comments") or {}).get("summary") or {}).get("total_count"))
    out["shares"] = shares or 0.0  # Graph leaves `shares` out when there are none
    if comments is not None:
        out["comments"] = comments
    return out
