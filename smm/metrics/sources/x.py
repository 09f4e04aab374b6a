"""X API v2: `GET /2/tweets/:id` with public, non-public and organic metrics; followers
from `GET /2/users/me`.

Non-public and organic metrics exist only for the account's own posts of the last 30
days, and asking for them on an older post fails the request: older posts get public
metrics only.
"""

from __future__ import annotations

from collections.abc import Sequence

from smm.metrics.sources.base import Api, Fetched, PostRef, Progress, base_url, need, numbers
from smm.project import Channel

PRIVATE_DAYS = 30


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    token = need(channel, "access_token", "token")
    api = Api(channel, base_url(channel, "https://api.x.com"),
              headers={"Authorization": f"Bearer {token}"})
    out = Fetched()
    try:
        me = api.get("/2/users/me", {"user.fields": "public_metrics"})
        pm = (me.get("data") or {}).get("public_metrics") if isinstance(me, dict) else None
        out.account = {k: v for k, v in numbers(pm).items() if k == "followers_count"}
        for i, p in enumerate(posts, 1):
            recent = p.age_days is not None and p.age_days < PRIVATE_DAYS
            fields = ("public_metrics,non_public_metrics,organic_metrics" if recent
                      else "public_metrics")
            body = api.get(f"/2/tweets/{p.platform_id}", {"tweet.fields": fields}, ok404=True)
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, dict):
                out.warnings.append(f"{p.post_id}: post {p.platform_id} not found on X "
                                    "(deleted?)")
                progress(i, len(posts))
                continue
            raw = numbers(data.get("public_metrics"))
            # Non-public figures (link and profile clicks) only add to the public ones;
            # the impression count is the same number in both.
            for group in ("non_public_metrics", "organic_metrics"):
                for k, v in numbers(data.get(group)).items():
                    raw.setdefault(k, v)
            out.posts[p.post_id] = raw
            progress(i, len(posts))
    finally:
        api.close()
    return out
