"""What the site reads besides the posts: publish records, KPI results, metrics history.

Each is owned by another part of smm (smm.state, smm.metrics); this module is the one
place the site meets them, so a change there is a change here only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from smm.project import Project


@dataclass
class Record:
    """The outcome of one post on one channel, as the publish record holds it."""

    state: str  # claimed | published | failed | missed | unknown
    url: str | None = None
    platform_id: str | None = None
    finished_at: dt.datetime | None = None
    error: str | None = None


@dataclass
class Sources:
    records: dict[tuple[str, str], Record] = field(default_factory=dict)
    kpis: list[Any] = field(default_factory=list)  # smm.metrics.kpi.KpiResult
    history: list[Any] = field(default_factory=list)  # smm.metrics.store.Snapshot
    # (post_id, channel) -> metric -> (date, value): the latest snapshot of each metric
    latest: dict[tuple[str, str], dict[str, tuple[dt.date, float]]] = field(
        default_factory=dict)


def load(project: Project, today: dt.date) -> Sources:
    """Read the state branch once (or the seed folder) for records and metrics; the
    KPIs come from smm.metrics.kpi over that same history, so the site's numbers are
    `smm kpi`'s numbers."""
    from smm.errors import SmmError
    from smm.metrics import kpi, records, store
    from smm.publish import ledger
    from smm.state import State

    try:
        st = State.open(project)
        recs = ledger.load_all(st)
        history = store.load_history(project, st)
    except SmmError:  # not a git repository, say: the site still shows the posts
        recs, history = [], []
    src = Sources(history=history)
    for r in recs:
        # A claim without an outcome is unknown to a reader: it may or may not have posted.
        src.records[(r.post_id, r.channel)] = Record(
            "unknown" if r.state == "claimed" else r.state, r.url, r.platform_id,
            r.finished_at, r.error)
    src.kpis = list(kpi.compute(project, today=today, history=history,
                                recs=records.load(project, raw=recs)))
    for s in history:
        if not s.post_id:
            continue
        slot = src.latest.setdefault((s.post_id, s.channel), {})
        seen = slot.get(s.metric)
        if seen is None or s.date >= seen[0]:
            slot[s.metric] = (s.date, s.value)
    return src
