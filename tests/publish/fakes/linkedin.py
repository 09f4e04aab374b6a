"""LinkedIn REST: versioned headers, /rest/images?action=initializeUpload + PUT,
/rest/posts answering 201 with the URN in x-restli-id."""

from __future__ import annotations

import re
from typing import Any

from .server import Fake, Req


class LinkedIn(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.posts: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, int] = {}
        self.comments: list[tuple[str, str]] = []  # (post urn, text)

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        if req.path.startswith("/upload/"):
            self.uploads[req.path] = len(req.body)
            return 201, b"", {}
        if not self.bearer(req):
            return 401, {"message": "Invalid access token"}, {}
        self.expect(bool(re.fullmatch(r"\d{6}", req.headers.get("linkedin-version", ""))),
                    "no Linkedin-Version: YYYYMM")
        self.expect(req.headers.get("x-restli-protocol-version") == "2.0.0",
                    "no X-Restli-Protocol-Version: 2.0.0")
        if req.path == "/rest/images" and req.query.get("action") == "initializeUpload":
            n = len(self.uploads) + 1
            return 200, {"value": {"uploadUrl": f"{self.url}/upload/{n}",
                                   "image": f"urn:li:image:C{n}"}}, {}
        if req.path.startswith("/rest/socialActions/") and req.path.endswith("/comments"):
            import urllib.parse

            urn = urllib.parse.unquote(req.path.split("/")[3])
            b = req.json()
            self.expect(urn in self.posts, f"comment on unknown post {urn}")
            self.expect(b.get("object") == urn and str(b.get("actor", "")).startswith("urn:li:"),
                        "comments: actor and object")
            self.comments.append((urn, b["message"]["text"]))
            cid = f"urn:li:comment:({urn},{len(self.comments)})"
            return 201, {"$URN": cid}, {"x-restli-id": cid}
        if req.path == "/rest/posts":
            b = req.json()
            for k in ("author", "commentary", "visibility", "distribution", "lifecycleState"):
                self.expect(k in b, f"posts: no {k}")
            urn = f"urn:li:share:{7000 + len(self.posts)}"
            self.posts[urn] = b
            self.created.append(b["commentary"])
            return 201, b"", {"x-restli-id": urn}
        return 404, {}, {}
