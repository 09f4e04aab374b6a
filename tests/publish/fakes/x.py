"""X API v2: /2/media/upload, /2/media/metadata, /2/tweets (403 on duplicate text)."""

from __future__ import annotations

from typing import Any

from .server import Fake, Req


class X(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.tweets: dict[str, dict[str, Any]] = {}
        self.alt: dict[str, str] = {}

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        if not self.bearer(req):
            return 401, {"title": "Unauthorized"}, {}
        if req.path == "/2/media/upload":
            self.expect("media" in req.form(), "media/upload: no media part")
            return 200, {"data": {"id": str(7000 + len(self.alt) + len(self.tweets))}}, {}
        if req.path == "/2/media/metadata":
            b = req.json()
            self.alt[b["id"]] = b["metadata"]["alt_text"]["text"]
            return 200, {"data": {"associated_metadata": True}}, {}
        if req.path == "/2/tweets":
            b = req.json()
            self.expect(set(b) <= {"text", "media", "reply"}, f"tweets: unknown keys {set(b)}")
            if any(t["text"] == b["text"] for t in self.tweets.values()):
                self.created.append(b["text"])  # an attempt to post twice: a test failure
                return 403, {"detail": "You are not allowed to create a Tweet with duplicate "
                             "content."}, {}
            reply = (b.get("reply") or {}).get("in_reply_to_tweet_id")
            self.expect(reply is None or reply in self.tweets, "tweets: unknown reply")
            tid = str(18 * 10**17 + len(self.tweets))
            self.tweets[tid] = b
            self.created.append(b["text"])
            return 201, {"data": {"id": tid, "text": b["text"]}}, {}
        return 404, {}, {}
