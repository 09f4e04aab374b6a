"""A generic webhook: one JSON POST a post. `format: slack|discord|json` (default json).

The URL is a secret (Slack and Discord webhook URLs grant posting): SMM_<CH>_URL, else
the channel's `url`. Nothing guards against a repeat, so a lost answer is `unknown`.
"""

from __future__ import annotations

from typing import Any

from smm.errors import CredentialsError
from smm.publish.clients.base import Client as Base
from smm.publish.clients.base import Result
from smm.publish.view import PostView


class Client(Base):
    platform = "webhook"
    secrets = ("url",)
    header_secrets = ()  # sent in a JSON body or as the URL, not in a header

    def _url(self) -> str:
        url = self.channel.secret("url") or self.channel.config.get("url")
        if not url:
            raise CredentialsError(f"channel {self.channel.id}: no webhook URL: set the "
                                   f"environment variable {self.channel.env_name('url')}")
        return str(url)

    def check_credentials(self) -> None:
        self._url()

    def plan(self, view: PostView) -> list[str]:
        return [f"POST <{self.channel.env_name('url')}> format="
                f"{self.channel.config.get('format', 'json')}"]

    def body(self, view: PostView) -> dict[str, Any]:
        fmt = self.channel.config.get("format", "json")
        text = view.joined()
        if fmt == "slack":
            return {"text": text}
        if fmt == "discord":
            return {"content": text[:2000]}
        return {"post_id": view.post_id, "channel": view.channel, "lang": view.lang,
                "title": view.title, "parts": view.texts,
                "media": [{"file": m.rel, "alt": m.alt, "kind": m.kind} for m in view.media]}

    def publish(self, view: PostView) -> Result:
        url = self._url()
        http = self.http(base=url)
        http.secrets.append(url)
        http.call("POST", url, json=self.body(view), ok=(200, 201, 202, 204))
        return Result(None, None)
