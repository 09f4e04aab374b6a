"""smm status: scheduled, published (with links), failed, missed and unknown posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, projects, root_option

ORDER = ("unknown", "failed", "claimed", "due", "scheduled", "published", "missed")
HINT = {
    "unknown": "may have been posted: check the platform, then set `state:` to published "
               "or failed in {path} on the state branch",
    "failed": "not posted; retried by the next runs within the catch-up window",
    "claimed": "a run is publishing it now (or stopped: reconciled after claim_timeout)",
}


@click.command("status")
@root_option
@click.option("--now", "now_s", metavar="ISO", help="Act as if it were this time.")
@format_option("text", "json")
def command(root: Path | None, now_s: str | None, fmt: str) -> int:
    """Every post and channel with its publishing state."""
    from smm import output
    from smm.commands.publish import parse_now

    rows: list[dict[str, Any]] = []
    for project in projects(root):
        rows.extend(collect(project, parse_now(now_s, project.timezone)))
    if fmt == "json":
        output.json_out(rows)
        return 0
    for group in ORDER:
        mine = [r for r in rows if r["state"] == group]
        if not mine:
            continue
        output.out(output.style(f"{group} ({len(mine)})", "bold"))
        for r in mine:
            when = r.get("publish_at") or ""
            line = f"  {r['post_id']} → {r['channel']}  {when}"
            if r.get("url"):
                line += f"  {r['url']}"
            output.out(line)
            if r.get("error"):
                output.out(f"      {r['error']}")
            if group in HINT:
                output.out("      " + HINT[group].format(path=r.get("record", "")))
    if not rows:
        output.out("No posts with channels yet.")
    return 0


def collect(project: Any, now: dt.datetime) -> list[dict[str, Any]]:
    from smm.content import load_posts
    from smm.publish import due
    from smm.state import State

    posts, _ = load_posts(project)
    st = State.open(project)
    rows = []
    for item in due.classify(project, st, posts, now):
        rec = item.record
        state = rec.state if rec else ("scheduled" if item.action == "scheduled" else
                                       "missed" if item.action == "missed" else "due")
        rows.append({
            "brand": project.name, "post_id": item.post.id, "channel": item.channel,
            "state": state,
            "publish_at": item.post.publish_at.isoformat() if item.post.publish_at else None,
            "url": rec.url if rec else None, "platform_id": rec.platform_id if rec else None,
            "error": rec.error if rec else None, "attempts": rec.attempts if rec else 0,
            "finished_at": rec.finished_at.isoformat() if rec and rec.finished_at else None,
            "record": rec.path if rec else None})
    return rows
