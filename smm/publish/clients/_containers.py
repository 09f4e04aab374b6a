"""The Meta container flow Instagram and Threads share: create a container, wait for it
to finish processing, publish it. The container id is kept in the error of a failed
publish step so reconcile can ask the container's status instead of guessing."""

from __future__ import annotations

import time
from typing import Any

from smm.errors import ConfigError, PublishError
from smm.publish.clients.base import RETRY_SAFE, Partial, Result, _RetrySafe
from smm.publish.http import Http
from smm.publish.view import MediaItem


def public_url(channel: Any, m: MediaItem) -> str:
    """Meta fetches media itself, from a public URL: `media_base_url` + the file's path
    below the brand folder (e.g. the site's copy, or raw.githubusercontent.com)."""
    base = channel.config.get("media_base_url")
    if not base:
        raise ConfigError(f"channel {channel.id}: {m.rel}: set media_base_url in "
                          "strategy.yaml: this platform fetches media from a public URL")
    return str(base).rstrip("/") + "/" + m.rel


def wait_ready(http: Http, cid: str, field: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 1.0
    while True:
        st = http.json("GET", f"/{cid}", safe=True, params={"fields": field})
        code = st.get(field)
        if code in ("FINISHED", "PUBLISHED", None):
            return
        if code in ("ERROR", "EXPIRED"):
            raise PublishError(f"container {cid}: {code}")
        if time.monotonic() > deadline:
            raise PublishError(f"container {cid}: still {code} after {timeout:.0f}s")
        http.sleep(delay)
        delay = min(delay * 2, 10.0)


def publish(http: Http, user: str, edge: str, cid: str, *, field: str,
            thread_ids: list[str]) -> str:
    """Publish one container; a failure carries the container id for reconcile."""
    try:
        return str(http.json("POST", f"/{user}/{edge}", data={"creation_id": cid})["id"])
    except PublishError as e:
        raise Partial(e, guard={"container": cid, "status_field": field},
                      thread_ids=thread_ids) from None


def reconcile(http: Http, guard: dict[str, Any]) -> Result | _RetrySafe | None:
    cid, field = guard.get("container"), guard.get("status_field", "status_code")
    if not cid:
        return None
    st = http.json("GET", f"/{cid}", safe=True, params={"fields": f"{field},id"})
    if st.get(field) == "PUBLISHED":
        return Result(None, None, [])  # published; the API does not say under which id
    if st.get(field) == "FINISHED":
        return RETRY_SAFE  # made but never published: publishing it is the first time
    return None
