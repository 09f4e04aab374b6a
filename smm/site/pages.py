"""What each page shows, as template contexts: calendar months, home, KPIs, campaigns."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from smm.site import charts, urls
from smm.site.model import Entry

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_SPAN = 60  # months: up to this span every month gets a page, gaps included
_TABLE_ROWS = 13  # KPI periods shown open under a chart; the rest fold away


def month_name(ym: tuple[int, int]) -> str:
    return f"{_cal.month_name[ym[1]]} {ym[0]}"


def months(entries: list[Entry], today: dt.date) -> list[tuple[int, int]]:
    have = {(e.when.year, e.when.month) for e in entries if e.when}
    have.add((today.year, today.month))
    lo, hi = min(have), max(have)
    if (hi[0] - lo[0]) * 12 + hi[1] - lo[1] <= _FULL_SPAN:
        y, m = lo
        while (y, m) <= hi:
            have.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return sorted(have)


def month_context(ym: tuple[int, int], entries: list[Entry], all_months: list[tuple[int, int]],
                  today: dt.date) -> dict[str, Any]:
    y, m = ym
    weeks = _cal.Calendar(firstweekday=0).monthdatescalendar(y, m)
    by_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.day is not None:
            by_day[e.day].append(e)
    i = all_months.index(ym)
    prev_ym = all_months[i - 1] if i > 0 else None
    next_ym = all_months[i + 1] if i + 1 < len(all_months) else None
    # One list of the month's days: a seven-column grid on a wide screen, a list of the
    # days with posts on a phone (site.css), the same markup for both.
    days = [{"date": d.isoformat(), "label": f"{WEEKDAYS[d.weekday()]} {d.day} "
             f"{_cal.month_name[m]}", "col": d.weekday() + 1, "today": d == today,
             "entries": by_day.get(d, [])}
            for wk in weeks for d in wk if d.month == m]
    return {
        "month": m, "month_name": month_name(ym), "days": days,
        "count": sum(len(by_day.get(d, [])) for wk in weeks for d in wk if d.month == m),
        "weekdays": WEEKDAYS, "today": today,
        "today_src": urls.month_src(today.year, today.month),
        "prev_src": urls.month_src(*prev_ym) if prev_ym else None,
        "prev_name": month_name(prev_ym) if prev_ym else "",
        "next_src": urls.month_src(*next_ym) if next_ym else None,
        "next_name": month_name(next_ym) if next_ym else "",
        "all_months": [(urls.month_src(*x), month_name(x)) for x in all_months],
    }


def home_context(entries: list[Entry], today: dt.date, kpis: list[Any]) -> dict[str, Any]:
    by_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.day is not None:
            by_day[e.day].append(e)
    attention = [e for e in entries if e.attention]
    st = Counter(c.status for e in entries for c in e.channels)
    return {
        "today": today,
        "today_entries": by_day.get(today, []),
        "next_days": [(d, by_day.get(d, [])) for d in
                      (today + dt.timedelta(days=i) for i in range(1, 8))],
        "attention": attention,
        "counts": {"scheduled": st["scheduled"], "published": st["published"],
                   "attention": len(attention)},
        "today_month": urls.month_src(today.year, today.month),
        "headlines": [h for h in (headline(k, today) for k in kpis) if h],
    }


def anchor(result: Any) -> str:
    return anchor_for(result.goal, result.metric, getattr(result, "channel", None))


def anchor_for(goal: Any, metric: Any, channel: Any = None) -> str:
    """The KPI's id on the KPI page, shared by the home and strategy pages' links."""
    return urls.slug(f"{goal}-{metric}" + (f"-{channel}" if channel else ""))


def current(periods: list[Any], today: dt.date) -> Any | None:
    """The period holding today, else the latest one that started."""
    started = [p for p in periods if (_date(p.start) or today) <= today]
    return started[-1] if started else (periods[-1] if periods else None)


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def headline(k: Any, today: dt.date) -> dict[str, Any] | None:
    p = current(list(k.periods), today)
    if p is None:
        return None
    unit = getattr(k, "unit", None)
    pct = 0.0
    if p.actual is not None and p.target:
        pct = max(0.0, min(100.0, 100.0 * float(p.actual) / float(p.target)))
    return {"metric": k.metric, "goal": k.goal, "period": period_label(p),
            "actual": charts.fmt(p.actual, unit, k.metric),
            "target": charts.fmt(p.target, unit, k.metric), "pct": round(pct, 1),
            "to_date": charts.fmt(p.target_to_date, unit, k.metric)
            if getattr(p, "target_to_date", None) is not None else None,
            "status": str(p.status or "open"), "anchor": anchor(k)}


def period_label(p: Any) -> str:
    """A period's name; a running one says it is to date, and up to which day of data."""
    if not getattr(p, "running", False):
        return str(p.period)
    through = getattr(p, "data_through", None)
    return f"{p.period}, to date" + (f" (data through {through:%d %b})" if through else
                                     " (no data yet)")


