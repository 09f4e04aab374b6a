"""KPI charts, drawn at build time as SVG files, and the KPI data as CSV.

pygal rather than Vega-Lite + vl-convert-python: pygal is pure Python and already a
dependency, writes SVG directly in a few milliseconds a chart, and needs no bundled
JavaScript engine (vl-convert ships a ~100 MB V8/Deno build per platform). Its one
catch is that it links a tooltip script from a CDN by default; `js=[]` turns that off,
and the charts are shown through <img>, where an SVG can run no script and fetch nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from smm.site import palette

_MAX_LABELS = 14  # x labels beyond this crowd each other: show every nth


def fmt(value: float | None, unit: str | None = None, metric: str = "") -> str:
    """A number as people read it: 4.2 % for rates, 61,250 for counts."""
    if value is None:
        return "–"
    if (unit or "") in ("ratio", "rate", "percent") or metric.endswith("_rate"):
        return f"{value * 100:.1f} %"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def kpi_svg(result: Any, channel_platforms: dict[str, str], brand_colour: str) -> bytes:
    """One chart: the total, each channel, and the target as a dashed line."""
    import pygal
    from pygal.style import Style

    periods = list(result.periods)
    chans = list((result.by_channel or {}).items())
    colours = [brand_colour] + [palette.colour(channel_platforms.get(c, "")) for c, _ in chans]
    colours.append("#D9692B")  # target
    style = Style(background="white", plot_background="white", foreground="#333",
                  foreground_strong="#111", foreground_subtle="#ddd", opacity=".9",
                  colors=tuple(colours), font_family="system-ui, sans-serif",
                  label_font_size=11, major_label_font_size=11, legend_font_size=12,
                  title_font_size=15)
    labels = [str(p.period) for p in periods]
    every = max(1, len(labels) // _MAX_LABELS)
    unit = getattr(result, "unit", None)
    chart = pygal.Line(
        width=860, height=340, js=[], style=style, show_dots=len(labels) <= 40,
        dots_size=3, x_label_rotation=30 if len(labels) > 8 else 0,
        x_labels_major_every=every, show_minor_x_labels=every == 1,
        legend_at_bottom=True, legend_at_bottom_columns=min(6, len(chans) + 2),
        truncate_legend=24, include_x_axis=True, allow_interruptions=True,
        value_formatter=lambda v: fmt(v, unit, result.metric),
        title=f"{result.metric} · {result.goal}",
    )
    chart.x_labels = labels
    chart.add("total", [_num(p.actual) for p in periods], stroke_style={"width": 3})
    index = {str(p.period): i for i, p in enumerate(periods)}
    for cid, cps in chans:
        vals: list[float | None] = [None] * len(periods)
        for p in cps:
            i = index.get(str(p.period))
            if i is not None:
                vals[i] = _num(p.actual)
        chart.add(cid, vals, stroke_style={"width": 1.5})
    # A lone period has no line to draw: its target shows as a dot then.
    chart.add("target", [_num(p.target) for p in periods], show_dots=len(periods) < 3,
              stroke_style={"width": 2, "dasharray": "7, 5"})
    out: bytes = chart.render()
    # pygal names each chart with a random uuid; a stable name keeps rebuilds byte-equal,
    # so an unchanged chart is not rewritten (and `serve` does not reload for nothing).
    m = re.search(rb"chart-([0-9a-f-]{36})", out)
    if m:
        stable = re.sub(r"[^a-z0-9_-]", "", f"{result.goal}-{result.metric}".lower())[:60]
        out = out.replace(m.group(1), stable.encode())
    return out


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def kpi_csv(results: Iterable[Any]) -> str:
    """Every KPI period, long format: one row per KPI, channel ('all' = total) and period."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["goal", "metric", "per", "channel", "period", "start", "end", "actual",
                "target", "status"])
    for r in results:
        rows = [("all", p) for p in r.periods]
        rows += [(c, p) for c, ps in (r.by_channel or {}).items() for p in ps]
        for chan, p in rows:
            w.writerow([r.goal, r.metric, r.per or "", chan, p.period, p.start, p.end,
                        "" if p.actual is None else p.actual,
                        "" if p.target is None else p.target, p.status or ""])
    return buf.getvalue()


def history_csv(snapshots: Iterable[Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "channel", "post_id", "platform_id", "metric", "value"])
    for s in snapshots:
        w.writerow([s.date, s.channel, s.post_id or "", s.platform_id or "", s.metric,
                    s.value])
    return buf.getvalue()
