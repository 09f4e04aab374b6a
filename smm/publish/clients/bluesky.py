"""Bluesky (AT Protocol): createSession, uploadBlob, createRecord with a fixed rkey.

Each part's rkey is a valid TID derived from the post id, channel and part index, so
publishing is idempotent: a part whose record exists is reused (getRecord), never
created twice. Facets carry UTF-8 byte offsets from the renderer's spans.
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

POST = "app.bsky.feed.post"
_B32 = "234567abcdefghijklmnopqrstuvwxyz"
SESSION_TTL = 20 * 60  # access tokens live longer; a run is shorter
_SESSIONS: dict[tuple[str, str, str], dict[str, Any]] = {}
_EPOCH_US = 1_700_000_000_000_000  # Nov 2023: TIDs look like real ones of that era


def tid(post_id: str, channel: str, index: int) -> str:
    """A valid TID (13 base32-sortable chars, top bit 0) fixed by post, channel, part.
    Parts of one thread get consecutive timestamps, so they sort in order."""
    h = int(stable_key("bsky", post_id, channel), 16)
    micros = _EPOCH_US + (h % (1 << 44)) * 16 + index  # room for 16 parts a post
    clock = (h >> 50) % 1024
    n = (micros << 10) | clock
    return "".join(_B32[(n >> (5 * i)) & 31] for i in range(12, -1, -1))


class Client(Base):
    platform = "bluesky"
    default_api = "https://bsky.social"
    secrets = ("password",)
    header_secrets = ()  # sent in a JSON body or as the URL, not in a header

    def _session(self) -> tuple[Any, str, str]:
        ident = self.channel.secret("identifier") or str(self.channel.config.get("handle", ""))
        password = self.secret("password")
        http = self.http()
        # One session a run and account: createSession is rate-limited far below posting.
        key = (self.base, ident, stable_key(password))
        s = _SESSIONS.get(key)
        if s is None or time.monotonic() - s["at"] > SESSION_TTL:
            s = http.json("POST", "/xrpc/com.atproto.server.createSession", safe=True,
                          json={"identifier": ident, "password": password})
            s["at"] = time.monotonic()
            _SESSIONS[key] = s
        http.secrets.append(str(s.get("accessJwt", "")))
        http.client.headers["Authorization"] = f"Bearer {s['accessJwt']}"
        return http, str(s["did"]), str(s.get("handle") or ident)

    def guard(self, view: PostView) -> dict[str, Any]:
        return {"rkeys": [tid(view.post_id, view.channel, i) for i in range(len(view.parts))]}

    def plan(self, view: PostView) -> list[str]:
        calls = [f"POST {self.base}/xrpc/com.atproto.server.createSession"]
        calls += [f"POST {self.base}/xrpc/com.atproto.repo.uploadBlob ({m.rel})"
                  for m in view.media if m.kind != "video"]
        calls += [f"POST {self.base}/xrpc/com.atproto.repo.createRecord rkey={k}"
                  for k in self.guard(view)["rkeys"]]
        return calls

    def publish(self, view: PostView) -> Result:
        if any(m.kind == "video" for m in view.media):
            raise PublishError(f"{self.channel.id}: video is not supported for Bluesky yet")
        http, did, handle = self._session()
        rkeys = self.guard(view)["rkeys"]
        root: dict[str, str] | None = None
        parent: dict[str, str] | None = None
        uris: list[str] = []
        for i in range(len(view.parts)):
            try:
                ref = self._existing(http, did, rkeys[i])
                if ref is None:
                    record = self._record(http, view, i, root, parent)
                    ref = self._create(http, did, rkeys[i], record)
            except PublishError as e:
                # Later reruns reuse every part already there: publishing again is safe.
                raise Partial(e, thread_ids=uris, guard={"rkeys": rkeys}) from None
            uris.append(ref["uri"])
            root = root or ref
            parent = ref
        return Result(uris[0], self._url(handle, rkeys[0]), uris)

    def reconcile(self, record: Record) -> Result | _RetrySafe | None:
        rkeys = record.guard.get("rkeys") or []
        if not rkeys:
            return None
        http, did, handle = self._session()
        found = [self._existing(http, did, k) for k in rkeys]
        if all(found):
            return Result(found[0]["uri"], self._url(handle, rkeys[0]),  # type: ignore[index]
                          [f["uri"] for f in found if f])
        return RETRY_SAFE  # missing parts: creating them with their rkeys cannot duplicate

    def _url(self, handle: str, rkey: str) -> str:
        return f"https://bsky.app/profile/{handle}/post/{rkey}"

    def _existing(self, http: Any, did: str, rkey: str) -> dict[str, str] | None:
        resp = http.call("GET", "/xrpc/com.atproto.repo.getRecord", safe=True,
                         ok=(200, 400, 404),
                         params={"repo": did, "collection": POST, "rkey": rkey})
        if resp.status_code != 200:
            return None  # RecordNotFound
        data = resp.json()
        return {"uri": data["uri"], "cid": data["cid"]}

    def _create(self, http: Any, did: str, rkey: str, record: dict[str, Any]
                ) -> dict[str, str]:
        body = {"repo": did, "collection": POST, "rkey": rkey, "record": record}
        # The fixed rkey makes a retry harmless: a second create fails, nothing doubles.
        resp = http.call("POST", "/xrpc/com.atproto.repo.createRecord", safe=True,
                         ok=(200, 400, 409), json=body)
        if resp.status_code == 200:
            data = resp.json()
            return {"uri": data["uri"], "cid": data["cid"]}
        existing = self._existing(http, did, rkey)
        if existing is None:
            raise PublishError(f"{self.channel.id}: createRecord refused: "
                               f"{http._body(resp)}", status=resp.status_code)
        return existing

    def _record(self, http: Any, view: PostView, i: int, root: dict[str, str] | None,
                parent: dict[str, str] | None) -> dict[str, Any]:
        part = view.parts[i]
        rec: dict[str, Any] = {
            "$type": POST, "text": part.text, "langs": [view.lang],
            "createdAt": self.now.astimezone(dt.UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        facets = self._facets(http, part)
        if facets:
            rec["facets"] = facets
        if i == 0 and view.media:
            rec["embed"] = {"$type": "app.bsky.embed.images",
                            "images": [self._image(http, m) for m in view.media]}
        if root and parent:
            rec["reply"] = {"root": root, "parent": parent}
        return rec

    def _facets(self, http: Any, part: Any) -> list[dict[str, Any]]:
        out = []
        for start, end, span in part.byte_spans():
            if span.kind == "link":
                feat = {"$type": "app.bsky.richtext.facet#link", "uri": span.value}
            elif span.kind == "tag":
                feat = {"$type": "app.bsky.richtext.facet#tag", "tag": span.value}
            else:
                did = self._resolve(http, span.value)
                if did is None:
                    continue  # an unknown handle stays plain text, as the app does it
                feat = {"$type": "app.bsky.richtext.facet#mention", "did": did}
            out.append({"index": {"byteStart": start, "byteEnd": end}, "features": [feat]})
        return out

    def _resolve(self, http: Any, handle: str) -> str | None:
        resp = http.call("GET", "/xrpc/com.atproto.identity.resolveHandle", safe=True,
                         ok=(200, 400, 404), params={"handle": handle.lstrip("@")})
        return str(resp.json().get("did")) if resp.status_code == 200 else None

    def _image(self, http: Any, m: Any) -> dict[str, Any]:
        data = m.path.read_bytes()
        # Orphan blobs are garbage-collected by the PDS: re-uploading on a retry is fine.
        blob = http.json("POST", "/xrpc/com.atproto.repo.uploadBlob", safe=True,
                         content=data, headers={"Content-Type": m.mime})["blob"]
        img: dict[str, Any] = {"alt": m.alt or "", "image": blob}
        ratio = _aspect(m.path)
        if ratio:
            img["aspectRatio"] = {"width": ratio[0], "height": ratio[1]}
        return img


def _aspect(path: Any) -> tuple[int, int] | None:
    try:
        from PIL import Image

        with Image.open(path) as im:
            return int(im.width), int(im.height)
    except Exception:  # not an image Pillow reads: the aspect ratio is optional
        return None
