"""Schedule rules across all posts: collisions, cadence, stale dates.

Runs over every post of the brand, not only the changed ones, because a new post
can break the cadence of posts already on the default branch.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import chain, compress, repeat
from operator import attrgetter, contains

from smm.cache import Entry
from smm.diagnostics import Diagnostic
from smm.project import Project, parse_duration


def check(project: Project, entries: list[Entry], now: dt.datetime,
          is_recorded: Callable[[Entry, str], bool] | None = None,
          scope: set[str] | None = None) -> Iterator[Diagnostic]:
    """Findings for every post, or for the posts in `scope` (paths) alone; either way
    each is judged against all the others."""
    now_ts = now.timestamp()
    if scope is not None:
        # Only posts near the ones in scope can affect them: pre-commit on one file
        # needs a few days of the calendar, not all of it.
        reach = reach_days(project)
        days = {e.day for e in entries if e.rel in scope and e.ts is not None}
        near = {d + k for d in days for k in range(-reach, reach + 1)}
        entries = [e for e in entries if e.day in near]
    # Sorted once here, so each channel's list is built in order (no sort per channel).
    # The entries themselves go in the lists: ts (POSIX seconds) and day (an ordinal in
    # the strategy's timezone) make integer arithmetic of 10,000s of posts, no datetime.
    timed = sorted((e for e in entries if e.ts is not None and not e.draft),
                   key=_when)
    # Each channel's posts by C loops (map, compress) rather than a Python loop over
    # 10,000 posts; channels in the order they first occur.
    chans = list(map(_channels, timed))
    by_channel = {c: list(compress(timed, map(contains, chans, repeat(c))))
                  for c in dict.fromkeys(chain.from_iterable(chans))}
    # The posts whose time has passed come first.
    for e in timed[:bisect_left(list(map(_ts, timed)), now_ts)]:
        if scope is not None and e.rel not in scope:
            continue
        pending = [c for c in e.channels if not (is_recorded and is_recorded(e, c))]
        if pending:
            yield Diagnostic(e.rel, e.line, e.column, "warning", "schedule.past",
                             f"publish_at {e.publish_at} has passed and the post "
                             f"is not published on {', '.join(pending)}: it goes out at the "
                             "next run if within the catch-up window, else it is recorded "
                             "missed; set a new date")
    for cid, items in by_channel.items():
        yield from _channel(project, cid, items, scope)


_when = attrgetter("ts", "rel")
_ts = attrgetter("ts")
_channels = attrgetter("channels")


def reach_days(project: Project) -> int:
    """How many days apart two posts can still affect each other's findings."""
    gaps = [parse_duration(r.get("min_gap")) for r in (project.strategy.get("cadence") or {})
            .values() if isinstance(r, dict)]
    longest = max((g.total_seconds() for g in gaps if g), default=0)
    return int(longest // 86400) + 2


def _channel(project: Project, cid: str, items: list[Entry],
             scope: set[str] | None) -> Iterator[Diagnostic]:
    """A pair's finding lands on the later post; when only some posts are in scope (a
    pull request) and the later one is not, it lands on the earlier one instead, so a
    new post that collides with one already merged is still reported."""
    rules = project.cadence(cid)
    sev = "error" if rules.get("severity") == "error" else "warning"
    gap_td = parse_duration(rules.get("min_gap"))
    gap = gap_td.total_seconds() if gap_td else 0
    max_day = rules.get("max_per_day")
    # Only neighbours closer than the gap (or in the same minute) can yield a finding:
    # found by one comprehension over the times, the pairs then looked at one by one.
    ts: list[float] = list(map(_ts, items))  # every item has a time (see check)
    close = gap if gap > 60 else 60
    for i in [i for i in range(1, len(ts)) if ts[i] - ts[i - 1] < close]:
        p, prev = items[i], items[i - 1]
        t, t_prev = ts[i], ts[i - 1]
        at, other = p, prev
        if scope is not None and p.rel not in scope and prev.rel in scope:
            at, other = prev, p
        if t // 60 == t_prev // 60:
            yield Diagnostic(at.rel, at.line, at.column, "error", "schedule.collision",
                             f"{cid}: {other.rel} goes out at the same minute: move one "
                             "of them", cid)
        elif gap and t - t_prev < gap:
            yield Diagnostic(at.rel, at.line, at.column, sev, "schedule.min-gap",
                             f"{cid}: {_fmt(t - t_prev)} between this and "
                             f"{other.rel}; the cadence asks for at least {_fmt(gap)} "
                             "between posts", cid)
    if not isinstance(max_day, int):
        return
    busy = {d for d, n in Counter([p.day for p in items]).items() if n > max_day}
    per_day: dict[int, list[Entry]] = defaultdict(list)
    for p in items:
        if p.day in busy:
            per_day[p.day].append(p)
    for day, slots in per_day.items():
        # The posts beyond the cap; in a pull request, every changed post of that day.
        over = slots[max_day:] if scope is None or any(s.rel in scope for s in slots[max_day:]) \
            else [s for s in slots if s.rel in scope]
        for s in over:
            yield Diagnostic(s.rel, s.line, s.column, sev, "schedule.max-per-day",
                             f"{cid}: {len(slots)} posts on {dt.date.fromordinal(day)}, the "
                             f"cadence allows {max_day} a day: move one to another day", cid)


def _fmt(seconds: float) -> str:
    mins = int(seconds // 60)
    h, m = divmod(mins, 60)
    return f"{h}h{m:02d}" if h else f"{m} min"
