"""TikTok Content Posting API: creator_info/query, video/init (FILE_UPLOAD), PUT the
chunks, then poll status/fetch until PUBLISH_COMPLETE. Token SMM_<CH>_TOKEN. The
publish_id is kept when polling fails, so reconcile can ask status/fetch again."""

from __future__ import annotations

import time
from typing import Any

from smm.errors import PublishError
from smm.publish.clients.base import RETRY_SAFE, Partial, Result, _RetrySafe
from smm.publish.clients.base import Client as Base
from smm.publish.http import Http
from smm.publish.ledger import Record
from smm.publish.view import PostView

CHUNK = 10 * 1024 * 1024  # TikTok: 5-64 MB a chunk, the last up to 128 MB
API = "/v2/post/publish"


class Client(Base):
    platform = "tiktok"
    default_api = "https://open.tiktokapis.com"

    def plan(self, view: PostView) -> list[str]:
        return [f"POST {self.base}{API}/creator_info/query/", f"POST {self.base}{API}/video/init/",
                "PUT <upload_url> (chunks)", f"POST {self.base}{API}/status/fetch/"]

    def _http(self) -> Http:
        return self.http({"Authorization": f"Bearer {self.secret('token')}",
                          "Content-Type": "application/json; charset=UTF-8"})

    def publish(self, view: PostView) -> Result:
        videos = [m for m in view.media if m.kind == "video"]
        if len(videos) != 1:
            raise PublishError(f"{self.channel.id}: a TikTok post needs exactly one video "
                               "(photo posts are not supported yet)")
        video = videos[0]
        http = self._http()
        info = _data(http.json("POST", f"{API}/creator_info/query/", safe=True, json={}))
        levels = info.get("privacy_level_options") or ["SELF_ONLY"]
        privacy = self.channel.config.get("privacy") or levels[0]
        if privacy not in levels:
            raise PublishError(f"{self.channel.id}: privacy {privacy!r} not allowed for this "
                               f"account: one of {', '.join(levels)}")
        size = video.path.stat().st_size
        chunk = min(CHUNK, size)
        count = max(1, size // chunk) if chunk else 1
        init = _data(http.json("POST", f"{API}/video/init/", json={
            "post_info": {"title": view.joined()[:2200], "privacy_level": privacy,
                          "disable_comment": False, "disable_duet": False,
                          "disable_stitch": False},
            "source_info": {"source": "FILE_UPLOAD", "video_size": size,
                            "chunk_size": chunk, "total_chunk_count": count}}))
        pid, upload = str(init["publish_id"]), str(init["upload_url"])
        http.secrets.append(upload.split("?", 1)[-1])
        try:
            with video.path.open("rb") as f:
                for i in range(count):
                    # The last chunk takes the remainder (TikTok's rule, not an even split).
                    data = f.read() if i == count - 1 else f.read(chunk)
                    start = i * chunk
                    http.call("PUT", upload, content=data, ok=(200, 201, 206), headers={
                        "Content-Type": video.mime,
                        "Content-Range": f"bytes {start}-{start + len(data) - 1}/{size}"})
            return self._poll(http, pid)
        except PublishError as e:
            raise Partial(e, guard={"publish_id": pid}, maybe_posted=True) from None

    def _poll(self, http: Http, pid: str) -> Result:
        deadline = time.monotonic() + float(self.channel.config.get("media_timeout", 600))
        delay = 2.0
        while True:
            st = _data(http.json("POST", f"{API}/status/fetch/", safe=True,
                                 json={"publish_id": pid}))
            status = st.get("status")
            if status == "PUBLISH_COMPLETE":
                ids = [str(x) for x in st.get("publicaly_available_post_id") or []]
                handle = self.channel.config.get("handle")
                url = f"https://www.tiktok.com/@{handle}/video/{ids[0]}" if ids and handle \
                    else None
                return Result(ids[0] if ids else pid, url, ids or [pid])
            if status == "FAILED":
                raise PublishError(f"{self.channel.id}: TikTok failed the post: "
                                   f"{st.get('fail_reason', 'no reason given')}")
            if time.monotonic() > deadline:
                raise PublishError(f"{self.channel.id}: still {status} after polling",
                                   maybe_posted=True)
            http.sleep(delay)
            delay = min(delay * 1.5, 15.0)

    def reconcile(self, record: Record) -> Result | _RetrySafe | None:
        pid = record.guard.get("publish_id")
        if not pid:
            return None
        try:
            return self._poll(self._http(), str(pid))
        except PublishError as e:
            if "failed the post" in e.message:
                return RETRY_SAFE  # TikTok says it did not go out
            raise


def _data(body: Any) -> dict[str, Any]:
    err = (body or {}).get("error") or {}
    if err.get("code") not in (None, "ok"):
        raise PublishError(f"TikTok: {err.get('code')}: {err.get('message', '')}")
    return dict(body.get("data") or {})
