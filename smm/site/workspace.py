"""One site for a workspace's team: each brand's own section, and the team's pages.

A thin layer over the brand site (smm.site.generate): each brand's pages are generated
as they are for a brand alone, into `<key>/` of the team's docs folder (posts,
calendar, campaigns, strategy, brand guide, KPIs and its own `calendar.ics`). On top,
this module writes the team's pages: a home with the brands and the week at a glance,
a cross-brand calendar (the week, then month by month) that a reader filters by brand,
and one `calendar.ics` for all brands. The MkDocs configuration it builds with inherits
the workspace's site/mkdocs.yml and adds the navigation the brands need.

Every piece of post text is escaped here, as in the brand pages.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import html
import json
import os
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from smm.project import Project
from smm.site import generate, ics, pages, palette, urls
from smm.site.generate import Result
from smm.site.model import Entry
from smm.site.writer import Tree
from smm.workspace import Workspace

# Brands without a primary colour of their own get these, in smm.yaml's order.
_COLOURS = ("#1F77B4", "#D62728", "#2CA02C", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
            "#BCBD22", "#17BECF", "#FF7F0E")
_ASSETS = ("workspace.css", "workspace.js")
_SECTION = (("Calendar", "calendar/index.md"), ("Posts", "posts/index.md"),
            ("Campaigns", "campaigns/index.md"), ("KPIs", "kpi/index.md"),
            ("Strategy", "strategy.md"), ("Brand", "brand.md"))


class Brand:
    """A brand as the team's pages show it."""

    def __init__(self, project: Project, result: Result, colour: str) -> None:
        self.project = project
        self.key = project.key
        self.name = project.name
        self.result = result
        self.colour = colour

    def src(self, e: Entry) -> str:
        return f"{self.key}/{e.src}"


def site_dir(ws: Workspace) -> Path:
    return ws.root / "site"


def generate_workspace(ws: Workspace, projects: list[Project], now: dt.datetime | None = None,
                       *, workers: int | None = None) -> Result:
    """Write every brand's section and the team's pages; returns the MkDocs config."""
    gen = site_dir(ws) / "_generated"
    docs = gen / "docs"
    now = now or projects[0].now()
    brands: list[Brand] = []
    for i, p in enumerate(projects):
        r = generate.generate(p, now, workers=workers, into=docs / p.key)
        own = generate._brand_primary(p.brand)
        if own is None or any(b.colour.lower() == own.lower() for b in brands):
            own = _COLOURS[i % len(_COLOURS)]  # two brands never share a colour
        brands.append(Brand(p, r, own))
    tree = Tree(docs)
    hand = _copy_handwritten(ws, tree)
    today = now.astimezone(projects[0].timezone).date()
    linker = urls.Linker(True)
    count = _write_pages(tree, brands, now, today, linker)
    _write_assets(ws, tree)
    _prune(tree, docs, {b.key for b in brands})
    config = _write_config(ws, gen, brands, hand)
    return Result(config, docs, count + sum(b.result.pages for b in brands),
                  tree.changed + sum(b.result.changed for b in brands),
                  sum(b.result.posts for b in brands))


def build_workspace(ws: Workspace, projects: list[Project], out: Path | None = None,
                    now: dt.datetime | None = None) -> tuple[Result, Path]:
    from smm.site import _mkparallel
    from smm.site.build import run_mkdocs

    result = generate_workspace(ws, projects, now)
    site = (out or site_dir(ws) / "_build").resolve()
    run_mkdocs(result, site, site_dir(ws) / "_generated" / _mkparallel.CACHE)
    return result, site


# --- pages ----------------------------------------------------------------------------


def _rel(from_src: str, to: str, linker: urls.Linker) -> str:
    return html.escape(linker.href(from_src, to))


