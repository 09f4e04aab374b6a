"""Mastodon: /api/v2/media (202 then /api/v1/media/:id), /api/v1/statuses with
Idempotency-Key (a repeat returns the status already made)."""

from __future__ import annotations

from typing import Any

from .server import Fake, Req


class Mastodon(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.statuses: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.processing_polls = 1  # a new attachment answers 202 this many times

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        if not self.bearer(req):
            return 401, {"error": "The access token is invalid"}, {}
        if req.method == "POST" and req.path == "/api/v2/media":
            form = req.form()
            self.expect("file" in form, "media: no file part")
            mid = str(len(self.media) + 1)
            self.media[mid] = {"id": mid, "type": "image", "url": None,
                               "description": form.get("description"),
                               "polls": self.processing_polls}
            return 202, self._att(mid, peek=True), {}
        if req.method == "GET" and req.path.startswith("/api/v1/media/"):
            mid = req.path.rsplit("/", 1)[1]
            return (200 if self.media[mid]["polls"] <= 0 else 206), self._att(mid), {}
        if req.method == "POST" and req.path == "/api/v1/statuses":
            key = req.headers.get("idempotency-key")
            self.expect(bool(key), "statuses: no Idempotency-Key")
            if key in self.keys:
                return 200, self.statuses[self.keys[key]], {}
            body = req.json()
            self.expect(isinstance(body.get("status"), str), "statuses: no status text")
            for m in body.get("media_ids") or []:
                self.expect(self.media.get(m, {}).get("url") is not None,
                            f"statuses: media {m} not processed yet")
            reply = body.get("in_reply_to_id")
            self.expect(reply is None or reply in self.statuses, "statuses: unknown reply")
            sid = str(10**17 + len(self.statuses))
            st = {"id": sid, "url": f"{self.url}/@fern/{sid}", "content": body["status"],
                  "in_reply_to_id": reply, "language": body.get("language"),
                  "media_attachments": [self.media[m] for m in body.get("media_ids") or []]}
            self.statuses[sid] = st
            self.keys[str(key)] = sid
            self.created.append(body["status"])
            return 200, st, {}
        return 404, {"error": "Record not found"}, {}

    def _att(self, mid: str, peek: bool = False) -> dict[str, Any]:
        m = self.media[mid]
        if not peek:
            m["polls"] -= 1
            if m["polls"] <= 0:
                m["url"] = f"{self.url}/media/{mid}.jpg"
        return {k: v for k, v in m.items() if k != "polls"}
