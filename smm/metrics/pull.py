"""`smm metrics pull`: each channel's post and account metrics from its platform's API,
written as one day's snapshots into the history on the state branch.

One channel failing (credentials, HTTP errors) is reported and the others go on; what
was read is still written. Snapshots are keyed by day, post, channel and metric, so a
second pull the same day replaces the first one's values instead of adding to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from smm import output
from smm.metrics import names, records, sources, store
from smm.metrics.sources.base import Fetched, MetricsError, PostRef
from smm.metrics.store import Snapshot
from smm.project import Channel, Project, parse_duration

if TYPE_CHECKING:
    from smm.state import State

DEFAULT_WINDOW_DAYS = 90  # posts older than this keep their last numbers (metrics.window)
PROGRESS_OVER = 20  # channels with more posts than this report progress as they go


@dataclass
class ChannelResult:
    channel: str
    platform: str
    ok: bool = True
    error: str = ""
    posts: int = 0  # posts with numbers read
    values: int = 0  # snapshot values
    warnings: list[str] = field(default_factory=list)


@dataclass
class PullResult:
    day: date
    channels: list[ChannelResult]
    files: list[str]  # history files changed
    committed: bool

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.channels)


def window_days(project: Project) -> int:
    w = parse_duration(project.setting("metrics", "window", None))
    return max(1, w.days) if w is not None else DEFAULT_WINDOW_DAYS


def today_in(project: Project) -> date:
    return project.now().date()


def _refs(project: Project, recs: list[records.Record], channel: str, day: date,
          window: int) -> list[PostRef]:
    refs = []
    for r in recs:
        if r.channel != channel or not (r.platform_id or r.url):
            continue
        on = r.published_on(project)
        age = (day - on).days if on else None
        if age is not None and (age > window or age < 0):
            continue
        refs.append(PostRef(r.post_id, r.platform_id, r.url, age))
    return refs


def snapshots_of(channel: Channel, day: date, fetched: Fetched,
                 platform_ids: dict[str, str]) -> list[Snapshot]:
    """Raw numbers -> snapshots, through the one name table (names.py)."""
    out: list[Snapshot] = []
    for metric, (raw, value) in sorted(names.map_raw(channel.platform, fetched.account).items()):
        if metric in names.ACCOUNT_METRICS:
            out.append(Snapshot(day, channel.id, "", "", metric, raw, value))
    for post_id, raw_values in sorted(fetched.posts.items()):
        mapped = names.map_raw(channel.platform, raw_values)
        for metric, (raw, value) in sorted(mapped.items()):
            if metric not in names.ACCOUNT_METRICS:
                out.append(Snapshot(day, channel.id, post_id, platform_ids.get(post_id, ""),
                                    metric, raw, value))
    return out


def pull(project: Project, *, day: date | None = None, channels: list[str] | None = None,
         state: State | None = None, dry_run: bool = False,
         say: Callable[[str], None] = output.err) -> PullResult:
    from smm.state import State

    st = state or State.open(project)
    day = day or today_in(project)
    recs = records.published(project, st)
    window = window_days(project)
    results: list[ChannelResult] = []
    snaps: list[Snapshot] = []
    for cid, ch in sorted(project.channels.items()):
        if channels and cid not in channels:
            continue
        fetch = sources.get(ch.platform)
        if fetch is None:
            continue
        res = ChannelResult(cid, ch.platform)
        results.append(res)
        refs = _refs(project, recs, cid, day, window)
        say(f"{cid}: reading {len(refs)} post{'s' if len(refs) != 1 else ''} and the account")

        def progress(done: int, total: int, _cid: str = cid) -> None:
            step = max(1, total // 10)
            if total > PROGRESS_OVER and (done % step == 0 or done == total):
                say(f"{_cid}: {done}/{total}")

        try:
            fetched = fetch(ch, refs, progress)
        except MetricsError as e:
            res.ok, res.error = False, str(e)
            say(f"{cid}: failed: {e}")
            continue
        got = snapshots_of(ch, day, fetched, {r.post_id: r.platform_id for r in refs})
        res.posts = len(fetched.posts)
        res.values = len(got)
        res.warnings = fetched.warnings
        for w in fetched.warnings:
            say(f"{cid}: warning: {w}")
        snaps.extend(got)
    files: list[str] = []
    committed = False
    if snaps and not dry_run:
        files, committed = write(project, snaps, st, f"metrics: pull {day.isoformat()}")
    return PullResult(day, results, files, committed)


def write(project: Project, snaps: list[Snapshot], state: State, message: str,
          attempts: int = 3) -> tuple[list[str], bool]:
    """Merge and commit; a lost push race means another run wrote first: merge again on
    top of what it wrote (replacing by key makes that safe) and retry."""
    for _ in range(attempts):
        files = store.merge(project, snaps, state)
        if not files:
            return [], True
        if state.commit(files, message):
            return sorted(files), True
    raise MetricsError(f"could not push the metrics history after {attempts} attempts: "
                       "another run keeps writing it; run again later")
