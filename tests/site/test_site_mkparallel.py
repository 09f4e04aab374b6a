"""MkDocs' build with the pages outside the nav in forked workers (smm/site/_mkparallel):
the site it writes is byte for byte the one MkDocs' own serial build writes, and a
warning in a worker still fails the strict build, with its message shown."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from typing import Any

import pytest

from smm.project import load_project
from smm.site import _mkparallel, generate
from smm.site import build as site_build

pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[2]


def _config(result: generate.Result, site: Path) -> Any:
    from mkdocs.config import load_config

    return load_config(config_file=str(result.config), strict=True, site_dir=str(site))


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _both(result: generate.Result, tmp: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The same generated folder built by MkDocs' serial build and by the workers
    (forced: two workers, whatever the number of pages or cores)."""
    from mkdocs.commands.build import build as mk_build

    mk_build(_config(result, tmp / "serial"))
    cfg = _config(result, tmp / "parallel")
    assert _mkparallel._why_serial(cfg, 2) is None, "this configuration builds serially"
    _mkparallel.build(cfg, workers=2, min_pages=1)
    return _read_tree(tmp / "serial"), _read_tree(tmp / "parallel")


def _same(serial: dict[str, bytes], par: dict[str, bytes]) -> None:
    # Nothing is normalised: the sitemap's dates and the gzip header's time are the
    # build's date, the same for both builds (unless they straddle midnight UTC).
    assert sorted(serial) == sorted(par)
    differ = [k for k in serial if serial[k] != par[k]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_parallel_build_matches_serial_on_the_example(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "brand")
    result = generate.generate(load_project(root), kit.NOW, workers=0)
    serial, par = _both(result, tmp_path)
    _same(serial, par)
    assert "search/search_index.json" in par and "sitemap.xml" in par


def _big_brand(root: Path, n: int) -> Path:
    """A brand of n posts, with records and metrics, as bench/site.py makes them."""
    spec = importlib.util.spec_from_file_location("smm_bench_site", REPO / "bench/site.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    root.mkdir(parents=True)
    bench.make_repo(root, n, random.Random(7))
    return root


def test_parallel_build_matches_serial_on_a_few_hundred_posts(tmp_path: Path,
                                                               kit: Any) -> None:
    root = _big_brand(tmp_path / "brand", 400)
    result = generate.generate(load_project(root), kit.NOW)
    serial, par = _both(result, tmp_path)
    _same(serial, par)
    pages = [k for k in par if k.startswith("posts/") and k.endswith("index.html")]
    assert len(pages) > 400
    cfg = _config(result, tmp_path / "x")
    assert _mkparallel._why_serial(cfg, 2) is None


def test_a_warning_in_a_worker_fails_the_strict_build(tmp_path: Path, kit: Any,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """A broken link on a post page (built in a worker) is MkDocs' warning: the build
    fails in strict mode and the message reaches smm's output."""
    root = kit.copy_example(tmp_path / "brand")
    real = generate.generate

    def broken(*a: Any, **k: Any) -> generate.Result:
        r = real(*a, **k)
        post = [p for p in sorted((r.docs / "posts").rglob("*.md"))
                if p.name != "index.md"][-1]
        with post.open("a", encoding="utf-8") as f:
            f.write("\n\nSee [the missing page](no-such-page.md).\n")
        return r

    calls: list[int] = []
    par_build = _mkparallel.build

    def forced(cfg: Any, **k: Any) -> None:
        calls.append(1)
        par_build(cfg, workers=2, min_pages=1)

    monkeypatch.setattr(generate, "generate", broken)
    monkeypatch.setattr(_mkparallel, "build", forced)
    with pytest.raises(site_build.BuildFailed, match="1 warnings in strict mode"):
        site_build.build(load_project(root), tmp_path / "out", kit.NOW)
    assert calls
    err = capsys.readouterr().err
    assert "no-such-page.md" in err and "mkdocs: WARNING" in err
    # Once: logged again here, not also by the worker's inherited handlers.
    assert err.count("mkdocs: WARNING") == 1, err


def test_small_sites_and_unknown_plugins_build_serially(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "brand")
    result = generate.generate(load_project(root), kit.NOW, workers=0)
    cfg = _config(result, tmp_path / "site")
    assert _mkparallel._why_serial(cfg, 1) == "one process"
    assert _mkparallel._too_few(cfg, _mkparallel.MIN_PAGES)  # the example: a few dozen
    assert _mkparallel._too_few(cfg, 1) is None
    cfg.plugins["other"] = object()  # type: ignore[assignment]
    assert "not handled" in str(_mkparallel._why_serial(cfg, 2))


def test_an_error_in_a_worker_is_raised_as_in_a_serial_build(tmp_path: Path, kit: Any,
                                                             caplog: pytest.LogCaptureFixture
                                                             ) -> None:
    """A post page naming a template that does not exist: MkDocs raises while building
    it. The worker's share runs again here, so the same exception, with the same log
    line, leaves the parallel build as leaves the serial one."""
    from jinja2 import TemplateNotFound
    from mkdocs.commands.build import build as mk_build

    root = kit.copy_example(tmp_path / "brand")
    result = generate.generate(load_project(root), kit.NOW, workers=0)
    post = [p for p in sorted((result.docs / "posts").rglob("*.md")) if p.name != "index.md"][0]
    text = post.read_text("utf-8")
    post.write_text(text.replace("---\n", "---\ntemplate: nope.html\n", 1), "utf-8")
    errors: list[list[str]] = []
    for name, run in (("serial", mk_build),
                      ("parallel", lambda c: _mkparallel.build(c, workers=2, min_pages=1))):
        with pytest.raises(TemplateNotFound, match="nope.html"):
            run(_config(result, tmp_path / name))
        errors.append([r.getMessage() for r in caplog.records if r.levelname == "ERROR"])
        caplog.clear()
    assert errors[0] == errors[1]
    assert len(errors[1]) == 1 and errors[1][0].startswith(
        f"Error building page '{post.relative_to(result.docs).as_posix()}': 'nope.html'")
