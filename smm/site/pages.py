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
    week_list = []
    for wk in weeks:
        inside = [e for d in wk if d.month == m for e in by_day.get(d, [])]
        if inside:
            days = [d for d in wk if d.month == m]
            week_list.append({"number": wk[0].isocalendar()[1], "entries": inside,
                              "label": _span(days[0], days[-1])})
    return {
        "month": m, "month_name": month_name(ym), "weeks": weeks, "by_day": by_day,
        "weekdays": WEEKDAYS, "week_list": week_list, "today": today,
        "today_src": urls.month_src(today.year, today.month),
        "prev_src": urls.month_src(*prev_ym) if prev_ym else None,
        "prev_name": month_name(prev_ym) if prev_ym else "",
        "next_src": urls.month_src(*next_ym) if next_ym else None,
        "next_name": month_name(next_ym) if next_ym else "",
        "all_months": [(urls.month_src(*x), month_name(x)) for x in all_months],
    }


def _span(a: dt.date, b: dt.date) -> str:
    if a == b:
        return a.strftime("%d %B").lstrip("0")
    return f"{a.day}–{b.day} {a.strftime('%B')}"


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
    alt = (f"Line chart of {k.metric} for goal {k.goal}, {len(rows)} periods, total and "
           f"{len(chans)} channels against a target of {charts.fmt(k.target, unit, k.metric)}"
           ": the table below holds the same numbers.")
    return KpiView(a, str(k.metric), str(k.goal), charts.fmt(k.target, unit, k.metric), k.per,
                   getattr(k, "channel", None), f"kpi/{a}.svg", alt,
                   charts.fmt(cur.actual if cur else None, unit, k.metric),
                   str(cur.status) if cur and cur.status else None, chans,
                   rows[:_TABLE_ROWS], rows[_TABLE_ROWS:])


@dataclass
class CampaignView:
    name: str
    src: str
    entries: list[Entry]
    channels: list[Any]
    first: str | None
    last: str | None
    status_counts: list[tuple[str, int]]


def campaigns(entries: list[Entry]) -> list[CampaignView]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.campaign:
            groups[e.campaign].append(e)
    out = []
    for name in sorted(groups):
        es = groups[name]
        days = [e.day for e in es if e.day]
        chans = {c.id: c for e in es for c in e.channels}
        st = Counter(e.status for e in es)
        out.append(CampaignView(name, urls.campaign_src(name), es, list(chans.values()),
                                min(days).isoformat() if days else None,
                                max(days).isoformat() if days else None,
                                sorted(st.items())))
    return out
