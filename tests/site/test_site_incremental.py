"""Incremental site builds: after one post changes, only its page is generated and built
again, and the site folder ends byte for byte as a clean build of the same sources
(search index, sitemap and removed pages included)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from smm.project import load_project
from smm.site import _mkparallel, generate, urls

pytestmark = pytest.mark.timeout(300)


def _build(root: Path, out: Path, kit: Any, cache: bool) -> generate.Result:
    from mkdocs.config import load_config

    proj = load_project(root)
    r = generate.generate(proj, kit.NOW, workers=0)
    cfg = load_config(config_file=str(r.config), strict=True, site_dir=str(out))
    # Forced: two workers whatever the number of pages (the example is small).
    _mkparallel.build(cfg, workers=2, min_pages=1,
                      cache=generate.generated_dir(proj) / _mkparallel.CACHE if cache
                      else None)
    return r


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _times(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for p in root.rglob("index.html")}


def test_one_post_changed_rebuilds_its_page_alone(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "brand")
    out = tmp_path / "site"
    _build(root, out, kit, cache=True)
    before = _times(out)

    r = _build(root, out, kit, cache=True)  # nothing changed
    assert r.changed == 0
    kept = {k for k, v in _times(out).items() if before.get(k) == v}
    assert {k for k in before if k.startswith(("posts/2", "calendar/2", "campaigns/"))
            and k != "campaigns/index.html"} <= kept  # no page outside the nav built

    post = root / "content/posts/2026-11/2026-11-26-brew-water.md"
    post.write_text(post.read_text("utf-8").rstrip("\n") + " Zanzibarian kettle.\n", "utf-8")
    r = _build(root, out, kit, cache=True)
    assert 1 <= r.changed <= 3  # its page (and the lists showing its state, if any)
    page = urls.Linker().url(urls.post_src("posts/2026-11/2026-11-26-brew-water"))
    html = (out / page / "index.html").read_text("utf-8")
    assert "Zanzibarian kettle." in html
    assert "Zanzibarian" in (out / "search/search_index.json").read_text("utf-8")
    after = _times(out)
    rebuilt = {k for k in after if k.startswith("posts/2") and after[k] != before.get(k)}
    assert rebuilt == {page + "index.html"}

    gone = root / "content/posts/2026-12/2026-12-28-back-roasting.md"
    gone.unlink()
    _build(root, out, kit, cache=True)
    assert not (out / urls.Linker().url(urls.post_src(
        "posts/2026-12/2026-12-28-back-roasting"))).exists()

    # The incremental site is the clean build's, file for file.
    clean = tmp_path / "clean"
    _build(root, clean, kit, cache=False)
    assert _tree(out) == _tree(clean)


def test_a_changed_configuration_builds_everything(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "brand")
    out = tmp_path / "site"
    _build(root, out, kit, cache=True)
    cfg = root / "site/mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("site_name: Fernwood Coffee · social",
                                                  "site_name: Fernwood · stakeholders"),
                   "utf-8")
    before = _times(out)
    _build(root, out, kit, cache=True)
    after = _times(out)
    assert all(after[k] != before[k] for k in before if k in after)
    assert "Fernwood · stakeholders" in (out / "posts/2026-11/2026-11-26-brew-water/"
                                         "index.html").read_text("utf-8")


def test_a_damaged_cache_is_ignored(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "brand")
    out = tmp_path / "site"
    _build(root, out, kit, cache=True)
    gen = root / "site/_generated"
    damaged = [*gen.glob(".smm-cache*"), gen / _mkparallel.CACHE]
    assert len(damaged) >= 4
    for path in damaged:
        path.write_bytes(os.urandom(300))
    _build(root, out, kit, cache=True)
    clean = tmp_path / "clean"
    _build(root, clean, kit, cache=False)
    assert _tree(out) == _tree(clean)


def _faked_clock() -> bool:
    import os

    return "faketime" in os.environ.get("LD_PRELOAD", "") or "FAKETIME" in os.environ


def test_serve_rebuilds_what_changed(tmp_path: Path, kit: Any, monkeypatch: Any) -> None:
    """`smm site serve`: the live-reload server on 127.0.0.1 shows a saved edit after an
    incremental rebuild."""
    import socket
    import threading
    import time
    import urllib.request

    from smm.site import build as site_build

    root = kit.copy_example(tmp_path / "brand")
    monkeypatch.setenv("SMM_NOW", kit.NOW.isoformat())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server, close = site_build.server_for(load_project(root), f"127.0.0.1:{port}")
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    page = urls.Linker().url(urls.post_src("posts/2026-11/2026-11-26-brew-water"))
    url = f"http://127.0.0.1:{port}/{page}"

    def fetch() -> str:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - 127.0.0.1
            return str(r.read().decode("utf-8"))

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert "Zanzibarian" not in fetch()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.2)
        post = root / "content/posts/2026-11/2026-11-26-brew-water.md"
        post.write_text(post.read_text("utf-8").rstrip("\n") + " Zanzibarian kettle.\n",
                        "utf-8")
        if _faked_clock():
            # libfaketime (CI's run years ahead) cannot fake the timed waits of threads:
            # MkDocs' file watcher then never wakes. Rebuild as the watcher would.
            server.builder()
        deadline = time.monotonic() + 60
        while "Zanzibarian kettle." not in fetch():
            assert time.monotonic() < deadline, "the edit never reached the served page"
            time.sleep(0.3)
    finally:
        server.shutdown()
        thread.join(10)
        close()
