"""TikTok Content Posting API: creator_info, video/init, chunk PUTs, status/fetch."""

from __future__ import annotations

from typing import Any

from .server import Fake, Req

OK = {"code": "ok", "message": "", "log_id": "x"}


class TikTok(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.uploads: dict[str, dict[str, Any]] = {}
        self.polls_until_done = 2

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        if req.method == "PUT" and req.path.startswith("/upload/"):
            u = self.uploads[req.path.rsplit("/", 1)[1]]
            self.expect("content-range" in req.headers, "chunk without Content-Range")
            u["got"] += len(req.body)
            return 201 if u["got"] >= u["size"] else 206, b"", {}
        if not self.bearer(req):
            return 401, {"error": {"code": "access_token_invalid"}}, {}
        if req.path == "/v2/post/publish/creator_info/query/":
            return 200, {"data": {"privacy_level_options": ["PUBLIC_TO_EVERYONE", "SELF_ONLY"],
                                  "creator_username": "fern"}, "error": OK}, {}
        if req.path == "/v2/post/publish/video/init/":
            b = req.json()
            src = b["source_info"]
            self.expect(src["source"] == "FILE_UPLOAD", "init: source")
            pid = f"v_pub_{len(self.uploads)}"
            self.uploads[pid] = {"size": src["video_size"], "got": 0, "polls": 0,
                                 "title": b["post_info"]["title"]}
            return 200, {"data": {"publish_id": pid, "upload_url": f"{self.url}/upload/{pid}"},
                         "error": OK}, {}
        if req.path == "/v2/post/publish/status/fetch/":
            u = self.uploads[req.json()["publish_id"]]
            u["polls"] += 1
            if u["got"] >= u["size"] and u["polls"] >= self.polls_until_done:
                if u["polls"] == self.polls_until_done:
                    self.created.append(u["title"])
                return 200, {"data": {"status": "PUBLISH_COMPLETE",
                                      "publicaly_available_post_id": [7300000000 + u["polls"]]},
                             "error": OK}, {}
            return 200, {"data": {"status": "PROCESSING_UPLOAD"}, "error": OK}, {}
        return 404, {}, {}
