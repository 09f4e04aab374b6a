"""LinkedIn Community Management API: lifetime `organizationalEntityShareStatistics` for
the organization's posts (share and ugcPost URNs, Rest.li 2.0 `List(...)` syntax), and
followers from `networkSizes`. Versioned: the `Linkedin-Version` header comes from the
channel's `version:` (default below)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

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

VERSION = "202511"
BATCH = 20
COUNTS = ("impressionCount", "uniqueImpressionsCount", "likeCount", "commentCount",
          "shareCount", "clickCount")


def _enc(urn: str) -> str:
    return quote(urn, safe="")


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    token = need(channel, "token", "access_token")
    org = str(channel.config.get("organization") or "")
    if not org.startswith("urn:li:organization:"):
        raise MetricsError("`organization:` in strategy.yaml must be an organization URN, "
                           "e.g. urn:li:organization:123")
    api = Api(channel, base_url(channel, "https://api.linkedin.com"), headers={
        "Authorization": f"Bearer {token}",
        "Linkedin-Version": str(channel.config.get("version") or VERSION),
        "X-Restli-Protocol-Version": "2.0.0",
    })
    out = Fetched()
    try:
        size = ensure_dict(api.get(f"/rest/networkSizes/{_enc(org)}?edgeType="
                                   "COMPANY_FOLLOWED_BY_COMPANY"), "networkSizes")
        out.account = {k: v for k, v in numbers(size).items() if k == "firstDegreeSize"}
        by_urn = {p.platform_id: p for p in posts if p.platform_id.startswith("urn:li:")}
        for p in posts:
            if p.platform_id not in by_urn:
                out.warnings.append(f"{p.post_id}: {p.platform_id!r} is not a post URN")
        done = 0
        for batch in chunks(list(by_urn), BATCH):
            shares = [u for u in batch if u.startswith("urn:li:share:")]
            ugc = [u for u in batch if not u.startswith("urn:li:share:")]
            # Built by hand: Rest.li wants List(...) with encoded URNs inside, which
            # httpx's own query encoding would mangle.
            q = f"?q=organizationalEntity&organizationalEntity={_enc(org)}"
            if shares:
                q += "&shares=List(" + ",".join(_enc(u) for u in shares) + ")"
            if ugc:
                q += "&ugcPosts=List(" + ",".join(_enc(u) for u in ugc) + ")"
            body = ensure_dict(api.get("/rest/organizationalEntityShareStatistics" + q),
                               "organizationalEntityShareStatistics")
            for el in body.get("elements") or []:
                urn = str((el or {}).get("share") or (el or {}).get("ugcPost") or "")
                if urn in by_urn:
                    stats = numbers(el.get("totalShareStatistics"))
                    out.posts[by_urn[urn].post_id] = {k: v for k, v in stats.items()
                                                      if k in COUNTS}
            done += len(batch)
            progress(done, len(by_urn))
    finally:
        api.close()
    return out
