"""smm kpi: each goal's KPIs against the strategy's targets, per period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from smm.commands._common import format_option, projects, root_option
from smm.errors import UsageError
from smm.metrics import kpi as kpi_mod

_COLOURS = {"met": "green", "ahead": "green", "on-track": "green", "behind": "yellow",
            "missed": "red", "no-data": "dim"}


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.2f}%"
    if unit == "hours":
        return f"{value:.1f} h"
    return f"{value:,.0f}"


def trend(values: list[float | None]) -> str:
    """Last period against the one before: an arrow and the relative change."""
    a, b = (values[-2], values[-1]) if len(values) >= 2 else (None, None)
    if a is None or b is None:
        return ""
    if a == 0:
        return "↑" if b > 0 else "→"
    change = (b - a) / abs(a)
    arrow = "↑" if change > 0.005 else "↓" if change < -0.005 else "→"
    return f"{arrow} {change * 100:+.0f}%"


HEAD = ("KPI", "target", "period", "data through", "actual", "target to date", "status",
        "previous", "trend")
_RIGHT = (1, 4, 5, 7)  # numbers, aligned right
_STATUS = 6


def table(goal: str, results: list[kpi_mod.KpiResult]) -> str:
    """One goal's KPIs: the latest period of each against its target (a running one:
    its value to date against the target pro-rated to the days with data), with the
    period before it and the trend between finished periods."""
    from smm import output

    rows = []
    for r in results:
        last = r.periods[-1] if r.periods else None
        prev = r.periods[-2] if len(r.periods) > 1 else None
        name = r.metric + (f" ({r.channel})" if r.channel else "")
        target = fmt_value(r.target, r.unit) + (f" / {r.per}" if r.per else "")
        period = "—" if last is None else last.period + (" (running)" if last.running else "")
        through = last.data_through.isoformat() if last and last.data_through else "—"
        to_date = fmt_value(last.target_to_date, r.unit) if last and last.running else ""
        done = [p.actual for p in r.periods if not p.running]
        rows.append((name, target, period, through,
                     fmt_value(last.actual if last else None, r.unit), to_date,
                     last.status if last else "no-data",
                     fmt_value(prev.actual if prev else None, r.unit), trend(done)))
    widths = [max(len(str(x)) for x in col) for col in zip(HEAD, *rows, strict=False)]
    lines = [output.style(f"goal: {goal or '(none)'}", "bold"),
             "  " + "  ".join(h.ljust(w) for h, w in zip(HEAD, widths, strict=True)).rstrip(),
             "  " + "  ".join("-" * w for w in widths)]
    for row in rows:
        cells = [c.rjust(w) if i in _RIGHT else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        cells[_STATUS] = output.style(cells[_STATUS], _COLOURS.get(row[_STATUS], "dim"))
        lines.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(lines)


@click.command("kpi")
@format_option("text", "json")
@click.option("--today", metavar="YYYY-MM-DD", help="Compute as of this day (default: today).")
@root_option
def command(fmt: str, today: str | None, root: Path | None) -> int:
    """KPIs per goal against the strategy's targets: target, actual, status, trend.

    Definitions: smm/metrics/DEFINITIONS.md. `--format json` gives every period, in
    total and per channel: the numbers the site's KPI pages show.
    """
    from smm import output
    from smm.metrics import kpi

    day = None
    if today:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            raise UsageError(f"--today {today!r}: write it as YYYY-MM-DD") from None
    brands = projects(root)
    data = []
    for proj in brands:
        results = kpi.compute(proj, today=day)
        if fmt == "json":
            data.append({"brand": proj.name, "kpis": kpi.as_json(results)})
            continue
        output.out(output.style(proj.name, "bold"))
        if not results:
            output.out("  no KPIs in strategy.yaml: add `kpis:` under a goal, e.g. "
                       "{metric: impressions, target: 60000, per: month}")
        for goal in dict.fromkeys(r.goal for r in results):
            output.out("")
            output.out(table(goal, [r for r in results if r.goal == goal]))
    if fmt == "json":
        output.json_out(data[0]["kpis"] if len(data) == 1 else data)
    return 0
