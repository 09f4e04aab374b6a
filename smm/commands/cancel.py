"""smm cancel POST: keep a post from going out, saying what cannot be taken back."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import root_option

# What cancelling does on a channel in each state (smm.status).
UNDONE = {
    "scheduled": "will not be sent",
    "due": "will not be sent (it was due: the next publish run would have sent it)",
    "failed": "will not be retried",
    "missed": "was never sent; stays unsent",
    "draft": "was a draft already",
}
NOT_UNDONE = {
    "published": "is published: smm cannot take a post back from a platform; delete it "
                 "there by hand{url}",
    "publishing": "a publish run is sending it now: it may go out; look at `smm status` "
                  "after the run and delete it on the platform if it did",
    "unknown": "may be out already (unknown outcome): check the platform{url} and delete "
               "it there if it is",
}


@click.command("cancel")
@click.argument("post")
@root_option
def command(post: str, root: Path | None) -> int:
    """Cancel POST (its file or id): it becomes a draft (`draft: true`, with a comment
    saying when it was cancelled; the rest of the file is kept), so no publish run
    sends it. A post already out on a channel cannot be taken back from there: smm says
    so, channel by channel, and exits 1. Commit and merge the change: publishing reads
    the default branch. To send it after all, remove the `draft:` line."""
    from smm import fmedit, output
    from smm.commands._posts import find, load_all

    lo, p = find(load_all(root), post)
    statuses = lo.by_post.get(p.id, [])
    everywhere = bool(statuses) and all(s.state == "published" for s in statuses)
    if p.draft:
        output.out(f"{p.rel} is a draft already: no publish run sends it")
    elif everywhere:
        output.out(f"{p.rel} is published on every channel: nothing left to cancel; the "
                   "file is unchanged")
    else:
        day = lo.now.astimezone(lo.project.timezone).date().isoformat()

        def change(front: object) -> None:
            front["draft"] = True  # type: ignore[index]
            front.yaml_add_eol_comment(f"cancelled {day} (smm cancel)", "draft")  # type: ignore[attr-defined]

        fmedit.edit(p.path, change, name=p.rel)
        output.out(f"{p.rel}: cancelled (draft: true)")
    out_somewhere = False
    for s in statuses:
        url = f" ({s.record.url})" if s.record is not None and s.record.url else ""
        if s.state in NOT_UNDONE:
            out_somewhere = True
            output.err(f"smm: {s.channel}: " + NOT_UNDONE[s.state].format(url=url))
        elif not p.draft:
            output.out(f"  {s.channel}: {UNDONE.get(s.state, 'will not be sent')}")
    if not p.draft and not everywhere:
        output.err("Commit and merge the change: the publish workflow reads the default "
                   "branch.")
    return 1 if out_somewhere else 0
