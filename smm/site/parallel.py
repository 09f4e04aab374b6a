"""Parts of site generation in forked processes, so a build uses both cores of a small CI
machine while MkDocs itself uses one.

A Worker is a pool of forked processes that run the functions given to it; the
functions (closures included) are registered before the fork, so only their arguments
and results cross between processes, never the project or the posts. With one process,
tasks run in the order submitted, and a later one sees what an earlier one left in that
process's memory. Without fork (or with `fork=False`) the same functions run inline, so
both paths run the same code.

A task that fails in a worker runs again in this process: its exception then carries
everything it was raised with (an SmmError's path and line do not survive pickling),
and the build stops exactly as a serial build would.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable
from typing import Any

_FNS: dict[str, Callable[..., Any]] = {}  # inherited by the forked children


def _call(name: str, args: tuple[Any, ...]) -> Any:
    return _FNS[name](*args)


def template_cache() -> Any:
    """A cache of compiled Jinja templates in the user's cache folder, or None.

    Never inside the repository: compiled templates are code, and a repository's files
    may be hostile; the user's own cache folder is not the repository's to write."""
    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "smm", "jinja")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(folder)


def cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


class Task:
    """A submitted call: `get()` returns its value or raises its exception."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], pending: Any = None):
        self._fn, self._args, self._pending = fn, args, pending
        self._done = False
        self._value: Any = None
        self._error: BaseException | None = None
        if pending is None:
            self._run()

    def _run(self) -> None:
        try:
            self._value = self._fn(*self._args)
        except Exception as e:  # raised from get(), where a forked result would be
            self._error = e
        self._done = True

    def get(self) -> Any:
        if not self._done:
            try:
                self._value = self._pending.get()
                self._done = True
            except Exception:
                self._run()  # again, here: see the module docstring
        if self._error is not None:
            raise self._error
        return self._value


class Worker:
    def __init__(self, fns: dict[str, Callable[..., Any]], processes: int = 1,
                 fork: bool = True):
        self._fns = fns
        self._pool: Any = None
        if fork and can_fork():
            _FNS.update(fns)
            # Frozen, the objects this process holds are never scanned by a child's
            # collector: a scan writes to each object's header, and so copies every page
            # of the inherited heap into the child (it doubled the post pages' cost).
            gc.freeze()
            try:
                self._pool = mp.get_context("fork").Pool(processes)
            finally:  # the children hold them now; this process needs its own copy only
                gc.unfreeze()
                for name in fns:
                    _FNS.pop(name, None)

    def submit(self, name: str, *args: Any) -> Task:
        fn = self._fns[name]
        if self._pool is None:
            return Task(fn, args)
        return Task(fn, args, self._pool.apply_async(_call, (name, args)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()  # results are all collected: nothing left to wait for
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
