"""smm media fit POST: images cropped, converted and compressed for each platform."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import format_option, root_option


@click.group("media")
def command() -> None:
    """Media files for the platforms."""


@command.command("fit")
@click.argument("post")
@click.option("--channel", "channels", multiple=True, metavar="ID[,ID...]",
              help="Only for these channels (repeat or comma-separate).")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@root_option
@format_option("text", "json")
def fit(post: str, channels: tuple[str, ...], dry_run: bool, root: Path | None,
        fmt: str) -> int:
    """Fit POST's images (its file or id) to each channel's media rules: cropped to an
    aspect ratio the platform takes (keeping the item's `focus: [x, y]` in view; default
    the centre), converted to a format it takes, compressed under its size cap. The
    files go beside the original under fit/, and the post's media list points each
    channel at its file (`channels:` on the items); the rest of the post is kept as
    written. Commit the new files with the post."""
    from smm import output
    from smm.commands._posts import find, load_all
    from smm.errors import UsageError
    from smm.mediafit import fit as do_fit

    lo, p = find(load_all(root, with_status=False), post)
    wanted = [c.strip() for v in channels for c in v.split(",") if c.strip()]
    for c in wanted:
        if c not in p.channels:
            raise UsageError(f"--channel {c}: {p.rel} is not sent to it (its channels: "
                             + ", ".join(p.channels) + ")")
    errors = [d for d in lo.errors_of(p) if d.rule.startswith(("media.missing", "media.outside",
                                                                "yaml", "frontmatter"))]
    if errors:
        d = errors[0]
        raise UsageError(f"{d.path}:{d.line}: {d.message}: fix it first")
    report = do_fit(lo.project, p, wanted or None, dry_run)
    rows = [{"media": f.media, "file": lo.project.rel(f.path), "channels": f.channels,
             "changes": f.changes} for f in report.fitted]
    if fmt == "json":
        output.json_out({"post": p.rel, "dry_run": dry_run, "fitted": rows,
                         "skipped": report.skipped})
        return 0
    for r in rows:
        verb = "would write" if dry_run else "wrote"
        output.out(f"{verb} {r['file']} for {', '.join(r['channels'])}: "
                   + "; ".join(r["changes"]))
    for s in report.skipped:
        output.err(f"smm: skipped {s}")
    if not rows:
        output.out(f"{p.rel}: every image fits its channels already")
    elif not dry_run:
        output.out(f"{p.rel}: media list updated; commit the new files with it")
    return 0
