"""smm validate: every check, on all posts or on the given/changed ones."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import click

from smm.commands._common import format_option, projects, root_option
from smm.diagnostics import Diagnostic, has_errors
from smm.errors import UsageError
from smm.project import Project


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json", "github")
@click.option("--changed-since", metavar="REF",
              help="Check only posts changed since this git ref (cadence still covers all).")
@click.option("--now", metavar="ISO", help="Pretend it is this time (for past-date warnings).")
@root_option
def command(paths: tuple[Path, ...], fmt: str, changed_since: str | None, now: str | None,
            root: Path | None) -> int:
    """Check posts against platform rules and the brand voice.

    Exit 0 when no errors, 1 when errors were found, 2 on bad configuration.
    """
    import datetime as dt

    from smm import checks, output, report

    when = _parse_now(now) if now else dt.datetime.now(dt.UTC)
    brands = projects(root)
    wanted: list[Path] | None = [p.resolve() for p in paths] if paths else None
    if changed_since:
        wanted = (wanted or []) + _changed(brands[0].repo_root, changed_since)
    diags: list[Diagnostic] = []
    checked = 0
    all_posts = []
    changed_posts = []
    for proj in brands:
        only = _only_for(proj, wanted)
        if only == []:
            continue  # none of the given or changed files is a post of this brand
        posts, found = checks.run(proj, only, now=when, is_recorded=_recorded(proj))
        diags.extend(found)
        all_posts.extend((proj, p) for p in posts)
        sel = posts if only is None else [p for p in posts if p.path.resolve() in set(only)]
        changed_posts.extend((proj, p) for p in sel)
        checked += len(sel)
    if fmt == "json":
        output.json_out(report.format_json(diags))
    elif fmt == "github":
        text = report.format_github(diags)
        if text:
            output.out(text)
        _summary(brands, changed_posts, diags, all_posts)
    else:
        output.out(report.format_text(diags, checked))
    return 1 if has_errors(diags) else 0


def _parse_now(value: str) -> object:
    import datetime as dt

    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--now {value!r} is not an ISO 8601 date and time") from None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _only_for(proj: Project, wanted: list[Path] | None) -> list[Path] | None:
    """The posts of this brand among `wanted`; None (= all) when a config file of the
    brand changed, since strategy or brand changes can affect every post."""
    if wanted is None:
        return None
    root = proj.root.resolve()
    posts_dir = proj.posts_dir.resolve()
    only: list[Path] = []
    for p in wanted:
        if p.is_dir() and p.is_relative_to(root):
            if not p.is_relative_to(posts_dir):
                return None  # a folder above the posts: check everything
            only.extend(x.resolve() for x in p.rglob("*.md"))
        elif p.suffix == ".md" and p.is_relative_to(posts_dir):
            only.append(p)
        elif p.is_relative_to(root) and (p.name == "strategy.yaml"
                                         or p.is_relative_to(root / "brand")):
            return None
    return only


def _changed(repo: Path, ref: str) -> list[Path]:
    """Files changed since `ref` (committed or not) plus untracked ones."""
    def git(*args: str) -> list[str]:
        r = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        if r.returncode != 0:
            raise UsageError(f"--changed-since {ref}: git says: {r.stderr.strip()}")
        return [line for line in r.stdout.splitlines() if line]

    names = git("diff", "--name-only", "--diff-filter=ACMR", ref, "--")
    names += git("ls-files", "--others", "--exclude-standard")
    return [(repo / n).resolve() for n in names]


def _recorded(proj: Project):  # type: ignore[no-untyped-def]
    """Whether a post×channel has a publish record, when the ledger can be read."""
    try:
        from smm.publish.ledger import recorded_checker
    except ImportError:
        return None
    return recorded_checker(proj)


def _summary(brands: list[Project], changed: list, diags: list[Diagnostic],  # type: ignore[type-arg]
             all_posts: list) -> None:  # type: ignore[type-arg]
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        from smm.github import job_summary
    except ImportError:
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(job_summary(brands, changed, diags, all_posts))
