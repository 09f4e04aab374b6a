"""smm queue: the coming posting slots of each channel, filled and free."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, projects, root_option


@click.command("queue")
@click.option("--channel", "channels", multiple=True, metavar="ID[,ID...]",
              help="Only these channels (repeat or comma-separate).")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True,
              help="How far ahead to look.")
@root_option
@format_option("text", "json")
def command(channels: tuple[str, ...], days: int, root: Path | None, fmt: str) -> int:
    """The posting slots (strategy.yaml `queue:`) of the coming days, channel by channel:
    `filled` by a post at that minute, `free`, or `blocked` when a post near it breaks
    the channel's cadence there (min_gap, max_per_day). `smm new --next-slot` and
    `smm move POST --next-slot` take the first slot free on all their channels."""
    from smm import output, slots
    from smm.content import load_posts
    from smm.errors import UsageError
    from smm.project import suggest

    wanted = [c.strip() for v in channels for c in v.split(",") if c.strip()]
    rows: list[dict[str, Any]] = []
    shown: list[tuple[Any, list[str]]] = []
    for project in projects(root):
        for c in wanted:
            if c not in project.channels:
                raise UsageError(f"--channel: unknown channel {c!r}: "
                                 + suggest(c, list(project.channels)))
        chans = [c for c in (wanted or list(project.channels)) if slots.queue(project, c)]
        shown.append((project, chans))
        if not chans:
            continue
        now = project.now()
        end = now + dt.timedelta(days=days)
        posts, _ = load_posts(project)
        busy = slots.taken(project, posts)
        for c in chans:
            at_minute = {at.replace(second=0, microsecond=0): pid for at, pid in busy.get(c, ())}
            for at in slots.slot_times(project, c, now, end):
                pid = at_minute.get(at)
                why = [] if pid else slots.conflicts(project, at, [c], busy)
                rows.append({"brand": project.name, "channel": c, "at": at.isoformat(),
                             "state": "filled" if pid else "blocked" if why else "free",
                             "post_id": pid, "why": why[0].split(": ", 1)[1] if why else None})
    if fmt == "json":
        output.json_out(rows)
        return 0
    for project, chans in shown:
        if not chans:
            output.out(f"{project.name}: no posting slots"
                       + (f" for {', '.join(wanted)}" if wanted else "")
                       + ": add them under `queue:` in strategy.yaml (" + slots.QUEUE_HELP + ")")
            continue
        tz = project.timezone
        for c in chans:
            mine = [r for r in rows if r["brand"] == project.name and r["channel"] == c]
            free = sum(1 for r in mine if r["state"] == "free")
            output.out(output.style(f"{c}: {free} free of {len(mine)} slots in the next "
                                    f"{days} day{'s' if days != 1 else ''}", "bold"))
            for r in mine:
                at = dt.datetime.fromisoformat(r["at"]).astimezone(tz)
                what = r["post_id"] or (f"blocked: {r['why']}" if r["why"] else "")
                colour = {"free": "green", "filled": "dim", "blocked": "yellow"}[r["state"]]
                output.out(f"  {at:%a %Y-%m-%d %H:%M}  {output.style(r['state'], colour):<7}"
                           f"  {what}".rstrip())
    return 0
