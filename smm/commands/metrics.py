"""smm metrics pull | import: snapshots from platform APIs or from analytics exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from smm.commands._common import format_option, project, projects, root_option
from smm.errors import UsageError


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r}: write it as YYYY-MM-DD") from None


@click.group("metrics")
def command() -> None:
    """Pull metrics from the platforms' APIs or import their analytics exports.

    The history lives on the state branch as metrics/<channel>/<YYYY-MM>.csv.
    """


@command.command("pull")
@click.option("--channel", "channels", multiple=True, metavar="ID",
              help="Only this channel (repeatable).")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="Date the snapshots carry (default: today in the strategy's timezone).")
@click.option("--dry-run", is_flag=True, help="Read the APIs, write nothing.")
@format_option("text", "json")
@root_option
def pull_cmd(channels: tuple[str, ...], day: str | None, dry_run: bool, fmt: str,
             root: Path | None) -> int:
    """Read every published post's metrics and each account's followers.

    One channel failing does not stop the others; exit 1 when any failed. Running it
    again the same day replaces that day's values, it never adds to them.
    """
    from smm import output
    from smm.metrics.pull import pull

    rc = 0
    report = []
    for proj in projects(root):
        unknown = [c for c in channels if c not in proj.channels]
        if unknown:
            from smm.project import suggest

            raise UsageError(f"--channel {unknown[0]}: not a channel of {proj.strategy_rel}: "
                             + suggest(unknown[0], sorted(proj.channels)))
        res = pull(proj, day=_day(day), channels=list(channels) or None, dry_run=dry_run)
        rc = rc or (0 if res.ok else 1)
        report.append({
            "brand": proj.name, "date": res.day.isoformat(), "files": res.files,
            "channels": [{"channel": c.channel, "platform": c.platform, "ok": c.ok,
                          "error": c.error or None, "posts": c.posts, "values": c.values,
                          "warnings": c.warnings} for c in res.channels],
        })
        if fmt == "text":
            for c in res.channels:
                mark = output.style("ok", "green") if c.ok else output.style("failed", "red")
                detail = c.error if not c.ok else f"{c.posts} posts, {c.values} values"
                output.out(f"{mark:>6}  {c.channel:<10} {detail}")
            what = ("nothing written (dry run)" if dry_run else
                    f"{len(res.files)} history file(s) updated" if res.files else
                    "history unchanged")
            output.out(f"{proj.name}: {res.day.isoformat()}: {what}")
    if fmt == "json":
        output.json_out(report)
    return rc


@command.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--channel", required=True, metavar="ID", help="The channel the export is from.")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="Date the snapshots carry (default: today in the strategy's timezone).")
@click.option("--dry-run", is_flag=True, help="Show what would be stored, write nothing.")
@format_option("text", "json")
@root_option
def import_cmd(file: Path, channel: str, day: str | None, dry_run: bool, fmt: str,
               root: Path | None) -> int:
    """Import an analytics export (X, LinkedIn, Meta Business Suite, YouTube Studio,
    TikTok Studio, or smm's engagement CSV) into the history.

    Rows are matched to published posts by platform id or URL. Importing the same file
    again changes nothing.
    """
    from smm import output
    from smm.metrics import importers, records, store
    from smm.metrics.pull import today_in, write
    from smm.state import State

    proj = project(root)
    st = State.open(proj)
    when = _day(day) or today_in(proj)
    res = importers.import_file(proj, file, channel, day=when, recs=records.load(proj, st))
    new = importers.unchanged_dropped(res.snapshots, store.load_history(proj, st))
    files: list[str] = []
    if new and not dry_run:
        files, _ = write(proj, new, st, f"metrics: import {file.name} for {channel}")
    if fmt == "json":
        output.json_out({"layout": res.layout, "rows": res.rows, "matched": res.matched,
                         "unmatched": res.unmatched, "values": len(new), "files": files})
    else:
        output.out(f"{file.name}: {res.layout} export, {res.rows} rows, {res.matched} matched")
        for u in res.unmatched[:20]:
            output.err(f"  not matched to a published {channel} post: {u}")
        if len(res.unmatched) > 20:
            output.err(f"  ... and {len(res.unmatched) - 20} more")
        output.out(f"{len(new)} new value(s); "
                   + ("nothing written (dry run)" if dry_run else
                      f"{len(files)} history file(s) updated" if files else "history unchanged"))
    return 0
