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


TARGET_COLOUR = "#A8481A"  # dark ember: 5.8:1 on white, apart from the brand's green
_AXIS = {"week": "Week", "month": "Month", "quarter": "Quarter"}
# (width, height, font sizes, most x labels): the wide chart, the one a phone gets
# (<picture> picks it), and each channel's small multiple.
_WIDE = (860, 360, 13, 14)
_NARROW = (420, 340, 14, 5)
_SMALL = (300, 190, 13, 3)


def axis_title(result: Any) -> str:
    return _AXIS.get(result.per or "", "Date")


def value_title(result: Any) -> str:
    unit = getattr(result, "unit", None)
    if unit in ("ratio", "rate", "percent") or str(result.metric).endswith("_rate"):
        return f"{result.metric} (%)"
    if unit == "hours":
        return f"{result.metric} (hours)"
    return str(result.metric)


def _style(colours: tuple[str, ...], font: int) -> Any:
    from pygal.style import Style

    return Style(background="white", plot_background="white", foreground="#333",
                 foreground_strong="#111", foreground_subtle="#d4d4d4", opacity="1",
                 colors=colours, font_family="system-ui, sans-serif",
                 label_font_size=font - 1, major_label_font_size=font - 1,
                 legend_font_size=font, title_font_size=font + 2, value_font_size=font - 1)


def _chart(result: Any, size: tuple[int, int, int, int], colours: tuple[str, ...],
           labels: list[str], legend: bool, y_range: tuple[float, float] | None = None,
           title: str | None = None) -> Any:
    import pygal

    w, h, font, most = size
    every = max(1, -(-len(labels) // most))
    unit = getattr(result, "unit", None)
    chart = pygal.Line(
        width=w, height=h, js=[], style=_style(colours, font), show_dots=len(labels) <= 40,
        dots_size=3, x_label_rotation=30 if len(labels) > 8 and w > 400 else 0,
        x_labels_major_every=every, show_minor_x_labels=every == 1,
        show_legend=legend, legend_at_bottom=True, legend_at_bottom_columns=2,
        truncate_legend=30, include_x_axis=True, allow_interruptions=True,
        value_formatter=lambda v: fmt(v, unit, result.metric), range=y_range,
        x_title=axis_title(result) if w > 320 else None,
        y_title=value_title(result) if w > 320 else None, title=title,
        margin=6 if w <= 320 else 12,
    )
    if y_range is not None and w <= 320:  # a small multiple: three labels are plenty
        chart.y_labels = [y_range[0], (y_range[0] + y_range[1]) / 2, y_range[1]]
    chart.x_labels = labels
    return chart


def _render(chart: Any, name: str) -> bytes:
    out: bytes = chart.render()
    # pygal names each chart with a random uuid; a stable name keeps rebuilds byte-equal,
    # so an unchanged chart is not rewritten (and `serve` does not reload for nothing).
    m = re.search(rb"chart-([0-9a-f-]{36})", out)
    if m:
        stable = re.sub(r"[^a-z0-9_-]", "", name.lower())[:60]
        out = out.replace(m.group(1), stable.encode())
    return out


def _values(periods: list[Any]) -> list[float | None]:
    # No value for a period is a gap in the line, never a zero.
    return [_num(p.actual) for p in periods]


def kpi_svg(result: Any, brand_colour: str, narrow: bool = False) -> bytes:
    """The total against the target (dashed), one KPI: the chart people read first."""
    periods = list(result.periods)
    labels = [str(p.period) for p in periods]
    chart = _chart(result, _NARROW if narrow else _WIDE,
                   (brand_colour, TARGET_COLOUR, TARGET_COLOUR), labels, legend=True)
    chart.add("total", _values(periods), stroke_style={"width": 3})
    # A lone period has no line to draw: its target shows as a dot then.
    chart.add("target", [_num(p.target) for p in periods], show_dots=len(periods) < 3,
              stroke_style={"width": 2, "dasharray": "7, 5"})
    to_date = [_num(getattr(p, "target_to_date", None)) if getattr(p, "running", False)
               else None for p in periods]
    if any(v is not None for v in to_date):  # the running period's target so far
        chart.add("target to date", to_date, show_dots=True, dots_size=5,
                  stroke_style={"width": 0})
    return _render(chart, f"{result.goal}-{result.metric}" + ("-n" if narrow else ""))


def channel_svgs(result: Any, channel_platforms: dict[str, str]) -> dict[str, bytes]:
    """Small multiples: one small chart per channel, all on the same scale, each in its
    platform's colour, with that channel's share of the target dashed."""
    periods = list(result.periods)
    labels = [str(p.period) for p in periods]
    index = {str(p.period): i for i, p in enumerate(periods)}
    series: dict[str, tuple[list[float | None], list[float | None]]] = {}
    top = 0.0
    for cid, cps in (result.by_channel or {}).items():
        vals: list[float | None] = [None] * len(periods)
        tgt: list[float | None] = [None] * len(periods)
        for p in cps:
            i = index.get(str(p.period))
            if i is not None:
                vals[i], tgt[i] = _num(p.actual), _num(p.target)
        series[cid] = (vals, tgt)
        top = max([top, *(v for v in vals + tgt if v is not None)])
    out = {}
    for cid, (vals, tgt) in series.items():
        colour = palette.colour(channel_platforms.get(cid, ""))
        chart = _chart(result, _SMALL, (colour, TARGET_COLOUR), labels, legend=False,
                       y_range=(0, top * 1.05 or 1))
        chart.add(cid, vals, stroke_style={"width": 2.5})
        chart.add("target", tgt, show_dots=False, stroke_style={"width": 1.5,
                                                                 "dasharray": "5, 4"})
        out[cid] = _render(chart, f"{result.goal}-{result.metric}-{cid}")
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
