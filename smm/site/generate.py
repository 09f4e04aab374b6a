"""Write the stakeholder site's pages and assets into site/_generated/docs.

The output is plain Markdown pages whose content is HTML blocks, plus CSS, JS, SVG,
CSV and calendar.ics files: any MkDocs-compatible engine builds it, no plugin needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from smm.content import Media, discover_names, load_posts
from smm.project import Project
from smm.site import (
    brandguide,
    memo,
    cards,
    charts,
    env,
    ics,
    pages,
    palette,
    parallel,
    postpage,
    robust,
    sources,
    urls,
)
from smm.publish.due import renamed_from
from smm.site import media as smedia
from smm.site.model import Entry, entries, safe_url
from smm.status import blocked_by
from smm.site.writer import Tree

ASSETS = ("site.css", "site.js")
_WIDE = ("navigation", "toc")
_DEFAULT_CONFIG = "mkdocs.default.yml"
# Posts from which forking workers pays: below, a build takes a second or two anyway.
_PARALLEL_MIN = 300


@dataclass
class Result:
    config: Path  # the mkdocs.yml to build
    docs: Path
    pages: int
    changed: int
    posts: int
    entries: list[Entry] = field(default_factory=list)  # for a workspace's team pages
    skipped: int = 0  # post files not shown, each reported (smm.site.robust)


def site_dir(project: Project) -> Path:
    return project.root / "site"


def generated_dir(project: Project) -> Path:
    return site_dir(project) / "_generated"


class _Loose(yaml.SafeLoader):
    """Reads a mkdocs.yml whatever tags it holds (!ENV, !!python/name: ...)."""


_Loose.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path, root: Path | None = None) -> dict[str, Any]:
    """mkdocs.yml's settings; `root`: the repository it must be a regular file of."""
    from smm import files
    from smm.errors import ConfigError

    try:
        text = files.read_text(path, root or path.parent, "configuration files")
    except (files.Refused, UnicodeDecodeError) as e:
        raise ConfigError(f"{path.name}: {getattr(e, 'message', e)}") from None
    robust.bounded_yaml(text, path)  # no alias bomb reaches MkDocs' own reading either
    data = yaml.load(text, Loader=_Loose)  # noqa: S506
    return data if isinstance(data, dict) else {}