def _item(b: Brand, e: Entry, from_src: str, linker: urls.Linker, tz_local: bool = True
          ) -> str:
    when = e.when.strftime("%H:%M") if e.when else "on merge"
    marks = "".join(
        f'<span class="smm-wsi__ch smm-p-{html.escape(c.platform)}" '
        f'title="{html.escape(palette.label(c.platform))} · {html.escape(c.status)}">'
        f"{html.escape(palette.mark(c.platform))}</span>" for c in e.channels)
    return (f'<li class="smm-wsi" data-smm-brand="{html.escape(b.key)}" '
            f'data-status="{html.escape(e.status)}" style="--b: {b.colour}">'
            f'<a href="{_rel(from_src, b.src(e), linker)}">'
            f'<span class="smm-wsi__brand">{html.escape(b.name)}</span> '
            f'<time datetime="{html.escape(e.when.isoformat()) if e.when else ""}">'
            f"{html.escape(when)}</time> "
            f'<span class="smm-wsi__title">{html.escape(e.title)}</span></a> '
            f'<span class="smm-wsi__marks">{marks}</span> '
            f'<span class="smm-wsi__status">{html.escape(e.status)}</span></li>')


def _filter(brands: list[Brand]) -> str:
    """The brand filter: checkboxes the script reads and keeps in the query string
    (?brand=a,b), on every team page. Hidden without JavaScript: everything shows."""
    boxes = "".join(
        f'<label class="smm-wsf__b" style="--b: {b.colour}"><input type="checkbox" '
        f'name="brand" value="{html.escape(b.key)}" checked> {html.escape(b.name)}</label>'
        for b in brands)
    return (f'<form class="smm-wsf" data-smm-ws-filter hidden><fieldset><legend>Brands'
            f"</legend>{boxes}</fieldset><output data-smm-ws-count></output></form>")


