"""smm publish: post every due, unpublished post of the checked-out branch, once."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, no_push_option, projects, root_option


@click.command("publish")
@root_option
@click.option("--dry-run", is_flag=True,
              help="Show what would be sent to each channel; no network, no record.")
@no_push_option
@format_option("text", "json")
def command(root: Path | None, dry_run: bool, no_push: bool, fmt: str) -> int:
    """Publish every due post to its channels and record each result on the state branch.

    Each post and channel is claimed, sent, then recorded: every record is a commit on
    the state branch (`publishing.state_branch`, default smm-state), pushed to `origin`
    at once (a claim is how two runs never send the same post). The output ends with the
    branch, the last commit and the remote it went to. A push the remote refuses keeps
    the record on the local branch and says so (the next run pushes it); nothing is
    sent without a pushed claim. --no-push keeps every commit local.

    Exit 1 when any publication failed or has an unknown outcome.
    """
    from smm import output
    from smm.errors import SmmError
    from smm.publish import run
    from smm.state import State

    results: list[dict[str, object]] = []
    writes: list[dict[str, object]] = []
    bad = False
    for project in projects(root):
        now = project.now()
        st = State.open(project, push=not no_push)
        note = None
        if not dry_run:
            try:
                st.push_kept()  # what an earlier run recorded but could not push
            except SmmError as e:
                note, bad = str(e), True
        for o in run.publish(project, now, dry_run=dry_run, state=st):
            bad = bad or o.bad
            results.append({"brand": project.name, **asdict(o)})
        if not dry_run:
            # A record the remote refused is kept in this clone only: say it, exit 1.
            bad = bad or st.push_error is not None
            writes.append({"brand": project.name, **st.report(), "text": st.describe(),
                           "note": note})
    if fmt == "json":
        output.json_out({"dry_run": dry_run, "results": results,
                         "state": [{k: v for k, v in w.items() if k != "text"}
                                   for w in writes]})
    else:
        _text(results, dry_run)
        for w in writes:
            if w["note"]:
                output.err(f"smm: {w['note']}")
            output.out(str(w["text"]))
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
