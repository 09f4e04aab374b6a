"""A webhook receiver: records every JSON body."""

from __future__ import annotations

from typing import Any

from .server import Fake, Req


class Webhook(Fake):
    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        body = req.json()
        self.created.append(str(body.get("text") or body.get("content") or body.get("parts")))
        return 204, b"", {}