def _days(days: list[dt.date], by_day: dict[dt.date, list[tuple[Brand, Entry]]], month: int,
          today: dt.date, src: str, linker: urls.Linker) -> str:
    cells = []
    for d in days:
        cls = "smm-wsd" + (" smm-wsd--out" if month and d.month != month else "") \
            + (" smm-wsd--today" if d == today else "")
        items = "" if month and d.month != month else "".join(
            _item(b, e, src, linker) for b, e in by_day.get(d, []))
        cells.append(f'<td class="{cls}" data-date="{d.isoformat()}"><span class="smm-wsd__n">'
                     f'{d.day}</span><ul class="smm-wsl">{items}</ul></td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _head() -> str:
    return ("<thead><tr>" + "".join(f'<th scope="col">{d}</th>' for d in pages.WEEKDAYS)
            + "</tr></thead>")


def _week(by_day: dict[dt.date, list[tuple[Brand, Entry]]], today: dt.date, src: str,
          linker: urls.Linker) -> str:
    start = today - dt.timedelta(days=today.weekday())
    days = [start + dt.timedelta(days=i) for i in range(7)]
    label = f"{days[0]:%d %b} – {days[-1]:%d %b %Y}"
    return (f'<section class="smm-wsw"><h2>The week at a glance · {html.escape(label)}</h2>'
            f'<table class="smm-wsm smm-wsm--week">{_head()}<tbody>'
            f"{_days(days, by_day, 0, today, src, linker)}</tbody></table></section>")


def _month(ym: tuple[int, int], by_day: dict[dt.date, list[tuple[Brand, Entry]]],
           months: list[tuple[int, int]], today: dt.date, src: str,
           linker: urls.Linker) -> str:
    y, m = ym
    i = months.index(ym)
    prev = months[i - 1] if i > 0 else None
    nxt = months[i + 1] if i + 1 < len(months) else None
    nav = ['<nav class="smm-wsn">']
    nav.append(f'<a href="{_rel(src, urls.month_src(*prev), linker)}" data-smm-ws-keep '
               f'rel="prev">← {pages.month_name(prev)}</a>' if prev else "<span></span>")
    nav.append(f"<h2>{pages.month_name(ym)}</h2>")
    nav.append(f'<a href="{_rel(src, urls.month_src(*nxt), linker)}" data-smm-ws-keep '
               f'rel="next">{pages.month_name(nxt)} →</a>' if nxt else "<span></span>")
    nav.append("</nav>")
    rows = "".join(_days(wk, by_day, m, today, src, linker)
                   for wk in _cal.Calendar(0).monthdatescalendar(y, m))
    return "".join(nav) + f'<table class="smm-wsm">{_head()}<tbody>{rows}</tbody></table>'


def _legend(brands: list[Brand], src: str, linker: urls.Linker) -> str:
    items = "".join(
        f'<li style="--b: {b.colour}"><span class="smm-wsi__brand">{html.escape(b.name)}'
        f'</span> <a href="{_rel(src, f"{b.key}/index.md", linker)}">section</a> · '
        f'<a href="{_rel(src, f"{b.key}/calendar/index.md", linker)}">calendar</a> · '
        f'<a href="{_rel(src, f"{b.key}/calendar.ics", linker)}">{html.escape(b.key)}'
        f".ics</a></li>" for b in brands)
    return f'<ul class="smm-wsleg">{items}</ul>'


def _block(html_text: str) -> str:
    # A raw HTML block for Markdown: blank lines around it, none inside.
    return "\n" + html_text.replace("\n\n", "\n") + "\n\n"


def _write_pages(tree: Tree, brands: list[Brand], now: dt.datetime, today: dt.date,
                 linker: urls.Linker) -> int:
    page = generate._page
    every = [(b, e) for b in brands for e in b.result.entries]
    by_day: dict[dt.date, list[tuple[Brand, Entry]]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[tuple[Brand, Entry]]] = defaultdict(list)
    for b, e in every:
        if e.when is not None:
            by_day[e.when.date()].append((b, e))
            by_month[(e.when.year, e.when.month)].append((b, e))
    for day in by_day.values():
        day.sort(key=lambda be: (be[1].when or now, be[0].key, be[1].post.id))
    months = pages.months([e for _, e in every], today)
    count = 0
    filt = _filter(brands)
    ics_link = ('<p class="smm-wsj"><a href="{all}">Subscribe: calendar.ics (all brands)</a>'
                " · each brand's own below</p>")
    for ym in months:
        src = urls.month_src(*ym)
        body = (filt + ics_link.format(all=_rel(src, "calendar.ics", linker))
                + _month(ym, by_day, months, today, src, linker) + _legend(brands, src, linker))
        tree.write(src, page(pages.month_name(ym), _block(body), ("navigation", "toc"), False))
        count += 1
    src = "calendar/index.md"
    now_ym = (today.year, today.month)
    body = (filt + ics_link.format(all=_rel(src, "calendar.ics", linker))
            + _week(by_day, today, src, linker)
            + _month(now_ym, by_day, months, today, src, linker) + _legend(brands, src, linker))
    tree.write(src, page("Team calendar", _block(body), ("navigation", "toc"), False))
    count += 1
    tree.write("index.md", page("Home", _home(brands, by_day, today, linker, filt),
                                ("navigation",)))
    count += 1
    tree.write("calendar.ics", _all_ics(brands, now, linker))
    return count


def _home(brands: list[Brand], by_day: dict[dt.date, list[tuple[Brand, Entry]]],
          today: dt.date, linker: urls.Linker, filt: str) -> str:
    src = "index.md"
    rows = []
    for b in brands:
        ents = b.result.entries
        upcoming = sum(1 for e in ents if e.when and e.when.date() >= today
                       and e.status in ("scheduled", "due"))
        flagged = sum(1 for e in ents if e.attention)
        links = " · ".join(f'<a href="{_rel(src, f"{b.key}/{to}", linker)}">{label}</a>'
                           for label, to in _SECTION)
        rows.append(f'<tr style="--b: {b.colour}"><th scope="row"><span class="smm-wsi__brand">'
                    f'{html.escape(b.name)}</span> <code>{html.escape(b.key)}</code></th>'
                    f"<td>{len(ents)}</td><td>{upcoming}</td><td>{flagged}</td>"
                    f"<td>{links}</td></tr>")
    table = ('<table class="smm-wsbrands"><thead><tr><th scope="col">Brand</th>'
             '<th scope="col">Posts</th><th scope="col">Upcoming</th>'
             '<th scope="col">Need attention</th><th scope="col">Section</th></tr></thead>'
             f"<tbody>{''.join(rows)}</tbody></table>")
    attention = [(b, e) for b in brands for e in b.result.entries if e.attention]
    need = ""
    if attention:
        need = ('<h2>Needs attention</h2><ul class="smm-wsl smm-wsl--list">'
                + "".join(_item(b, e, src, linker) for b, e in attention[:50]) + "</ul>")
    body = (f"<h2>Brands</h2>{table}{filt}{_week(by_day, today, src, linker)}{need}"
            f'<p class="smm-wsj"><a href="{_rel(src, "calendar/index.md", linker)}">'
            "The team calendar</a> · "
            f'<a href="{_rel(src, "calendar.ics", linker)}">calendar.ics (all brands)</a></p>')
    return _block(body)


def _all_ics(brands: list[Brand], now: dt.datetime, linker: urls.Linker) -> bytes:
    """One calendar for the team: each brand's events, their titles naming the brand."""
    events: list[str] = []
    for b in brands:
        text = ics.calendar_ics(b.project, b.result.entries, now).decode("utf-8")
        unfolded = text.replace("\r\n ", "")
        inside = False
        for line in unfolded.split("\r\n"):
            if line == "BEGIN:VEVENT":
                inside = True
            if inside:
                if line.startswith("SUMMARY:"):
                    line = "SUMMARY:" + ics._text(f"{b.name} · ") + line[len("SUMMARY:"):]
                events.append(line)
            if line == "END:VEVENT":
                inside = False
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//smm//team site//EN",
             "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:" + ics._text(" · ".join(b.name for b in brands)), *events,
             "END:VCALENDAR"]
    return ("\r\n".join(ics._fold(x) for x in lines) + "\r\n").encode("utf-8")


