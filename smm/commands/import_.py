"""smm import buffer|hootsuite|postiz CSV: another scheduler's posts as post files."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import format_option, project, root_option


@click.command("import")
@click.argument("tool", type=click.Choice(["buffer", "hootsuite", "postiz"]))
@click.argument("csv_file", metavar="CSV", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--channels", help="Channels for a file without a channel column (Hootsuite's "
              "bulk file), or only these channels of the file; comma-separated.")
@click.option("--map", "maps", multiple=True, metavar="NAME=CHANNEL",
              help="The channel a profile or integration name of the file means, when its "
                   "name does not say the platform (repeat for each).")
@click.option("--timezone", "tz_name", metavar="TZ",
              help="The timezone of times without an offset (default: the strategy's).")
@click.option("--date-order", type=click.Choice(["dmy", "mdy"]),
              help="How to read 01/02/2026: day first or month first (default: found from "
                   "the file's dates when one reads only one way).")
@click.option("--campaign", help="A campaign id for every imported post.")
@click.option("--draft", is_flag=True, help="Import every post as a draft.")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@root_option
@format_option("text", "json")
def command(tool: str, csv_file: Path, channels: str | None, maps: tuple[str, ...],
            tz_name: str | None, date_order: str | None, campaign: str | None, draft: bool,
            dry_run: bool, root: Path | None, fmt: str) -> int:
    """Turn TOOL's export (or bulk-upload file) of scheduled posts into post files under
    content/posts/, one per post, at its time and on its channels: rows that are one post
    on several profiles become one post. Rows already sent or failed there are skipped;
    media URLs are listed in each post for you to download and attach. The columns each
    tool's file may have: docs/import-formats.md.

    Cancel the posts in TOOL before you merge these, or they go out twice. Exit 1 when a
    row could not be imported (each is named, with its line)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from smm import output
    from smm.errors import UsageError
    from smm.importposts import read, write
    from smm.project import suggest

    proj = project(root)
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{csv_file}: no such file") from None
    except OSError as e:
        raise UsageError(f"{csv_file}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{csv_file}: not UTF-8 text: export it as CSV (UTF-8)") from None
    tz = proj.timezone
    if tz_name:
        try:
            tz = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"--timezone {tz_name!r}: use an IANA name such as "
                             "Europe/Paris") from None
    chans = [c.strip() for c in (channels or "").split(",") if c.strip()]
    for c in chans:
        if c not in proj.channels:
            raise UsageError(f"--channels: unknown channel {c!r}: "
                             + suggest(c, list(proj.channels)))
    mapping = {}
    for m in maps:
        name, sep, ch = m.rpartition("=")
        if not sep or not name.strip():
            raise UsageError(f"--map {m!r}: write it NAME=CHANNEL")
        if ch.strip() not in proj.channels:
            raise UsageError(f"--map {m!r}: unknown channel {ch.strip()!r}: "
                             + suggest(ch.strip(), list(proj.channels)))
        mapping[name.strip().lower()] = ch.strip()
    if campaign is not None and not campaign.replace("-", "").replace("_", "").isalnum():
        raise UsageError(f"--campaign {campaign!r}: use letters, digits, - and _ only")
    rows, res = read(proj, tool, text, channels=chans or None, mapping=mapping, tz=tz,
                     order=date_order, now=proj.now(), draft=draft)
    write(proj, tool, rows, res, campaign=campaign, dry_run=dry_run)
    if fmt == "json":
        output.json_out({
            "tool": tool, "dry_run": dry_run, "rows": res.rows, "history": res.history,
            "written": [{"path": proj.rel(p), "publish_at": r.at.isoformat(),
                         "channels": r.channels, "draft": r.draft, "media": r.media}
                        for p, r in res.posts],
            "existing": [proj.rel(p) for p in res.existing], "problems": res.problems})
    else:
        verb = "would write" if dry_run else "wrote"
        for p, r in res.posts:
            output.out(f"{verb} {proj.rel(p)}  ({', '.join(r.channels)}"
                       + (", draft" if r.draft else "")
                       + (f", {len(r.media)} media to attach" if r.media else "") + ")")
        for p in res.existing:
            output.out(f"already there: {proj.rel(p)}")
        for line in res.problems:
            output.err(f"smm: {csv_file.name}: {line}")
        output.err(f"{res.rows} rows: {len(res.posts)} posts {verb}, {len(res.existing)} "
                   f"already there, {res.history} already sent or failed in {tool} (skipped), "
                   f"{len(res.problems)} not imported")
        if res.posts and not dry_run:
            output.err(f"Check them with `smm validate`, cancel them in {tool}, then commit "
                       "and merge: anything left queued there would go out twice.")
    return 1 if res.problems else 0
