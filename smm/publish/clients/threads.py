"""Threads: POST /{user-id}/threads (TEXT or IMAGE; reply_to_id chains a thread) then
/{user-id}/threads_publish?creation_id=. Token SMM_<CH>_TOKEN as a Bearer header."""

from __future__ import annotations

from typing import Any

from smm.errors import PublishError
from smm.publish.clients import _containers as c
from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Partial, Result, _RetrySafe
from smm.publish.ledger import Record
from smm.publish.view import PostView


class Client(Base):
    platform = "threads"
    default_api = "https://graph.threads.net/v1.0"

    @property
    def user(self) -> str:
        return self.setting("user_id")

    def plan(self, view: PostView) -> list[str]:
        return [f"POST {self.base}/{self.user}/threads",
                f"POST {self.base}/{self.user}/threads_publish"] * len(view.parts)

    def _http(self) -> Any:
        return self.http({"Authorization": f"Bearer {self.secret('token')}"})

    def publish(self, view: PostView) -> Result:
        http = self._http()
        ids: list[str] = []
        for i, part in enumerate(view.parts):
            data: dict[str, str] = {"media_type": "TEXT", "text": part.text}
            if i == 0 and view.media:
                m = view.media[0]  # carousels: one image a post keeps this module short
                data.update(media_type="VIDEO" if m.kind == "video" else "IMAGE")
                data["video_url" if m.kind == "video" else "image_url"] = c.public_url(
                    self.channel, m)
                if m.alt:
                    data["alt_text"] = m.alt
            if ids:
                data["reply_to_id"] = ids[-1]
            try:
                cid = str(http.json("POST", f"/{self.user}/threads", data=data)["id"])
                c.wait_ready(http, cid, "status",
                             float(self.channel.config.get("media_timeout", 300)))
            except PublishError as e:
                raise Partial(e, thread_ids=ids) from None
            ids.append(c.publish(http, self.user, "threads_publish", cid, field="status",
                                 thread_ids=ids))
        link = http.call("GET", f"/{ids[0]}", safe=True, ok=(200, 400, 404),
                         params={"fields": "permalink"})
        url = link.json().get("permalink") if link.status_code == 200 else None
        return Result(ids[0], url, ids)

    def reconcile(self, record: Record) -> Result | _RetrySafe | None:
        if record.thread_ids:
            return None  # part of a thread is out: finishing it needs a person
        return c.reconcile(self._http(), record.guard)
