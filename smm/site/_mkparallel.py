"""MkDocs' build on both cores: the same steps as `mkdocs.commands.build.build` (MkDocs
1.6), with the pages outside the nav (posts, calendar months, campaigns: thousands)
read, rendered and written by forked workers.

Why here and not in a plugin or a hook: the generated folder must stay buildable by a
plain `mkdocs build` (or another engine), so nothing may be added to mkdocs.yml and the
output is not post-processed. This module only decides which process runs which page.

Why it is safe: a page outside the nav is seen by no other page. Other pages' templates
draw the nav (nav pages only, populated here before the fork), the sitemap reads each
page's URL and date (set when the Page object is made, also before the fork), and the
only plugin state a page adds to is the search index, whose entries the workers send
back, page by page, to be put in the serial build's order. Anchor checks run here, at
the end, over the anchors the workers report. Log records made in a worker are sent
back and logged again here, so strict mode counts them and they reach smm's output.

Anything this does not know falls back to MkDocs' own serial build (see `_why_serial`):
another MkDocs version, any plugin but the search plugin (MkDocs' or Material's), hooks,
too few pages, no fork.

Incremental: given a cache file, a rebuild into the same site folder leaves alone every
page outside the nav whose Markdown is as it was (same time and size; the generator
rewrites only the pages that changed) and whose output is still there, taking its search
entries, anchors and anchor links from the cache. Anything every page shows (the
configuration, the nav, the theme, MkDocs' and smm's versions) is in the cache's key:
when it changed, every page is built again. Pages and files gone since the last build
are removed from the site folder, as a clean build would have them.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm.site import parallel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Pages outside the nav from which forking pays: below, a build takes a second or two.
MIN_PAGES = 300
# Shares per worker: small enough to even out pages of unequal cost, few enough that each
# task's round trip stays negligible.
_SHARES = 4

log = logging.getLogger("mkdocs.commands.build")


def _search_plugins() -> tuple[type, ...]:
    from mkdocs.contrib.search import SearchPlugin as MkSearch

    kinds: list[type] = [MkSearch]
    try:
        from material.plugins.search.plugin import SearchPlugin as MatSearch
    except ImportError:  # Material not installed: only MkDocs' own search to handle
        pass
    else:
        kinds.append(MatSearch)
    return tuple(kinds)


def _why_serial(config: MkDocsConfig, workers: int) -> str | None:
    """Why this build must be MkDocs' own serial one, or None when it can run here."""
    import mkdocs
    from mkdocs.commands import build as mb

    if not mkdocs.__version__.startswith("1.6."):
        return f"MkDocs {mkdocs.__version__}: the build steps copied here are 1.6's"
    if workers < 2 or not parallel.can_fork():
        return "one process"
    for name in ("_populate_page", "_build_page", "_build_theme_template",
                 "_build_extra_template"):
        if not callable(getattr(mb, name, None)):
            return f"mkdocs.commands.build.{name} is missing"
    kinds = _search_plugins()
    for name, plugin in config.plugins.items():
        # Exact classes: a subclass or any other plugin (hooks are plugins too) may keep
        # state per page that a worker would lose.
        if type(plugin) not in kinds:
            return f"plugin {name!r} is not handled"
    return None


def _too_few(config: MkDocsConfig, min_pages: int) -> str | None:
    """A cheap first count (Markdown files in docs_dir) so a small site goes straight to
    MkDocs' own build; the pages outside the nav are counted again once the nav is made."""
    n = 0
    for _dirpath, _dirs, names in os.walk(config.docs_dir):
        n += sum(1 for name in names if name.endswith((".md", ".markdown")))
        if n >= min_pages:
            return None
    return f"{n} pages"


def _entries(config: MkDocsConfig) -> list[list[Any]]:
    """The search indexes' entry lists, one per search plugin, which pages append to."""
    out = []
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        lst = getattr(index, "entries", None)  # Material
        if lst is None:
            lst = getattr(index, "_entries", None)  # MkDocs
        if not isinstance(lst, list):
            raise LookupError("a search index without its entry list")
        out.append(lst)
    return out