# --- assets, hand-written pages, config -------------------------------------------------


def _write_assets(ws: Workspace, tree: Tree) -> None:
    pkg = resources.files("smm.site").joinpath("assets")
    for name in generate.ASSETS:
        tree.write(f"assets/smm/{name}", pkg.joinpath(name).read_bytes())
    for name in _ASSETS:
        tree.write(f"assets/smm/{name}", pkg.joinpath(name).read_bytes())
    tree.write("assets/smm/brand.css", generate.brand_css({}))
    letter = html.escape((ws.root.name or "?")[:1].upper())
    tree.write("assets/smm/logo.svg",
               '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
               '<circle cx="32" cy="32" r="32" fill="#444444"/><text x="32" y="43" '
               'font-size="32" text-anchor="middle" fill="#fff" font-family="sans-serif">'
               f"{letter}</text></svg>")


def _copy_handwritten(ws: Workspace, tree: Tree) -> list[str]:
    """The team's hand-written pages (site/docs/**); returns the Markdown ones."""
    hand = site_dir(ws) / "docs"
    out: list[str] = []
    if not hand.is_dir():
        return out
    for path in sorted(hand.rglob("*")):
        if path.is_file():
            rel = path.relative_to(hand).as_posix()
            tree.copy(rel, path)
            tree.reserved.add(rel)
            if rel.endswith(".md"):
                out.append(rel)
    return out


