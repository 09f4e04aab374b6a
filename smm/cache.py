"""A cache of per-file results, so pre-commit answers fast on large repositories.

Like ruff's and mypy's caches: `.smm-cache/` beside the brand (git-ignored). Each
post's per-file diagnostics and schedule facts are stored under its path, keyed by
the file's mtime and size and by a fingerprint of everything that can change a
verdict (smm's version, strategy.yaml, brand/**). Schedule rules are never cached:
they are recomputed over all posts' facts on every run, since they depend on the
other posts and on the clock. A damaged or foreign cache is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from typing import Any, NamedTuple

from smm import __version__
from smm.diagnostics import Diagnostic
from smm.project import Project

_VERSION = 2
_RACY_NS = 2_000_000_000


class Entry(NamedTuple):
    """What the schedule checks need of a post, and its cached diagnostics. A named
    tuple: 10,000 of them are rebuilt from the cache on every run."""

    rel: str
    post_id: str
    publish_at: str | None  # ISO 8601 with offset
    channels: tuple[str, ...]
    draft: bool
    line: int  # of publish_at, for schedule findings
    column: int
    previous_ids: tuple[str, ...] = ()
    checked: bool = False  # diags hold the per-file checks (else: facts only)
    diags: tuple[Diagnostic, ...] = ()
    deps: tuple[tuple[str, int, int], ...] = ()  # media files: path, mtime_ns, size
    ts: float | None = None  # publish_at as POSIX seconds
    day: int = 0  # publish_at's date in the strategy's timezone, as an ordinal


def fingerprint(project: Project) -> str:
    h = hashlib.sha256(f"{__version__}:{_VERSION}".encode())
    files = [project.root / "strategy.yaml"]
    brand = project.root / "brand"
    if brand.is_dir():
        files += sorted(p for p in brand.rglob("*") if p.is_file())
    for f in files:
        try:
            h.update(str(f.relative_to(project.root)).encode() + b"\0" + f.read_bytes())
        except OSError:
            continue
    return h.hexdigest()[:20]


class Cache:
    def __init__(self, project: Project):
        self.path = project.root / ".smm-cache" / "posts.json"
        self.fp = fingerprint(project)
        self.entries: dict[str, tuple[int, int, Entry]] = {}
        self.dirty = False
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("version") == _VERSION and raw.get("fingerprint") == self.fp:
                for rel, (mtime, size, e) in raw["entries"].items():
                    self.entries[rel] = (mtime, size, _entry(e))
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def get(self, rel: str, st: os.stat_result) -> Entry | None:
        hit = self.entries.get(rel)
        if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size and _deps_ok(hit[2]):
            return hit[2]
        return None

    def put(self, rel: str, st: os.stat_result, entry: Entry) -> None:
        # "Racy git": a file modified within the filesystem's timestamp granularity of
        # now could change again with the same mtime and size. Don't trust it yet.
        if time.time_ns() - st.st_mtime_ns < _RACY_NS:
            return
        self.entries[rel] = (st.st_mtime_ns, st.st_size, entry)
        self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, dropping files that no longer exist. Best effort: a
        read-only checkout simply runs uncached."""
        stale = set(self.entries) - keep
        if not self.dirty and not stale:
            return
        for rel in stale:
            del self.entries[rel]
        data = {"version": _VERSION, "fingerprint": self.fp,
                "entries": {rel: [m, s, _dump(e)] for rel, (m, s, e) in self.entries.items()}}
        try:
            self.path.parent.mkdir(exist_ok=True)
            (self.path.parent / ".gitignore").write_text("*\n")
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass


def _deps_ok(e: Entry) -> bool:
    for path, mtime, size in e.deps:
        try:
            st = os.stat(path)
        except OSError:
            return False
        if st.st_mtime_ns != mtime or st.st_size != size:
            return False
    return True


def _dump(e: Entry) -> list[Any]:
    return [e.rel, e.post_id, e.publish_at, list(e.channels), e.draft, e.line, e.column,
            list(e.previous_ids), e.checked,
            [[d.path, d.line, d.column, d.severity, d.rule, d.message, d.channel, d.fix]
             for d in e.diags], [list(x) for x in e.deps], e.ts, e.day]


def _entry(v: list[Any]) -> Entry:
    return Entry(v[0], v[1], v[2], tuple(v[3]), v[4], v[5], v[6], tuple(v[7]), v[8],
                 tuple([Diagnostic(*d) for d in v[9]]) if v[9] else (),
                 tuple([(a, b, c) for a, b, c in v[10]]) if v[10] else (), v[11], v[12])
