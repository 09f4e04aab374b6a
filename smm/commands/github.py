"""smm github comment | summary: the pull request's preview, as a comment or Markdown."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import click

from smm.commands._common import root_option
from smm.diagnostics import Diagnostic
from smm.github import PostRef
from smm.project import Project


@dataclass
class Review:
    """What `smm validate` sees: the brands, the changed posts, their findings."""

    projects: list[Project]
    changed: list[PostRef] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)
    all_posts: list[PostRef] = field(default_factory=list)


def collect(root: Path | None, changed_since: str | None, paths: tuple[Path, ...] = ()
            ) -> Review:
    """Run the checks exactly as `smm validate` does, so that the comment, the job
    summary and the annotations tell the same story."""
    from smm.commands._common import projects
    from smm.review import review

    r = review(projects(root), paths, changed_since)
    changed, every = r.posts()
    return Review(r.projects, changed, r.diags, every)


def _say(level: str, message: str) -> None:
    """A notice in the Actions log (and on the run page), plain text elsewhere."""
    from smm import output
    from smm.github import workflow_command

    if os.environ.get("GITHUB_ACTIONS") == "true":
        output.out(workflow_command(level, message, "smm preview comment"))
    else:
        output.err(f"smm: {message}")


@click.group("github")
def command() -> None:
    """Pull-request preview comment and job summary (for GitHub Actions)."""


_changed_opt = click.option("--changed-since", metavar="REF",
                            help="Preview only posts changed since this git ref.")


@command.command("summary")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_changed_opt
@root_option
def summary(paths: tuple[Path, ...], changed_since: str | None, root: Path | None) -> int:
    """Print the job-summary Markdown (what `smm validate --format github` appends to
    $GITHUB_STEP_SUMMARY)."""
    from smm import output
    from smm.github import job_summary

    r = collect(root, changed_since, paths)
    output.out(job_summary(r.projects, r.changed, r.diags, r.all_posts), nl=False)
    return 0


@command.command("comment")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_changed_opt
@click.option("--repo", metavar="OWNER/NAME", help="Default: GITHUB_REPOSITORY.")
@click.option("--pr", "number", type=int, help="Default: the pull request of GITHUB_EVENT_PATH.")
@click.option("--author", metavar="LOGIN",
              help="Whose comment to update when the token is not a bot's (a personal token).")
@click.option("--dry-run", is_flag=True, help="Print the comment instead of posting it.")
@root_option
def comment(paths: tuple[Path, ...], changed_since: str | None, repo: str | None,
            number: int | None, author: str | None, dry_run: bool, root: Path | None) -> int:
    """Create or update the pull request's sticky preview comment.

    The token comes from GITHUB_TOKEN only. A pull request from a fork, or a read-only
    token, skips the comment with a notice and exit 0: the job summary carries the
    preview then.
    """
    from smm import output
    from smm.errors import UsageError
    from smm.github import (
        GitHub,
        GitHubError,
        PullRequest,
        comment_body,
        pull_request_from_env,
        upsert_comment,
    )

    pr = pull_request_from_env()
    if repo or number:
        pr = PullRequest(repo or (pr.repo if pr else os.environ.get("GITHUB_REPOSITORY", "")),
                         number or (pr.number if pr else 0), pr.head_sha if pr else None)
    if not dry_run:
        if pr is None or not pr.repo or not pr.number:
            raise UsageError("no pull request: run on a pull_request event, or pass "
                             "--repo OWNER/NAME and --pr N")
        if pr.fork:
            _say("notice", "pull request from a fork: its token is read-only, so no preview "
                 "comment; the job summary of the validate job shows the preview")
            return 0
    token = os.environ.get("GITHUB_TOKEN")
    if not dry_run and not token:
        raise UsageError("GITHUB_TOKEN is not set: give the step "
                         "`env: {GITHUB_TOKEN: ${{ github.token }}}`")

    r = collect(root, changed_since, paths)
    body = comment_body(r.projects, r.changed, r.diags, r.all_posts,
                        head_sha=pr.head_sha if pr else None)
    if dry_run:
        output.out(body)
        return 0
    assert pr is not None and token is not None
    try:
        with GitHub(token) as gh:
            # Nothing changed and no comment yet: stay quiet rather than post "nothing".
            done = upsert_comment(gh, pr, body, author=author, create=bool(r.changed))
    except GitHubError as e:
        if e.forbidden:
            _say("notice", f"the token may not comment here ({e.status}): no preview "
                 "comment; the job summary of the validate job shows the preview")
            return 0
        _say("warning", f"preview comment not updated: {e}")
        return 1
    where = f": {done.url}" if done.url else ""
    _say("notice", f"preview comment {done.action}{where}")
    return 0

