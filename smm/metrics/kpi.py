"""KPIs: strategy.yaml's targets measured per period against the metrics history.

How each KPI is computed is defined in one place: smm/metrics/DEFINITIONS.md. The site
and `smm kpi` both call `compute`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from smm.errors import ConfigError
from smm.metrics import records
from smm.metrics.store import Snapshot
from smm.project import Project, suggest

# KPI metric -> the smm metrics it adds up (sums; DEFINITIONS.md, Metrics)
SUMS: dict[str, tuple[str, ...]] = {
    "views": ("views",), "impressions": ("views",), "reach": ("reach",),
    "likes": ("likes",), "comments": ("comments",), "reposts": ("reposts",),
    "quotes": ("quotes",), "saves": ("saves",), "clicks": ("clicks",),
    "profile_clicks": ("profile_clicks",), "shares": ("reposts", "quotes", "shares"),
}
ENGAGED = ("likes", "comments", "reposts", "quotes", "shares", "saves")
# platform -> (engagement metrics, basis); basis "followers" = followers at publication
ENGAGEMENT: dict[str, tuple[tuple[str, ...], str]] = {
    "x": (ENGAGED + ("clicks",), "views"),
    "linkedin": (("likes", "comments", "reposts", "clicks"), "views"),
    "facebook": (ENGAGED, "reach"),
    "instagram": (ENGAGED, "reach"),
    "threads": (ENGAGED, "views"),
    "youtube": (ENGAGED, "views"),
    "tiktok": (ENGAGED, "views"),
    "mastodon": (ENGAGED, "followers"),
    "bluesky": (ENGAGED, "followers"),
}
ALIASES = {"click_through_rate": "ctr", "new_followers": "followers_growth",
           "follower_growth": "followers_growth", "publications": "posts"}
KINDS: dict[str, str] = {  # metric -> kind (sum | rate | level)
    **{m: "sum" for m in SUMS}, "engagements": "sum", "followers_growth": "sum", "posts": "sum",
    "engagement_rate": "rate", "ctr": "rate", "cadence": "rate", "response_rate": "rate",
    "response_time": "rate", "followers": "level",
}
UNITS = {"sum": "count", "level": "count", "rate": "ratio"}
LOWER_IS_BETTER = {"response_time"}
PERIODS = ("week", "month", "quarter")


@dataclass
class KpiPeriod:
    """One period of a KPI. A period still running (`running`) holds its value to date:
    `actual` up to `data_through` (the latest day with data), `target_to_date` the
    target pro-rated to the part elapsed by then, and `status` its pacing. A period
    without data yet is "no-data" with no actual: never a zero, never "behind"."""

    period: str
    start: date
    end: date
    actual: float | None
    target: float
    # finished: "met" | "missed" | "no-data"; running: "met" | "ahead" | "on-track" |
    # "behind" | "no-data"; a standing target (no `per`): "met" | "behind"
    status: str
    running: bool = False
    data_through: date | None = None
    target_to_date: float | None = None


@dataclass
class KpiResult:
    goal: str
    metric: str
    target: float
    per: str | None
    channel: str | None
    unit: str
    periods: list[KpiPeriod]
    by_channel: dict[str, list[KpiPeriod]] = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    goal: str
    metric: str  # as written
    key: str  # canonical
    target: float
    per: str | None
    channels: tuple[str, ...] | None
    label: str | None


def specs(project: Project) -> list[Spec]:
    """Every KPI entry of strategy.yaml (goals[].kpis and a top-level kpis list), checked;
    problems raise one ConfigError naming file and line."""
    s = project.strategy
    entries: list[tuple[str, Any, tuple[str | int, ...]]] = []
    for gi, goal in enumerate(s.get("goals") or []):
        if isinstance(goal, dict):
            for ki, k in enumerate(goal.get("kpis") or []):
                entries.append((str(goal.get("id", "")), k, ("goals", gi, "kpis", ki)))
    for ki, k in enumerate(s.get("kpis") or []):
        g = k.get("goal", "") if isinstance(k, dict) else ""
        entries.append((str(g), k, ("kpis", ki)))
    out, problems = [], []
    known = sorted(set(KINDS) | set(ALIASES))
    for goal, k, path in entries:
        def at(*sub: str, _p: tuple[str | int, ...] = path) -> str:
            line, col = project.strategy_doc.pos(*_p, *sub)
            return f"{project.strategy_rel}:{line}:{col}"
        if not isinstance(k, dict):
            problems.append(f"{at()}: a KPI is a mapping such as "
                            "{metric: impressions, target: 60000, per: month}")
            continue
        metric = str(k.get("metric", ""))
        key = ALIASES.get(metric, metric)
        if key not in KINDS:
            problems.append(f"{at('metric')}: unknown KPI metric {metric!r}: "
                            + suggest(metric, known))
            continue
        target = k.get("target")
        if isinstance(target, bool) or not isinstance(target, int | float):
            problems.append(f"{at('target')}: target must be a number")
            continue
        per = k.get("per")
        if per is not None and per not in PERIODS:
            problems.append(f"{at('per')}: per must be one of {', '.join(PERIODS)}")
            continue
        chans = k.get("channels", k.get("channel"))
        chan_list = [chans] if isinstance(chans, str) else chans
        if chan_list is not None:
            bad = [c for c in chan_list if c not in project.channels]
            if not isinstance(chan_list, list) or bad:
                where = at("channels" if "channels" in k else "channel")
                problems.append(f"{where}: unknown channel {bad[0] if bad else chans!r}: "
                                + suggest(str(bad[0] if bad else chans), sorted(project.channels)))
                continue
        out.append(Spec(goal, metric, key, float(target), per,
                        tuple(chan_list) if chan_list else None,
                        ",".join(chan_list) if chan_list else None))
    if problems:
        raise ConfigError("\n".join(problems))
    return out


# ---- periods ---------------------------------------------------------------------------

def period_of(day: date, per: str) -> tuple[str, date, date]:
    if per == "week":
        start = day - timedelta(days=day.weekday())
        y, w, _ = day.isocalendar()
        return f"{y}-W{w:02d}", start, start + timedelta(days=6)
    if per == "quarter":
        q = (day.month - 1) // 3
        start = date(day.year, q * 3 + 1, 1)
        return f"{day.year}-Q{q + 1}", start, _month_end(date(day.year, q * 3 + 3, 1))
    start = day.replace(day=1)
    return f"{day:%Y-%m}", start, _month_end(start)


def _month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def periods_between(first: date, last: date, per: str) -> list[tuple[str, date, date]]:
    out = []
    label, start, end = period_of(first, per)
    while start <= last:
        out.append((label, start, end))
        label, start, end = period_of(end + timedelta(days=1), per)
    return out


# ---- the data a computation needs ---------------------------------------------------------

class Data:
    """History and records indexed for period queries."""

    def __init__(self, project: Project, history: Iterable[Snapshot], recs: list[records.Record],
                 today: date):
        self.project, self.today = project, today
        self.values: dict[tuple[str, str], dict[str, float]] = {}  # (ch, post) -> metric -> v
        seen: dict[tuple[str, str, str], date] = {}
        self.first_seen: dict[tuple[str, str], date] = {}
        levels: dict[str, dict[date, float]] = {}
        self.daily: dict[tuple[str, str], list[tuple[date, float]]] = {}  # (ch, metric)
        # (source, channel) -> the latest day holding data; source: "posts" (snapshots
        # of posts' metrics), "followers" or "daily" (account-level days)
        self.last: dict[tuple[str, str], date] = {}
        for s in history:
            if s.date > today:
                continue
            src = ("posts" if s.post_id else "followers" if s.metric == "followers"
                   else "daily")
            if s.date > self.last.get((src, s.channel), date.min):
                self.last[(src, s.channel)] = s.date
            if not s.post_id:
                if s.metric == "followers":
                    levels.setdefault(s.channel, {})[s.date] = s.value
                else:
                    self.daily.setdefault((s.channel, s.metric), []).append((s.date, s.value))
                continue
            pk, k = (s.channel, s.post_id), (s.channel, s.post_id, s.metric)
            if k not in seen or s.date >= seen[k]:
                seen[k] = s.date
                self.values.setdefault(pk, {})[s.metric] = s.value
            if pk not in self.first_seen or s.date < self.first_seen[pk]:
                self.first_seen[pk] = s.date
        self.levels = {ch: sorted(v.items()) for ch, v in levels.items()}
        self.published: list[tuple[date, str, str]] = []  # (day, channel, post)
        for r in recs:
            on = r.published_on(project) if r.state == "published" else None
            on = on or (self.first_seen.get((r.channel, r.post_id))
                        if r.state == "published" else None)
            if on is not None and on <= today:
                self.published.append((on, r.channel, r.post_id))
        known = {(c, p) for _, c, p in self.published}
        for pk, first in self.first_seen.items():  # history without a record: first snapshot
            if pk not in known:
                self.published.append((first, pk[0], pk[1]))
        self.published.sort()
        self._pub = {(c, p): d for d, c, p in reversed(self.published)}
        self._days = [d for d, _, _ in self.published]
        self.planned: list[tuple[date, str]] | None = None

    def cohort(self, start: date, end: date, channels: Iterable[str]) -> list[tuple[str, str]]:
        chans = set(channels)
        lo, hi = bisect.bisect_left(self._days, start), bisect.bisect_right(self._days, end)
        return [(c, p) for _, c, p in self.published[lo:hi] if c in chans]

    def pub_day(self, channel: str, post: str) -> date | None:
        return self._pub.get((channel, post))

    def level(self, channel: str, day: date, *, near: bool = False) -> float | None:
        """Followers on or before `day`. With `near`, a day before tracking began takes the
        first known count (the best estimate of an engagement rate's basis)."""
        series = self.levels.get(channel)
        if not series:
            return None
        i = bisect.bisect_right(series, (day, float("inf")))
        if i:
            return series[i - 1][1]
        return series[0][1] if near else None

    def first_day(self, channels: Iterable[str], key: str) -> date | None:
        """The first day holding data this KPI reads: follower counts for the follower
        KPIs, imported engagement days for the response KPIs, publications otherwise
        (so six months of follower history do not open six empty impression months)."""
        chans = set(channels)
        if key in ("followers", "followers_growth"):
            days = [s[0][0] for c, s in self.levels.items() if c in chans and s]
        elif key in ("response_rate", "response_time"):
            days = [v[0][0] for (c, _), v in self.daily.items() if c in chans and v]
        else:
            days = [d for d, c, _ in self.published if c in chans]
        return min(days) if days else None

    def data_through(self, channels: Iterable[str], key: str) -> date | None:
        """The latest day this KPI's data reaches for these channels: publications are
        known up to today; metrics only up to their last snapshot."""
        if key in ("posts", "cadence"):
            return self.today
        src = ("followers" if key in ("followers", "followers_growth") else
               "daily" if key in ("response_rate", "response_time") else "posts")
        days = [d for c in channels if (d := self.last.get((src, c))) is not None]
        return max(days) if days else None

    def planned_in(self, start: date, end: date, channels: Iterable[str]) -> int:
        if self.planned is None:
            from smm.content import load_posts

            posts, _ = load_posts(self.project)
            tz = self.project.timezone
            self.planned = sorted(
                (p.publish_at.astimezone(tz).date(), c) for p in posts
                if p.publish_at is not None and not p.draft for c in p.channels)
        chans = set(channels)
        return sum(1 for d, c in self.planned if start <= d <= end and c in chans)


def _values(data: Data, start: date, end: date, channels: Iterable[str], key: str
            ) -> float | None:
    project = data.project
    chans = list(channels)
    if key in SUMS or key == "engagements":
        total, found = 0.0, False
        for ch, post in data.cohort(start, end, chans):
            vals = data.values.get((ch, post), {})
            metrics = (ENGAGEMENT[project.channels[ch].platform][0] if key == "engagements"
                       and ch in project.channels else SUMS.get(key, ()))
            for m in metrics:
                if m in vals:
                    total, found = total + vals[m], True
        if found:
            return total
        wanted = set(SUMS.get(key, ENGAGED))
        has_any = any(ch in chans and wanted & set(v) for (ch, _), v in data.values.items())
        return 0.0 if has_any else None
    if key in ("engagement_rate", "ctr"):
        num = den = 0.0
        for ch, post in data.cohort(start, end, chans):
            vals = data.values.get((ch, post), {})
            if key == "ctr":
                if "clicks" in vals and "views" in vals:
                    num, den = num + vals["clicks"], den + vals["views"]
                continue
            platform = project.channels[ch].platform if ch in project.channels else ""
            engaged, basis = ENGAGEMENT.get(platform, (ENGAGED, "views"))
            if basis == "followers":
                pub = data.pub_day(ch, post)
                base = data.level(ch, pub, near=True) if pub else None
            else:
                base = vals.get(basis)
            if base and any(m in vals for m in engaged):
                num += sum(vals.get(m, 0.0) for m in engaged)
                den += base
        return num / den if den else None
    if key == "followers":
        lv = [data.level(ch, min(end, data.today)) for ch in chans]
        got = [v for v in lv if v is not None]
        return sum(got) if got else None
    if key == "followers_growth":
        total, found = 0.0, False
        for ch in chans:
            after = data.level(ch, min(end, data.today))
            before = data.level(ch, start - timedelta(days=1))
            if before is None:
                series = [v for d, v in data.levels.get(ch, []) if start <= d <= end]
                before = series[0] if series else None
            if after is not None and before is not None:
                total, found = total + after - before, True
        return total if found else None
    if key == "posts":
        return float(len(data.cohort(start, end, chans)))
    if key == "cadence":
        planned = data.planned_in(start, end, chans)
        return len(data.cohort(start, end, chans)) / planned if planned else None
    if key in ("response_rate", "response_time"):
        sums = {"inbound": 0.0, "responded": 0.0, "response_seconds": 0.0}
        for m in sums:
            for ch in chans:
                sums[m] += sum(v for d, v in data.daily.get((ch, m), []) if start <= d <= end)
        if key == "response_rate":
            return sums["responded"] / sums["inbound"] if sums["inbound"] else None
        return sums["response_seconds"] / sums["responded"] / 3600 if sums["responded"] else None
    raise AssertionError(key)  # pragma: no cover - specs() admits only known metrics


AHEAD, BEHIND = 1.1, 0.9  # value to date against the pro-rated target


def status(actual: float | None, target: float, start: date, end: date, today: date,
           kind: str, lower: bool, standing: bool) -> str:
    """A finished period's (or a standing target's) status. Running periods: pace()."""
    if actual is None:
        return "no-data"
    good = actual <= target if lower else actual >= target
    if standing:
        return "met" if good else "behind"
    if end < today:
        return "met" if good else "missed"
    return pace(actual, target, target, kind, lower)


def pace(actual: float, target: float, to_date: float, kind: str, lower: bool) -> str:
    """Pacing of a running period: its value to date against the target pro-rated to
    the elapsed part (`to_date`; rates and levels are not pro-rated)."""
    if kind == "sum" and not lower and actual >= target:
        return "met"
    if not to_date:
        return "on-track"
    ratio = (to_date / actual if actual else float("inf")) if lower else actual / to_date
    return "ahead" if ratio >= AHEAD else "on-track" if ratio >= BEHIND else "behind"


def _period(data: Data, spec: Spec, channels: list[str], target: float, label: str,
            start: date, end: date) -> KpiPeriod:
    kind, lower = KINDS[spec.key], spec.key in LOWER_IS_BETTER
    through = data.data_through(channels, spec.key)
    standing = spec.per is None
    if end < data.today or standing:
        actual = _values(data, start, end, channels, spec.key)
        actual = None if actual is None else round(actual, 6)
        return KpiPeriod(label, start, end, actual, target,
                         status(actual, target, start, end, data.today, kind, lower, standing),
                         data_through=min(through, end) if through else None)
    # Running: the value to date, up to the last day with data; none yet is no-data.
    if through is None or through < start:
        return KpiPeriod(label, start, end, None, target, "no-data", running=True)
    through = min(through, end)
    actual = _values(data, start, through, channels, spec.key)
    if actual is None:
        return KpiPeriod(label, start, end, None, target, "no-data", running=True,
                         data_through=through)
    actual = round(actual, 6)
    share = ((through - start).days + 1) / ((end - start).days + 1)
    to_date = round(target * share, 6) if kind == "sum" else target
    return KpiPeriod(label, start, end, actual, target,
                     pace(actual, target, to_date, kind, lower), running=True,
                     data_through=through, target_to_date=to_date)


def _series(data: Data, spec: Spec, channels: list[str], target: float, first: date
            ) -> list[KpiPeriod]:
    per = spec.per or "month"
    return [_period(data, spec, channels, target, label, start, end)
            for label, start, end in periods_between(min(first, data.today), data.today, per)]


def compute(project: Project, *, today: date | None = None,
            history: list[Snapshot] | None = None,
            recs: list[records.Record] | None = None) -> list[KpiResult]:
    """Every KPI of strategy.yaml, per period, in total and per channel. `history` and
    `recs`: the metrics history and publish records when the caller already holds them
    (the site reads the state branch once for everything)."""
    from smm.metrics import store

    the_specs = specs(project)
    if today is None:
        today = project.now().date()
    if history is None:
        history = store.load_history(project)
    if recs is None:
        recs = records.load(project) if the_specs else []
    data = Data(project, history, recs, today)
    out = []
    for spec in the_specs:
        chans = list(spec.channels or sorted(project.channels))
        kind = KINDS[spec.key]
        unit = "hours" if spec.key == "response_time" else UNITS[kind]
        share = spec.target / len(chans) if kind == "sum" and chans else spec.target
        # One period range for the total and every channel, so charts share an axis.
        first = data.first_day(chans, spec.key) or today
        out.append(KpiResult(
            goal=spec.goal, metric=spec.metric, target=spec.target, per=spec.per,
            channel=spec.label, unit=unit,
            periods=_series(data, spec, chans, spec.target, first),
            by_channel={c: _series(data, spec, [c], share, first) for c in chans},
        ))
    return out


def as_json(results: list[KpiResult]) -> list[dict[str, Any]]:
    """The JSON shape of `smm kpi --format json` (dates as ISO strings)."""
    def per(p: KpiPeriod) -> dict[str, Any]:
        return {"period": p.period, "start": p.start.isoformat(), "end": p.end.isoformat(),
                "actual": p.actual, "target": p.target, "status": p.status,
                "running": p.running, "target_to_date": p.target_to_date,
                "data_through": p.data_through.isoformat() if p.data_through else None}
    return [{
        "goal": r.goal, "metric": r.metric, "target": r.target, "per": r.per,
        "channel": r.channel, "unit": r.unit, "periods": [per(p) for p in r.periods],
        "by_channel": {c: [per(p) for p in ps] for c, ps in r.by_channel.items()},
    } for r in results]
