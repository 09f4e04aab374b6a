"""All checks over one brand: per file (loading, length, media, voice), then across
posts (schedule, renamed ids).

`run` returns diagnostics; it never raises for content problems. Configuration
problems (a bad rule file) raise ConfigError, which the CLI turns into exit 2.
Per-file results are cached (smm.cache) and, on a cold run over many files, computed
on every core: pre-commit must answer fast on large repositories.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from smm import _docmemo, _scan
from smm._scan import Pending, Stamp
from smm.cache import Cache, Entry, Known
from smm.content import Post, load_post
from smm.diagnostics import Diagnostic
from smm.project import Project

_PARALLEL_MIN = 400  # below this many files to check, a process pool costs more than it saves


class Result:
    def __init__(self, checked: int, diags: list[Diagnostic], entries: list[Entry]) -> None:
        self.checked = checked  # posts whose per-file checks are reported
        self.diags = diags
        self.entries = entries


def run(project: Project, only: Iterable[Path] | None = None, *,
        now: dt.datetime | None = None,
        is_recorded: Callable[[Entry, str], bool] | None = None,
        use_cache: bool = True, scan: Pending | None = None) -> Result:
    """Check the brand's posts. With `only`, per-file checks cover those files alone
    (pre-commit, --changed-since) while schedule checks still see every post; the
    result's entries are then those of the posts in scope and the days around them.
    `scan`: the listing started earlier (start_scan), else one is made now."""
    scan = scan or start_scan(project, use_cache)
    try:
        return _run(project, only, now, is_recorded, use_cache, scan)
    finally:
        scan.close()  # when the run raised before reading it
        gc.unfreeze()  # see _gc_paused


def start_scan(project: Project, use_cache: bool = True) -> Pending:
    """Start listing the brand's posts (and, for the cache, reading their mtimes) while
    the caller goes on: see smm._scan."""
    return Pending(str(project.posts_dir), use_cache, project.rel(project.posts_dir))


def _run(project: Project, only: Iterable[Path] | None, now: dt.datetime | None,
         is_recorded: Callable[[Entry, str], bool] | None, use_cache: bool,
         scan: Pending) -> Result:
    from smm.checks import schedule

    now = now or project.now()
    # A file's folder resolved, not the file: a link among the posts is checked as the
    # link it is (smm.content.real_file), never replaced by what it points to.
    wanted = None if only is None else {
        os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(p))), p.name)
        for p in only}
    with _gc_paused():  # 10,000 cached rows: no collections over them
        cache = Cache(project) if use_cache else None
        # Loaded while the scan runs: a full run always loads the rules (to report rule
        # files smm cannot run), a scoped one when a file in scope must be checked.
        voice = _voice(project, cache) if wanted is None or _stale(project, wanted, cache) \
            else None
        rels, stamps = scan.result()
        s = _sort(project, rels, stamps, wanted, cache)
        s.odd = _names(project, scan.odd)
    if s.misses and voice is None:  # a file changed after the look above
        voice = _voice(project, cache)
    _docmemo.save_all()  # configuration files parsed this run, for the next
    fresh = _check_all(project, voice, s.misses, s.odd)
    fresh += [_entry(project, p, load_post(project, p, plain=p not in s.odd)[0], False, ())
              for p in s.facts]
    # (C loops below, map and chain rather than Python ones: a cold run's 10,000
    # entries pass here after the workers are done, with a core idle.)
    s.entries.update(zip(map(_rel, fresh), fresh, strict=True))
    if cache is not None and stamps is not None:
        for e in fresh:
            cache.put(e.rel, s.stamps[e.rel], e)
    if cache is not None:
        cache.save(s.rels)
    # Every entry is in scope on a full run.
    scoped = list(s.entries.values()) if wanted is None else \
        [s.entries[rel] for rel in s.in_scope]
    diags = list(chain.from_iterable(map(_diags, scoped)))
    if wanted is None and voice is not None:
        diags += voice.unsupported
    if wanted is not None and cache is not None:
        _near(project, s, cache)
    # Entries are tuples whose first item, the unique path, decides the order.
    entries = sorted(s.entries.values())
    cross = list(schedule.check(project, entries, now, is_recorded,
                                None if wanted is None else s.in_scope))
    cross += _renames(project, scoped,
                      lambda: s.ids() | {e.post_id for e in entries if e.post_id})
    diags += [d for d in cross if d.path in s.in_scope]
    return Result(len(s.in_scope), sorted(set(diags)), entries)


_rel = itemgetter(0)
_diags = attrgetter("diags")
_previous = attrgetter("previous_ids")


class _Names:
    """The file path of each post, made only for the files a run reads."""

    def __init__(self, base: str, rels: list[str], cut: int) -> None:
        self.base, self.rels, self.cut = base, rels, cut

    def __getitem__(self, i: int) -> str:
        return self.base + self.rels[i][self.cut:]

    def all(self) -> list[str]:
        base, cut = self.base, self.cut
        return [base + rel[cut:] for rel in self.rels]


class _Sorted:
    """The post files sorted by what a run must do with them."""

    def __init__(self) -> None:
        self.rels: list[str] = []  # rel paths of all post files, sorted
        self.in_scope: set[str] = set()
        self.entries: dict[str, Entry] = {}  # cached entries in use
        self.misses: list[str] = []  # to check in full
        self.facts: list[str] = []  # only their schedule facts needed
        # The files unchanged since cached: an entry is unpacked only if near the scope.
        self.known: Known | None = None
        self.stamps: dict[str, Stamp] = {}  # of the files the run reads or unpacks
        # The files among them that are no regular file: the loader looks at them first.
        self.odd: frozenset[str] = frozenset()

    def ids(self) -> set[str]:
        """The ids of the posts unchanged since cached (renames)."""
        return self.known.ids() if self.known is not None else set()


def _sort(project: Project, rels: list[str], stamps: list[Stamp] | None,
          wanted: set[str] | None, cache: Cache | None) -> _Sorted:
    """Sort the post files (`rels`: sorted, relative to the repository) into cache hits,
    files to check and files whose schedule facts alone are needed. String work, no
    Path or resolve per file."""
    s = _Sorted()
    s.rels = rels
    base = str(project.posts_dir)
    prefix = project.rel(project.posts_dir)
    cut = len(prefix)
    names = _Names(base, rels, cut)
    if wanted is None:
        s.in_scope = set(rels)
    else:
        real_base = str(project.posts_dir.resolve())
        s.in_scope = {rel for w in wanted if w.startswith(real_base + os.sep)
                      and _find(rels, rel := prefix + w[len(real_base):]) >= 0}
    if cache is None or stamps is None:  # no cache: a cold run checks everything
        if wanted is None:
            s.misses = names.all()
            return s
        for name, rel in zip(names.all(), rels, strict=True):
            (s.misses if rel in s.in_scope else s.facts).append(name)
        return s
    if wanted is None:
        todo = list(zip(names.all(), rels, stamps, strict=True))
    else:
        s.known, changed = cache.known(rels, stamps)
        todo = [(names[i], rels[i], stamps[i]) for i in changed if rels[i] not in s.in_scope]
        todo += [(names[i], rels[i], stamps[i])
                 for i in sorted(_find(rels, rel) for rel in s.in_scope)]
    s.stamps = {rel: stamp for _, rel, stamp in todo}
    for name, rel, stamp in todo:
        if rel not in s.in_scope:
            s.facts.append(name)
        elif (hit := cache.get(rel, stamp, checked=True)) is None:
            s.misses.append(name)
        else:
            s.entries[rel] = hit
    return s


def _names(project: Project, rels: list[str]) -> frozenset[str]:
    """The file paths of the posts the scan found to be no regular file (few or none)."""
    if not rels:
        return frozenset()
    cut = len(project.rel(project.posts_dir))
    return frozenset(str(project.posts_dir) + rel[cut:] for rel in rels)


def _find(rels: list[str], rel: str) -> int:
    """The index of `rel` in the sorted `rels`, or -1."""
    i = bisect_left(rels, rel)
    return i if i < len(rels) and rels[i] == rel else -1


def _near(project: Project, s: _Sorted, cache: Cache) -> None:
    """Unpack the cached entries the schedule checks of a scoped run can meet: posts
    within reach of a post in scope (smm.checks.schedule)."""
    from smm.checks.schedule import reach_days

    reach = reach_days(project)
    days = {e.day for rel, e in s.entries.items() if rel in s.in_scope and e.ts is not None}
    near = {d + k for d in days for k in range(-reach, reach + 1)}
    known = s.known
    if known is None:
        return
    for i in known.near(near, s.in_scope):
        rel = s.rels[i]
        e = cache.get(rel, s.stamps.setdefault(rel, known.stamps[i]))
        if e is None:  # damaged: read the file
            path = project.repo_root / rel
            e = _entry(project, path, load_post(project, path)[0], False, ())
        s.entries[rel] = e


def _stale(project: Project, wanted: set[str], cache: Cache | None) -> bool:
    """Whether a post in scope must be checked (not a cache hit): a few stats here,
    before the scan of every file is back."""
    if cache is None:
        return True
    real_base = str(project.posts_dir.resolve())
    prefix = project.rel(project.posts_dir)
    for path in wanted:
        if not path.startswith(real_base + os.sep):
            continue
        try:
            st = os.stat(path)
        except OSError:
            return True
        rel = prefix + path[len(real_base):]
        if cache.get(rel, (st.st_mtime_ns, st.st_size), checked=True) is None:
            return True
    return False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collections while tens of thousands of long-lived tuples are made,
    and none over them for the rest of the run (`run` unfreezes at its end): each
    full collection would walk all of them again, 5-7% of a pre-commit run."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


# check_post's helpers: imported on its first call, not with this package (a run whose
# posts are all cached never needs them), then kept. An import statement in check_post
# would cost each post 8 k instructions: Python 3.11 makes and drops an AttributeError
# (`__path__`) for each `from module import name`.
_helpers: tuple[Any, ...] | None = None


def _load_helpers() -> tuple[Any, ...]:
    global _helpers
    from smm.checks.length import check as check_length
    from smm.checks.length import check_fields
    from smm.checks.media import check as check_media
    from smm.checks.voice.fields import post_fields
    from smm.preview import checked_views

    _helpers = (check_length, check_fields, check_media, checked_views, post_fields)
    return _helpers


def check_post(project: Project, voice: Any, path: Path | str, plain: bool = False) -> Entry:
    """Every per-file check of one post file (`plain`: a scan saw a regular file)."""
    check_length, check_fields, check_media, checked_views, post_fields = \
        _helpers or _load_helpers()
    post, diags = load_post(project, path, plain)
    if post is None:
        return _entry(project, path, None, True, tuple(diags))
    per_post: list[Diagnostic] = []
    if voice is not None and post.channels:
        meta = post.meta  # post.lang(project) and post.sponsored, read once
        lang = meta.get("lang")
        lang = lang if isinstance(lang, str) else project.lang
        sponsored = meta.get("sponsored") is True
    for view in checked_views(project, post):
        if isinstance(view, tuple):  # nothing for the length, field and media checks
            channel, text = view
        else:
            per_post.extend(check_length(post, view))
            per_post.extend(check_fields(post, view))
            per_post.extend(check_media(project, post, view))
            channel, text = view.channel, view.text
        if voice is not None:
            per_post.extend(voice.check(
                text, channel=channel.id, platform=channel.platform, lang=lang,
                sponsored=sponsored, source=post.body, source_line=post.body_line,
                path=post.rel, fields=post_fields(post, channel.id)))
    if "first_comment" in post.fm.data:  # few posts have one: imported for those only
        from smm.checks.first_comment import check as check_comment

        per_post.extend(check_comment(project, post, voice))
    if per_post:
        diags += merge_channels(per_post)
    return _entry(project, path, post, True, tuple(diags))


def _entry(project: Project, path: Path | str, post: Post | None, checked: bool,
           diags: tuple[Diagnostic, ...]) -> Entry:
    if post is None:
        return Entry(project.rel(Path(path)), "", None, (), False, 0, 0, (), checked, diags)
    line, col = post.fm.pos("publish_at")
    deps = []
    for m in post.media:
        try:
            st = m.stat()
            deps.append((str(m.path), st.st_mtime_ns, st.st_size))
        except OSError:
            pass
    meta = post.meta  # read once: post.get and post.draft each read it
    prev = meta.get("previous_ids")
    prev = tuple(x for x in prev if isinstance(x, str)) if isinstance(prev, list) else ()
    when = post.publish_at
    if when is None:
        iso = ts = None
        day = 0
    elif (f := post.facts) is not None and f[0] is when and f[4] is project.timezone:
        iso, ts, day = f[1], f[2], f[3]  # made by the load on the way: see content._when
    else:
        iso, ts = when.isoformat(), when.timestamp()
        day = when.astimezone(project.timezone).date().toordinal()
    # tuple.__new__: what Entry(...) does, without the generated __new__'s call.
    return _new(Entry, (post.rel, post.id, iso, tuple(post.channels),
                        meta.get("draft") is True, line, col,
                        prev, checked, diags, tuple(deps), ts, day))


_new = tuple.__new__


_worker: tuple[Project, Any, frozenset[str]] | None = None


def _work(paths: list[str]) -> list[Entry]:
    assert _worker is not None
    project, voice, odd = _worker
    return [check_post(project, voice, p, not odd or p not in odd) for p in paths]


def _check_all(project: Project, voice: Any, paths: list[str],
               odd: frozenset[str] = frozenset()) -> list[Entry]:
    """check_post over `paths`, found by a scan; `odd`: those no regular file."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if len(paths) < _PARALLEL_MIN or cpus < 2 or not _scan.alone():
        return [check_post(project, voice, p, not odd or p not in odd) for p in paths]
    from smm._fork import fork_map

    global _worker
    _worker = (project, voice, odd)  # inherited by the forked workers, never pickled
    chunks = _chunks(paths, cpus)
    try:
        return [e for part in fork_map(_work, chunks, cpus) for e in part]
    finally:
        _worker = None


