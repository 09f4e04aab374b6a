"""Best times to post: engagement rate by weekday and hour per channel, from the metrics
history, with the number of posts behind each cell so a thin cell is not mistaken for
a signal.

A post counts in the cell of the moment it went out (its publish record's time, in the
strategy's timezone). Its engagement rate is the KPI's (smm/metrics/DEFINITIONS.md,
"Engagement rate per platform"), from its latest snapshot; a cell's rate is the
weighted one, Σ engagements ÷ Σ basis over its posts, as `smm kpi` computes it across
posts. `smm besttimes` prints it; `cells()` is what the site (or anything else) reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm.metrics import records
    from smm.metrics.store import Snapshot
    from smm.project import Project
    from smm.state import State

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_POSTS = 3  # fewer posts than this behind a cell: shown, marked thin, never ranked


@dataclass(frozen=True)
class Cell:
    channel: str
    weekday: int  # 0 = Monday
    hour: int  # 0-23, the strategy's timezone
    posts: int  # posts behind the rate
    engagements: float
    basis: float  # views, reach or followers, per platform

    @property
    def rate(self) -> float:
        return self.engagements / self.basis if self.basis else 0.0

    @property
    def day(self) -> str:
        return DAYS[self.weekday]

    def as_json(self, min_posts: int = MIN_POSTS) -> dict[str, Any]:
        return {**asdict(self), "day": self.day, "engagement_rate": round(self.rate, 6),
                "thin": self.posts < min_posts}


def cells_from(project: Project, history: Iterable[Snapshot], recs: list[records.Record],
               today: dt.date) -> list[Cell]:
    """The cells of every channel with at least one measured post, sorted by channel,
    weekday and hour."""
    from smm.metrics.kpi import ENGAGED, ENGAGEMENT, Data

    data = Data(project, history, recs, today)
    tz = project.timezone
    sums: dict[tuple[str, int, int], list[float]] = {}
    for r in recs:
        if r.state != "published" or r.finished_at is None or r.channel not in project.channels:
            continue
        at = r.finished_at if r.finished_at.tzinfo else r.finished_at.replace(tzinfo=tz)
        local = at.astimezone(tz)
        if local.date() > today:
            continue
        vals = data.values.get((r.channel, r.post_id), {})
        engaged, basis_name = ENGAGEMENT.get(project.channels[r.channel].platform,
                                             (ENGAGED, "views"))
        if basis_name == "followers":
            basis = data.level(r.channel, local.date(), near=True)
        else:
            basis = vals.get(basis_name)
        if not basis or not any(m in vals for m in engaged):
            continue  # not measured (yet): it says nothing about its hour
        cell = sums.setdefault((r.channel, local.weekday(), local.hour), [0, 0.0, 0.0])
        cell[0] += 1
        cell[1] += sum(vals.get(m, 0.0) for m in engaged)
        cell[2] += basis
    return [Cell(c, d, h, int(n), e, b) for (c, d, h), (n, e, b) in sorted(sums.items())]


def cells(project: Project, *, today: dt.date | None = None,
          state: State | None = None) -> list[Cell]:
    """The brand's cells from its state branch (metrics history and publish records),
    as of `today` (default: smm's now)."""
    from smm.metrics import records
    from smm.metrics.store import load_history
    from smm.state import State as _State

    st = state or _State.open(project)
    day = today or project.now().date()
    return cells_from(project, load_history(project, st), records.load(project, st), day)


def best(found: Iterable[Cell], min_posts: int = MIN_POSTS, n: int = 5) -> list[Cell]:
    """The highest rates among the cells with at least `min_posts` posts behind them."""
    solid = [c for c in found if c.posts >= min_posts]
    return sorted(solid, key=lambda c: (-c.rate, -c.posts, c.weekday, c.hour))[:n]
