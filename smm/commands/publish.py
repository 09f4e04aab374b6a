"""smm publish: post every due, unpublished post of the checked-out branch, once."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, projects, root_option


@click.command("publish")
@root_option
@click.option("--dry-run", is_flag=True,
              help="Show what would be sent to each channel; no network, no record.")
@format_option("text", "json")
def command(root: Path | None, dry_run: bool, fmt: str) -> int:
    """Publish every due post to its channels and record each result on the state branch.

    Exit 1 when any publication failed or has an unknown outcome.
    """
    from smm import output
    from smm.publish import run

    results: list[dict[str, object]] = []
    bad = False
    for project in projects(root):
        now = project.now()
        for o in run.publish(project, now, dry_run=dry_run):
            bad = bad or o.bad
            results.append({"brand": project.name, **asdict(o)})
    if fmt == "json":
        output.json_out({"dry_run": dry_run, "results": results})
    else:
        _text(results, dry_run)
    return 1 if bad else 0


_COLOUR = {"published": "green", "failed": "red", "unknown": "yellow", "missed": "yellow",
           "skipped": "dim"}


def _text(results: list[dict[str, object]], dry_run: bool) -> None:
    from smm import output

    if not results:
        output.out("Nothing due." if not dry_run else "Nothing due: nothing would be sent.")
        return
    for r in results:
        state = str(r["state"])
        head = output.style(f"{state:<14}", _COLOUR.get(state, "cyan"))
        line = f"{head} {r['post_id']} → {r['channel']}"
        if r.get("url"):
            line += f"  {r['url']}"
        output.out(line)
        for key in ("error", "note"):
            if r.get(key):
                output.out(f"    {r[key]}")
        detail = r.get("detail")
        if isinstance(detail, dict) and detail:
            _detail(detail)


def _detail(d: dict[str, Any]) -> None:
    from smm import output

    parts: list[str] = d.get("parts") or []
    for i, text in enumerate(parts):
        label = f"part {i + 1}/{len(parts)}" if len(parts) > 1 else "text"
        output.out(f"    {label}:")
        for ln in str(text).splitlines() or [""]:
            output.out(f"      │ {ln}")
    for m in d.get("media") or []:
        output.out(f"    media: {m['file']} ({m['kind']}) alt: {m['alt'] or '— none —'}")
    for call in d.get("calls") or []:
        output.out(f"    → {call}")
    creds = d.get("credentials") or []
    if creds:
        output.out("    credentials from: " + ", ".join(map(str, creds)))