def _chunks(paths: list[str], cpus: int) -> list[list[str]]:
    """Guided, as OpenMP schedules loops: each chunk a 1/(8 cpus) share of the paths
    left, at least 20. The first are large (few frames to pickle), the last small, so
    when one worker takes the last chunk the others wait a few milliseconds at most,
    whatever a slow chunk (long threads, many findings) cost before."""
    out: list[list[str]] = []
    i, n = 0, len(paths)
    while i < n:
        size = max(20, (n - i) // (cpus * 8))
        out.append(paths[i:i + size])
        i += size
    return out


def _renames(project: Project, entries: list[Entry], live_ids: Callable[[], set[str]]
             ) -> list[Diagnostic]:
    """A previous id still used by a live post (`live_ids()`: every post's id, made only
    when a post in scope has previous ids) would merge two posts' publish records."""
    out = []
    entries = list(filter(_previous, entries))  # few posts were ever renamed
    live = live_ids() if entries else set()
    for e in entries:
        for i, old in enumerate(e.previous_ids):
            if old in live and old != e.post_id:
                post, _ = load_post(project, project.repo_root / e.rel)  # rare: for the line
                line, col = post.pos("previous_ids", i) if post else (1, 1)
                out.append(Diagnostic(e.rel, line, col, "error", "frontmatter.previous_ids",
                                      f"{old!r} is the id of another post: a previous id must "
                                      "be one this post had before a rename"))
    return out


def _voice(project: Project, cache: Cache | None = None) -> Any:
    """The brand's voice. With a cache that saw these rule files load cleanly, patterns
    compile when first used and the literal screens come from the cache."""
    brand_dir = project.root / "brand"
    if not brand_dir.is_dir():
        return None
    from smm.checks.voice import load_voice, prefilter

    known = cache is not None and cache.voice_ok
    if cache is not None and known:
        prefilter.memo.update(cache.literals)
    voice = load_voice(brand_dir, project.brand, lazy=known)
    if cache is not None:
        cache.voice_ok = True
        cache.keep_literals(prefilter.memo)
    return voice


def merge_channels(diags: list[Diagnostic]) -> list[Diagnostic]:
    """One finding for the same place and message on several channels, channels joined:
    a reviewer reads "Fernwood.Hype (x, bluesky)" once, not twice."""
    groups: dict[tuple[object, ...], list[Diagnostic]] = {}
    for d in diags:
        groups.setdefault((d.path, d.line, d.column, d.severity, d.rule, d.message), []).append(d)
    out = []
    for group in groups.values():
        chans = [d.channel for d in group if d.channel]
        first = group[0]
        out.append(Diagnostic(first.path, first.line, first.column, first.severity, first.rule,
                              first.message, ",".join(dict.fromkeys(chans)) or None, first.fix))
    return out