@dataclass
class KpiView:
    anchor: str
    metric: str
    goal: str
    target: str
    per: str | None
    channel: str | None
    svg: str
    alt: str
    latest: str
    latest_status: str | None
    channels: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    older: list[dict[str, Any]] = field(default_factory=list)
    period: str = ""  # the period the headline number is for
    running: bool = False  # that period is still running: its number is to date
    x_title: str = ""
    y_title: str = ""
    multiples: list[dict[str, str]] = field(default_factory=list)  # per channel: id, svg, alt
    to_date: str | None = None  # a running period's target pro-rated to its data so far

    @property
    def svg_narrow(self) -> str:
        return self.svg[:-4] + "-narrow.svg"

    def channel_svg(self, cid: str) -> str:
        return f"{self.svg[:-4]}-{urls.slug(cid)}.svg"


def kpi_view(k: Any, today: dt.date) -> KpiView:
    unit = getattr(k, "unit", None)
    chans = list((k.by_channel or {}).keys())
    by_chan = {c: {str(p.period): p.actual for p in ps} for c, ps in (k.by_channel or {}).items()}
    rows = [{"period": period_label(p), "target": charts.fmt(p.target, unit, k.metric),
             "actual": charts.fmt(p.actual, unit, k.metric), "status": str(p.status or "–"),
             "by_channel": [charts.fmt(by_chan[c].get(str(p.period)), unit, k.metric)
                            for c in chans]} for p in k.periods]
    rows.reverse()  # newest first: what people look for
    cur = current(list(k.periods), today)
    a = anchor(k)
    target = charts.fmt(k.target, unit, k.metric)
    per = f" per {k.per}" if k.per else ""
    alt = (f"Line chart of {k.metric} for goal {k.goal}: the total for each of "
           f"{len(rows)} periods against a target of {target}{per} (dashed). The table "
           "below holds the same numbers.")
    view = KpiView(a, str(k.metric), str(k.goal), target, k.per,
                   getattr(k, "channel", None), f"kpi/{a}.svg", alt,
                   charts.fmt(cur.actual if cur else None, unit, k.metric),
                   str(cur.status) if cur and cur.status else None, chans,
                   rows[:_TABLE_ROWS], rows[_TABLE_ROWS:])
    if cur is not None:
        view.period = period_label(cur)
        view.running = bool(getattr(cur, "running", False))
        to_date = getattr(cur, "target_to_date", None)
        view.to_date = charts.fmt(to_date, unit, k.metric) if to_date is not None else None
    view.x_title, view.y_title = charts.axis_title(k), charts.value_title(k)
    for c in chans:
        view.multiples.append({
            "id": c, "svg": view.channel_svg(c),
            "alt": f"{k.metric} on {c} per {k.per or 'day'}, on the same scale as the "
                   "other channels, against its share of the target (dashed)"})
    return view


# Metrics a campaign's results add up, per post and channel (the latest snapshot of each).
RESULT_METRICS = ("views", "likes", "comments", "reposts", "clicks")


@dataclass
class Target:
    metric: str
    target: str
    actual: str
    pct: float | None  # actual against target, 0-100+ (None: not measured)
    status: str  # met | ahead | on-track | behind | missed | not-started | not-measured
    expected: str | None = None  # the pro-rated target to date, while the campaign runs


@dataclass
class CampaignView:
    name: str  # the id posts name
    src: str
    entries: list[Entry]
    channels: list[Any]  # Channel-like: id, platform (the plan's, else the posts')
    first: str | None
    last: str | None
    status_counts: list[tuple[str, int]]
    title: str = ""  # the plan's name, else the id
    brief: str = ""
    goal: str | None = None
    audience: str | None = None
    dates: str = ""  # "19 Nov – 31 Dec 2026" (the plan's, else the posts')
    state: str = "ad hoc"  # planned | running | ended | ad hoc (no plan in strategy.yaml)
    targets: list[Target] = field(default_factory=list)
    totals: list[dict[str, Any]] = field(default_factory=list)  # per channel, then "all"
    published: int = 0  # posts out on at least one channel


def _dates(a: dt.date | None, b: dt.date | None) -> str:
    if a and b:
        left = f"{a.day} {a.strftime('%b')}" + (f" {a.year}" if a.year != b.year else "")
        return f"{left} – {b.day} {b.strftime('%b')} {b.year}"
    if a:
        return f"from {a.day} {a.strftime('%b %Y')}"
    if b:
        return f"until {b.day} {b.strftime('%b %Y')}"
    return ""