def _prune(tree: Tree, docs: Path, keys: set[str]) -> None:
    """Remove what this run did not write, but leave each brand's section to its own
    generator (which pruned it already)."""
    for entry in os.scandir(docs):
        rel = entry.name
        if entry.is_dir() and rel in keys:
            continue
        if entry.is_dir():
            sub = Path(entry.path)
            for path in sorted(sub.rglob("*"), reverse=True):
                r = path.relative_to(docs).as_posix()
                if path.is_file() and r not in tree.kept:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
            if not any(sub.iterdir()):
                sub.rmdir()
        elif rel not in tree.kept:
            os.unlink(entry.path)


def _write_config(ws: Workspace, gen: Path, brands: list[Brand], hand: list[str]) -> Path:
    """site/_generated/mkdocs.yml: the team's site/mkdocs.yml (inherited), with the
    navigation of the brands' sections; smm's default configuration when the workspace
    has none."""
    parent = site_dir(ws) / "mkdocs.yml"
    nav: list[Any] = [{"Home": "index.md"}, {"Calendar": "calendar/index.md"}]
    for b in brands:
        nav.append({b.name: [f"{b.key}/index.md",
                             *({label: f"{b.key}/{to}"} for label, to in _SECTION)]})
    nav += [{_title(rel): rel} for rel in hand if rel not in ("index.md",)]
    hidden = ["/calendar/*"]
    for b in brands:
        hidden += [f"/{b.key}/calendar/*", f"/{b.key}/posts/*", f"/{b.key}/campaigns/*"]
    cfg: dict[str, Any] = {"docs_dir": "docs", "nav": nav, "not_in_nav": "\n".join(hidden)}
    css = ["assets/smm/brand.css", "assets/smm/site.css", "assets/smm/workspace.css"]
    js = ["assets/smm/site.js", "assets/smm/workspace.js"]
    if parent.is_file():
        mine = generate.read_config(parent)
        cfg = {"INHERIT": "../mkdocs.yml", **cfg}
        cfg["extra_css"] = _merged(mine.get("extra_css"), css)
        cfg["extra_javascript"] = _merged(mine.get("extra_javascript"), js)
        text = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in cfg.items())
    else:
        base = resources.files("smm.site").joinpath(generate._DEFAULT_CONFIG).read_text("utf-8")
        base = base.replace("SITE_NAME", json.dumps(f"{ws.root.name} · social"))
        keep = base.split("\nnav:")[0].replace(
            "extra_css: [assets/smm/brand.css, assets/smm/site.css]",
            f"extra_css: {json.dumps(css)}").replace(
            "extra_javascript: [assets/smm/site.js]", f"extra_javascript: {json.dumps(js)}")
        text = keep.replace("docs_dir: docs\n", "") + "\n" + "".join(
            f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in cfg.items())
    Tree(gen).write("mkdocs.yml", text)
    return gen / "mkdocs.yml"


def _merged(theirs: Any, ours: list[str]) -> list[str]:
    out = [str(x) for x in theirs] if isinstance(theirs, list) else []
    return out + [x for x in ours if x not in out]


def _title(rel: str) -> str:
    stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
    return stem.replace("-", " ").replace("_", " ").title()




def serve_workspace(ws: Workspace, projects: list[Project], addr: str = "127.0.0.1:8000"
                    ) -> None:
    """The team's site from a temporary folder, built again whenever a brand's sources,
    smm.yaml, shared/ or site/docs change; the browser reloads (MkDocs' live reload)."""
    from smm import output
    from smm.site import _mkparallel
    from smm.site.build import WATCHED, live_server

    watched = [ws.path, ws.shared, site_dir(ws) / "docs"]
    watched += [p.root / name for p in projects for name in WATCHED]
    server, close = live_server(lambda: generate_workspace(ws, projects, workers=0),
                                site_dir(ws) / "_generated" / _mkparallel.CACHE, watched,
                                addr)
    try:
        output.err(f"smm: serving {len(projects)} brands on http://{addr}/ (Ctrl-C stops)")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        close()
