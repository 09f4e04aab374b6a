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
import zlib
from collections.abc import Sequence
from itertools import compress, repeat
from operator import eq, itemgetter, not_
from typing import Any, NamedTuple

from smm import __version__, clock
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


class Known:
    """The posts whose files are unchanged since they were cached, aligned with the
    run's list of post files: `mask[i]` says whether file i is unchanged. `rows[i]` is
    file i's row in the cache's columns (None: the same files in the same order)."""

    def __init__(self, rels: list[str], stamps: list[tuple[int, int]], mask: list[bool],
                 rows: list[int] | None, cols: tuple[tuple[Any, ...], ...]):
        self.rels, self.stamps, self.mask, self._rows, self._cols = rels, stamps, mask, rows, cols

    def _aligned(self, col: int, missing: object) -> Sequence[Any]:
        c = self._cols[col]
        return c if self._rows is None else list(map((*c, missing).__getitem__, self._rows))

    def ids(self) -> set[str]:
        """The post ids of the unchanged files."""
        out = set(compress(self._aligned(3, ""), self.mask))
        out.discard("")
        return out

    def near(self, days: set[int], skip: set[str]) -> list[int]:
        """The indexes of unchanged files, not in `skip`, whose schedule day is one of
        `days`."""
        rels, mask = self.rels, self.mask
        return [i for i in compress(range(len(rels)), map(days.__contains__,
                                                           self._aligned(2, 0)))
                if mask[i] and rels[i] not in skip]


class Cache:
    """The cache of one brand. Per file it keeps the file's (mtime_ns, size), the
    schedule day and id (read for every post on every run) and the rest of the entry
    as its own marshal bytes, unpacked only when the run needs that post: a one-file
    run needs the posts in scope and the few days around them, not 10,000 entries.
    The columns stay columns in memory too: comparing 10,000 stamps is then a few C
    loops (map, compress), not a Python loop over rows."""

    def __init__(self, project: Project):
        self.path = project.root / ".smm-cache" / "posts.bin"
        self.fp = fingerprint(project)
        self.dirty = False
        # Column by column, in one order: rel path, (mtime_ns, size), schedule day,
        # post id, marshal bytes of the Entry's fields.
        self._cols: tuple[tuple[Any, ...], ...] = ((), (), (), (), ())
        self._index: dict[str, int] | None = None  # row of each rel path, made when asked
        self._put: dict[str, tuple[tuple[int, int], int, str, bytes]] = {}  # rows to add
        self._all_alive = False  # known() saw a file for every cached row
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
                self._cols = raw[4]
        except (OSError, ValueError, EOFError, TypeError):
            pass

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

    def _row(self, rel: str) -> int | None:
        if self._index is None:
            self._index = dict(zip(self._cols[0], range(len(self._cols[0])), strict=True))
        return self._index.get(rel)

    def known(self, rels: list[str], stamps: list[tuple[int, int]]) -> tuple[Known, list[int]]:
        """Which of the run's post files are unchanged since they were cached, and the
        indexes of the others."""
        names, cstamps = self._cols[0], self._cols[1]
        rows: list[int] | None = None
        if len(rels) == len(names) and rels == list(names):
            # The same files in the same order (save() keeps rows sorted): the columns
            # line up with the run's list as they are.
            mask = list(map(eq, stamps, cstamps))
            self._all_alive = True
        else:
            if self._index is None:
                self._index = dict(zip(names, range(len(names)), strict=True))
            # Each file's row, or the row past the end (a file the cache has not seen).
            rows = list(map(self._index.get, rels, repeat(len(names))))
            mask = list(map(eq, stamps, map((*cstamps, None).__getitem__, rows)))
            # Every cached row still has its file: save() need not look for vanished ones.
            self._all_alive = len(rels) - rows.count(len(names)) == len(names)
        changed = list(compress(range(len(rels)), map(not_, mask)))
        return Known(rels, stamps, mask, rows, self._cols), changed

    def get(self, rel: str, stamp: tuple[int, int], *, checked: bool = False) -> Entry | None:
        """The cached entry of an unchanged file; with `checked`, only one that holds
        the per-file checks, with its media files unchanged too."""
        put = self._put.get(rel)
        i = self._row(rel) if put is None else None
        if put is not None:
            row_stamp, blob = put[0], put[3]
        elif i is not None:
            row_stamp, blob = self._cols[1][i], self._cols[4][i]
        else:
            return None
        if row_stamp != stamp:
            return None
        try:
            entry = _entry(rel, marshal.loads(blob))
        except (TypeError, ValueError, IndexError, EOFError):
            return None  # damaged: check the file again
        if checked and (not entry.checked or (entry.deps and not _deps_ok(entry))):
            return None
        return entry

    def put(self, rel: str, stamp: tuple[int, int], entry: Entry) -> None:
        # "Racy git": a file modified within the filesystem's timestamp granularity of
        # now could change again with the same mtime and size. Don't trust it yet.
        if clock.wall_ns() - stamp[0] < _RACY_NS:
            return
        self._put[rel] = (stamp, entry.day, entry.post_id, marshal.dumps(_dump(entry)))
        self.dirty = True

    def save(self, rels: list[str]) -> None:
        """Write the cache, keeping only the files in `rels` (all post files). Best
        effort: a read-only checkout simply runs uncached."""
        if not self.dirty and self._all_alive:
            return
        alive = list(map(set(rels).__contains__, self._cols[0]))
        if not self.dirty and all(alive):
            return
        # Column by column (C loops): rows of vanished files dropped, new rows set in
        # place or appended.
        cols = [list(compress(c, alive)) for c in self._cols]
        index = dict(zip(cols[0], range(len(cols[0])), strict=True))
        for rel, (stamp, day, pid, blob) in self._put.items():
            i = index.get(rel)
            if i is None:
                index[rel] = len(cols[0])
                for col, v in zip(cols, (rel, stamp, day, pid, blob), strict=True):
                    col.append(v)
            else:
                cols[1][i], cols[2][i], cols[3][i], cols[4][i] = stamp, day, pid, blob
        if len(index) > len(alive):  # rows appended: sorted again, for known()'s fast path
            pick = itemgetter(*sorted(range(len(cols[0])), key=cols[0].__getitem__))
            cols = [list(pick(c)) if len(cols[0]) > 1 else c for c in cols]
        table = tuple(tuple(c) for c in cols)
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
    """Columns of one length: names, stamps, days, ids, entries' bytes. Their values'
    types are not checked (13 M instructions on 10,000 rows): a value of the wrong type
    never equals a stamp, a day or an id, and bytes that are not bytes fail to unpack,
    so such a row only means the file is read again."""
    return (isinstance(t, tuple) and len(t) == 5 and all(isinstance(c, tuple) for c in t)
            and len({len(c) for c in t}) == 1)


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
