"""X: POST /2/tweets, replies chained with reply.in_reply_to_tweet_id; images through
POST /2/media/upload and alt text through POST /2/media/metadata. OAuth 2.0 user token
(SMM_<CH>_ACCESS_TOKEN). X has no idempotency means: a lost answer is `unknown`."""

from __future__ import annotations

from typing import Any

from smm.errors import PublishError
from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Partial, Result
from smm.publish.view import PostView


class Client(Base):
    platform = "x"
    default_api = "https://api.x.com"
    secrets = ("access_token",)

    def plan(self, view: PostView) -> list[str]:
        return ([f"POST {self.base}/2/media/upload ({m.rel})" for m in view.media]
                + [f"POST {self.base}/2/tweets"] * len(view.parts))

    def publish(self, view: PostView) -> Result:
        if any(m.kind == "video" for m in view.media):
            raise PublishError(f"{self.channel.id}: video upload to X is not supported yet")
        http = self.http({"Authorization": f"Bearer {self.secret('access_token')}"})
        media = [self._media(http, m) for m in view.media]
        ids: list[str] = []
        for i, part in enumerate(view.parts):
            body: dict[str, Any] = {"text": part.text}
            if i == 0 and media:
                body["media"] = {"media_ids": media}
            if ids:
                body["reply"] = {"in_reply_to_tweet_id": ids[-1]}
            try:
                ids.append(str(http.json("POST", "/2/tweets", json=body, ok=(200, 201))
                               ["data"]["id"]))
            except PublishError as e:
                raise Partial(e, thread_ids=ids) from None
        handle = self.channel.config.get("handle") or "i/web"
        return Result(ids[0], f"https://x.com/{handle}/status/{ids[0]}", ids)

    def _media(self, http: Any, m: Any) -> str:
        with m.path.open("rb") as f:
            data = http.json("POST", "/2/media/upload", files={"media": (m.path.name, f, m.mime)},
                             data={"media_category": "tweet_image"}, ok=(200, 201))
        media_id = str(data["data"]["id"])
        if m.alt:
            http.call("POST", "/2/media/metadata", safe=True,
                      json={"id": media_id, "metadata": {"alt_text": {"text": m.alt[:1000]}}})
        return media_id
