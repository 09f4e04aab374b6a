"""YouTube: videos.insert as a resumable upload (POST for a session URL, then PUT the
bytes, resuming after a 308). `status.publishAt` when the channel sets `native_schedule`
(YouTube then holds the video private until that time). OAuth access token
SMM_<CH>_TOKEN. No idempotency means: a lost answer on the upload is `unknown`."""

from __future__ import annotations

from typing import Any

from smm.errors import PublishError
from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Result
from smm.publish.ledger import Record
from smm.publish.view import PostView

CHUNK = 8 * 1024 * 1024


class Client(Base):
    platform = "youtube"
    default_api = "https://www.googleapis.com"

    def plan(self, view: PostView) -> list[str]:
        return [f"POST {self.base}/upload/youtube/v3/videos?uploadType=resumable"
                "&part=snippet,status", "PUT <upload session URL>"]

    def metadata(self, view: PostView) -> dict[str, Any]:
        def clean(s: str) -> str:
            return s.replace("<", "").replace(">", "")  # forbidden in title and description
        snippet: dict[str, Any] = {"title": clean(view.title)[:100],
                                   "description": clean(view.joined()),
                                   "defaultLanguage": view.lang}
        if isinstance(view.meta.get("tags"), list):
            snippet["tags"] = [str(t) for t in view.meta["tags"]]
        status: dict[str, Any] = {
            "privacyStatus": str(self.channel.config.get("privacy", "public")),
            "selfDeclaredMadeForKids": False}
        if self.channel.config.get("native_schedule") and view.publish_at:
            status["privacyStatus"] = "private"
            status["publishAt"] = view.publish_at.isoformat()
        return {"snippet": snippet, "status": status}

    def comment(self, record: Record, text: str) -> Result:
        """commentThreads.insert: a top-level comment under the video, as the channel."""
        http = self.http({"Authorization": f"Bearer {self.secret('token')}"})
        made = http.json("POST", "/youtube/v3/commentThreads", params={"part": "snippet"},
                         json={"snippet": {"videoId": str(record.platform_id),
                                           "topLevelComment": {"snippet": {
                                               "textOriginal": text}}}})
        cid = str(made["id"])
        return Result(cid, f"https://www.youtube.com/watch?v={record.platform_id}"
                           f"&lc={cid}", [cid])

    def publish(self, view: PostView) -> Result:
        videos = [m for m in view.media if m.kind == "video"]
        if len(videos) != 1:
            raise PublishError(f"{self.channel.id}: a YouTube post needs exactly one video")
        video = videos[0]
        http = self.http({"Authorization": f"Bearer {self.secret('token')}"})
        size = video.path.stat().st_size
        # Opening a session has no visible effect: safe to retry.
        start = http.call("POST", "/upload/youtube/v3/videos", safe=True,
                          params={"uploadType": "resumable", "part": "snippet,status"},
                          json=self.metadata(view),
                          headers={"X-Upload-Content-Length": str(size),
                                   "X-Upload-Content-Type": video.mime})
        session = start.headers.get("location")
        if not session:
            raise PublishError(f"{self.channel.id}: no upload session URL returned")
        http.secrets.append(session.split("?", 1)[-1])  # the session URL is a capability
        sent = 0
        with video.path.open("rb") as f:
            while True:
                chunk = f.read(CHUNK)
                end = sent + len(chunk) - 1
                resp = http.call("PUT", session, content=chunk, ok=(200, 201, 308),
                                 headers={"Content-Range": f"bytes {sent}-{end}/{size}",
                                          "Content-Type": video.mime})
                if resp.status_code in (200, 201):
                    vid = str(resp.json()["id"])
                    return Result(vid, f"https://www.youtube.com/watch?v={vid}", [vid])
                got = resp.headers.get("range", "")  # "bytes=0-N": what the server holds
                sent = int(got.rsplit("-", 1)[1]) + 1 if got else sent + len(chunk)
                f.seek(sent)
                if sent >= size and not chunk:
                    raise PublishError(f"{self.channel.id}: upload ended without a video id",
                                       maybe_posted=True)
