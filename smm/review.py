"""What `smm validate` sees, for every command that must agree with it.

The checks over the posts given or changed since a ref (with cadence across all
posts), plus the publish record's view of them. `smm validate` prints it; `smm github`
turns it into the job summary and the preview comment, so annotations, summary and
comment always tell the same story.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm.cache import Entry
from smm.diagnostics import Diagnostic
from smm.errors import UsageError
from smm.project import Project

if TYPE_CHECKING:
    from smm.content import Post


class Review:
    """What the checks found over the brands, and which posts each brand's run covered
    (None: all). A plain class: no dataclasses import on pre-commit's path."""

    def __init__(self, projects: list[Project]) -> None:
        self.projects = projects
        self.diags: list[Diagnostic] = []
        self.checked = 0
        self.scopes: list[tuple[Project, list[Path] | None]] = []

    def posts(self) -> tuple[list[tuple[Project, Post]], list[tuple[Project, Post]]]:
        """(changed posts, all posts) as whole Post objects: for summaries and
        comments, which show previews (CI only: this loads every post)."""
        from smm.content import load_posts

        changed, every = [], []
        for proj, only in self.scopes:
            posts, _ = load_posts(proj)
            every += [(proj, p) for p in posts]
            keep = None if only is None else set(only)
            changed += [(proj, p) for p in posts if keep is None or p.path.resolve() in keep]
        return changed, every


def review(projects: list[Project], paths: tuple[Path, ...] | list[Path] = (),
           changed_since: str | None = None, *, now: dt.datetime | None = None,
           use_cache: bool = True) -> Review:
    from smm._scan import Pending

    out = Review(projects)
    paths = [_found(p, projects) for p in paths]
    out.diags += _bad_paths(projects, paths)
    wanted: list[Path] | None = [_located(p) for p in paths] if paths else None
    if changed_since:
        wanted = (wanted or []) + changed_files(projects[0].repo_root, changed_since)
    # Each brand's listing starts first, to run while smm.checks imports (smm._scan).
    runs = [(proj, only, Pending(str(proj.posts_dir), use_cache, proj.rel(proj.posts_dir)))
            for proj in projects if (only := _only_for(proj, wanted)) != []]
    try:
        from smm import checks

        for proj, only, scan in runs:
            ledger = _Ledger(proj)
            result = checks.run(proj, only, now=now or proj.now(), is_recorded=ledger.has,
                                use_cache=use_cache, scan=scan)
            key = proj.key  # each finding names its brand (JSON, annotations, text)
            out.diags.extend(d.with_brand(key) for d in result.diags)
            out.diags.extend(d.with_brand(key) for d in ledger.edited(result.entries, only))
            out.checked += result.checked
            out.scopes.append((proj, only))
    finally:
        for _, _, scan in runs:  # a brand's bad rule file stops the run: no child waits
            scan.close()
    ws = projects[0].workspace if projects else None
    if ws is not None and (wanted is None or ws.path in wanted):
        from smm.workspace import matrix_findings

        out.diags.extend(matrix_findings(ws, projects[0].repo_root))
    return out


def _located(p: Path) -> Path:
    """The path with its folder resolved, not its last part: a link is checked as a
    link (smm.content.real_file) rather than as the file it points to."""
    p = p.absolute()
    return p.resolve() if p.is_dir() else p.parent.resolve() / p.name


def _found(p: Path, projects: list[Project]) -> Path:
    """A path as given; a relative one not found from here, from the brand's folder or
    the repository's (`smm validate --root DIR content/posts/x.md`)."""
    import os

    if os.path.lexists(p) or p.is_absolute():
        return p
    for base in [b for proj in projects for b in (proj.root, proj.repo_root)]:
        if os.path.lexists(base / p):
            return base / p
    return p


def _bad_paths(projects: list[Project], paths: tuple[Path, ...] | list[Path]
               ) -> list[Diagnostic]:
    """A path given that does not exist is a usage error; a link that leads nowhere
    or out of the repository is a finding (the checks report those among the posts)."""
    import os

    out = []
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
        if not os.path.islink(p) or any(_located(p).is_relative_to(proj.posts_dir.resolve())
                                         for proj in projects):
            continue
        real = os.path.realpath(p)
        if not os.path.exists(real):
            why = f"a link to {real}, which does not exist: fix or remove the link"
        elif not any(Path(real).is_relative_to(proj.repo_root.resolve()) for proj in projects):
            why = f"a link to {real}, outside the repository: keep posts inside it"
        else:
            continue
        out.append(Diagnostic(str(p), 1, 1, "error", "file.outside", "this is " + why))
    return out


def _only_for(proj: Project, wanted: list[Path] | None) -> list[Path] | None:
    """The posts of this brand among `wanted`; None (= all) when a config file of the
    brand changed, since strategy or brand changes can affect every post."""
    if wanted is None:
        return None
    ws = proj.workspace
    if ws is not None and any(p == ws.path or p.is_relative_to(ws.shared) for p in wanted):
        return None  # smm.yaml or a shared style or vocabulary: every brand may change
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


def changed_files(repo: Path, ref: str) -> list[Path]:
    """Files changed since `ref` (committed or not) plus untracked ones."""
    def git(*args: str) -> list[str]:
        import subprocess  # only for --changed-since: not on the pre-commit path

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
        now = self.proj.now().timestamp()
        candidates = [
            e for e in entries
            if (keep is None or e.rel in keep) and e.ts is not None and e.ts <= now
            and any(getattr(self.records.get((pid, c)), "state", None) == "published"
                    for c in e.channels for pid in (e.post_id, *e.previous_ids))]
        if not candidates:
            return []
        from smm.content import load_post
        from smm.publish.edits import published_edits

        posts = [p for e in candidates
                 if (p := load_post(self.proj, self.proj.repo_root / e.rel)[0]) is not None]
        return published_edits(self.proj, posts, self._state)
