"""smm list: the posts, filtered, with each channel's state (smm.status)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, root_option
from smm.status import STATES

_STATES = [*STATES, "attention"]


@click.command("list")
@click.option("--channel", "channels", multiple=True, metavar="ID[,ID...]",
              help="Only posts sent to these channels (repeat or comma-separate).")
@click.option("--campaign", "campaigns", multiple=True, metavar="ID",
              help="Only posts of these campaigns.")
@click.option("--state", "states", multiple=True, type=click.Choice(_STATES),
              help="Only posts with a channel in this state; `attention`: due, failed, "
                   "unknown or missed.")
@click.option("--from", "start", metavar="DATE|ISO",
              help="Only posts publishing at or after this (a date: its start).")
@click.option("--to", "end", metavar="DATE|ISO",
              help="Only posts publishing at or before this (a date: all of that day).")
@root_option
@format_option("text", "json")
def command(channels: tuple[str, ...], campaigns: tuple[str, ...], states: tuple[str, ...],
            start: str | None, end: str | None, root: Path | None, fmt: str) -> int:
    """The posts of the brand (every brand, above several), in publishing order, with
    each channel's state as `smm status` has it. Filters combine: a post is listed
    when it matches all of them; with --channel, only those channels are shown."""
    from smm import output
    from smm.commands._posts import load_all, when_text
    from smm.errors import UsageError
    from smm.project import suggest

    wanted = [c.strip() for v in channels for c in v.split(",") if c.strip()]
    loaded = load_all(root)
    known = {c for lo in loaded for c in lo.project.channels}
    for c in wanted:
        if c not in known:
            raise UsageError(f"--channel: unknown channel {c!r}: {suggest(c, sorted(known))}")
    rows: list[dict[str, Any]] = []
    unreadable = 0
    for lo in loaded:
        tz = lo.project.timezone
        lo_at = _bound(start, tz, "--from", end=False)
        hi_at = _bound(end, tz, "--to", end=True)
        read = {p.rel for p in lo.posts}
        unreadable += len({d.path for d in lo.diags if d.path not in read
                           and d.path.endswith(".md")})
        for post in lo.posts:
            if campaigns and post.get("campaign") not in campaigns:
                continue
            at = post.publish_at
            if (lo_at or hi_at) and at is None:
                continue
            if at is not None and (lo_at and at < lo_at or hi_at and at > hi_at):
                continue
            chans = [(s.channel, s.state, s.attention) for s in lo.by_post.get(post.id, [])
                     if not wanted or s.channel in wanted]
            if wanted and not chans:
                continue
            if states and not any(st in states or ("attention" in states and att)
                                  for _, st, att in chans):
                continue
            from smm.status import overall

            rows.append({
                "brand": lo.project.name, "post_id": post.id, "path": post.rel,
                "publish_at": at.isoformat() if at else None, "when": when_text(post),
                "title": post.title, "campaign": post.get("campaign"), "draft": post.draft,
                "state": overall(st for _, st, _ in chans) if chans else "no channels",
                "channels": {c: st for c, st, _ in chans},
                "blocked": bool(lo.errors_of(post))})
    far = "9999"
    rows.sort(key=lambda r: (r["publish_at"] or far, r["post_id"]))
    if fmt == "json":
        output.json_out(rows)
        return 0
    several = len(loaded) > 1
    for r in rows:
        mark = output.style("!", "red", "bold") if r["blocked"] else " "
        shown = " ".join(f"{c}:{st}" for c, st in r["channels"].items())
        brand = f"[{r['brand']}] " if several else ""
        camp = f"  #{r['campaign']}" if r["campaign"] else ""
        output.out(f"{mark}{r['when'][:16]:<17} {output.style(r['state'], 'bold'):<10} "
                   f"{brand}{r['post_id']}{camp}")
        output.out(f"   {r['title']}")
        output.out(output.style(f"   {shown}", "dim"))
    n = len(rows)
    output.err(f"{n} post{'s' if n != 1 else ''}"
               + (f"; {unreadable} file(s) could not be read (`smm validate` says why)"
                  if unreadable else "")
               + ("; ! marks a post validation rejects (`smm validate`)"
                  if any(r["blocked"] for r in rows) else ""))
    return 0


def _bound(value: str | None, tz: Any, opt: str, *, end: bool) -> dt.datetime | None:
    if value is None:
        return None
    from smm import clock

    text = value.strip()
    when = clock.parse(text, tz, opt)
    if end and "T" not in text and " " not in text:  # a date: up to the end of that day
        when = when + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    return when
