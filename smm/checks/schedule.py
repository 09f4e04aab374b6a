"""Schedule rules across all posts: collisions, cadence, stale dates.

Runs over every post of the brand, not only the changed ones, because a new post
can break the cadence of posts already on the default branch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator

from smm.content import Post
from smm.diagnostics import Diagnostic
from smm.project import Project, parse_duration


def check(project: Project, posts: list[Post], now: dt.datetime,
          is_recorded: Callable[[Post, str], bool] | None = None) -> Iterator[Diagnostic]:
    by_channel: dict[str, list[Post]] = defaultdict(list)
    for p in posts:
        if p.draft or p.publish_at is None:
            continue
        for c in p.channels:
            by_channel[c].append(p)
    for cid, items in by_channel.items():
        items.sort(key=lambda p: (_utc(p), p.rel))
        yield from _channel(project, cid, items)
    for p in posts:
        if p.draft or p.publish_at is None or p.publish_at >= now:
            continue
        pending = [c for c in p.channels if not (is_recorded and is_recorded(p, c))]
        if pending:
            line, col = p.pos("publish_at")
            yield Diagnostic(p.rel, line, col, "warning", "schedule.past",
                             f"publish_at {p.publish_at.isoformat()} has passed and the post "
                             f"is not published on {', '.join(pending)}: it goes out at the "
                             "next run if within the catch-up window, else it is recorded "
                             "missed; set a new date")


def _utc(p: Post) -> dt.datetime:
    assert p.publish_at is not None
    return p.publish_at.astimezone(dt.UTC)


def _channel(project: Project, cid: str, items: list[Post]) -> Iterator[Diagnostic]:
    rules = project.cadence(cid)
    sev = "error" if rules.get("severity") == "error" else "warning"
    gap = parse_duration(rules.get("min_gap"))
    max_day = rules.get("max_per_day")
    per_day: dict[dt.date, list[Post]] = defaultdict(list)
    prev: Post | None = None
    for p in items:
        line, col = p.pos("publish_at")
        when = _utc(p)
        if prev is not None:
            before = _utc(prev)
            if when.replace(second=0, microsecond=0) == before.replace(second=0, microsecond=0):
                yield Diagnostic(p.rel, line, col, "error", "schedule.collision",
                                 f"{cid}: {prev.rel} goes out at the same minute: move one of "
                                 "them", cid)
            elif gap and when - before < gap:
                yield Diagnostic(p.rel, line, col, sev, "schedule.min-gap",
                                 f"{cid}: only {_fmt(when - before)} after {prev.rel}; the "
                                 f"cadence asks for at least {_fmt(gap)} between posts", cid)
        prev = p
        local_day = when.astimezone(project.timezone).date()
        per_day[local_day].append(p)
        if isinstance(max_day, int) and len(per_day[local_day]) > max_day:
            yield Diagnostic(p.rel, line, col, sev, "schedule.max-per-day",
                             f"{cid}: post {len(per_day[local_day])} on {local_day}, the "
                             f"cadence allows {max_day} a day: move it to another day", cid)


def _fmt(d: dt.timedelta) -> str:
    mins = int(d.total_seconds() // 60)
    h, m = divmod(mins, 60)
    return f"{h}h{m:02d}" if h else f"{m} min"
