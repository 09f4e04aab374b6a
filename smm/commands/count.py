"""smm count: a text's length the way a platform counts it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, project, root_option


@click.command("count")
@click.option("--platform", "platform", help="x, mastodon, bluesky, ...")
@click.option("--channel", "channel",
              help="A channel id from strategy.yaml: its platform and its limits.")
@click.argument("text", required=False)
@format_option("text", "json")
@click.option("--limit", type=int, help="Override the text limit (e.g. a Mastodon server's).")
@root_option
def command(platform: str | None, channel: str | None, text: str | None, fmt: str,
            limit: int | None, root: Path | None) -> int:
    """Count TEXT (or standard input with -) as PLATFORM, or a CHANNEL, counts it.

    Exit 0 when it fits the limit, 1 when it does not.
    """
    from smm import output, platforms
    from smm.errors import UsageError

    overrides: dict[str, Any] = {}
    if channel:
        from smm.project import suggest

        proj = project(root, channel=channel)
        if channel not in proj.channels:
            raise UsageError(f"--channel: unknown channel {channel!r}: "
                             + suggest(channel, list(proj.channels)))
        platform = proj.channels[channel].platform
        overrides = proj.channels[channel].overrides
    if not platform:
        raise UsageError("say which platform counts: --platform P or --channel C")
    if platform not in platforms.REGISTRY:
        raise UsageError(f"unknown platform {platform!r}: one of {', '.join(platforms.names())}")
    if text is None or text == "-":
        text = sys.stdin.read()
        if text.endswith("\n"):
            text = text[:-1]  # the newline a shell adds is not part of the post
    from smm.platforms.count_cli import count_text

    if limit:
        overrides["text"] = limit
    result = count_text(platform, text, overrides or None)
    if fmt == "json":
        output.json_out(result)
    else:
        mark = output.style("✔", "green") if result["valid"] else output.style("✖", "red")
        output.out(f"{mark} {result['length']}/{result['limit']} {result['unit']} "
                   f"({result['platform']})")
        for extra in result.get("counts", [])[1:]:
            output.out(f"  {extra['length']}/{extra['limit']} {extra['unit']}")
    return 0 if result["valid"] else 1