class _Capture(logging.Handler):
    """In a worker: the records MkDocs logs, to be logged again by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _take(lists: list[list[Any]], marks: list[int]) -> list[list[Any]]:
    """The entries one page added to each search index, taken out of it (they are put
    back, in page order, once every page is built)."""
    out = []
    for lst, m in zip(lists, marks, strict=True):
        out.append(lst[m:])
        del lst[m:]
    return out


def _replay(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


def build(config: MkDocsConfig, *, workers: int | None = None,
          min_pages: int = MIN_PAGES, cache: Path | None = None) -> None:
    """`mkdocs.commands.build.build(config)` (no dirty build, no serve), with the pages
    outside the nav spread over `workers` forked processes (default: one per core);
    with `cache`, incremental (see the module's docstring)."""
    from mkdocs.commands.build import build as mk_build

    workers = parallel.cpus() if workers is None else workers
    # With a cache, any size: the incremental build is this module's (forking or not).
    forking = cache is None
    why = _why_serial(config, workers if forking else 2) or (
        _too_few(config, min_pages) if forking else None)
    if why is not None:
        log.debug(f"smm: serial MkDocs build ({why})")
        if cache is not None:
            cache.unlink(missing_ok=True)  # what it describes is about to be replaced
        mk_build(config)
        return
    _build(config, workers, min_pages, cache)


_CACHE_VERSION = 1
CACHE = ".smm-mkdocs"  # its name in the generated folder


def _global_key(config: Any, nav: Any) -> str:
    """What every page's HTML depends on besides its own Markdown."""
    import mkdocs

    parts: list[Any] = [_CACHE_VERSION, mkdocs.__version__, str(config.site_dir),
                        str(config.config_file_path)]
    try:
        parts.append(Path(config.config_file_path).read_bytes())
    except (OSError, TypeError):
        parts.append(None)
    try:
        from importlib.metadata import version

        parts.append(version("mkdocs-material"))
    except Exception:  # not installed: another theme, whose files are stat'ed below
        parts.append(None)
    for d in config.theme.dirs:
        for dirpath, _dirs, names in os.walk(d):
            for name in sorted(names):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                parts.append((dirpath[len(d):], name, st.st_mtime_ns, st.st_size))
    parts.append([(p.title, p.url, p.file.src_uri) for p in nav.pages])
    parts.append(Path(__file__).read_bytes())  # this module: how pages are built
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _load_cache(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) and data.get("v") == _CACHE_VERSION else {}


def _stat_key(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _build(config: MkDocsConfig, workers: int, min_pages: int,
           cache_path: Path | None = None) -> None:
    # The steps and messages of mkdocs.commands.build.build (1.6.1), in its order.
    from mkdocs import utils
    from mkdocs.commands import build as mb
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        cache = _load_cache(cache_path)

        files = get_files(config)
        env = config.theme.get_env()
        if cache_path is not None:  # the theme's templates compiled once, not every build
            env.bytecode_cache = parallel.template_cache()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=inclusion)
        in_nav = {id(p) for p in nav.pages}
        mine = [f for f in doc_files if f.page is None or id(f.page) in in_nav]
        theirs = [f for f in doc_files if f.page is not None and id(f.page) not in in_nav]
        try:
            lists = _entries(config)
        except LookupError:  # not the plugin this was written against: all pages here
            lists = None
        if lists is None or len(theirs) < min_pages:
            mine, theirs = list(doc_files), []

        # The nav pages first: every page's template draws the nav from their titles.
        for file in mine:
            if file.page is None and file.inclusion.is_not_in_nav():
                mb.Page(None, file, config)
            assert file.page is not None
            if id(file.page) in in_nav:
                mb._populate_page(file.page, config, files)
        key = _global_key(config, nav) if cache_path is not None else None
        known: dict[str, Any] = cache.get("pages") or {} if (
            key is not None and cache.get("key") == key and
            os.path.isdir(config.site_dir)) else {}
        if known:
            log.info(f"Building documentation to directory: {config.site_dir} "
                     "(pages unchanged since the last build are kept)")
        else:
            log.info("Cleaning site directory")
            utils.clean_directory(config.site_dir)
            log.info(f"Building documentation to directory: {config.site_dir}")
        # Pages outside the nav as they were at the last build: kept, not built.
        kept: dict[int, Any] = {}
        stats: dict[str, tuple[int, int] | None] = {}
        for file in doc_files:
            if file.page is not None and id(file.page) in in_nav:
                continue
            st = stats[file.src_uri] = _stat_key(file.abs_src_path or "")
            was = known.get(file.src_uri)
            if was is not None and st is not None and tuple(was[0]) == st and \
                    os.path.isfile(file.abs_dest_path):
                kept[id(file)] = was
        mine = [f for f in mine if id(f) not in kept]
        theirs = [f for f in theirs if id(f) not in kept]
        for file in mine:
            assert file.page is not None
            if id(file.page) not in in_nav:
                mb._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)

        order = {f.src_uri: k for k, f in enumerate(doc_files)}
        shares = _Shares(config, files, doc_files, nav, env, theirs, lists or [])
        step = -(-len(theirs) // (workers * _SHARES)) or 1
        # A few changed pages build here: forking would cost more than it saves.
        with parallel.Worker({"pages": shares.run}, processes=workers,
                             fork=len(theirs) >= _MIN_FORK and workers >= 2
                             and parallel.can_fork()) as pool:
            tasks = [pool.submit("pages", lo, min(lo + step, len(theirs)))
                     for lo in range(0, len(theirs), step)]
            # Meanwhile, here: static files, the theme's templates, the nav pages.
            files.copy_static_files(dirty=bool(known), inclusion=inclusion)
            for template in config.theme.static_templates:
                mb._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                mb._build_extra_template(template, files, config, nav)
            found: dict[int, list[list[Any]]] = {}
            for file in mine:
                assert file.page is not None
                marks = [len(lst) for lst in lists or []]
                mb._build_page(file.page, config, doc_files, nav, env,
                               excluded=file.inclusion.is_excluded())
                found[order[file.src_uri]] = _take(lists or [], marks)
            for task in tasks:
                lo, records, results = task.get()
                _replay(records)
                for k, (ents, anchors, links) in enumerate(results):
                    file = theirs[lo + k]
                    page = file.page
                    assert page is not None
                    found[order[file.src_uri]] = ents
                    page.present_anchor_ids = anchors
                    if links is not None:
                        page.links_to_anchors = {files.get_file_from_path(uri): d
                                                 for uri, d in links.items()}
        for file in doc_files:
            was = kept.get(id(file))
            if was is None:
                continue
            _stat, ents, anchors, links = was
            page = file.page
            assert page is not None
            found[order[file.src_uri]] = ents
            page.present_anchor_ids = set(anchors)
            if links is not None:  # a page gone since then: its links are not checked
                got = {uri: files.get_file_from_path(uri) for uri in links}
                page.links_to_anchors = {f: links[uri] for uri, f in got.items()
                                         if f is not None}
        # Each search index in the serial build's page order.
        for j, lst in enumerate(lists or []):
            lst[:] = [e for k in sorted(found) for e in found[k][j]]
        if cache_path is not None:
            _save(cache_path, key, doc_files, in_nav, stats, found, order, files, config,
                  cache.get("outputs") or [] if known else [])

        log_level = config.validation.links.anchors
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)

        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        logger.removeHandler(warning_counter)


