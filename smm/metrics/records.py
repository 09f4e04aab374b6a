"""What was published where: the publish records (ledger) as metrics needs them.

The ledger holds one YAML file per post and channel at `ledger/<post-id>/<channel>.yaml`
(smm.publish.ledger writes them). Metrics only reads the published ones: their platform
id and URL are how a pull asks for numbers and how an export row finds its post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from smm.project import Project
    from smm.publish.ledger import Record as LedgerRecord
    from smm.state import State

@dataclass(frozen=True)
class Record:
    post_id: str
    channel: str
    state: str  # claimed | published | failed | missed | unknown
    platform_id: str
    url: str
    finished_at: datetime | None

    def published_on(self, project: Project) -> date | None:
        """The day it went out, in the team's timezone (periods are counted there)."""
        if self.finished_at is None:
            return None
        at = self.finished_at
        if at.tzinfo is None:
            at = at.replace(tzinfo=project.timezone)
        return at.astimezone(project.timezone).date()


def load(project: Project, state: State | None = None,
         raw: Iterable[LedgerRecord] | None = None) -> list[Record]:
    """Every readable publish record of the brand, sorted by post and channel, read
    through the publisher's own ledger module (one reader of that format). `raw`: the
    ledger's records when the caller already read them (the site reads them once for
    its pages and its KPIs)."""
    from smm.publish import ledger
    from smm.state import State

    if raw is None:
        raw = ledger.load_all(state or State.open(project))
    out = [Record(post_id=r.post_id, channel=r.channel, state=r.state,
                  platform_id=r.platform_id or "", url=r.url or "",
                  finished_at=r.finished_at or (r.claimed_at if r.state == "published"
                                                else None))
           for r in raw]
    return sorted(out, key=lambda r: (r.post_id, r.channel))


def published(project: Project, state: State | None = None) -> list[Record]:
    return [r for r in load(project, state) if r.state == "published"]


def normalize_url(url: str) -> str:
    """A URL as two exports of the same post would both write it: no scheme, no www,
    no query or fragment, no trailing slash, lower-case host."""
    u = url.strip()
    u = re.sub(r"^[a-z]+://", "", u, flags=re.I)
    u = u.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host, _, rest = u.partition("/")
    host = host.lower().removeprefix("www.").removeprefix("m.")
    host = {"twitter.com": "x.com", "mobile.twitter.com": "x.com"}.get(host, host)
    return host + ("/" + rest if rest else "")


def ids_in(text: str) -> set[str]:
    """Long digit runs in an id or URL: tweet ids, LinkedIn URN numbers, TikTok video ids,
    Facebook post ids (`<page>_<post>`) all are, so an export's link and a record's id can
    meet even when one carries a URL and the other a URN."""
    return {m for m in re.findall(r"\d{6,}", text)}
