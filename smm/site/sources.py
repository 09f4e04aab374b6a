"""What the site reads besides the posts: publish records, KPI results, metrics history.

Each is owned by another part of smm (smm.state, smm.metrics); this module is the one
place the site meets them, so a change there is a change here only.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from smm.project import Project


@dataclass
class Record:
    """The outcome of one post on one channel, as the publish record holds it."""

    state: str  # claimed | published | failed | missed | unknown
    url: str | None = None
    platform_id: str | None = None
    finished_at: dt.datetime | None = None
    error: str | None = None
    claimed_at: dt.datetime | None = None  # what smm.status reads to tell
    attempts: int = 0                      # publishing from unknown, retry from done


@dataclass
class Sources:
    records: dict[tuple[str, str], Record] = field(default_factory=dict)
    kpis: list[Any] = field(default_factory=list)  # smm.metrics.kpi.KpiResult
    history: list[Any] = field(default_factory=list)  # smm.metrics.store.Snapshot
    # (post_id, channel) -> metric -> (date, value): the latest snapshot of each metric
    latest: dict[tuple[str, str], dict[str, tuple[dt.date, float]]] = field(
        default_factory=dict)


class Raw(NamedTuple):
    """A publish record as the site and the KPIs read it: small to send between
    processes (the ledger is read in a worker while the posts load)."""

    post_id: str
    channel: str
    state: str
    platform_id: str | None
    url: str | None
    claimed_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: str | None
    attempts: int = 0


def idents(st: Any, prefix: str) -> dict[str, str]:
    """Each state file below `prefix` with what identifies its content: its blob's hash
    on the state branch, its time and size in the seed folder."""
    if st.tip is None:
        from smm.state import SEED

        base = f"{st.project.root / SEED}/"
        out = {}
        stat = os.stat
        for p in st.list(prefix):
            try:
                s = stat(base + p)  # strings, not Paths: tens of thousands of files
            except OSError:
                continue
            out[p] = f"{s.st_mtime_ns}:{s.st_size}"
        return out
    # State keeps the branch's listing (path -> blob hash) from its one ls-tree.
    blobs: dict[str, str] = st._blobs
    full = st.prefix + prefix
    n = len(st.prefix)
    return {p[n:]: sha for p, sha in blobs.items() if p.startswith(full)}


class StateFiles(NamedTuple):
    """The state's files as this build found them: what identifies each publish record's
    content and the metrics history's, read once in the main process."""

    ledger: dict[str, str]  # path -> ident
    history: str  # the whole history's ident


def state_files(project: Project) -> StateFiles | None:
    """The state's listing, or None when there is no state to read (not a git
    repository, say: the site still shows the posts)."""
    from smm.errors import SmmError
    from smm.metrics import store
    from smm.publish import ledger
    from smm.state import State

    try:
        st = State.open(project)
        return StateFiles(idents(st, ledger.PREFIX),
                          repr(sorted(idents(st, store.PREFIX).items())))
    except SmmError:
        return None


def parse_ledger(project: Project, paths: list[str]) -> list[Any] | None:
    """The records at `paths`, each packed (pack_one) or None when it does not read as
    one; None when the state cannot be read."""
    from smm.errors import SmmError
    from smm.publish import ledger
    from smm.state import State

    out: list[Any] = []
    try:
        st = State.open(project, fetch=False)
        for path in paths:
            text = st.read(path) if path.endswith(".yaml") else None
            r = ledger.Record.load(text) if text is not None else None
            out.append(None if r is None else pack_one(Raw(
                r.post_id, r.channel, r.state, r.platform_id, r.url, r.claimed_at,
                r.finished_at, r.error, r.attempts)))
    except SmmError:
        return None
    return out


def read_ledger(project: Project) -> list[Raw] | None:
    """Every publish record as ledger.load_all reads them, or None as state_files."""
    files = state_files(project)
    if files is None:
        return None
    got = parse_ledger(project, sorted(files.ledger))
    return None if got is None else unpack([p for p in got if p is not None])


def pack_one(r: Raw) -> tuple[Any, ...]:
    """A record as a plain tuple, times as ISO text: a third of the cost of pickling
    datetimes, each with its own timezone object, from a worker; and what the site's
    cache (memo.py) keeps."""
    return (*r[:5], r.claimed_at and r.claimed_at.isoformat(),
            r.finished_at and r.finished_at.isoformat(), r.error, r.attempts)


def pack(raw: list[Raw] | None) -> list[tuple[Any, ...]] | None:
    if raw is None:
        return None
    return [pack_one(r) for r in raw]


def unpack(packed: list[tuple[Any, ...]] | None) -> list[Raw] | None:
    if packed is None:
        return None
    when = dt.datetime.fromisoformat
    return [Raw(t[0], t[1], t[2], t[3], t[4], t[5] and when(t[5]), t[6] and when(t[6]), t[7],
                t[8]) for t in packed]


def read_history(project: Project) -> list[Any] | None:
    """The metrics history (smm.metrics.store.Snapshot), or None as read_ledger."""
    from smm.errors import SmmError
    from smm.metrics import store
    from smm.state import State

    try:
        st = State.open(project)
    except SmmError:
        return None
    try:
        return store.load_history(project, st)
    except SmmError as e:  # a damaged history file: the site goes on without metrics
        from smm import output

        output.err(f"smm: site: metrics not shown: {e}")
        return None


def latest(history: list[Any]) -> dict[tuple[str, str], dict[str, tuple[dt.date, float]]]:
    """(post_id, channel) -> metric -> (date, value) of its latest snapshot."""
    out: dict[tuple[str, str], dict[str, tuple[dt.date, float]]] = {}
    for s in history:
        if not s.post_id:
            continue
        slot = out.setdefault((s.post_id, s.channel), {})
        seen = slot.get(s.metric)
        if seen is None or s.date >= seen[0]:
            slot[s.metric] = (s.date, s.value)
    return out


def records(raw: list[Raw]) -> dict[tuple[str, str], Record]:
    # The state as recorded: smm.status tells a live claim (publishing) from a stale one.
    return {(r.post_id, r.channel): Record(r.state, r.url, r.platform_id, r.finished_at,
                                           r.error, r.claimed_at, r.attempts)
            for r in raw}


def kpis(project: Project, today: dt.date, history: list[Any], raw: list[Raw]) -> list[Any]:
    """smm.metrics.kpi over the history and records the site read, so the site's numbers
    are `smm kpi`'s numbers."""
    from smm.metrics import kpi
    from smm.metrics import records as mrecords
    from smm.publish import ledger

    recs = [ledger.Record(post_id=r.post_id, channel=r.channel, state=r.state,
                          platform_id=r.platform_id, url=r.url, claimed_at=r.claimed_at,
                          finished_at=r.finished_at, error=r.error) for r in raw]
    return list(kpi.compute(project, today=today, history=history,
                            recs=mrecords.load(project, raw=recs)))


def load(project: Project, today: dt.date) -> Sources:
    """Read the state branch once (or the seed folder) for records and metrics, in this
    process (generate.py reads the same parts in workers)."""
    raw, history = read_ledger(project), read_history(project)
    if raw is None or history is None:
        raw, history = [], []
    src = Sources(records=records(raw), history=history, latest=latest(history))
    src.kpis = kpis(project, today, history, raw)
    return src
