"""Bluesky: `app.bsky.feed.getPosts` (at most 25 URIs a call) and
`app.bsky.actor.getProfile`. With SMM_<CHANNEL>_PASSWORD set, a session is created and
the PDS (`service:`) proxies the calls to the AppView; without it, the calls go
unauthenticated to `appview:` (default: the public AppView). Bluesky has no impressions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from smm.metrics.sources.base import (
    Api,
    Fetched,
    MetricsError,
    PostRef,
    Progress,
    chunks,
    ensure_dict,
    numbers,
)
from smm.project import Channel

BATCH = 25
PUBLIC_APPVIEW = "https://public.api.bsky.app"
COUNTS = ("likeCount", "repostCount", "replyCount", "quoteCount", "bookmarkCount")


def at_uri(ref: PostRef) -> str | None:
    """The post's at:// URI: the record's id, or rebuilt from its bsky.app URL."""
    if ref.platform_id.startswith("at://"):
        return ref.platform_id
    m = re.search(r"/profile/([^/]+)/post/([^/?#]+)", ref.url)
    return f"at://{m.group(1)}/app.bsky.feed.post/{m.group(2)}" if m else None


def fetch(channel: Channel, posts: Sequence[PostRef], progress: Progress) -> Fetched:
    handle = str(channel.secret("identifier") or channel.config.get("handle") or "")
    password = channel.secret("password")
    service = str(channel.config.get("service") or "https://bsky.social").rstrip("/")
    if password:
        login = Api(channel, service)
        try:
            sess = ensure_dict(login.request("POST", "/xrpc/com.atproto.server.createSession",
                                             json={"identifier": handle, "password": password}),
                               "createSession")
        finally:
            login.close()
        api = Api(channel, service, headers={"Authorization": f"Bearer {sess.get('accessJwt')}"})
        actor = str(sess.get("did") or handle)
    else:
        api = Api(channel, str(channel.config.get("appview") or PUBLIC_APPVIEW))
        actor = handle
    out = Fetched()
    try:
        if not actor:
            raise MetricsError("no `handle:` in strategy.yaml for this channel")
        prof = ensure_dict(api.get("/xrpc/app.bsky.actor.getProfile", {"actor": actor}),
                           "getProfile")
        out.account = {k: v for k, v in numbers(prof).items() if k == "followersCount"}
        by_uri = out.index(posts, at_uri, "no at:// URI in its publish record")
        done = 0
        for batch in chunks(list(by_uri), BATCH):
            body = ensure_dict(api.get("/xrpc/app.bsky.feed.getPosts",
                                       [("uris", u) for u in batch]), "getPosts")
            # The AppView answers with DID-based URIs; a record may hold a handle-based
            # one, so the record key (last segment) matches them up as well.
            by_rkey = {u.rsplit("/", 1)[-1]: u for u in batch}
            seen = set()
            for post in body.get("posts") or []:
                uri = post.get("uri") if isinstance(post, dict) else None
                uri = uri if uri in by_uri else by_rkey.get(str(uri).rsplit("/", 1)[-1])
                if uri is not None and isinstance(post, dict):
                    ref = by_uri[uri]
                    seen.add(uri)
                    out.posts[ref.post_id] = {k: v for k, v in numbers(post).items()
                                              if k in COUNTS}
            for uri in batch:
                if uri not in seen:  # getPosts leaves out deleted posts silently
                    out.warnings.append(f"{by_uri[uri].post_id}: {uri} not found (deleted?)")
            done += len(batch)
            progress(done, len(by_uri))
    finally:
        api.close()
    return out
