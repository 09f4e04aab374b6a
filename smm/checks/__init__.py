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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smm.cache import Cache, Entry
from smm.content import Post, discover_names, load_post
from smm.diagnostics import Diagnostic
from smm.project import Project

_PARALLEL_MIN = 400  # below this many files to check, a process pool costs more than it saves


@dataclass
class Result:
    checked: int  # posts whose per-file checks are reported
    diags: list[Diagnostic]
    entries: list[Entry]


def run(project: Project, only: Iterable[Path] | None = None, *,
        now: dt.datetime | None = None,
        is_recorded: Callable[[Entry, str], bool] | None = None,
        use_cache: bool = True) -> Result:
    """Check the brand's posts. With `only`, per-file checks cover those files alone
    (pre-commit, --changed-since) while schedule checks still see every post."""
    try:
        return _run(project, only, now, is_recorded, use_cache)
    finally:
        gc.unfreeze()  # see _gc_paused


def _run(project: Project, only: Iterable[Path] | None, now: dt.datetime | None,
         is_recorded: Callable[[Entry, str], bool] | None, use_cache: bool) -> Result:
    from smm.checks import schedule

    now = now or dt.datetime.now(dt.UTC)
    wanted = None if only is None else {str(p.resolve()) for p in only}
    entries: dict[str, Entry] = {}
    misses: list[str] = []  # need full checks
    facts: list[str] = []  # need only their schedule facts
    stats: dict[str, os.stat_result] = {}
    in_scope: set[str] = set()
    base = str(project.posts_dir)
    real_base = str(project.posts_dir.resolve())
    prefix = project.rel(project.posts_dir)
    with _gc_paused():  # 10,000 stats and entries: no collections over the cache's tuples
        cache = Cache(project) if use_cache else None
        _scan(discover_names(project), base, real_base, prefix, wanted, cache, stats, in_scope,
              entries, misses, facts)
    # A full run always loads the rules, to report rule files smm cannot run.
    voice = _voice(project, cache) if misses or wanted is None else None
    fresh = _check_all(project, voice, misses)
    fresh += [_entry(project, Path(p), load_post(project, Path(p))[0], False, ()) for p in facts]
    for e in fresh:
        entries[e.rel] = e
        if cache is not None:
            cache.put(e.rel, stats[e.rel], e)
    if cache is not None:
        cache.save(set(entries))
    diags = [d for rel in in_scope for d in entries[rel].diags]
    if wanted is None and voice is not None:
        diags += voice.unsupported
    all_entries = sorted(entries.values(), key=lambda e: e.rel)
    cross = list(schedule.check(project, all_entries, now, is_recorded,
                                None if wanted is None else in_scope))
    cross += _renames(project, all_entries)
    diags += [d for d in cross if d.path in in_scope]
    return Result(len(in_scope), sorted(set(diags)), all_entries)


def _scan(names: list[str], base: str, real_base: str, prefix: str, wanted: set[str] | None,
          cache: Cache | None, stats: dict[str, os.stat_result], in_scope: set[str],
          entries: dict[str, Entry], misses: list[str], facts: list[str]) -> None:
    """Sort the post files into cache hits (`entries`), files to check (`misses`) and
    files whose schedule facts alone are needed (`facts`)."""
    for name in names:
        sub = name[len(base):]  # "/2026-12/a.md": string work, no Path or resolve per file
        rel = prefix + sub
        scoped = wanted is None or real_base + sub in wanted
        if scoped:
            in_scope.add(rel)
        hit = None
        if cache is not None:  # without a cache, no stat: a cold run checks everything
            st = stats[rel] = os.stat(name)
            hit = cache.get(rel, st)
        if hit is not None and (hit.checked or not scoped):
            entries[rel] = hit
        elif scoped:
            misses.append(name)
        else:
            facts.append(name)


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


def check_post(project: Project, voice: Any, path: Path | str) -> Entry:
    """Every per-file check of one post file."""
    from smm.checks import length, media
    from smm.preview import channel_views

    path = Path(path)
    post, diags = load_post(project, path)
    if post is None:
        return _entry(project, path, None, True, tuple(diags))
    per_post: list[Diagnostic] = []
    for view in channel_views(project, post):
        per_post.extend(length.check(post, view))
        per_post.extend(length.check_fields(post, view))
        per_post.extend(media.check(project, post, view))
        if voice is not None:
            per_post.extend(voice.check(
                view.text, channel=view.channel.id, platform=view.channel.platform,
                lang=post.lang(project), sponsored=post.sponsored, source=post.body,
                source_line=post.body_line, path=post.rel))
    return _entry(project, path, post, True, tuple(diags) + tuple(merge_channels(per_post)))


def _entry(project: Project, path: Path, post: Post | None, checked: bool,
           diags: tuple[Diagnostic, ...]) -> Entry:
    rel = project.rel(path)
    if post is None:
        return Entry(rel, "", None, (), False, 0, 0, (), checked, diags)
    line, col = post.pos("publish_at")
    deps = []
    for m in post.media:
        try:
            st = m.path.stat()
            deps.append((str(m.path), st.st_mtime_ns, st.st_size))
        except OSError:
            pass
    prev = tuple(x for x in post.get("previous_ids") or [] if isinstance(x, str))
    when = post.publish_at
    return Entry(rel, post.id, when.isoformat() if when else None,
                 tuple(post.channels), post.draft, line, col, prev, checked, diags,
                 tuple(deps), when.timestamp() if when else None,
                 when.astimezone(project.timezone).date().toordinal() if when else 0)


_worker: tuple[Project, Any] | None = None


def _work(paths: list[str]) -> list[Entry]:
    assert _worker is not None
    return [check_post(_worker[0], _worker[1], p) for p in paths]


def _check_all(project: Project, voice: Any, paths: list[str]) -> list[Entry]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if len(paths) < _PARALLEL_MIN or cpus < 2:
        return [check_post(project, voice, p) for p in paths]
    import multiprocessing as mp

    global _worker
    _worker = (project, voice)  # inherited by the forked workers, never pickled
    # Many small chunks: the parent unpickles finished ones while the workers go on,
    # and a slow chunk (long threads, many findings) cannot leave a core idle.
    size = max(50, len(paths) // (cpus * 16))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    try:
        with mp.get_context("fork").Pool(cpus) as pool:
            return [e for part in pool.imap_unordered(_work, chunks) for e in part]
    finally:
        _worker = None


def _renames(project: Project, entries: list[Entry]) -> list[Diagnostic]:
    """A previous id still used by a live post would merge two posts' publish records."""
    live = {e.post_id for e in entries if e.post_id}
    out = []
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
