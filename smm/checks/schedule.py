"""Schedule rules across all posts: collisions, cadence, stale dates.

Runs over every post of the brand, not only the changed ones, because a new post
can break the cadence of posts already on the default branch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from smm.cache import Entry
from smm.diagnostics import Diagnostic
from smm.project import Project, parse_duration


@dataclass
class _Slot:
    rel: str
    ts: float  # POSIX seconds: integer arithmetic, not datetime, on 10,000s of posts
    day: dt.date  # in the strategy's timezone
    line: int
    column: int


def check(project: Project, entries: list[Entry], now: dt.datetime,
          is_recorded: Callable[[Entry, str], bool] | None = None,
          scope: set[str] | None = None) -> Iterator[Diagnostic]:
    """Findings for every post, or for the posts in `scope` (paths) alone; either way
    each is judged against all the others."""
    by_channel: dict[str, list[_Slot]] = defaultdict(list)
    tz = project.timezone
    now_ts = now.timestamp()
    for e in entries:
        if e.draft or e.publish_at is None:
            continue
        when = dt.datetime.fromisoformat(e.publish_at)
        slot = _Slot(e.rel, when.timestamp(), when.astimezone(tz).date(), e.line, e.column)
        for c in e.channels:
            by_channel[c].append(slot)
        if slot.ts >= now_ts or (scope is not None and e.rel not in scope):
            continue
        pending = [c for c in e.channels if not (is_recorded and is_recorded(e, c))]
        if pending:
            yield Diagnostic(e.rel, e.line, e.column, "warning", "schedule.past",
                             f"publish_at {e.publish_at} has passed and the post "
                             f"is not published on {', '.join(pending)}: it goes out at the "
                             "next run if within the catch-up window, else it is recorded "
                             "missed; set a new date")
    for cid, items in by_channel.items():
        items.sort(key=lambda s: (s.ts, s.rel))
        yield from _channel(project, cid, items)


def _channel(project: Project, cid: str, items: list[_Slot]) -> Iterator[Diagnostic]:
    rules = project.cadence(cid)
    sev = "error" if rules.get("severity") == "error" else "warning"
    gap_td = parse_duration(rules.get("min_gap"))
    gap = gap_td.total_seconds() if gap_td else 0
    max_day = rules.get("max_per_day")
    per_day: dict[dt.date, list[_Slot]] = defaultdict(list)
    prev: _Slot | None = None
    for p in items:
        line, col = p.line, p.column
        if prev is not None:
            if p.ts // 60 == prev.ts // 60:
                yield Diagnostic(p.rel, line, col, "error", "schedule.collision",
                                 f"{cid}: {prev.rel} goes out at the same minute: move one of "
                                 "them", cid)
            elif gap and p.ts - prev.ts < gap:
                yield Diagnostic(p.rel, line, col, sev, "schedule.min-gap",
                                 f"{cid}: only {_fmt(p.ts - prev.ts)} after {prev.rel}; the "
                                 f"cadence asks for at least {_fmt(gap)} between posts", cid)
        prev = p
        local_day = p.day
        per_day[local_day].append(p)
        if isinstance(max_day, int) and len(per_day[local_day]) > max_day:
            yield Diagnostic(p.rel, line, col, sev, "schedule.max-per-day",
                             f"{cid}: post {len(per_day[local_day])} on {local_day}, the "
                             f"cadence allows {max_day} a day: move it to another day", cid)


def _fmt(seconds: float) -> str:
    mins = int(seconds // 60)
    h, m = divmod(mins, 60)
    return f"{h}h{m:02d}" if h else f"{m} min"
