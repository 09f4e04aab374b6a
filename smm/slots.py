"""Free times on channels: the next minute a new post can take without breaking a
channel's cadence (strategy.yaml `cadence:` min_gap and max_per_day) or sharing a
minute with another post there; and what is wrong with a time someone picked.

`smm new` uses it; validation's schedule checks (smm.checks.schedule) judge the same
rules over every post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

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


# -- posting slots (strategy.yaml `queue:`), like Buffer's posting schedule ----------------

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {"weekdays": DAYS[:5], "weekends": DAYS[5:], "daily": DAYS, "every day": DAYS}
_HORIZON = 400  # days searched for a free slot: a queue full for longer is said, not searched
QUEUE_HELP = ("each channel's slots are a list of {days: [mon, tue, ...] or weekdays, "
              "weekends, daily; times: [\"09:00\", \"17:30\"]}")


def _day_names(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _DAY_WORDS:
            return _DAY_WORDS[v]
        return (v[:3],) if v in DAYS or v in _LONG else None
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            got = _day_names(item)
            if got is None:
                return None
            out += [d for d in got if d not in out]
        return tuple(out)
    return None


_LONG = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _time(value: object) -> dt.time | None:
    """"09:00" (quote it: YAML 1.1 reads an unquoted 12:00 as the number 720, which is
    taken back to 12:00 here all the same)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    if isinstance(value, str):
        try:
            t = dt.time.fromisoformat(value.strip())
        except ValueError:
            return None
        return t.replace(second=0, microsecond=0) if t.tzinfo is None else None
    return None


def queue_problems(strategy: dict[str, object], at: Callable[..., str],
                   channels: Iterable[str]) -> list[str]:
    """What is wrong with strategy.yaml's `queue:`, each at its file:line:col."""
    q = strategy.get("queue")
    if q is None:
        return []
    if not isinstance(q, dict):
        return [f"{at('queue')}: queue must map channel ids to posting slots: {QUEUE_HELP}"]
    known = set(channels)
    out = []
    for cid, slots in q.items():
        if cid not in known:
            from smm.project import suggest

            out.append(f"{at('queue', cid)}: queue for unknown channel {cid!r}: "
                       + suggest(str(cid), sorted(known)))
            continue
        items = [slots] if isinstance(slots, dict) else slots
        if not isinstance(items, list) or not items:
            out.append(f"{at('queue', cid)}: {QUEUE_HELP}")
            continue
        for i, item in enumerate(items):
            where = ("queue", cid) if isinstance(slots, dict) else ("queue", cid, i)
            if not isinstance(item, dict) or set(item) - {"days", "times"} or "times" not in item:
                out.append(f"{at(*where)}: {QUEUE_HELP}")
                continue
            if _day_names(item.get("days", "daily")) is None:
                out.append(f"{at(*where, 'days')}: days must be day names (mon ... sun), or "
                           "weekdays, weekends, daily")
            times = item["times"] if isinstance(item["times"], list) else [item["times"]]
            for j, t in enumerate(times):
                if _time(t) is None:
                    key = (*where, "times", j) if isinstance(item["times"], list) else \
                        (*where, "times")
                    out.append(f"{at(*key)}: {t!r} is not a time of day: write it as \"09:00\"")
    return out


def queue(project: Project, channel: str) -> dict[int, list[dt.time]]:
    """The channel's posting slots: weekday (0 = Monday) -> sorted times; empty when
    strategy.yaml gives it none (load_project has checked the shape)."""
    q = project.strategy.get("queue")
    slots = q.get(channel) if isinstance(q, dict) else None
    if slots is None:
        return {}
    items = [slots] if isinstance(slots, dict) else slots
    out: dict[int, set[dt.time]] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        days = _day_names(item.get("days", "daily")) or ()
        raw = item.get("times")
        times = [t for v in (raw if isinstance(raw, list) else [raw])
                 if (t := _time(v)) is not None]
        for d in days:
            out.setdefault(DAYS.index(d), set()).update(times)
    return {d: sorted(ts) for d, ts in out.items()}


def slot_times(project: Project, channel: str, start: dt.datetime, end: dt.datetime
               ) -> list[dt.datetime]:
    """The channel's slots from `start` (exclusive) to `end` (inclusive), as aware times
    in the strategy's timezone; a slot a DST jump skips is left out."""
    q = queue(project, channel)
    if not q:
        return []
    tz = project.timezone
    out = []
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        for t in q.get(day.weekday(), ()):
            at = dt.datetime.combine(day, t, tz)
            if at.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != \
                    at.replace(tzinfo=None):
                continue  # does not exist that day (clocks jump forward)
            if start < at <= end:
                out.append(at)
        day += dt.timedelta(days=1)
    return out


def next_slot(project: Project, after: dt.datetime, channels: Sequence[str],
              busy: dict[str, list[tuple[dt.datetime, str]]]) -> dt.datetime | None:
    """The first slot after `after` that every chosen channel with a queue has, free on
    all the chosen channels (no post at that minute, cadence kept); channels without a
    queue take any time. None when no channel has slots or none is free in a year."""
    queued = [c for c in channels if queue(project, c)]
    if not queued:
        return None
    end = after + dt.timedelta(days=_HORIZON)
    step = dt.timedelta(days=14)
    start = after
    while start < end:
        stop = min(start + step, end)
        common = set(slot_times(project, queued[0], start, stop))
        for c in queued[1:]:
            common &= set(slot_times(project, c, start, stop))
        for at in sorted(common):
            if not conflicts(project, at, channels, busy):
                return at
        start = stop
    return None
