"""A post's page body, drawn in Python: with 10,000 posts, a Jinja template per page
cost more than everything else the generator does. Same markup the template had; every
value is escaped here, post text goes through text_html (in cards)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from smm.site import cards, charts, palette
from smm.site.env import badge, block, deferred
from smm.site.model import Entry
from smm.site.textview import esc


def _pill(status: str) -> str:
    return f'<span class="smm-pill smm-st-{esc(status)}">{esc(status)}</span>'


def _meta(e: Entry, tz: str, href: Callable[[str], str], campaign_src: str | None,
          month_src: str | None) -> str:
    if e.when:
        when = (f'<time datetime="{e.when.isoformat()}">'
                f"{e.when.strftime('%A %d %B %Y, %H:%M')} {esc(e.when.tzname() or '')}"
                f"</time> ({esc(tz)})")
    else:
        when = "Published when merged"
    out = [f'<p class="smm-post__meta">{when} {_pill(e.status)}']
    if e.post.draft:
        out.append(' <span class="smm-pill smm-st-draft">draft: never publishes</span>')
    if e.campaign and campaign_src:
        out.append(f' · campaign <a href="{esc(href(campaign_src))}">{esc(e.campaign)}</a>')
    for key in ("goal", "audience"):
        if e.post.get(key):
            out.append(f" · {key} {esc(e.post.get(key))}")
    if month_src:
        out.append(f' · <a href="{esc(href(month_src))}">in the calendar</a>')
    out.append(f"<br><small>{esc(e.post.rel)}</small></p>")
    return "".join(out)


def _status(e: Entry, local: Callable[[dt.datetime], str]) -> str:
    out = ['<ul class="smm-status">\n']
    for ch in e.channels:
        # data-smm-*: the state as smm.status decided it, for tools and tests that hold
        # every surface to `smm status`
        li = [f'<li data-smm-channel="{esc(ch.id)}" data-smm-state="{esc(ch.status)}">'
              f"{badge(ch)} {esc(ch.id)}: "
              f'<span class="smm-t-{esc(ch.status)}">{esc(ch.status)}</span>']
        rec = ch.record
        if rec and rec.finished_at:
            li.append(f" {esc(local(rec.finished_at))}")
        url = ch.url  # a property that parses the URL: once
        if url:
            li.append(f' · <a href="{esc(url)}" rel="nofollow noopener noreferrer" '
                      f'target="_blank">open on {esc(palette.label(ch.platform))} ↗</a>')
        if rec and rec.error:
            li.append(f" · {esc(rec.error)}")
        if ch.metrics:
            # Sorted as Jinja's dictsort did: by name, ignoring case.
            vals = ", ".join(f"{esc(name)} {esc(charts.fmt(dv[1], None, name))}"
                             for name, dv in sorted(ch.metrics.items(),
                                                    key=lambda kv: kv[0].lower()))
            asof = max(d for d, _v in ch.metrics.values()).isoformat()
            li.append(f" · {vals} <small>(as of {asof})</small>")
        li.append("</li>\n")
        out.append("".join(li))
    out.append("</ul>")
    return "".join(out)


def body(e: Entry, views: list[Any], *, brand: str, tz: str, href: Callable[[str], str],
         campaign_src: str | None, month_src: str | None,
         local: Callable[[dt.datetime], str], handle: Callable[[Any], str],
         media_src: Callable[[Any], str]) -> str:
    """The Markdown page body: the title, then meta, status and previews as one deferred
    block, and the post text once, hidden, for the search index (the cards are not
    indexed). As few tags as that: MkDocs parses each of them three times a page."""
    rest = Markup(_meta(e, tz, href, campaign_src, month_src) + "\n" + _status(e, local)
                  + '\n<h2 id="previews">Previews</h2>\n') \
        + cards.cards(views, e.title, brand, handle, media_src)
    out = [f'<h1 class="smm-post__title">{esc(e.title)}</h1>', deferred(rest)]
    if views:
        text = " ".join(p.rendered.text for p in views[0].parts).replace("\n", " ")
        out.append(f'<p class="smm-searchtext" hidden>{esc(text)}</p>')
    return block("\n".join(out))
