"""Run MkDocs on the generated folder: `smm site build` and `smm site serve`.

MkDocs runs in-process (mkdocs.commands.build), which saves a second interpreter start
and lets warnings reach smm's output funnel. Strict mode is always on: a broken link or
a missing page fails the build rather than shipping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from smm import output
from smm.errors import SmmError
from smm.project import Project
from smm.site import generate

WATCHED = ("content", "brand", "strategy.yaml", "site/docs", "state")


class BuildFailed(SmmError):
    exit_code = 1


class _ToOutput(logging.Handler):
    """MkDocs' log lines, through smm's output funnel (which scrubs secrets)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            output.err(f"mkdocs: {record.levelname}: {record.getMessage()}")


def _config(result: generate.Result, site: Path) -> object:
    from mkdocs.config import load_config

    return load_config(config_file=str(result.config), strict=True, site_dir=str(site))


def build(project: Project, out: Path | None = None, now: dt.datetime | None = None
          ) -> tuple[generate.Result, Path]:
    """Generate, then build with MkDocs in strict mode. Returns the site folder."""
    from mkdocs.exceptions import MkDocsException

    from smm.site import _mkparallel

    result = generate.generate(project, now)
    site = (out or generate.site_dir(project) / "_build").resolve()
    logger = logging.getLogger("mkdocs")
    handler = _ToOutput()
    logger.addHandler(handler)
    try:
        cfg = _config(result, site)
        # MkDocs' own steps, with the pages outside the nav on every core; MkDocs' serial
        # build whenever the configuration holds anything that module does not handle.
        _mkparallel.build(cfg,  # type: ignore[arg-type]
                          cache=generate.generated_dir(project) / _mkparallel.CACHE)
    except MkDocsException as e:
        raise BuildFailed(f"mkdocs build failed: {e}") from e
    finally:
        logger.removeHandler(handler)
    return result, site


def _snapshot(project: Project) -> dict[str, int]:
    seen: dict[str, int] = {}
    for name in WATCHED:
        for path in _walk(project.root / name):
            with contextlib.suppress(OSError):
                seen[path] = os.stat(path).st_mtime_ns
    return seen


def _walk(path: Path) -> Iterator[str]:
    if path.is_file():
        yield str(path)
        return
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            yield os.path.join(dirpath, f)


def _watch(project: Project, stop: threading.Event, interval: float = 1.0) -> None:
    """Regenerate when a source changes; MkDocs sees the changed pages and reloads."""
    before = _snapshot(project)
    while not stop.wait(interval):
        now = _snapshot(project)
        if now == before:
            continue
        before = now
        try:
            r = generate.generate(project, workers=0)  # no fork from a threaded server
            output.err(f"smm: regenerated the site ({r.changed} files changed)")
        except SmmError as e:
            output.err(f"smm: {e}")
        except Exception as e:  # keep serving: the next save may fix it
            output.err(f"smm: could not regenerate: {type(e).__name__}: {e}")
        time.sleep(0)


def serve(project: Project, addr: str = "127.0.0.1:8000") -> None:
    """`mkdocs serve` on the generated folder, regenerating when content/, brand/ or
    strategy.yaml change, so the browser reloads on every save."""
    from mkdocs.commands.serve import serve as mk_serve

    result = generate.generate(project)
    stop = threading.Event()
    t = threading.Thread(target=_watch, args=(project, stop), daemon=True, name="smm-watch")
    t.start()
    logger = logging.getLogger("mkdocs")
    handler = _ToOutput()
    logger.addHandler(handler)
    output.err(f"smm: serving {project.name} on http://{addr}/ (Ctrl-C stops)")
    try:
        mk_serve(str(result.config), livereload=True, dev_addr=addr)
    finally:
        stop.set()
        logger.removeHandler(handler)
