"""smm count: a text's length the way a platform counts it."""

from __future__ import annotations

import sys

import click

from smm.commands._common import format_option


@click.command("count")
@click.option("--platform", "platform", required=True, help="x, mastodon, bluesky, ...")
@click.argument("text", required=False)
@format_option("text", "json")
@click.option("--limit", type=int, help="Override the text limit (e.g. a Mastodon server's).")
def command(platform: str, text: str | None, fmt: str, limit: int | None) -> int:
    """Count TEXT (or standard input with -) as PLATFORM counts it.

    Exit 0 when it fits the limit, 1 when it does not.
    """
    from smm import output, platforms
    from smm.errors import UsageError

    if platform not in platforms.REGISTRY:
        raise UsageError(f"unknown platform {platform!r}: one of {', '.join(platforms.names())}")
    if text is None or text == "-":
        text = sys.stdin.read()
        if text.endswith("\n"):
            text = text[:-1]  # the newline a shell adds is not part of the post
    from smm.platforms.count_cli import count_text

    result = count_text(platform, text, {"text": limit} if limit else None)
    if fmt == "json":
        output.json_out(result)
    else:
        mark = output.style("✔", "green") if result["valid"] else output.style("✖", "red")
        output.out(f"{mark} {result['length']}/{result['limit']} {result['unit']} "
                   f"({result['platform']})")
        for extra in result.get("counts", [])[1:]:
            output.out(f"  {extra['length']}/{extra['limit']} {extra['unit']}")
    return 0 if result["valid"] else 1
