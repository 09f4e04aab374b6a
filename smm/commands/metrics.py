"""smm metrics pull | import: snapshots from platform APIs or from analytics exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from smm.commands._common import (
    format_option,
    no_push_option,
    project,
    projects,
    root_option,
)
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

    The history lives on the state branch (default smm-state) as
    metrics/<channel>/<YYYY-MM>.csv: each run that changes it makes one commit there,
    pushes it to `origin` and prints the branch, the commit and the remote. A refused
    push keeps the commit on the local branch (the next run pushes it); --no-push keeps
    it local on purpose.
    """


@command.command("pull")
@click.option("--channel", "channels", multiple=True, metavar="ID",
              help="Only this channel (repeatable).")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="Date the snapshots carry (default: today in the strategy's timezone).")
@click.option("--dry-run", is_flag=True, help="Read the APIs, write nothing.")
@no_push_option
@format_option("text", "json")
@root_option
def pull_cmd(channels: tuple[str, ...], day: str | None, dry_run: bool, no_push: bool,
             fmt: str, root: Path | None) -> int:
    """Read every published post's metrics and each account's followers.

    One channel failing does not stop the others; exit 1 when any failed. Running it
    again the same day replaces that day's values, it never adds to them.
    """
    from smm import output
    from smm.errors import SmmError
    from smm.metrics.pull import pull
    from smm.state import State

    rc = 0
    report: list[dict[str, Any]] = []
    for proj in projects(root):
        unknown = [c for c in channels if c not in proj.channels]
        if unknown:
            from smm.project import suggest

            raise UsageError(f"--channel {unknown[0]}: not a channel of {proj.strategy_rel}: "
                             + suggest(unknown[0], sorted(proj.channels)))
        st = State.open(proj, push=not no_push)
        try:
            if not dry_run:
                st.push_kept()
        except SmmError as e:  # still refused: said, and the pull goes on (kept again)
            output.err(f"smm: {e}")
            rc = 1
        try:
            res = pull(proj, day=_day(day), channels=list(channels) or None, dry_run=dry_run,
                       state=st)
        except SmmError as e:  # a refused push: the commit is kept, and said so
            output.err(f"smm: {e}")
            rc = 1
            report.append({"brand": proj.name, "error": str(e), "state": st.report()})
            if fmt == "text":
                output.out(st.describe())
            continue
        rc = rc or (0 if res.ok else 1)
        report.append({
            "brand": proj.name, "date": res.day.isoformat(), "files": res.files,
            "state": st.report(),
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
            if not dry_run:
                output.out(st.describe())
    if fmt == "json":
        output.json_out(report)
    return rc


@command.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--channel", required=True, metavar="ID", help="The channel the export is from.")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="Date the snapshots carry (default: today in the strategy's timezone).")
@click.option("--dry-run", is_flag=True, help="Show what would be stored, write nothing.")
@no_push_option
@format_option("text", "json")
@root_option
def import_cmd(file: Path, channel: str, day: str | None, dry_run: bool, no_push: bool,
               fmt: str, root: Path | None) -> int:
    """Import an analytics export (X, LinkedIn, Meta Business Suite, YouTube Studio,
    TikTok Studio, or smm's engagement CSV) into the history.

    Rows are matched to published posts by platform id or URL. Importing the same file
    again changes nothing.
    """
    from smm import output
    from smm.errors import SmmError
    from smm.metrics import importers, records, store
    from smm.metrics.pull import today_in, write
    from smm.state import State

    proj = project(root)
    st = State.open(proj, push=not no_push)
    when = _day(day) or today_in(proj)
    res = importers.import_file(proj, file, channel, day=when, recs=records.load(proj, st))
    new = importers.unchanged_dropped(res.snapshots, store.load_history(proj, st))
    files: list[str] = []
    failed = None
    if not dry_run:
        try:
            st.push_kept()
        except SmmError as e:  # still refused: said; the import goes on (kept again)
            failed = str(e)
            output.err(f"smm: {e}")
        try:
            if new:
                files, _ = write(proj, new, st, f"metrics: import {file.name} for {channel}")
        except SmmError as e:  # a refused push: the commit is kept, and said so
            failed = str(e)
            output.err(f"smm: {e}")
    if fmt == "json":
        output.json_out({"layout": res.layout, "rows": res.rows, "matched": res.matched,
                         "unmatched": res.unmatched, "values": len(new), "files": files,
                         "state": None if dry_run else st.report()})
    else:
        output.out(f"{file.name}: {res.layout} export, {res.rows} rows, {res.matched} matched")
        for u in res.unmatched[:20]:
            output.err(f"  not matched to a published {channel} post: {u}")
        if len(res.unmatched) > 20:
            output.err(f"  ... and {len(res.unmatched) - 20} more")
        output.out(f"{len(new)} new value(s); "
                   + ("nothing written (dry run)" if dry_run else
                      f"{len(files)} history file(s) updated" if files else
                      "history updated (kept locally)" if st.made else "history unchanged"))
        if not dry_run:
            output.out(st.describe())
    return 1 if failed else 0
