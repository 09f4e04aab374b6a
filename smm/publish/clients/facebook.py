"""Facebook Page: POST /{page-id}/feed (message, link); images as unpublished
/{page-id}/photos attached with attached_media. Page token: SMM_<CH>_TOKEN, sent as a
Bearer header so it never sits in a URL. No idempotency means."""

from __future__ import annotations

import json
from typing import Any

from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Result
from smm.publish.ledger import Record
from smm.publish.view import PostView


class Client(Base):
    platform = "facebook"
    default_api = "https://graph.facebook.com/v21.0"

    @property
    def page(self) -> str:
        return self.setting("page_id")

    def plan(self, view: PostView) -> list[str]:
        return ([f"POST {self.base}/{self.page}/photos ({m.rel})" for m in view.media]
                + [f"POST {self.base}/{self.page}/feed"])

    def publish(self, view: PostView) -> Result:
        http = self.http({"Authorization": f"Bearer {self.secret('token')}"})
        body: dict[str, Any] = {"message": view.joined()}
        if view.meta.get("link"):
            body["link"] = str(view.meta["link"])
        for i, m in enumerate(view.media):
            with m.path.open("rb") as f:
                data = {"published": "false"}
                if m.alt:
                    data["alt_text_custom"] = m.alt
                photo = http.json("POST", f"/{self.page}/photos", data=data,
                                  files={"source": (m.path.name, f, m.mime)})
            body[f"attached_media[{i}]"] = json.dumps({"media_fbid": str(photo["id"])})
        post_id = str(http.json("POST", f"/{self.page}/feed", data=body)["id"])
        return Result(post_id, f"https://www.facebook.com/{post_id}", [post_id])

    def comment(self, record: Record, text: str) -> Result:
        """POST /{post-id}/comments (message), as the Page."""
        http = self.http({"Authorization": f"Bearer {self.secret('token')}"})
        cid = str(http.json("POST", f"/{record.platform_id}/comments",
                            data={"message": text})["id"])
        return Result(cid, None, [cid])
