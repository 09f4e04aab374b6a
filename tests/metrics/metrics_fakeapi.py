"""One HTTP server on 127.0.0.1 speaking the metrics endpoints of all nine platforms,
each under its own path prefix (/x, /mastodon, /bsky, /threads, /ig, /fb, /youtube,
/linkedin, /tiktok), with the response shapes the platforms document.

`fail` holds prefixes that answer 500 (a failed channel); `requests` records
(method, path, query, headers, body) of every call so tests can check request shapes.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

Call = tuple[str, str, dict[str, list[str]], dict[str, str], Any]  # method, path, query, ...


def insights(values: dict[str, Any], media_id: str) -> dict[str, Any]:
    """Graph API insights shape (Instagram, Threads, Facebook)."""
    return {"data": [
        {"name": k, "period": "lifetime", "values": [{"value": v}], "title": k.title(),
         "description": f"{k} of the media", "id": f"{media_id}/insights/{k}/lifetime"}
        for k, v in values.items()
    ]}


class FakeApis:
    def __init__(self) -> None:
        self.fail: set[str] = set()
        self.requests: list[Call] = []
        self.x_followers = 1200
        self.tiktok_views = 12000
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeApis:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self, prefix: str) -> list[Call]:
        return [r for r in self.requests if r[1].startswith(prefix)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        apis = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def _go(self, method: str) -> None:
                parts = urlsplit(self.path)
                q = parse_qs(parts.query)
                n = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(n)) if n else None
                apis.requests.append((method, parts.path, q, dict(self.headers.items()), body))
                prefix = "/" + parts.path.split("/")[1]
                if prefix in apis.fail:
                    return self._send(500, {"error": "internal"}, {"Retry-After": "0"})
                status, data = apis.route(method, parts.path, q, self.headers, body,
                                          parts.query)
                self._send(status, data)

            def _send(self, status: int, data: Any, headers: dict[str, str] | None = None
                      ) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                self._go("GET")

            def do_POST(self) -> None:
                self._go("POST")

        return H

    # -- the platforms ------------------------------------------------------------------

    def route(self, method: str, path: str, q: dict[str, list[str]], headers: Any,
              body: Any, raw_query: str) -> tuple[int, Any]:
        auth = headers.get("Authorization", "")
        if path.startswith("/x/"):
            if auth != "Bearer x-token":
                return 401, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                             "detail": "Unauthorized"}
            if path == "/x/2/users/me":
                return 200, {"data": {"id": "99", "name": "Test", "username": "t",
                                      "public_metrics": {"followers_count": self.x_followers,
                                                         "following_count": 10,
                                                         "tweet_count": 50, "listed_count": 2,
                                                         "like_count": 7}}}
            tid = path.rsplit("/", 1)[-1]
            if tid == "1001":
                return 200, {"data": {
                    "id": "1001", "text": "Launch", "edit_history_tweet_ids": ["1001"],
                    "public_metrics": {"retweet_count": 4, "reply_count": 3, "like_count": 40,
                                       "quote_count": 1, "bookmark_count": 2,
                                       "impression_count": 2000},
                    "non_public_metrics": {"impression_count": 2000, "url_link_clicks": 30,
                                           "user_profile_clicks": 5},
                    "organic_metrics": {"impression_count": 2000, "like_count": 40,
                                        "reply_count": 3, "retweet_count": 4,
                                        "url_link_clicks": 30, "user_profile_clicks": 5}}}
            if tid == "1002":  # the renamed counter: repost_count
                return 200, {"data": {
                    "id": "1002", "text": "Origin", "edit_history_tweet_ids": ["1002"],
                    "public_metrics": {"repost_count": 2, "reply_count": 1, "like_count": 10,
                                       "quote_count": 0, "bookmark_count": 0,
                                       "impression_count": 800}}}
            return 404, {"errors": [{"message": "Not Found"}]}
        if path.startswith("/mastodon/"):
            if path == "/mastodon/api/v1/accounts/lookup" and q.get("acct") == ["t"]:
                return 200, {"id": "1", "username": "t", "acct": "t", "followers_count": 300,
                             "following_count": 4, "statuses_count": 9}
            if path == "/mastodon/api/v1/statuses/111":
                return 200, {"id": "111", "uri": "https://m.example/users/t/statuses/111",
                             "favourites_count": 12, "reblogs_count": 3, "replies_count": 2,
                             "quotes_count": 1, "content": "<p>Launch</p>"}
            return 404, {"error": "Record not found"}
        if path.startswith("/bsky/"):
            if path == "/bsky/xrpc/app.bsky.actor.getProfile":
                return 200, {"did": "did:plc:abc", "handle": "t.bsky.social",
                             "followersCount": 450, "followsCount": 5, "postsCount": 9}
            if path == "/bsky/xrpc/app.bsky.feed.getPosts":
                posts = []
                for uri in q.get("uris", []):
                    if uri.endswith("/3kabc"):
                        posts.append({"uri": uri, "cid": "bafyreib", "indexedAt":
                                      "2026-11-20T09:00:00Z",
                                      "author": {"did": "did:plc:abc",
                                                 "handle": "t.bsky.social"},
                                      "record": {"$type": "app.bsky.feed.post",
                                                 "text": "Launch",
                                                 "createdAt": "2026-11-20T09:00:00Z"},
                                      "likeCount": 20, "repostCount": 4, "replyCount": 3,
                                      "quoteCount": 1, "bookmarkCount": 2})
                return 200, {"posts": posts}
        if path.startswith("/threads/"):
            if path == "/threads/900/threads_insights":
                return 200, {"data": [{"name": "followers_count", "period": "day",
                                       "title": "followers_count", "description": "",
                                       "total_value": {"value": 210},
                                       "id": "900/insights/followers_count/day"}]}
            if path == "/threads/181/insights":
                return 200, insights({"views": 1200, "likes": 60, "replies": 5, "reposts": 4,
                                      "quotes": 2, "shares": 3}, "181")
        if path.startswith("/ig/"):
            if auth != "Bearer ig-token":
                return 400, {"error": {"message": "Invalid OAuth access token.",
                                       "type": "OAuthException", "code": 190}}
            if path == "/ig/800":
                return 200, {"followers_count": 2400, "id": "800"}
            if path == "/ig/1781/insights":
                return 200, insights({"views": 3000, "reach": 2500, "likes": 150,
                                      "comments": 12, "shares": 8, "saved": 20}, "1781")
            if path == "/ig/1782/insights":  # media from before July 2024: the retired name
                return 200, insights({"impressions": 1800, "reach": 1500, "likes": 60,
                                      "comments": 4, "shares": 1, "saved": 6}, "1782")
        if path.startswith("/fb/"):
            if path == "/fb/700":
                return 200, {"followers_count": 900, "id": "700"}
            if path == "/fb/700_55/insights":
                return 200, insights({"post_media_view": 1500,
                                      "post_total_media_view_unique": 1200,
                                      "post_reactions_by_type_total": {"like": 30, "love": 5},
                                      "post_clicks": 25}, "700_55")
            if path == "/fb/700_55":
                return 200, {"id": "700_55", "shares": {"count": 3},
                             "comments": {"data": [], "summary": {"order": "ranked",
                                                                  "total_count": 6,
                                                                  "can_comment": True}}}
        if path.startswith("/youtube/"):
            if path == "/youtube/youtube/v3/channels":
                return 200, {"kind": "youtube#channelListResponse", "items": [
                    {"kind": "youtube#channel", "id": "UC1",
                     "statistics": {"viewCount": "50000", "subscriberCount": "640",
                                    "hiddenSubscriberCount": False, "videoCount": "12"}}]}
            if path == "/youtube/youtube/v3/videos":
                ids = q.get("id", [""])[0].split(",")
                return 200, {"kind": "youtube#videoListResponse", "items": [
                    {"kind": "youtube#video", "id": i,
                     "statistics": {"viewCount": "900", "likeCount": "45",
                                    "favoriteCount": "0", "commentCount": "7"}}
                    for i in ids if i == "vid1"]}
        if path.startswith("/linkedin/"):
            if headers.get("X-Restli-Protocol-Version") != "2.0.0" \
                    or not headers.get("Linkedin-Version"):
                return 400, {"message": "missing versioned headers", "status": 400}
            if path == "/linkedin/rest/networkSizes/urn:li:organization:5" or \
                    unquote(path) == "/linkedin/rest/networkSizes/urn:li:organization:5":
                return 200, {"firstDegreeSize": 1500}
            if path == "/linkedin/rest/organizationalEntityShareStatistics":
                wanted = unquote(raw_query)
                els = []
                if "List(urn:li:share:7001)" in wanted:
                    els.append({"totalShareStatistics": {
                        "uniqueImpressionsCount": 700, "shareCount": 3, "engagement": 0.072,
                        "clickCount": 40, "likeCount": 25, "impressionCount": 1000,
                        "commentCount": 4},
                        "share": "urn:li:share:7001",
                        "organizationalEntity": "urn:li:organization:5"})
                return 200, {"paging": {"count": 10, "start": 0, "links": []}, "elements": els}
        if path.startswith("/tiktok/"):
            ok = {"code": "ok", "message": "", "log_id": "20261127000000"}
            if path == "/tiktok/v2/user/info/":
                return 200, {"data": {"user": {"follower_count": 5100}}, "error": ok}
            if path == "/tiktok/v2/video/query/" and method == "POST":
                ids = (body or {}).get("filters", {}).get("video_ids", [])
                vids = [{"id": i, "view_count": self.tiktok_views, "like_count": 900,
                         "comment_count": 40, "share_count": 25}
                        for i in ids if i == "7300000000000000001"]
                return 200, {"data": {"videos": vids, "cursor": 0, "has_more": False},
                             "error": ok}
        return 404, {"error": f"no route {method} {path}"}