_MIN_FORK = 64


def _save(path: Path, key: str | None, doc_files: Any, in_nav: set[int],
          stats: dict[str, tuple[int, int] | None], found: dict[int, Any],
          order: dict[str, int], files: Any, config: Any, before: list[str]) -> None:
    """What the next build needs to keep this one's pages; and the files this build no
    longer makes, removed from the site folder."""
    pages = {}
    for file in doc_files:
        page = file.page
        st = stats.get(file.src_uri)
        if page is None or id(page) in in_nav or st is None:
            continue
        links = None if page.links_to_anchors is None else {
            f.src_uri: d for f, d in page.links_to_anchors.items()}
        pages[file.src_uri] = (st, found.get(order[file.src_uri]),
                               sorted(page.present_anchor_ids or ()), links)
    outputs = sorted(f.dest_uri for f in files)
    site = os.path.realpath(config.site_dir)
    for gone in set(before) - set(outputs):
        target = os.path.realpath(os.path.join(site, gone))
        if target.startswith(site + os.sep) and os.path.isfile(target):
            os.unlink(target)
            d = os.path.dirname(target)
            while d != site and os.path.isdir(d) and not os.listdir(d):
                os.rmdir(d)
                d = os.path.dirname(d)
    data = {"v": _CACHE_VERSION, "key": key, "pages": pages, "outputs": outputs}
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError):  # an entry marshal cannot hold: no cache, next build whole
        path.unlink(missing_ok=True)


class _Shares:
    """A worker's share of the pages outside the nav: read, render, write each, and
    return what the parent needs of them. Runs in a forked worker, or here when the
    worker failed (parallel.Worker runs the share again in this process, so an error
    is raised with everything it carries, as in a serial build)."""

    def __init__(self, config: Any, files: Any, doc_files: Any, nav: Any, env: Any,
                 theirs: list[Any], lists: list[list[Any]]):
        self.config, self.files, self.doc_files = config, files, doc_files
        self.nav, self.env, self.theirs, self.lists = nav, env, theirs, lists
        self.pid = os.getpid()

    def run(self, lo: int, hi: int) -> tuple[int, list[tuple[str, int, str]], list[Any]]:
        from mkdocs.commands import build as mb

        logger = logging.getLogger("mkdocs")
        capture = _Capture()
        forked = os.getpid() != self.pid
        saved = (logger.handlers[:], logger.propagate)
        if forked:  # the parent logs them, once, through its own handlers
            logger.handlers[:] = [capture]
            logger.propagate = False
        results = []
        try:
            for file in self.theirs[lo:hi]:
                page = file.page
                mb._populate_page(page, self.config, self.files)
                marks = [len(lst) for lst in self.lists]
                mb._build_page(page, self.config, self.doc_files, self.nav, self.env,
                               excluded=file.inclusion.is_excluded())
                ents = _take(self.lists, marks)
                links = None if page.links_to_anchors is None else {
                    f.src_uri: d for f, d in page.links_to_anchors.items()}
                results.append((ents, page.present_anchor_ids, links))
        finally:
            if forked:
                logger.handlers[:], logger.propagate = saved
        return lo, capture.records, results
