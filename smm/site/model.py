"""The site's view of the project: each post with its schedule and per-channel status.

Status of a post on a channel, in the words the site shows:
  draft      the post is a draft and never publishes
  scheduled  publish_at is ahead (or absent: it publishes when merged)
  due        publish_at has passed and there is no record yet (the next run takes it)
  published / failed / missed / unknown   from the publish record
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar
from urllib.parse import urlsplit

from smm.content import Post
from smm.project import Project
from smm.site import urls
from smm.site.sources import Record, Sources

STATUSES = ("scheduled", "due", "published", "failed", "unknown", "missed", "draft")
# The one a post shows when its channels differ: the one needing attention first.
_PRIORITY = ("failed", "unknown", "missed", "due", "scheduled", "published", "draft")
_V = TypeVar("_V")


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: only such links reach an href."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


_MD_LINK = re.compile(r"@?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"\*\*|`")


def display_title(title: str) -> str:
    """A post's title as a reader sees it: its first line without Markdown furniture
    (link and mention syntax, emphasis marks). Still plain text: escaped where shown."""
    return _MD_MARK.sub("", _MD_LINK.sub(r"\1", title)).strip() or title


@dataclass
class ChannelState:
    id: str
    platform: str
    status: str
    record: Record | None = None
    metrics: dict[str, tuple[dt.date, float]] = field(default_factory=dict)

    @cached_property  # read by the post page and calendar.ics: parsed once
    def url(self) -> str | None:
        return safe_url(self.record.url if self.record else None)


@dataclass
class Entry:
    post: Post
    src: str  # the post page's source path in the docs folder
    when: dt.datetime | None  # in the team's timezone
    channels: list[ChannelState]

    @property
    def title(self) -> str:
        return display_title(self.post.title)

    @property
    def campaign(self) -> str | None:
        c = self.post.get("campaign")
        return c if isinstance(c, str) else None

    @property
    def status(self) -> str:
        have = {c.status for c in self.channels} or {"draft" if self.post.draft else "scheduled"}
        return next(s for s in _PRIORITY if s in have)

    @property
    def statuses(self) -> list[str]:
        return sorted({c.status for c in self.channels})

    @property
    def day(self) -> dt.date | None:
        return self.when.date() if self.when else None


def entries(project: Project, posts: list[Post], sources: Sources,
            now: dt.datetime) -> list[Entry]:
    """Every post, sorted by time (unscheduled last), with its per-channel status."""
    out: list[Entry] = []
    taken: set[str] = set()
    for post in posts:
        when = post.publish_at.astimezone(project.timezone) if post.publish_at else None
        ids = post_ids(post)
        chans = []
        for cid in post.channels:
            rec = _first(sources.records, ids, cid)
            chans.append(ChannelState(cid, project.channels[cid].platform,
                                      _status(post, when, rec, now), rec,
                                      _first(sources.latest, ids, cid) or {}))
        src = urls.post_src(post.id)
        if src in taken:  # two ids that slug alike: keep both pages
            src = src[:-3] + "-" + str(len(taken)) + ".md"
        taken.add(src)
        out.append(Entry(post, src, when, chans))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    out.sort(key=lambda e: (e.when or far, e.post.id))
    return out


def post_ids(post: Post) -> tuple[str, ...]:
    """The post's id, then the ids it had before a rename: its publish records and
    metrics stay filed under the id it had when it went out (as ledger.find reads them)."""
    return (post.id, *post.previous_ids)


def _first(table: Mapping[tuple[str, str], _V], ids: tuple[str, ...], channel: str
           ) -> _V | None:
    for pid in ids:
        hit = table.get((pid, channel))
        if hit is not None:
            return hit
    return None


def _status(post: Post, when: dt.datetime | None, rec: Record | None,
            now: dt.datetime) -> str:
    if rec is not None:
        return rec.state if rec.state in STATUSES else "unknown"
    if post.draft:
        return "draft"
    if when is not None and when <= now:
        return "due"
    return "scheduled"
