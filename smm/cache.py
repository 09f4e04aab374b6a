"""A cache of per-file results, so pre-commit answers fast on large repositories.

Like ruff's and mypy's caches: `.smm-cache/` beside the brand (git-ignored). Each
post's per-file diagnostics and schedule facts are stored under its path, keyed by
the file's mtime and size and by a fingerprint of everything that can change a
verdict (smm's version, strategy.yaml, brand/**). Schedule rules are never cached:
they are recomputed over all posts' facts on every run, since they depend on the
other posts and on the clock. A damaged or foreign cache is ignored, never trusted.

The file is `marshal` data of plain tuples, not JSON, laid out in columns: a one-file
pre-commit run reads every post's (mtime, size), schedule day and id, but unpacks the
rest of an entry (its own marshal bytes) only for the posts it needs. On 10,000 posts
that loads in a tenth of the time of whole entries, and a twentieth of JSON's. Marshal's
format belongs to one Python version, so that version is part of the fingerprint;
the cache holds only strings, numbers and tuples, never code, and a checkout's mtimes
never match a cache made elsewhere.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from typing import Any, NamedTuple

from smm import __version__
from smm.diagnostics import Diagnostic
from smm.project import Project

_VERSION = 6
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
    """What every verdict depends on besides the post: smm's, Python's and regex's
    versions, strategy.yaml and brand/**. CRC-32 and Adler-32 over the names, bytes
    and modification times (zlib, where hashlib's OpenSSL would cost pre-commit 5 ms of
    import). The times make a cache from elsewhere (say, one committed to the
    repository) never match a fresh checkout: what it says about rules is not trusted."""
    head = (f"{__version__}:{_VERSION}:{sys.version_info[:2]}:{marshal.version}:"
            f"{_regex_stamp()}").encode()
    crc, adler, size = zlib.crc32(head), zlib.adler32(head), len(head)
    root = str(project.root)
    for f in [os.path.join(root, "strategy.yaml"), *_files(os.path.join(root, "brand"))]:
        try:
            with open(f, "rb", buffering=0) as fh:
                data = (f"{f[len(root):]}\0{os.fstat(fh.fileno()).st_mtime_ns}\0".encode()
                        + fh.readall())
        except OSError:
            continue
        crc, adler, size = zlib.crc32(data, crc), zlib.adler32(data, adler), size + len(data)
    return f"{crc:08x}{adler:08x}{size:x}"


def _regex_stamp() -> str:
    """Which regex module is installed (it decides whether a rule's pattern compiles):
    its file and that file's time, found without importing it (65 M instructions, a
    tenth of a pre-commit run that finds every post in the cache)."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("regex")
    origin = spec.origin if spec is not None else None
    try:
        return f"{origin}:{os.stat(origin).st_mtime_ns}" if origin else "none"
    except OSError:
        return "none"


def _files(folder: str) -> list[str]:
    """Every file under `folder`, sorted (os.scandir: a third of Path.rglob's time)."""
    out: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for e in entries:
        if e.is_dir():
            out += _files(e.path)
        elif e.is_file():
            out.append(e.path)
    return sorted(out)


class Cache:
    """The cache of one brand. Per file it keeps the file's (mtime_ns, size), the
    schedule day and id (read for every post on every run) and the rest of the entry
    as its own marshal bytes, unpacked only when the run needs that post: a one-file
    run needs the posts in scope and the few days around them, not 10,000 entries."""

    def __init__(self, project: Project):
        self.path = project.root / ".smm-cache" / "posts.bin"
        self.fp = fingerprint(project)
        self.dirty = False
        # Column by column, in one order: rel path, (mtime_ns, size), schedule day,
        # post id, marshal bytes of the Entry's fields.
        self._rows: dict[str, tuple[tuple[int, int], int, str, bytes]] = {}
        # The voice rules of this fingerprint loaded without error once: their patterns
        # can compile when first used (smm.checks.voice.rules.base.LazyPattern).
        self._voice_ok = False
        # Voice rules' literal screens by pattern (smm.checks.voice.prefilter.memo).
        self.literals: dict[str, Any] = {}
        try:
            with open(self.path, "rb") as f:
                raw = marshal.loads(f.read())  # marshal.load(f) reads in small pieces: 7x slower
            if (isinstance(raw, tuple) and len(raw) == 5 and raw[:2] == (_VERSION, self.fp)
                    and isinstance(raw[3], dict) and _is_table(raw[4])):
                self._voice_ok = raw[2] is True
                self.literals = raw[3]
                self._rows = dict(zip(raw[4][0], zip(*raw[4][1:], strict=True), strict=True))
        except (OSError, ValueError, EOFError, TypeError):
            self._rows = {}

    @property
    def voice_ok(self) -> bool:
        return self._voice_ok

    @voice_ok.setter
    def voice_ok(self, ok: bool) -> None:
        self.dirty |= ok != self._voice_ok
        self._voice_ok = ok

    def keep_literals(self, found: dict[str, Any]) -> None:
        if found != self.literals:
            self.literals = dict(found)
            self.dirty = True

    def known(self, rels: list[str], stamps: list[tuple[int, int]]
              ) -> tuple[dict[str, tuple[int, str]], list[int]]:
        """For files unchanged since they were cached, (schedule day, post id) by rel
        path; and the indexes of the others. One loop over every post file."""
        rows = self._rows
        found: dict[str, tuple[int, str]] = {}
        changed: list[int] = []
        for i, rel in enumerate(rels):
            row = rows.get(rel)
            if row is not None and row[0] == stamps[i]:
                found[rel] = row[1], row[2]
            else:
                changed.append(i)
        return found, changed

    def get(self, rel: str, stamp: tuple[int, int], *, checked: bool = False) -> Entry | None:
        """The cached entry of an unchanged file; with `checked`, only one that holds
        the per-file checks, with its media files unchanged too."""
        row = self._rows.get(rel)
        if row is None or row[0] != stamp:
            return None
        try:
            entry = _entry(rel, marshal.loads(row[3]))
        except (TypeError, ValueError, IndexError, EOFError):
            return None  # damaged: check the file again
        if checked and (not entry.checked or (entry.deps and not _deps_ok(entry))):
            return None
        return entry

    def put(self, rel: str, stamp: tuple[int, int], entry: Entry) -> None:
        # "Racy git": a file modified within the filesystem's timestamp granularity of
        # now could change again with the same mtime and size. Don't trust it yet.
        if time.time_ns() - stamp[0] < _RACY_NS:
            return
        self._rows[rel] = (stamp, entry.day, entry.post_id, marshal.dumps(_dump(entry)))
        self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, dropping files that no longer exist. Best effort: a
        read-only checkout simply runs uncached."""
        stale = set(self._rows) - keep
        if not self.dirty and not stale:
            return
        for rel in stale:
            del self._rows[rel]
        names = sorted(self._rows)
        rows = [self._rows[n] for n in names]
        table = (tuple(names), *(tuple(col) for col in zip(*rows, strict=True))) if rows \
            else ((), (), (), (), ())
        try:
            self.path.parent.mkdir(exist_ok=True)
            (self.path.parent / ".gitignore").write_text("*\n")
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(marshal.dumps((_VERSION, self.fp, self._voice_ok, self.literals,
                                           table)))
            tmp.replace(self.path)
        except (OSError, ValueError):  # ValueError: a value marshal cannot hold
            pass


def _is_table(t: Any) -> bool:
    """Columns of one length: names, stamps, days, ids, entries' bytes (types checked
    by C loops: map and set, not a Python loop a row)."""
    return (isinstance(t, tuple) and len(t) == 5 and all(isinstance(c, tuple) for c in t)
            and len({len(c) for c in t}) == 1
            and all(set(map(type, c)) <= {want} for c, want in zip(
                t, (str, tuple, int, str, bytes), strict=True)))


def _deps_ok(e: Entry) -> bool:
    for path, mtime, size in e.deps:
        try:
            st = os.stat(path)
        except OSError:
            return False
        if st.st_mtime_ns != mtime or st.st_size != size:
            return False
    return True


def _dump(e: Entry) -> tuple[Any, ...]:
    # The Entry as it stands, diagnostics as plain tuples.
    diags = tuple((d.path, d.line, d.column, d.severity, d.rule, d.message, d.channel, d.fix)
                  for d in e.diags)
    return (*e[:9], diags, *e[10:])


_FIELDS = len(Entry._fields)


_new = tuple.__new__


def _entry(rel: str, t: tuple[Any, ...]) -> Entry:
    if not isinstance(t, tuple) or len(t) != _FIELDS or t[0] != rel:
        raise ValueError("not an entry of this file")
    if t[9]:
        t = (*t[:9], tuple([Diagnostic(*d) for d in t[9]]), *t[10:])
    return _new(Entry, t)  # what Entry._make does, without its two calls
