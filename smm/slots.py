"""Free times on channels: the next minute a new post can take without breaking a
channel's cadence (strategy.yaml `cadence:` min_gap and max_per_day) or sharing a
minute with another post there; and what is wrong with a time someone picked.

`smm new` uses it; validation's schedule checks (smm.checks.schedule) judge the same
rules over every post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from smm.project import Project, parse_duration

MORNING = dt.time(9, 0)  # where a full day sends the search: the next day's morning
_LIMIT = 2000  # steps: a calendar this full is said, not searched for ever


def taken(project: Project, posts: Iterable[object]) -> dict[str, list[tuple[dt.datetime, str]]]:
    """Channel -> [(time, post id)] of the brand's posts that will go out (no drafts)."""
    out: dict[str, list[tuple[dt.datetime, str]]] = {}
    for p in posts:
        at = getattr(p, "publish_at", None)
        if at is None or getattr(p, "draft", False):
            continue
        for c in getattr(p, "channels", ()):
            out.setdefault(c, []).append((at, str(getattr(p, "id", ""))))
    for times in out.values():
        times.sort()
    return out


def conflicts(project: Project, when: dt.datetime, channels: Sequence[str],
              busy: dict[str, list[tuple[dt.datetime, str]]]) -> list[str]:
    """What the time breaks on each channel, in words (empty: it is free)."""
    tz = project.timezone
    out = []
    for c in channels:
        rules = project.cadence(c)
        gap = parse_duration(rules.get("min_gap")) or dt.timedelta(0)
        for at, pid in busy.get(c, ()):
            if abs(at - when) < dt.timedelta(minutes=1):
                out.append(f"{c}: {pid} goes out at the same minute")
            elif gap and abs(at - when) < gap:
                out.append(f"{c}: {pid} at {at.astimezone(tz):%Y-%m-%d %H:%M} is closer than "
                           f"the {rules.get('min_gap')} cadence gap")
        cap = rules.get("max_per_day")
        day = when.astimezone(tz).date()
        if isinstance(cap, int) and not isinstance(cap, bool) and cap > 0:
            n = sum(1 for at, _ in busy.get(c, ()) if at.astimezone(tz).date() == day)
            if n >= cap:
                out.append(f"{c}: {day} already has {n} post(s), the cadence's max_per_day")
    return out


def next_free(project: Project, after: dt.datetime, channels: Sequence[str],
              busy: dict[str, list[tuple[dt.datetime, str]]]) -> dt.datetime | None:
    """The first whole minute after `after` free on every channel; None when none is
    found within a long search (a calendar full for years)."""
    tz = project.timezone
    t = (after.astimezone(tz) + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    for _ in range(_LIMIT):
        later = _push(project, t, channels, busy)
        if later is None:
            return t
        t = later
    return None


def _push(project: Project, t: dt.datetime, channels: Sequence[str],
          busy: dict[str, list[tuple[dt.datetime, str]]]) -> dt.datetime | None:
    """The earliest time after `t` that clears what `t` breaks; None if nothing."""
    tz = project.timezone
    best: dt.datetime | None = None
    for c in channels:
        rules = project.cadence(c)
        gap = max(parse_duration(rules.get("min_gap")) or dt.timedelta(0),
                  dt.timedelta(minutes=1))
        for at, _ in busy.get(c, ()):
            if abs(at - t) < gap:
                cand = (at + gap).astimezone(tz)
                cand = cand.replace(second=0, microsecond=0) + (
                    dt.timedelta(minutes=1) if cand.second or cand.microsecond else
                    dt.timedelta(0))
                best = cand if best is None or cand > best else best
        cap = rules.get("max_per_day")
        day = t.date()
        if isinstance(cap, int) and not isinstance(cap, bool) and cap > 0 and \
                sum(1 for at, _ in busy.get(c, ()) if at.astimezone(tz).date() == day) >= cap:
            cand = dt.datetime.combine(day + dt.timedelta(days=1), MORNING, tz)
            best = cand if best is None or cand > best else best
    return best
