"""Mastodon: media v2 (polling while 202), statuses with an Idempotency-Key a part.

The key is fixed by post, channel and part, so a repeat within the server's key window
returns the status already made instead of a second one; reconcile relies on that and
gives up (None: a person looks) once the window has passed. Mastodon keeps a key for up
to an hour (its API documentation, POST /api/v1/statuses); servers that speak its API
may keep it less (Pleroma and Akkoma: five minutes), so a channel can say so:
`key_window: 4m` in strategy.yaml. The window counts from the claim, which comes before
the first request with the key: never later than the server's own.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from smm.errors import PublishError
from smm.publish.clients.base import RETRY_SAFE, Partial, Result, _RetrySafe, stable_key
from smm.publish.clients.base import Client as Base
from smm.publish.ledger import Record
from smm.publish.view import PostView

KEY_WINDOW = dt.timedelta(minutes=50)  # the server keeps keys 1h; leave a margin


class Client(Base):
    platform = "mastodon"
    default_api = "https://mastodon.social"

    def guard(self, view: PostView) -> dict[str, Any]:
        return {"keys": [stable_key("masto", view.post_id, view.channel, i)
                         for i in range(len(view.parts))]}

    def plan(self, view: PostView) -> list[str]:
        return ([f"POST {self.base}/api/v2/media ({m.rel})" for m in view.media]
                + [f"POST {self.base}/api/v1/statuses Idempotency-Key={k}"
                   for k in self.guard(view)["keys"]])

    def publish(self, view: PostView) -> Result:
        http = self.http({"Authorization": f"Bearer {self.secret('token')}"})
        keys = self.guard(view)["keys"]
        media = [self._media(http, m) for m in view.media]
        ids: list[str] = []
        url = None
        for i, part in enumerate(view.parts):
            body: dict[str, Any] = {"status": part.text, "language": view.lang}
            if i == 0 and media:
                body["media_ids"] = media
            if ids:
                body["in_reply_to_id"] = ids[-1]
            if view.meta.get("content_warning"):
                body["spoiler_text"] = str(view.meta["content_warning"])
            if self.channel.config.get("visibility"):
                body["visibility"] = self.channel.config["visibility"]
            try:
                # safe: the key makes a repeat return the status already created
                st = http.json("POST", "/api/v1/statuses", safe=True, json=body,
                               headers={"Idempotency-Key": keys[i]})
            except PublishError as e:
                raise Partial(e, thread_ids=ids) from None
            ids.append(str(st["id"]))
            url = url or st.get("url") or st.get("uri")
        return Result(ids[0], url, ids)

    def reconcile(self, record: Record) -> Result | _RetrySafe | None:
        started = record.claimed_at
        if not record.guard.get("keys") or started is None:
            return None
        if not dt.timedelta(0) <= self.now - started <= self.key_window():
            return None  # the server may have forgotten the key (or the clock is off)
        return RETRY_SAFE  # the same keys: the server returns what it already made

    def key_window(self) -> dt.timedelta:
        """How long after a claim its keys still guard a repeat: KEY_WINDOW, or the
        channel's `key_window` when shorter (a server keeping keys less long)."""
        from smm.project import parse_duration

        mine = parse_duration(self.channel.config.get("key_window"))
        return min(mine, KEY_WINDOW) if mine is not None else KEY_WINDOW

    def _media(self, http: Any, m: Any) -> str:
        with m.path.open("rb") as f:
            data = {"description": m.alt} if m.alt else {}
            resp = http.call("POST", "/api/v2/media", files={"file": (m.path.name, f, m.mime)},
                             data=data, ok=(200, 202))
        att = resp.json()
        wait = 0.5
        deadline = time.monotonic() + float(self.channel.config.get("media_timeout", 120))
        while att.get("url") is None:  # 202: still processing
            if time.monotonic() > deadline:
                raise PublishError(f"{self.channel.id}: media {m.rel} still processing")
            http.sleep(wait)
            wait = min(wait * 2, 5.0)
            att = http.json("GET", f"/api/v1/media/{att['id']}", safe=True, ok=(200, 206))
        return str(att["id"])