def generate(project: Project, now: dt.datetime | None = None, *,
             workers: int | None = None, into: Path | None = None) -> Result:
    """Write the pages. `workers`: processes for the parallel parts (0: all in this
    process); by default both cores on a site big enough to repay the forks. `into`: the
    docs folder of a workspace's site to write this brand's section in (no config of
    its own: smm.site.workspace writes the team's)."""
    now = (now or project.now()).astimezone(project.timezone)
    today = now.date()
    cfg_path = site_dir(project) / "mkdocs.yml"
    gen = generated_dir(project)
    if into is not None:
        cfg, docs = {}, into
    elif cfg_path.is_file():
        cfg = read_config(cfg_path, project.repo_root)
        docs = (cfg_path.parent / str(cfg.get("docs_dir") or "docs")).resolve()
        if not docs.is_relative_to(gen.resolve()):
            from smm.errors import ConfigError

            raise ConfigError(f"{project.rel(cfg_path)}: docs_dir must be inside "
                              f"{project.rel(gen)} (the generated folder), e.g. "
                              "`docs_dir: _generated/docs`")
    else:  # a brand without its own site config gets the default one
        cfg = {}
        docs = gen / "docs"
    linker = urls.Linker(bool(cfg.get("use_directory_urls", True)))
    names = discover_names(project)
    if workers is None:
        workers = parallel.cpus() if len(names) >= _PARALLEL_MIN else 0
    tree = Tree(docs)
    _copy_handwritten(project, tree)
    fork = workers > 0
    fp = memo.fingerprint(project, (linker.directory_urls, str(docs)))
    cache = memo.Memo.load(gen, fp)
    # Publish records are the slowest source (a small file a post and channel): those
    # changed since the last build are parsed, by workers when they are many, while this
    # process loads the posts.
    files = sources.state_files(project)
    ids = files.ledger if files is not None else {}
    stale = sorted(p for p, i in ids.items() if (cache.ledger.get(p) or ("",))[0] != i)
    parts = max(workers, 1) if len(stale) >= _PARALLEL_MIN * 4 else 1
    with parallel.Worker({"ledger": lambda i: sources.parse_ledger(
            project, stale[len(stale) * i // parts:len(stale) * (i + 1) // parts])},
            processes=parts, fork=fork and parts > 1) as lw:
        jobs = [lw.submit("ledger", i) for i in range(parts)] if stale else []
        # `smm validate` reports problems; the site shows what loads, and marks a post
        # whose errors keep it from going out (as `smm status` does)
        posts, diags = load_posts(project, [Path(n) for n in names])
        chunks = [j.get() for j in jobs]
    if files is not None and all(c is not None for c in chunks):
        fresh = dict(zip(stale, (x for c in chunks for x in c or ()), strict=True))
        cache.ledger = {p: (i, fresh[p] if p in fresh else cache.ledger[p][1])
                        for p, i in sorted(ids.items())}
        got: list[tuple[str, str, Any]] | None = [(p, i, x) for p, (i, x)
                                                  in cache.ledger.items()]
    else:
        cache.ledger, got = {}, None
    hist_id = files.history if files is not None else None
    raw = sources.unpack([p for _path, _ident, p in got or () if p is not None]) or []
    kpi_key = memo.digest((hist_id, [(p, i) for p, i, _x in got or ()], today.isoformat()))
    kept = cache.kpi if cache.kpi.get("key") == kpi_key and got is not None and all(
        (tree.root / f).is_file() for f in cache.kpi.get("files") or ()) else None
    if kept is not None:  # nothing the KPIs and charts depend on changed: no history read
        history: list[Any] = []
        day = functools.lru_cache(maxsize=None)(dt.date.fromisoformat)  # few distinct days
        latest = {(p, c): {m: (day(d), v) for m, d, v in vals}
                  for p, c, vals in kept["latest"]}
    else:
        history = (sources.read_history(project) or []) if got is not None else []
        latest = sources.latest(history)
    src = sources.Sources(records=sources.records(raw), latest=latest)
    skipped = robust.unloaded(project, posts, diags)
    ents = robust.entries(entries, project, posts, src, now, renames=renamed_from(project),
                          blocked=blocked_by(diags))
    skipped += len(posts) - len(ents)

    def charts_job() -> tuple[list[Any], tuple[set[str], int]]:
        if kept is not None:
            part = tree.part()
            for f in kept["files"]:
                part.keep(f)
            return memo.unpack(kept["kpis"]), part.done()
        kpis = sources.kpis(project, today, history, raw)
        part = tree.part()
        _kpi_files(project, part, kpis, history, today)
        return kpis, part.done()

    n, kpis, kpi_files = _write_pages(project, tree, linker, ents, charts_job, now, cfg,
                                      workers, cache)
    if kept is None and got is not None:
        cache.kpi = {"key": kpi_key, "kpis": memo.pack(kpis), "files": sorted(kpi_files),
                     "latest": [(p, c, [(m, d.isoformat(), v) for m, (d, v) in vals.items()])
                                for (p, c), vals in latest.items()]}
    _write_assets(project, tree)
    tree.prune()
    cache.pages = {k: v for k, v in cache.pages.items() if k in tree.kept}
    cache.save()
    if not cfg_path.is_file() and into is None:
        cfg_path = gen / "mkdocs.yml"
        text = resources.files("smm.site").joinpath(_DEFAULT_CONFIG).read_text("utf-8")
        Tree(gen).write("mkdocs.yml", text.replace("SITE_NAME", json.dumps(
            f"{project.name} · social")))
    return Result(cfg_path, docs, n, tree.changed, len(ents), ents, skipped)


def _page(title: str, body: str, hide: tuple[str, ...] = (), search: bool = True) -> str:
    # MkDocs themes print meta titles unescaped into <title> and the header, so the
    # title is HTML-escaped here; JSON quoting makes it a safe YAML scalar. `hide` is
    # theme metadata (Material reads it; other engines ignore it): wide pages such as the
    # calendar drop the side columns.
    meta = f"title: {json.dumps(html.escape(title), ensure_ascii=False)}\n"
    if hide:
        meta += f"hide: {json.dumps(list(hide))}\n"
    if not search:
        # Lists that repeat the post pages: indexing them again would double every hit
        # and, on a large site, a third of the build time.
        meta += "search:\n  exclude: true\n"
    return f"---\n{meta}---\n\n{body}"


def _write_pages(project: Project, tree: Tree, linker: urls.Linker, ents: list[Entry],
                 charts_job: Any, now: dt.datetime, cfg: dict[str, Any],
                 workers: int, cache: memo.Memo) -> tuple[int, list[Any], set[str]]:
    """Every page. A post page is written again only when what it shows changed since
    the last build (cache.pages); the list pages, each a summary of many posts, always."""
    from smm.preview import channel_views

    campaigns = pages.campaigns(ents, project.campaigns, project.channels,
                                now.astimezone(project.timezone).date())
    here = env.Here(linker, project.lang)

    def local(t: dt.datetime) -> str:
        return t.astimezone(project.timezone).strftime("%d %b %Y %H:%M")

    # Every media file's site path, size and (videos) poster frame, made here before the
    # workers fork: each file once, however many posts and channels show it.
    known = _media_infos(project, tree, ents)

    def msrc(m: Media) -> str:
        return known[m.path].src

    keys = [_entry_key(e, known) for e in ents]
    todo = []
    for i, e in enumerate(ents):
        if cache.pages.get(e.src) == keys[i] and (tree.root / e.src).is_file():
            tree.keep(e.src)
        else:
            todo.append(i)

    def post_pages(lo: int, hi: int) -> tuple[int, tuple[set[str], int]]:
        part = tree.part()
        at = env.Here(linker, project.lang)
        mine = [ents[i] for i in todo[lo:hi]]
        for e in mine:
            at.src = e.src
            try:
                page = _page(e.title, postpage.body(
                    e, channel_views(project, e.post), brand=project.name,
                    tz=project.timezone.key, href=at.href,
                    campaign_src=urls.campaign_src(e.campaign) if e.campaign else None,
                    month_src=urls.month_src(e.when.year, e.when.month) if e.when else None,
                    local=local, handle=env.handle, info=lambda m: known[m.path],
                    site_lang=project.lang), _WIDE)
            except Exception as exc:  # one post's page, not the site: see smm.site.robust
                page = _page(e.post.id, robust.unshown_page(project, e.post, exc))
            part.write(e.src, page)
        return len(mine), part.done()

    # The first post here: the renderers' imports and compiled patterns are then
    # inherited by the workers rather than made again in each.
    first, done = post_pages(0, min(1, len(todo)))
    tree.merge(done)
    # A page per post is most of the work: workers write them, and the KPIs and their
    # charts, while this process writes the calendar, lists and the rest.
    fork = workers > 0 and len(todo) >= _PARALLEL_MIN
    with parallel.Worker({"posts": post_pages, "charts": charts_job},
                         processes=max(workers, 1), fork=fork) as pw:
        t_charts = pw.submit("charts")
        step = -(-(len(todo) - first) // max(2 * workers, 1)) or 1
        jobs = [pw.submit("posts", i, i + step) for i in range(first, len(todo), step)]
        by_src = {e.src: keys[i] for i, e in enumerate(ents)}
        count, kpis, kpi_files, list_keys = _list_pages(
            project, tree, here, ents, campaigns, t_charts, now, cfg, local, msrc, cache,
            by_src)
        for job in jobs:
            _n, done = job.get()
            tree.merge(done)
    cache.pages = {**by_src, **list_keys}
    for path, mi in known.items():
        robust.copy_media(project, tree, mi.src, path)
    return count + len(ents), kpis, kpi_files


def _entry_key(e: Entry, infos: dict[Path, cards.MediaInfo]) -> str:
    """Everything a post page shows, as one hash: the post as written, its schedule and
    file, each channel's state, record and latest metrics, its media as found."""
    chans = []
    for c in e.channels:
        r = c.record
        chans.append((c.id, c.platform, c.status, c.attention, c.blocked, r and (
            r.state, r.url, r.platform_id, r.finished_at and r.finished_at.isoformat(),
            r.error), sorted((m, d.isoformat(), v) for m, (d, v) in c.metrics.items())))
    return memo.digest((e.src, e.post.id, e.post.rel, e.post.body, e.post.fm.data,
                        e.when and e.when.isoformat(), chans,
                        [(tuple(infos[m.path]), m.focus) for m in e.post.media]))


def _media_infos(project: Project, tree: Tree, ents: list[Entry]
                 ) -> dict[Path, cards.MediaInfo]:
    exe: str | None | bool = False  # looked up at the first video
    out: dict[Path, cards.MediaInfo] = {}
    for e in ents:
        for m in e.post.media:
            if m.path in out:
                continue
            src = _media_src(project, m)
            poster = None
            size = None
            if m.kind == "video":
                if exe is False:
                    exe = smedia.ffmpeg()
                rel = smedia.poster_name(src)
                target = tree.root / rel
                if smedia.poster(m.path, target, exe if isinstance(exe, str) else None):
                    tree.keep(rel)
                    poster = rel
                    size = smedia.image_size(target)
            else:
                size = smedia.image_size(m.path)
            out[m.path] = cards.MediaInfo(src, poster, size)
    return out


def _list_pages(project: Project, tree: Tree, here: env.Here, ents: list[Entry],
                campaigns: list[pages.CampaignView], t_charts: parallel.Task,
                now: dt.datetime, cfg: dict[str, Any], local: Any, msrc: Any,
                cache: memo.Memo, keys: dict[str, str]
                ) -> tuple[int, list[Any], set[str], dict[str, str]]:
    """Every page but the posts' own: calendar months, lists, campaigns, home, KPIs,
    strategy, brand; and calendar.ics. Returns the count, the KPI results, the KPI files
    written (charts, CSV) and the keys of the pages made from a known set of posts (a
    month, a campaign: left as they are while those posts are)."""
    today = now.date()
    jenv = env.environment(
        here, brand=project.name, tz=project.timezone.key,
        all_channels=list(project.channels.values()),
        all_campaigns=[c.name for c in campaigns], campaign_src=urls.campaign_src,
        media_src=msrc, local=local, result_metrics=pages.RESULT_METRICS)
    count = 0
    made: dict[str, str] = {}
    names = [c.name for c in campaigns]

    def render(name: str, page_src: str, title: str, hide: tuple[str, ...] = (),
               search: bool = True, key: Any = None, **ctx: Any) -> None:
        nonlocal count
        count += 1
        if key is not None:
            made[page_src] = key = memo.digest((key, name, title, names))
            if cache.pages.get(page_src) == key and (tree.root / page_src).is_file():
                tree.keep(page_src)
                return
        here.src = page_src
        body = jenv.get_template(name).render(**ctx)
        tree.write(page_src, _page(title, body, hide, search))

    all_months = pages.months(ents, today)
    by_month: dict[tuple[int, int], list[Entry]] = {}
    for e in ents:
        if e.when:
            by_month.setdefault((e.when.year, e.when.month), []).append(e)
    unscheduled = [e for e in ents if e.when is None]
    loose = [keys[e.src] for e in unscheduled]
    for ym in all_months:
        ctx = pages.month_context(ym, by_month.get(ym, []), all_months, today)
        key = (ym, [keys[e.src] for e in by_month.get(ym, [])], loose, all_months, today)
        render("month.md.j2", urls.month_src(*ym), pages.month_name(ym), _WIDE, False,
               key=key, **ctx, unscheduled=unscheduled)
        if ym == (today.year, today.month):
            render("month.md.j2", "calendar/index.md", "Calendar", _WIDE, False, key=key,
                   **ctx, unscheduled=unscheduled)
    groups = [(pages.month_name(ym), urls.month_src(*ym), by_month[ym])
              for ym in all_months if ym in by_month]
    render("posts.md.j2", "posts/index.md", "Posts", ("navigation",), False, groups=groups,
           unscheduled=unscheduled, total=len(ents), listed=len(ents) <= 600,
           today_month=urls.month_src(today.year, today.month))
    render("campaigns.md.j2", "campaigns/index.md", "Campaigns", campaigns=campaigns)
    for c in campaigns:
        ckey = (c.name, c.title, c.brief, c.state, c.dates, c.goal, c.audience,
                [(t.metric, t.target, t.actual, t.status, t.expected) for t in c.targets],
                [keys[e.src] for e in c.entries], [ch.id for ch in c.channels], today)
        render("campaign.md.j2", c.src, f"Campaign: {c.title}", search=False, key=ckey, c=c)
    site_url = safe_url(cfg.get("site_url") or project.setting("site", "url"))
    if site_url and any(ch.isspace() or ord(ch) < 32 for ch in site_url):
        site_url = None  # a line break would end the calendar's URL line
    events = {k: v for k, v in cache.ics.items()} if cache.ics else {}
    tree.write("calendar.ics", ics.calendar_ics(project, ents, now, site_url,
                                                here.linker.url, keys=keys, known=events))
    cache.ics = events
    render("strategy.md.j2", "strategy.md", "Strategy", **_strategy(project),
           campaigns=[c for c in campaigns if c.state != "ad hoc"])
    b = project.brand
    render("brand.md.j2", "brand.md", "Brand guide", tagline=str(b.get("tagline") or ""),
           swatches=brandguide.swatches(b), fonts=brandguide.fonts(b),
           voice=brandguide.voice(b), groups=brandguide.groups(project))
    kpis, done = t_charts.get()  # last: the worker reading them had the most to do
    tree.merge(done)
    kpi_files = set(done[0])
    from smm import clock

    render("home.md.j2", "index.md", "Home", ("navigation",),
           now_source=clock.source(project.strategy.get("frozen_now")),
           **pages.home_context(ents, today, kpis))
    render("kpi.md.j2", "kpi/index.md", "KPI history", ("navigation",),
           kpis=[pages.kpi_view(k, today) for k in kpis])
    return count, kpis, kpi_files, made


def _kpi_files(project: Project, tree: Tree, kpis: list[Any], history: list[Any],
               today: dt.date) -> None:
    """The KPI charts and the CSV files beside them."""
    plats = {c.id: c.platform for c in project.channels.values()}
    primary = _brand_primary(project.brand) or "#2F4F3A"
    for k in kpis:
        v = pages.kpi_view(k, today)
        tree.write(v.svg, charts.kpi_svg(k, primary))
        tree.write(v.svg_narrow, charts.kpi_svg(k, primary, narrow=True))
        for cid, svg in charts.channel_svgs(k, plats).items():
            tree.write(v.channel_svg(cid), svg)
    tree.write("kpi/kpi.csv", charts.kpi_csv(kpis))
    tree.write("kpi/metrics.csv", charts.history_csv(history))


def _strategy(project: Project) -> dict[str, Any]:
    s = project.strategy
    goals = []
    for g in s.get("goals") or []:
        if not isinstance(g, dict):
            continue
        kpis = []
        for k in g.get("kpis") or []:
            if isinstance(k, dict) and "metric" in k:
                chans = k.get("channels") or k.get("channel")
                kpis.append({"metric": k["metric"],
                             "target": charts.fmt(k.get("target"), k.get("unit"),
                                                  str(k["metric"])),
                             "per": k.get("per"),
                             "anchor": pages.anchor_for(g.get("id"), k["metric"],
                                                        k.get("channel")),
                             "channels": ", ".join(chans) if isinstance(chans, list)
                             else chans})
        goals.append({"id": g.get("id"), "description": g.get("description"), "kpis": kpis})
    auds = [{"id": a.get("id"), "description": a.get("description") or "",
             "channels": [str(c) for c in a.get("channels") or []]}
            for a in s.get("audiences") or [] if isinstance(a, dict)]
    chans = [type("C", (), {"id": c.id, "platform": c.platform, "config": c.config,
                            "cadence": env.cadence_text(project.cadence(c.id))})
             for c in project.channels.values()]
    return {"goals": goals, "audiences": auds, "channels": chans,
            "languages": project.languages}


def _media_src(project: Project, m: Media) -> str:
    try:
        rel = m.path.resolve().relative_to(project.content_dir.resolve()).as_posix()
    except ValueError:
        rel = "_repo/" + project.rel(m.path)
    # Media keeps its name (people download it) but never a character a URL would mangle.
    rel = rel if rel.startswith("media/") else "media/_/" + rel
    return "/".join(re.sub(r"[^A-Za-z0-9._-]+", "-", s) for s in rel.split("/"))


def _brand_primary(brand: dict[str, Any]) -> str | None:
    for role in ("primary",):
        for c in brand.get("colours") or brand.get("colors") or []:
            if isinstance(c, dict) and role in str(c.get("use", "")).lower():
                return brandguide.hex_colour(c.get("hex"))
    return None


def brand_css(brand: dict[str, Any]) -> str:
    """The theme's colours and fonts from brand.yaml: Material's `custom` palette reads
    these variables. Values pass the hex and font checks, so nothing else reaches CSS."""
    sw = brandguide.swatches(brand)

    def pick(*words: str) -> brandguide.Swatch | None:
        return next((s for s in sw if any(w in s.use.lower() for w in words)), None)

    primary = pick("primary") or (sw[0] if sw else None)
    accent = pick("call to action", "accent", "action")
    heading = pick("heading")
    page = pick("page background")
    lines = [":root, [data-md-color-scheme=\"default\"] {"]
    if primary:
        lines += [f"  --md-primary-fg-color: {primary.hex};",
                  f"  --md-primary-fg-color--light: {primary.hex};",
                  f"  --md-primary-fg-color--dark: {primary.hex};",
                  f"  --md-primary-bg-color: {primary.text};",
                  f"  --md-primary-bg-color--light: {primary.text};"]
    if accent:
        lines += [f"  --md-accent-fg-color: {accent.hex};",
                  f"  --md-typeset-a-color: {primary.hex if primary else accent.hex};"]
    if heading:
        lines.append(f"  --smm-heading-color: {heading.hex};")
    if page:
        lines.append(f"  --smm-page-bg: {page.hex};")
    for s in sw:
        lines.append(f"  --smm-brand-{urls.slug(s.name)}: {s.hex};")
    fonts = {role: stack for role, _fam, stack in brandguide.fonts(brand)}
    if "body" in fonts:
        lines.append(f"  --md-text-font: {fonts['body'].split(',')[0]};")
    lines.append(f"  --smm-heading-font: {fonts.get('heading', 'inherit')};")
    lines.append("}")
    for p, c in palette.COLOURS.items():
        lines.append(f".smm-p-{p} {{ --c: {c}; }}")
    return "\n".join(lines) + "\n"


def _write_assets(project: Project, tree: Tree) -> None:
    pkg = resources.files("smm.site").joinpath("assets")
    for name in ASSETS:
        tree.write(f"assets/smm/{name}", pkg.joinpath(name).read_bytes())
    tree.write("assets/smm/brand.css", brand_css(project.brand))
    logo = project.brand.get("logo")
    path = (project.root / str(logo)).resolve() if isinstance(logo, str) else None
    if path and path.suffix.lower() == ".svg" and path.is_file() \
            and path.is_relative_to(project.repo_root.resolve()) \
            and robust.copied(project, tree, "assets/smm/logo.svg", path):
        pass
    else:  # a monogram, so the theme's logo and the cards' avatar always exist
        letter = html.escape((project.name or "?")[:1].upper())
        colour = _brand_primary(project.brand) or "#444444"
        tree.write("assets/smm/logo.svg",
                   '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
                   f'<circle cx="32" cy="32" r="32" fill="{colour}"/><text x="32" y="43" '
                   'font-size="32" text-anchor="middle" fill="#fff" font-family="sans-serif">'
                   f"{letter}</text></svg>")


def _copy_handwritten(project: Project, tree: Tree) -> None:
    """Hand-written pages (site/docs/**) join the generated ones; same path: theirs wins."""
    hand = site_dir(project) / "docs"
    if not hand.is_dir():
        return
    repo = project.repo_root.resolve()
    for path in sorted(hand.rglob("*")):
        if path.is_file() and path.resolve().is_relative_to(repo):  # no link out
            rel = path.relative_to(hand).as_posix()
            if robust.copied(project, tree, rel, path):
                tree.reserved.add(rel)