def _sums(es: list[Entry]) -> tuple[dict[str, dict[str, float]], int]:
    """Per channel, each metric's latest value summed over the posts; and how many
    posts are out on at least one channel."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    published = 0
    for e in es:
        if any(c.status == "published" for c in e.channels):
            published += 1
        for c in e.channels:
            row = out[c.id]
            row["posts"] += 1 if c.status == "published" else 0
            for name, (_d, v) in c.metrics.items():
                row[name] += v
    return out, published


def _measure(metric: str, total: dict[str, float], published: int) -> float | None:
    from smm.metrics import kpi

    key = kpi.ALIASES.get(metric, metric)
    if key == "posts":
        return float(published)
    if key in kpi.SUMS:
        return sum(total.get(m, 0.0) for m in kpi.SUMS[key])
    if key == "engagements":
        return sum(total.get(m, 0.0) for m in kpi.ENGAGED)
    if key == "engagement_rate":
        views = total.get("views", 0.0)
        return sum(total.get(m, 0.0) for m in kpi.ENGAGED) / views if views else None
    return None


def pace(metric: str, actual: float | None, target: float, start: dt.date | None,
         end: dt.date | None, today: dt.date) -> tuple[str, float | None]:
    """How a campaign's total stands against its target over [start, end] on `today`, in
    the KPIs' words (smm.metrics.kpi.pace: ahead, on-track, behind), and the target
    pro-rated to date while the campaign runs (sums only: a rate is not pro-rated)."""
    from smm.metrics import kpi

    if actual is None:
        return "not-measured", None
    key = kpi.ALIASES.get(metric, metric)
    kind, lower = kpi.KINDS.get(key, "sum"), key in kpi.LOWER_IS_BETTER
    good = actual <= target if lower else actual >= target
    if start and today < start:
        return ("met" if good else "not-started"), None
    if (end and today > end) or not (start and end):
        return ("met" if good else "missed" if end and today > end else "behind"), None
    share = ((today - start).days + 1) / ((end - start).days + 1)
    expected = target * share if kind == "sum" else target
    return kpi.pace(actual, target, expected, kind, lower), expected


def campaigns(entries: list[Entry], plans: list[Any] | None = None,
              channels: dict[str, Any] | None = None,
              today: dt.date | None = None) -> list[CampaignView]:
    """A view of every campaign: those planned in strategy.yaml (with or without posts
    yet), then those only posts name."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.campaign:
            groups[e.campaign].append(e)
    by_id = {p.id: p for p in plans or []}
    out = []
    for name in [*by_id, *sorted(n for n in groups if n not in by_id)]:
        es = groups.get(name, [])
        plan = by_id.get(name)
        days = [e.day for e in es if e.day]
        chans = {c.id: c for e in es for c in e.channels}
        if plan and plan.channels and channels:
            chans = {cid: channels[cid] for cid in plan.channels if cid in channels} | chans
        st = Counter(e.status for e in es)
        first = min(days) if days else None
        last = max(days) if days else None
        sums, published = _sums(es)
        totals = []
        for cid in chans:
            row = sums.get(cid, {})
            totals.append({"channel": cid, "platform": getattr(chans[cid], "platform", ""),
                           **{m: charts.fmt(row.get(m), None, m) if m in row else "–"
                              for m in ("posts", *RESULT_METRICS)}})
        every: dict[str, float] = defaultdict(float)
        for row in sums.values():
            for k, v in row.items():
                every[k] += v
        view = CampaignView(name, urls.campaign_src(name), es, list(chans.values()),
                            first.isoformat() if first else None,
                            last.isoformat() if last else None, sorted(st.items()),
                            title=name, dates=_dates(first, last), totals=totals,
                            published=published)
        if plan is not None:
            start, end = plan.start or first, plan.end or last
            view.title, view.brief = plan.name, plan.brief
            view.goal, view.audience = plan.goal, plan.audience
            view.dates = _dates(start, end)
            day = today or dt.date.min
            view.state = ("planned" if start and day < start else
                          "ended" if end and day > end else "running")
            for metric, target in plan.targets:
                actual = _measure(metric, every, published)
                status, expected = pace(metric, actual, target, start, end, day)
                view.targets.append(Target(
                    metric, charts.fmt(target, None, metric), charts.fmt(actual, None, metric),
                    None if actual is None or not target else
                    round(max(0.0, 100.0 * actual / target), 1), status,
                    charts.fmt(round(expected), None, metric) if expected is not None
                    and metric not in ("engagement_rate", "ctr") else
                    charts.fmt(expected, None, metric) if expected is not None else None))
        out.append(view)
    return out
