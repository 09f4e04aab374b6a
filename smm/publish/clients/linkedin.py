"""LinkedIn: POST /rest/posts with the versioned headers; images through
/rest/images?action=initializeUpload then PUT. Commentary is "little text": reserved
characters are backslash-escaped, mentions become @[Name](urn). Token SMM_<CH>_TOKEN."""

from __future__ import annotations

from typing import Any

from smm.errors import ConfigError, PublishError
from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Result
from smm.publish.ledger import Record
from smm.publish.view import PostView
from smm.render import Rendered

VERSION = "202511"
_RESERVED = set("\\|{}@[]()<>#*_~")


def escape(text: str) -> str:
    import importlib

    try:  # the platform module owns the rule once it lands
        fn = importlib.import_module("smm.platforms.linkedin").escape_little_text
    except (ImportError, AttributeError):
        return "".join("\\" + c if c in _RESERVED else c for c in text)
    return str(fn(text))


def commentary(part: Rendered) -> str:
    """Text escaped, except mention spans written as @[Name](urn:li:...)."""
    out, pos = [], 0
    for s in part.spans:
        if s.kind != "mention" or not s.value.startswith("urn:li:"):
            continue
        out.append(escape(part.text[pos:s.start]))
        name = part.text[s.start:s.end].lstrip("@").replace("]", "").replace("[", "")
        out.append(f"@[{name}]({s.value})")
        pos = s.end
    out.append(escape(part.text[pos:]))
    return "".join(out)


class Client(Base):
    platform = "linkedin"
    default_api = "https://api.linkedin.com"

    @property
    def author(self) -> str:
        a = self.channel.config.get("organization") or self.channel.config.get("author")
        if not a:
            raise ConfigError(f"channel {self.channel.id}: set organization (an urn:li:...) "
                              "in strategy.yaml")
        return str(a)

    def plan(self, view: PostView) -> list[str]:
        return ([f"POST {self.base}/rest/images?action=initializeUpload ({m.rel})"
                 for m in view.media] + [f"POST {self.base}/rest/posts"])

    def publish(self, view: PostView) -> Result:
        http = self.http({
            "Authorization": f"Bearer {self.secret('token')}",
            "Linkedin-Version": str(self.channel.config.get("version", VERSION)),
            "X-Restli-Protocol-Version": "2.0.0"})
        text = "\n\n".join(commentary(p) for p in view.parts if p.text)
        body: dict[str, Any] = {
            "author": self.author, "commentary": text, "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}
        images = [{"id": self._image(http, m), "altText": m.alt or ""} for m in view.media]
        if len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        resp = http.call("POST", "/rest/posts", json=body, ok=(201,))
        urn = resp.headers.get("x-restli-id") or resp.headers.get("x-linkedin-id")
        if not urn:
            raise PublishError(f"{self.channel.id}: posted, but LinkedIn returned no id",
                               maybe_posted=True)
        return Result(urn, f"https://www.linkedin.com/feed/update/{urn}", [urn])

    def comment(self, record: Record, text: str) -> Result:
        """POST /rest/socialActions/{post urn}/comments, as the post's author; the
        comment's URN comes back in x-restli-id (or the body's `$URN`)."""
        from urllib.parse import quote

        urn = str(record.platform_id)
        http = self.http({
            "Authorization": f"Bearer {self.secret('token')}",
            "Linkedin-Version": str(self.channel.config.get("version", VERSION)),
            "X-Restli-Protocol-Version": "2.0.0"})
        resp = http.call("POST", f"/rest/socialActions/{quote(urn, safe='')}/comments",
                         json={"actor": self.author, "object": urn,
                               "message": {"text": text}}, ok=(200, 201))
        cid = resp.headers.get("x-restli-id")
        if not cid:
            try:
                body = resp.json()
            except ValueError:
                body = {}
            cid = body.get("$URN") or body.get("id") if isinstance(body, dict) else None
        return Result(str(cid) if cid else None, None, [str(cid)] if cid else [])

    def _image(self, http: Any, m: Any) -> str:
        init = http.json("POST", "/rest/images?action=initializeUpload",
                         json={"initializeUploadRequest": {"owner": self.author}})["value"]
        http.call("PUT", init["uploadUrl"], content=m.path.read_bytes(), ok=(200, 201))
        return str(init["image"])
