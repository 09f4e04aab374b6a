"""YouTube Data API v3 resumable upload: POST (session) then PUT with Content-Range."""

from __future__ import annotations

from typing import Any

from .server import Fake, Req


class YouTube(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.sessions: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.comments: list[tuple[str, str]] = []  # (video id, text)

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        if not self.bearer(req):
            return 401, {"error": {"code": 401}}, {}
        if req.method == "POST" and req.path == "/upload/youtube/v3/videos":
            self.expect(req.query.get("uploadType") == "resumable", "not resumable")
            meta = req.json()
            self.expect("<" not in meta["snippet"]["title"], "title with <")
            sid = f"s{len(self.sessions)}"
            self.sessions[sid] = {"meta": meta, "size": int(req.headers["x-upload-content-length"]),
                                  "got": b""}
            return 200, b"", {"Location": f"{self.url}/upload/session/{sid}?upload_id=x{sid}"}
        if req.method == "POST" and req.path == "/youtube/v3/commentThreads":
            self.expect(req.query.get("part") == "snippet", "commentThreads: part=snippet")
            sn = req.json()["snippet"]
            self.expect(sn["videoId"] in self.videos, "comment on an unknown video")
            self.comments.append((sn["videoId"], sn["topLevelComment"]["snippet"]["textOriginal"]))
            return 200, {"id": f"Ugx{len(self.comments):04d}", "snippet": sn}, {}
        if req.method == "PUT" and req.path.startswith("/upload/session/"):
            s = self.sessions[req.path.rsplit("/", 1)[1]]
            s["got"] += req.body
            if len(s["got"]) < s["size"]:
                return 308, b"", {"Range": f"bytes=0-{len(s['got']) - 1}"}
            vid = f"vid{len(self.videos):08d}"
            self.videos[vid] = s["meta"]
            self.created.append(s["meta"]["snippet"]["title"])
            return 200, {"id": vid, "snippet": s["meta"]["snippet"]}, {}
        return 404, {}, {}
