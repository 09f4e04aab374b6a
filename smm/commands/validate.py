"""smm validate: every check, on all posts or on the given/changed ones."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from smm.commands._common import format_option, projects, root_option
from smm.diagnostics import has_errors
from smm.errors import UsageError


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json", "github")
@click.option("--changed-since", metavar="REF",
              help="Check only posts changed since this git ref (cadence still covers all).")
@click.option("--now", metavar="ISO", help="Pretend it is this time (for past-date warnings).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh (.smm-cache/ unused).")
@root_option
def command(paths: tuple[Path, ...], fmt: str, changed_since: str | None, now: str | None,
            no_cache: bool, root: Path | None) -> int:
    """Check posts against platform rules and the brand voice.

    Exit 0 when no errors, 1 when errors were found, 2 on bad configuration.
    """
    from smm import output, report
    from smm.review import review

    when = _parse_now(now) if now else dt.datetime.now(dt.UTC)
    r = review(projects(root), paths, changed_since, now=when, use_cache=not no_cache)
    if fmt == "json":
        output.json_out(report.format_json(r.diags))
    elif fmt == "github":
        text = report.format_github(r.diags)
        if text:
            output.out(text)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            from smm.github import job_summary

            changed, every = r.posts()
            with open(summary, "a", encoding="utf-8") as f:
                f.write(job_summary(r.projects, changed, r.diags, every))
    else:
        output.out(report.format_text(r.diags, r.checked))
    return 1 if has_errors(r.diags) else 0


def _parse_now(value: str) -> dt.datetime:
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--now {value!r} is not an ISO 8601 date and time") from None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)
