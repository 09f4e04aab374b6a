"""smm status: every post and channel with its state (smm.status), as of smm's now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, projects, root_option

# Listed in this order: what needs a person first.
ORDER = ("failed", "unknown", "missed", "due", "publishing", "scheduled", "published",
         "draft")
HINT = {
    "unknown": "may have been posted: check the platform, then set `state:` to published "
               "or failed in {path} on the state branch",
    "failed": "not posted; retried by the next runs within the catch-up window",
    "missed": "fell due more than the catch-up window ago and was not posted: move it "
              "(`publish_at:`) to post it later",
    "due": "overdue: the next publish run sends it",
    "publishing": "a run is publishing it now (or stopped: reconciled after claim_timeout)",
}


@click.command("status")
@root_option
@format_option("text", "json")
def command(root: Path | None, fmt: str) -> int:
    """Every post and channel with its state: draft, scheduled, due, publishing,
    published, failed, unknown or missed, as of smm's now (--now, SMM_NOW, the
    strategy's frozen_now, else the clock). Due, failed, unknown and missed need
    attention."""
    from smm import clock, output

    rows: list[dict[str, Any]] = []
    notes = []
    for project in projects(root):
        now = project.now()
        rows.extend(collect(project, now))
        where = clock.source(project.strategy.get("frozen_now"))
        notes.append(f"{project.name}: as of {now.isoformat(timespec='minutes')}"
                     + (f" ({where})" if where else ""))
    if fmt == "json":
        output.json_out(rows)
        return 0
    for note in notes:
        output.out(output.style(note, "dim"))
    for group in ORDER:
        mine = [r for r in rows if r["state"] == group]
        if not mine:
            continue
        output.out(output.style(f"{group} ({len(mine)})", "bold"))
        if group in HINT and group != "unknown":
            output.out(output.style("  " + HINT[group], "dim"))
        for r in mine:
            when = r.get("publish_at") or "on merge"
            line = f"  {r['post_id']} → {r['channel']}  {when}"
            if r.get("url"):
                line += f"  {r['url']}"
            output.out(line)
            for text in (r.get("blocked"), r.get("error")):
                if text:
                    output.out(f"      {text}")
            if group == "unknown":
                output.out("      " + HINT[group].format(path=r.get("record", "")))
    if not rows:
        output.out("No posts with channels yet.")
    return 0


def collect(project: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """One row a post and channel, from the status model (what every surface shows)."""
    from smm.content import load_posts
    from smm.publish import due
    from smm.state import State
    from smm.status import blocked_by

    posts, diags = load_posts(project)
    st = State.open(project)
    rows = []
    for s in due.classify(project, st, posts, now, blocked=blocked_by(diags)):
        rec = s.record
        rows.append({
            "brand": project.name, "post_id": s.post.id, "channel": s.channel,
            "state": s.state, "attention": s.attention, "action": s.action,
            "publish_at": s.post.publish_at.isoformat() if s.post.publish_at else None,
            "url": rec.url if rec else None, "platform_id": rec.platform_id if rec else None,
            "error": rec.error if rec else None, "blocked": s.blocked,
            "attempts": rec.attempts if rec else 0,
            "finished_at": rec.finished_at.isoformat() if rec and rec.finished_at else None,
            "record": rec.path if rec else None})
    return rows
