"""smm besttimes: engagement rate by weekday and hour per channel, from the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, projects, root_option


@click.command("besttimes")
@click.option("--channel", "channels", multiple=True, metavar="ID[,ID...]",
              help="Only these channels (repeat or comma-separate).")
@click.option("--min-posts", type=click.IntRange(1, 1000), default=3, show_default=True,
              help="Fewer posts than this behind a cell: shown as thin, never called best.")
@root_option
@format_option("text", "json")
def command(channels: tuple[str, ...], min_posts: int, root: Path | None, fmt: str) -> int:
    """When posts did best on each channel: the engagement rate (as `smm kpi` defines
    it per platform) of the posts that went out in each weekday and hour, in the
    strategy's timezone, with how many posts are behind each figure. A cell with fewer
    than --min-posts posts is thin: one lucky post is not a best time."""
    from smm import output
    from smm.errors import UsageError
    from smm.metrics.besttimes import DAYS, best, cells
    from smm.project import suggest

    wanted = [c.strip() for v in channels for c in v.split(",") if c.strip()]
    rows: list[dict[str, Any]] = []
    shown = []
    for project in projects(root):
        for c in wanted:
            if c not in project.channels:
                raise UsageError(f"--channel: unknown channel {c!r}: "
                                 + suggest(c, list(project.channels)))
        found = [c for c in cells(project) if not wanted or c.channel in wanted]
        shown.append((project, found))
        rows += [{"brand": project.name, **c.as_json(min_posts)} for c in found]
    if fmt == "json":
        output.json_out(rows)
        return 0
    for project, found in shown:
        if not found:
            output.out(f"{project.name}: no measured posts yet: `smm metrics pull` (or "
                       "import) adds numbers to the history")
            continue
        for channel in dict.fromkeys(c.channel for c in found):
            mine = [c for c in found if c.channel == channel]
            n = sum(c.posts for c in mine)
            output.out(output.style(f"{channel}: {n} measured post{'s' if n != 1 else ''} "
                                    f"({project.timezone.key})", "bold"))
            top = best(mine, min_posts)
            output.out("  best: " + (", ".join(
                f"{c.day.title()} {c.hour:02d}:00 {c.rate:.1%} ({c.posts} posts)" for c in top)
                if top else f"no cell has {min_posts} posts or more yet: post more, or "
                            "lower --min-posts"))
            hours = sorted({c.hour for c in mine})
            grid = {(c.weekday, c.hour): c for c in mine}
            output.out("       " + "".join(f"{h:02d}:00".rjust(12) for h in hours))
            for d, name in enumerate(DAYS):
                cols = []
                for h in hours:
                    got = grid.get((d, h))
                    cell = ("" if got is None else f"{got.rate:.1%} n={got.posts}").rjust(12)
                    cols.append(output.style(cell, "dim") if got is not None and
                                got.posts < min_posts else cell)
                if any(grid.get((d, h)) for h in hours):
                    output.out(f"  {name.title():<5}" + "".join(cols))
    return 0
