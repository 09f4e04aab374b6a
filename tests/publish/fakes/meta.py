"""Meta Graph APIs: a Facebook Page (photos, feed) and the container flow of Instagram
(/media, /media_publish) and Threads (/threads, /threads_publish)."""

from __future__ import annotations

from typing import Any

from .server import Fake, Req


class Meta(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.containers: dict[str, dict[str, Any]] = {}
        self.published: dict[str, dict[str, Any]] = {}
        self.comments: list[tuple[str, str]] = []  # (object id, message), in order
        self.n = 0

    def _id(self) -> str:
        self.n += 1
        return str(17_900_000_000 + self.n)

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        if not self.bearer(req):
            return 400, {"error": {"message": "Invalid OAuth access token", "code": 190}}, {}
        parts = req.path.strip("/").split("/")
        if req.method == "GET" and len(parts) == 1:
            obj = self.containers.get(parts[0]) or self.published.get(parts[0])
            if obj is None:
                return 400, {"error": {"message": "Unsupported get request", "code": 100}}, {}
            return 200, {"id": parts[0], **obj.get("state", {}),
                         "permalink": obj.get("permalink")}, {}
        if len(parts) != 2:
            return 404, {}, {}
        edge, form = parts[1], req.form()
        if edge in ("media", "threads"):
            if edge == "media":
                self.expect("image_url" in form or "video_url" in form or
                            form.get("media_type") == "CAROUSEL", "media: no image_url")
            cid = self._id()
            field = "status_code" if edge == "media" else "status"
            self.containers[cid] = {"form": form, "state": {field: "FINISHED"}}
            return 200, {"id": cid}, {}
        if edge in ("media_publish", "threads_publish"):
            c = self.containers.get(form.get("creation_id", ""))
            if c is None:
                return 400, {"error": {"message": "bad creation_id", "code": 100}}, {}
            field = "status_code" if edge == "media_publish" else "status"
            if c["state"][field] == "PUBLISHED":
                self.created.append(c["form"].get("caption") or c["form"].get("text") or "")
                return 400, {"error": {"message": "already published", "code": 9007}}, {}
            c["state"][field] = "PUBLISHED"
            mid = self._id()
            self.published[mid] = {"permalink": f"https://www.example.com/p/{mid}"}
            self.created.append(c["form"].get("caption") or c["form"].get("text") or "")
            return 200, {"id": mid}, {}
        if edge == "comments":  # Instagram /{ig-media-id}/comments, Facebook /{post-id}/...
            if parts[0] not in self.published:
                return 400, {"error": {"message": "Unsupported post request", "code": 100}}, {}
            self.expect(bool(form.get("message")), "comments: no message")
            self.comments.append((parts[0], form.get("message", "")))
            return 200, {"id": self._id()}, {}
        if edge == "photos":
            self.expect(form.get("published") == "false", "photos: not unpublished")
            return 200, {"id": self._id()}, {}
        if edge == "feed":
            pid = f"{parts[0]}_{self._id()}"
            self.published[pid] = {"permalink": None}
            self.created.append(form.get("message", ""))
            return 200, {"id": pid}, {}
        return 404, {}, {}
