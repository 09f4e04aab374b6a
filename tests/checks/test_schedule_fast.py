"""The schedule checks, which sort once and look only at close neighbours, against the
plain pairwise walk they replaced, on arbitrary calendars."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm.cache import Entry
from smm.checks import schedule
from smm.diagnostics import Diagnostic
from smm.project import Project, load_project, parse_duration

STRATEGY = """\
brand: T
timezone: Europe/Paris
goals: [{id: g}]
audiences: [{id: a}]
channels:
  x: {platform: x, api: http://127.0.0.1:9}
  bluesky: {platform: bluesky, service: http://127.0.0.1:9}
  mastodon: {platform: mastodon, instance: http://127.0.0.1:9}
cadence:
  x: {max_per_day: 2, min_gap: 2h, severity: error}
  mastodon: {max_per_day: 3}
  bluesky: {min_gap: 30m}
"""


def reference(project: Project, entries: list[Entry], now: dt.datetime,
              scope: set[str] | None) -> Iterator[Diagnostic]:
    """The walk before the fast path (session 3), past-date warnings left out."""
    by_channel: dict[str, list[tuple[float, str, Entry]]] = defaultdict(list)
    for e in entries:
        if not e.draft and e.ts is not None:
            for c in e.channels:
                by_channel[c].append((e.ts, e.rel, e))
    for cid, items in by_channel.items():
        items.sort(key=lambda s: (s[0], s[1]))
        rules = project.cadence(cid)
        sev = "error" if rules.get("severity") == "error" else "warning"
        gap_td = parse_duration(rules.get("min_gap"))
        gap = gap_td.total_seconds() if gap_td else 0
        max_day = rules.get("max_per_day")
        per_day: dict[int, list[Entry]] = defaultdict(list)
        prev = None
        for ts, _, p in items:
            if prev is not None:
                at, other = p, prev
                if scope is not None and p.rel not in scope and prev.rel in scope:
                    at, other = prev, p
                if ts // 60 == prev.ts // 60:
                    yield Diagnostic(at.rel, at.line, at.column, "error", "schedule.collision",
                                     f"{cid}: {other.rel} goes out at the same minute: move "
                                     "one of them", cid)
                elif gap and ts - prev.ts < gap:
                    yield Diagnostic(at.rel, at.line, at.column, sev, "schedule.min-gap",
                                     f"{cid}: {schedule._fmt(ts - prev.ts)} between this and "
                                     f"{other.rel}; the cadence asks for at least "
                                     f"{schedule._fmt(gap)} between posts", cid)
            prev = p
            per_day[p.day].append(p)
        if not isinstance(max_day, int):
            continue
        for day, slots in per_day.items():
            if len(slots) <= max_day:
                continue
            over = slots[max_day:] if scope is None or any(
                s.rel in scope for s in slots[max_day:]) else [s for s in slots if s.rel in scope]
            for s in over:
                yield Diagnostic(s.rel, s.line, s.column, sev, "schedule.max-per-day",
                                 f"{cid}: {len(slots)} posts on {dt.date.fromordinal(day)}, the"
                                 f" cadence allows {max_day} a day: move one to another day", cid)


posts = st.lists(st.tuples(
    st.integers(0, 4 * 86400 // 20).map(lambda k: k * 20.0),  # 20 s steps over 4 days
    st.lists(st.sampled_from(["x", "mastodon", "bluesky"]), min_size=1, max_size=3, unique=True),
    st.booleans(), st.booleans()), max_size=40)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root: Path = tmp_path_factory.mktemp("brand")
    (root / "strategy.yaml").write_text(STRATEGY, encoding="utf-8")
    return load_project(root)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posts=posts)
def test_schedule_findings_match_the_pairwise_walk(posts: list[Any], project: Project) -> None:
    start = dt.datetime(2027, 3, 1, tzinfo=dt.UTC).timestamp()
    entries = []
    for i, (secs, chans, draft, _) in enumerate(posts):
        ts = start + secs
        day = dt.datetime.fromtimestamp(ts, project.timezone).date().toordinal()
        entries.append(Entry(f"content/posts/p{i:02}.md", f"p{i:02}", "iso", tuple(chans),
                             draft, 2 + i % 3, 1, ts=ts, day=day))
    scopes = [None, {e.rel for (e, p) in zip(entries, posts, strict=True) if p[3]}]
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)  # all in the future: no past warnings
    for scope in scopes:
        got = sorted(schedule.check(project, entries, now, None, scope))
        want = sorted(reference(project, entries if scope is None else [
            e for e in entries if e.day in {d + k for d in {x.day for x in entries
                                                            if x.rel in scope}
                                            for k in range(-schedule.reach_days(project),
                                                           schedule.reach_days(project) + 1)}],
            now, scope))
        assert got == want


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posts=posts, now_secs=st.integers(-86400, 5 * 86400))
def test_past_warnings_are_those_of_every_unpublished_post_before_now(
        posts: list[Any], now_secs: int, project: Project) -> None:
    start = dt.datetime(2027, 3, 1, tzinfo=dt.UTC).timestamp()
    entries = [Entry(f"content/posts/p{i:02}.md", f"p{i:02}", "iso", tuple(chans), draft, 2, 1,
                     ts=start + secs, day=739_000 + int(secs // 86400))
               for i, (secs, chans, draft, _) in enumerate(posts)]
    now = dt.datetime.fromtimestamp(start + now_secs, dt.UTC)
    recorded = {(e.post_id, "x") for e in entries[::2]}  # published on x already
    scope = {e.rel for (e, p) in zip(entries, posts, strict=True) if p[3]}
    for within in (None, scope):
        got = [(d.path, d.message) for d in schedule.check(
            project, entries, now, lambda e, c: (e.post_id, c) in recorded, within)
            if d.rule == "schedule.past"]
        want = []
        for e in sorted(entries, key=lambda e: (e.ts, e.rel)):
            pending = [c for c in e.channels if (e.post_id, c) not in recorded]
            if not e.draft and (e.ts or 0) < now.timestamp() and pending and (
                    within is None or e.rel in within):
                want.append((e.rel, f"publish_at iso has passed and the post is not "
                             f"published on {', '.join(pending)}: it goes out at the next "
                             "run if within the catch-up window, else it is recorded missed; "
                             "set a new date"))
        assert got == want
