"""smm validate: every check, on all posts or on the given/changed ones."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import click

from smm.cache import Entry
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
@click.option("--no-cache", is_flag=True, help="Check every file afresh (.smm-cache/ unused).")
@root_option
def command(paths: tuple[Path, ...], fmt: str, changed_since: str | None, now: str | None,
            no_cache: bool, root: Path | None) -> int:
    """Check posts against platform rules and the brand voice.

    Exit 0 when no errors, 1 when errors were found, 2 on bad configuration.
    """
    from smm import checks, output, report

    when = _parse_now(now) if now else dt.datetime.now(dt.UTC)
    brands = projects(root)
    wanted: list[Path] | None = [p.resolve() for p in paths] if paths else None
    if changed_since:
        wanted = (wanted or []) + _changed(brands[0].repo_root, changed_since)
    diags: list[Diagnostic] = []
    checked = 0
    scopes: list[tuple[Project, list[Path] | None]] = []
    for proj in brands:
        only = _only_for(proj, wanted)
        if only == []:
            continue  # none of the given or changed files is a post of this brand
        ledger = _Ledger(proj)
        result = checks.run(proj, only, now=when, is_recorded=ledger.has,
                            use_cache=not no_cache)
        diags.extend(result.diags)
        diags.extend(ledger.edited(result.entries, only))
        checked += result.checked
        scopes.append((proj, only))
    if fmt == "json":
        output.json_out(report.format_json(diags))
    elif fmt == "github":
        text = report.format_github(diags)
        if text:
            output.out(text)
        _summary(brands, scopes, diags)
    else:
        output.out(report.format_text(diags, checked))
    return 1 if has_errors(diags) else 0


def _parse_now(value: str) -> dt.datetime:
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


class _Ledger:
    """The publish record, read lazily and offline (pre-commit must not touch the
    network): only runs that meet a past post open it."""

    def __init__(self, proj: Project):
        self.proj = proj
        self._state: Any = None
        self._records: dict[tuple[str, str], Any] | None = None

    @property
    def records(self) -> dict[tuple[str, str], Any]:
        if self._records is None:
            from smm.errors import SmmError
            from smm.publish import ledger
            from smm.state import State

            try:
                self._state = State.open(self.proj, fetch=False)
                recs = ledger.load_all(self._state)
            except SmmError:
                recs = []
            self._records = {(r.post_id, r.channel): r for r in recs}
        return self._records

    def has(self, e: Entry, channel: str) -> bool:
        return any((pid, channel) in self.records for pid in (e.post_id, *e.previous_ids))

    def edited(self, entries: list[Entry], only: list[Path] | None) -> list[Diagnostic]:
        """Posts edited after they were published (smm.publish.edits): only posts in
        scope that went out before now and have a published record are loaded."""
        keep = None if only is None else {self.proj.rel(p) for p in only}
        now = dt.datetime.now(dt.UTC)
        candidates = [
            e for e in entries
            if (keep is None or e.rel in keep) and e.publish_at
            and dt.datetime.fromisoformat(e.publish_at) <= now
            and any(getattr(self.records.get((pid, c)), "state", None) == "published"
                    for c in e.channels for pid in (e.post_id, *e.previous_ids))]
        if not candidates:
            return []
        from smm.content import load_post
        from smm.publish.edits import published_edits

        posts = [p for e in candidates
                 if (p := load_post(self.proj, self.proj.repo_root / e.rel)[0]) is not None]
        return published_edits(self.proj, posts, self._state)


def _summary(brands: list[Project], scopes: list[tuple[Project, list[Path] | None]],
             diags: list[Diagnostic]) -> None:
    """The job summary needs whole posts (their previews): CI only, so load them here."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from smm.content import load_posts
    from smm.github import job_summary

    changed, every = [], []
    for proj, only in scopes:
        posts, _ = load_posts(proj)
        every += [(proj, p) for p in posts]
        keep = None if only is None else set(only)
        changed += [(proj, p) for p in posts if keep is None or p.path.resolve() in keep]
    with open(path, "a", encoding="utf-8") as f:
        f.write(job_summary(brands, changed, diags, every))
