"""smm move POST --at ...: reschedule a post by editing its publish_at in place."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import root_option

# States where the post is (or may be) out on that channel: a new time changes nothing.
OUT = {"published": "already published there: a new time changes nothing on it",
       "publishing": "a publish run is sending it now: it may be out already",
       "unknown": "it may be out already (unknown outcome): check the platform"}


@click.command("move")
@click.argument("post")
@click.option("--at", "at", metavar="ISO|on-merge",
              help="The new time, e.g. 2026-12-03T10:30 (strategy timezone), or on-merge.")
@click.option("--next-slot", is_flag=True,
              help="The next free posting slot of its channels (strategy.yaml `queue:`).")
@root_option
def command(post: str, at: str | None, next_slot: bool, root: Path | None) -> int:
    """Move POST (its file or id) to another time: its publish_at is rewritten in place,
    the rest of the file (comments, formatting, body) kept. Warns when the time is in
    the past or breaks a channel's cadence, and says on which channels the post is
    already out (a new time cannot take it back there). Commit and merge the change:
    publishing reads the default branch."""
    from smm import clock, fmedit, output, slots
    from smm.commands._posts import find, load_all, stamp, when_text
    from smm.content import ON_MERGE
    from smm.errors import SmmError, UsageError

    if (at is None) == (not next_slot):
        raise UsageError("say where to: --at ISO (or on-merge), or --next-slot")
    lo, p = find(load_all(root), post)
    proj = lo.project
    statuses = lo.by_post.get(p.id, [])
    out_on = {s.channel: OUT[s.state] for s in statuses if s.state in OUT}
    chans = [s.channel for s in statuses]
    if chans and set(out_on) == set(chans) and all(s.state == "published" for s in statuses):
        for c in chans:
            output.err(f"smm: {p.rel}: {c}: {OUT['published']}")
        raise SmmError(f"{p.rel} is published on every channel: nothing to move (make a new "
                       "post to say it again)")
    others = [q for q in lo.posts if q.id != p.id]
    busy = slots.taken(proj, others)
    now = lo.now
    moving = [c for c in chans if c not in out_on] or list(p.channels)
    if next_slot:
        found = slots.next_slot(proj, now, moving, busy)
        if found is None:
            raise UsageError("no free posting slot on " + ", ".join(moving) + " (strategy.yaml "
                             "`queue:` sets them): pass --at, or add slots")
        when, text = found, stamp(proj, found)
    elif at is not None and at.strip() == ON_MERGE:
        when, text = None, ON_MERGE
    else:
        assert at is not None
        when = clock.parse(at, proj.timezone, "--at")
        text = stamp(proj, when)
    before = when_text(p)

    def change(front: dict[str, object]) -> None:
        front["publish_at"] = fmedit.plain(text) if text != ON_MERGE else ON_MERGE

    fmedit.edit(p.path, change, name=p.rel)
    if when is not None and when < now:
        output.err(f"smm: warning: {text} is in the past (now is "
                   f"{now.isoformat(timespec='minutes')}): the next publish run sends it at "
                   "once if within the catch-up window, else records it missed")
    if when is not None:
        for clash in slots.conflicts(proj, when, moving, busy):
            output.err(f"smm: warning: {text}: {clash}")
    for c, why in out_on.items():
        output.err(f"smm: {c}: {why}")
    output.out(f"{p.rel}: publish_at {before} -> {text}"
               + (f" ({proj.timezone.key})" if when is not None else ""))
    output.err("Commit and merge the change: the publish workflow reads the default branch.")
    return 0
