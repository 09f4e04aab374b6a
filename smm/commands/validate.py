"""smm validate: every check, on all posts or on the given/changed ones."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import format_option, root_option
from smm.commands._validate import run


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json", "github")
@click.option("--changed-since", metavar="REF",
              help="Check only posts changed since this git ref (cadence still covers all).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh (.smm-cache/ unused).")
@root_option
def command(paths: tuple[Path, ...], fmt: str, changed_since: str | None,
            no_cache: bool, root: Path | None) -> int:
    """Check posts against platform rules and the brand voice.

    Exit 0 when no errors, 1 when errors were found, 2 on bad configuration.
    """
    return run(paths, fmt, changed_since, None, no_cache, root)
