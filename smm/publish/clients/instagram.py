"""Instagram (Graph API): POST /{ig-user-id}/media (image_url must be public: see
_containers.public_url), media_publish?creation_id=; carousels of up to 10 children;
Reels for video. Token SMM_<CH>_TOKEN as a Bearer header."""

from __future__ import annotations

from typing import Any

from smm.errors import PublishError
from smm.publish.clients import _containers as c
from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Result, _RetrySafe
from smm.publish.ledger import Record
from smm.publish.view import MediaItem, PostView


class Client(Base):
    platform = "instagram"
    default_api = "https://graph.facebook.com/v21.0"

    @property
    def user(self) -> str:
        return self.setting("user_id")

    def plan(self, view: PostView) -> list[str]:
        n = len(view.media) + (1 if len(view.media) > 1 else 0)
        return [f"POST {self.base}/{self.user}/media"] * n + [
            f"POST {self.base}/{self.user}/media_publish"]

    def _http(self) -> Any:
        return self.http({"Authorization": f"Bearer {self.secret('token')}"})

    def publish(self, view: PostView) -> Result:
        if not view.media:
            raise PublishError(f"{self.channel.id}: Instagram needs an image or a video")
        http = self._http()
        timeout = float(self.channel.config.get("media_timeout", 300))
        caption = view.joined()
        if len(view.media) == 1:
            cid = self._container(http, view.media[0], {"caption": caption})
        else:
            kids = [self._container(http, m, {"is_carousel_item": "true"})
                    for m in view.media[:10]]
            cid = str(http.json("POST", f"/{self.user}/media", data={
                "media_type": "CAROUSEL", "children": ",".join(kids), "caption": caption})["id"])
        c.wait_ready(http, cid, "status_code", timeout)
        mid = c.publish(http, self.user, "media_publish", cid, field="status_code",
                        thread_ids=[])
        link = http.call("GET", f"/{mid}", safe=True, ok=(200, 400, 404),
                         params={"fields": "permalink"})
        url = link.json().get("permalink") if link.status_code == 200 else None
        return Result(mid, url, [mid])

    def reconcile(self, record: Record) -> Result | _RetrySafe | None:
        return c.reconcile(self._http(), record.guard)

    def comment(self, record: Record, text: str) -> Result:
        """POST /{ig-media-id}/comments (message)."""
        cid = str(self._http().json("POST", f"/{record.platform_id}/comments",
                                    data={"message": text})["id"])
        return Result(cid, None, [cid])

    def _container(self, http: Any, m: MediaItem, extra: dict[str, str]) -> str:
        data = dict(extra)
        if m.kind == "video":
            data.update(media_type="REELS", video_url=c.public_url(self.channel, m))
        else:
            data["image_url"] = c.public_url(self.channel, m)
            if m.alt:
                data["alt_text"] = m.alt
        cid = str(http.json("POST", f"/{self.user}/media", data=data)["id"])
        if m.kind == "video":
            c.wait_ready(http, cid, "status_code",
                         float(self.channel.config.get("media_timeout", 300)))
        return cid
