"""smm's one "now": every computation that depends on the time asks `now()`.

What is due or missed, each post's status, past-date warnings, KPI periods, the site's
"today" and calendar, `smm new`'s next free minute: all read the same moment, so two
surfaces never disagree because they looked at the clock at different times.

In order, the first that is set wins:
  1. `--now ISO` on the command line (every command takes it);
  2. the `SMM_NOW` environment variable;
  3. a brand's `frozen_now:` in strategy.yaml (an example or demo repository that must
     read the same on any date; a real repository leaves it out);
  4. the wall clock.
A time without an offset is in the brand's timezone (strategy.yaml `timezone`).

Elapsed durations (timeouts, backoff) use time.monotonic, which is not "now".
"""

from __future__ import annotations

import datetime as dt
import os

from smm.errors import UsageError

ENV = "SMM_NOW"
_given: tuple[str, str] | None = None  # (where it came from, text) from --now


def set_now(value: str | None, source: str = "--now") -> None:
    """Fix "now" for this process (the CLI's --now). Checked at once: exit 2 on a bad
    value, before any work."""
    global _given
    if value is None:
        _given = None
        return
    parse(value, dt.UTC, source)
    _given = (source, value)


def now(tz: dt.tzinfo = dt.UTC, frozen: object = None) -> dt.datetime:
    """The moment smm acts at, in `tz` (also the zone of a time written without an
    offset). `frozen`: the brand's `frozen_now` setting, when it has one."""
    source, text = _override()
    if text is None and isinstance(frozen, str | dt.datetime):
        source, text = "strategy.yaml frozen_now", frozen if isinstance(frozen, str) \
            else frozen.isoformat()
    if text is None:
        return wall().astimezone(tz)
    return parse(text, tz, source).astimezone(tz)


def source(frozen: object = None) -> str | None:
    """Where "now" comes from when it is not the wall clock (for a note in the output):
    `--now`, `SMM_NOW` or `strategy.yaml frozen_now`; None for the wall clock."""
    where, text = _override()
    if text is not None:
        return where
    return "strategy.yaml frozen_now" if isinstance(frozen, str | dt.datetime) else None


def wall() -> dt.datetime:
    """The real time, for what must not be overridden (the default of `now()`). Nothing
    else in smm reads the clock."""
    return dt.datetime.now(dt.UTC)


def wall_ns() -> int:
    """The real time in nanoseconds, to compare with file modification times (which the
    system stamps with the real clock, whatever "now" is)."""
    import time

    return time.time_ns()


def parse(value: str, tz: dt.tzinfo, where: str = "--now") -> dt.datetime:
    """An ISO 8601 date and time (a date alone is its midnight), in `tz` without offset."""
    text = str(value).strip()
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{where} {text!r} is not an ISO 8601 date and time: write it as "
                         "2026-12-01T09:00 or 2026-12-01T09:00+01:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    try:
        when.astimezone(dt.UTC)
    except OverflowError:
        raise UsageError(f"{where} {text!r} is out of range: pick a year between 2 and "
                         "9998") from None
    return when


def _override() -> tuple[str, str | None]:
    if _given is not None:
        return _given
    env = os.environ.get(ENV)
    if env and env.strip():
        return ENV, env
    return ENV, None
