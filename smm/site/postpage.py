"""A post's page body, drawn in Python: with 10,000 posts, a Jinja template per page
cost more than everything else the generator does. Every value is escaped here; post
text goes through text_html (in cards). Everything a reader needs is in the HTML MkDocs
writes: the page reads the same with JavaScript off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from smm.site import cards, charts, palette
from smm.site.env import block
from smm.site.model import Entry
from smm.site.textview import esc


def pill(status: str) -> str:
    return f'<span class="smm-pill smm-st-{esc(status)}">{esc(status)}</span>'


def lang_of(e: Entry, site_lang: str) -> str | None:
    """The post's language when it is not the site's (for `lang` attributes)."""
    lang = e.post.get("lang")
    return lang if isinstance(lang, str) and lang and lang != site_lang else None


def _meta(e: Entry, tz: str, href: Callable[[str], str], campaign_src: str | None,
          month_src: str | None) -> str:
    if e.when:
        when = (f'<time datetime="{e.when.isoformat()}">'
                f"{e.when.strftime('%A %d %B %Y, %H:%M')} {esc(e.when.tzname() or '')}"
                f"</time> ({esc(tz)})")
    else:
        when = "Published when merged"
    out = [f'<p class="smm-post__meta">{when} {pill(e.status)}']
    if e.post.draft:
        out.append(" · a draft: it never publishes")
    if e.campaign and campaign_src:
        out.append(f' · campaign <a href="{esc(href(campaign_src))}">{esc(e.campaign)}</a>')
    for key in ("goal", "audience"):
        if e.post.get(key):
            out.append(f" · {key} {esc(e.post.get(key))}")
    if month_src:
        out.append(f' · <a href="{esc(href(month_src))}">in the calendar</a>')
    out.append(f'<br><span class="smm-src">File: {esc(e.post.rel)}</span></p>')
    return "".join(out)


def _status(e: Entry, local: Callable[[dt.datetime], str]) -> str:
    out = ['<ul class="smm-status">\n']
    for ch in e.channels:
        # data-smm-*: the state as smm.status decided it, for tools and tests that hold
        # every surface to `smm status`
        li = [f'<li data-smm-channel="{esc(ch.id)}" data-smm-state="{esc(ch.status)}">'
              f"{esc(ch.id)} ({esc(palette.label(ch.platform))}): {pill(ch.status)}"]
        rec = ch.record
        if rec and rec.finished_at:
            li.append(f" {esc(local(rec.finished_at))}")
        url = ch.url  # a property that parses the URL: once
        if url:
            li.append(f' · <a href="{esc(url)}" rel="nofollow noopener noreferrer">'
                      f"open on {esc(palette.label(ch.platform))}</a>")
        if rec and rec.error:
            li.append(f" · {esc(rec.error)}")
        if getattr(ch, "blocked", None):
            li.append(f" · held back by a validation error: {esc(ch.blocked)}")
        if ch.metrics:
            # Sorted as Jinja's dictsort did: by name, ignoring case.
            vals = ", ".join(f"{esc(name)} {esc(charts.fmt(dv[1], None, name))}"
                             for name, dv in sorted(ch.metrics.items(),
                                                    key=lambda kv: kv[0].lower()))
            asof = max(d for d, _v in ch.metrics.values()).isoformat()
            li.append(f" · {vals} (as of {asof})")
        li.append("</li>\n")
        out.append("".join(li))
    out.append("</ul>")
    return "".join(out)


def body(e: Entry, views: list[Any], *, brand: str, tz: str, href: Callable[[str], str],
         campaign_src: str | None, month_src: str | None,
         local: Callable[[dt.datetime], str], handle: Callable[[Any], str],
         info: Callable[[Any], cards.MediaInfo], site_lang: str = "en") -> str:
    """The Markdown page body: title, meta, each channel's state and results, and the
    previews. The cards are left out of the search index (seven copies of one text);
    the post's text is indexed once, from a paragraph kept for it."""
    lang = lang_of(e, site_lang)
    la = f' lang="{esc(lang)}"' if lang else ""
    warning = e.post.get("content_warning")
    out = [f'<h1 class="smm-post__title"{la}>{esc(e.title)}</h1>',
           _meta(e, tz, href, campaign_src, month_src), _status(e, local),
           '<h2 id="previews">Previews</h2>',
           cards.cards(views, e.title, brand, handle, info, href, lang=lang,
                       warning=warning if isinstance(warning, str) else None)]
    if views:
        text = " ".join(p.rendered.text for p in views[0].parts).replace("\n", " ")
        out.append(f'<p class="smm-searchtext" hidden{la}>{esc(text)}</p>')
    return block("\n".join(out))
