"""Run MkDocs on the generated folder: `smm site build` and `smm site serve`.

MkDocs runs in-process (mkdocs.commands.build), which saves a second interpreter start
and lets warnings reach smm's output funnel. Strict mode is always on: a broken link or
a missing page fails the build rather than shipping.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    from smm.site import _mkparallel

    result = generate.generate(project, now)
    site = (out or generate.site_dir(project) / "_build").resolve()
    run_mkdocs(result, site, generate.generated_dir(project) / _mkparallel.CACHE)
    return result, site


def run_mkdocs(result: generate.Result, site: Path, cache: Path) -> None:
    """MkDocs on generated pages, in strict mode; its log through smm's output."""
    from mkdocs.exceptions import MkDocsException

    from smm.site import _mkparallel

    logger = logging.getLogger("mkdocs")
    handler = _ToOutput()
    logger.addHandler(handler)
    try:
        cfg = _config(result, site)
        # MkDocs' own steps, with the pages outside the nav on every core; MkDocs' serial
        # build whenever the configuration holds anything that module does not handle.
        _mkparallel.build(cfg, cache=cache)  # type: ignore[arg-type]
    except MkDocsException as e:
        raise BuildFailed(f"mkdocs build failed: {e}") from e
    finally:
        logger.removeHandler(handler)


def serve(project: Project, addr: str = "127.0.0.1:8000") -> None:
    """Serve the site from a temporary folder, rebuilding it whenever content/, brand/,
    strategy.yaml, site/docs or the state seed change: the same incremental build as
    `smm site build` (only the pages whose sources changed are made again), and the
    browser reloads (MkDocs' live-reload server)."""
    server, close = server_for(project, addr)
    try:
        output.err(f"smm: serving {project.name} on http://{addr}/ (Ctrl-C stops)")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        close()


def server_for(project: Project, addr: str) -> tuple[Any, Callable[[], None]]:
    """The live-reload server `serve` runs, with the site built once and its sources
    watched; and the function that removes the temporary site afterwards."""
    from smm.site import _mkparallel

    return live_server(lambda: generate.generate(project, workers=0),
                       generate.generated_dir(project) / _mkparallel.CACHE,
                       [project.root / name for name in WATCHED], addr)


def live_server(make: Callable[[], Any], cache: Path, watched: list[Path], addr: str
                ) -> tuple[Any, Callable[[], None]]:
    """A live-reload server over a temporary site folder: `make()` writes the pages
    (a generate Result), MkDocs builds them incrementally, again whenever a path of
    `watched` changes. Returns the server and the function that cleans up after it."""
    import shutil
    import tempfile

    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from smm.site import _mkparallel

    host, _, port = addr.rpartition(":")
    site = Path(tempfile.mkdtemp(prefix="smm-site-"))
    logger = logging.getLogger("mkdocs")
    handler = _ToOutput()
    logger.addHandler(handler)
    lock = threading.Lock()

    def builder(*_args: object) -> None:
        with lock:
            t0 = time.perf_counter()
            try:
                # One process: the live-reload server's threads and fork do not mix.
                r = make()
                cfg = load_config(config_file=str(r.config), site_dir=str(site))
                _mkparallel.build(cfg, workers=1, cache=cache)
            except SmmError as e:
                output.err(f"smm: {e}")
                return
            except Exception as e:  # keep serving: the next save may fix it
                output.err(f"smm: could not rebuild: {type(e).__name__}: {e}")
                return
            output.err(f"smm: built the site ({r.changed} files changed) in "
                       f"{time.perf_counter() - t0:.1f} s")

    def close() -> None:
        logger.removeHandler(handler)
        shutil.rmtree(site, ignore_errors=True)

    server = LiveReloadServer(builder=builder, host=host or "127.0.0.1", port=int(port),
                              root=str(site))
    try:
        builder()
        for path in watched:
            if path.exists():
                server.watch(str(path))
    except BaseException:
        close()
        raise
    return server, close
