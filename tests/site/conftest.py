"""The stakeholder site, built once per session from a copy of the example repository,
served from 127.0.0.1, and opened in headless Debian Chromium through Playwright."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-artifacts" / "screenshots"
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)  # "today" of the example repository
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def copy_example(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("strategy.yaml", "brand", "content", "site", "state"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("_generated",
                                                                              "_build"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def build(root: Path, out: Path) -> Path:
    from smm.cli import main

    code = main(["site", "build", "--root", str(root), "--out", str(out),
                 "--now", NOW.isoformat()])
    assert code == 0, "smm site build failed"
    return out


class Server:
    """A static file server on 127.0.0.1 for a built site."""

    def __init__(self, folder: Path):
        handler = functools.partial(_Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def example_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("site") / "example")


@pytest.fixture(scope="session")
def example_site(example_root: Path) -> Path:
    return build(example_root, example_root.parent / "public")


@pytest.fixture(scope="session")
def server(example_site: Path) -> Iterator[Server]:
    s = Server(example_site)
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium "
                    "(apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose every request outside 127.0.0.1 is refused and remembered, with
    every dialog and page error remembered too."""

    def __init__(self, browser: Any):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           service_workers="block")
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()
    assert w.outside == [], f"requests left 127.0.0.1: {w.outside}"


@pytest.fixture(scope="session")
def kit() -> Any:
    """The helpers above, for tests that build a site of their own."""
    import types

    return types.SimpleNamespace(Server=Server, Watched=Watched, build=build,
                                 copy_example=copy_example, NOW=NOW)
