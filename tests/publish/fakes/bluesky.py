"""Bluesky XRPC: createSession, uploadBlob, createRecord (rkey unique), getRecord,
resolveHandle; the post lexicon's shape is checked."""

from __future__ import annotations

import re
from typing import Any

from .server import Fake, Req

TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
DID = "did:plc:fakefernwood000000000000"


class Bluesky(Fake):
    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.password = "app-pass"
        self.records: dict[str, dict[str, Any]] = {}
        self.handles = {"alice.test": "did:plc:alice0000000000000000000"}

    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        p = req.path.removeprefix("/xrpc/")
        if p == "com.atproto.server.createSession":
            b = req.json()
            if b.get("password") != self.password:
                return 401, {"error": "AuthenticationRequired", "message": "Invalid password"}, {}
            return 200, {"accessJwt": self.token, "refreshJwt": "r", "did": DID,
                         "handle": b.get("identifier")}, {}
        if p == "com.atproto.identity.resolveHandle":
            did = self.handles.get(req.query.get("handle", ""))
            return (200, {"did": did}, {}) if did else (400, {"error": "InvalidRequest"}, {})
        if p == "com.atproto.repo.getRecord":
            rec = self.records.get(req.query.get("rkey", ""))
            if rec is None:
                return 400, {"error": "RecordNotFound"}, {}
            return 200, rec, {}
        if not self.bearer(req):
            return 401, {"error": "AuthenticationRequired"}, {}
        if p == "com.atproto.repo.uploadBlob":
            self.expect(req.headers.get("content-type", "").startswith("image/"),
                        "uploadBlob: no image content type")
            return 200, {"blob": {"$type": "blob", "ref": {"$link": "bafkfake"},
                                  "mimeType": req.headers.get("content-type"),
                                  "size": len(req.body)}}, {}
        if p == "com.atproto.repo.createRecord":
            b = req.json()
            rkey = b.get("rkey", "")
            self.expect(b.get("repo") == DID, "createRecord: repo is not the session DID")
            self.expect(bool(TID.match(rkey)), f"createRecord: rkey {rkey!r} is not a TID")
            rec = b.get("record") or {}
            self.expect(rec.get("$type") == "app.bsky.feed.post", "createRecord: $type")
            self.expect(bool(rec.get("createdAt")), "createRecord: createdAt")
            text = rec.get("text", "")
            for f in rec.get("facets") or []:
                i = f["index"]
                self.expect(0 <= i["byteStart"] < i["byteEnd"] <= len(text.encode()),
                            "facet outside the text")
            if rkey in self.records:
                return 400, {"error": "InvalidRequest", "message": "Record already exists"}, {}
            uri = f"at://{DID}/app.bsky.feed.post/{rkey}"
            self.records[rkey] = {"uri": uri, "cid": "bafy" + rkey, "value": rec}
            self.created.append(text)
            return 200, {"uri": uri, "cid": "bafy" + rkey}, {}
        return 404, {"error": "MethodNotImplemented"}, {}
