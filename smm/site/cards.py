"""A post page's platform cards, drawn in Python rather than Jinja.

The cards are most of a post page and a post page is most of a site: as a template with
macros they were half the generation time. Every value is escaped here (textview.esc),
and post text goes through text_html as everywhere else. Tags are few on purpose:
MkDocs parses each page's HTML three times (Python-Markdown's HTML blocks, its anchor
scan, the search indexer), so decoration (avatars, action bars) comes from CSS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from smm.site import media as smedia
from smm.site.textview import esc, text_html

_MEDIA_FIRST = {"instagram", "tiktok", "youtube"}  # the picture above the caption


class MediaInfo(NamedTuple):
    """What a card needs of a media file: its site path, its poster (videos), its size."""

    src: str
    poster: str | None
    size: tuple[int, int] | None


def media_first(platform: str) -> bool:
    return platform in _MEDIA_FIRST


def _media(v: Any, info: Callable[[Any], MediaInfo], href: Callable[[str], str],
           lang_attr: str) -> str:
    items = v.media
    if not items:
        return ""
    plat = v.channel.platform
    n = min(len(items), 4)
    out = [f'<div class="smm-media smm-media--{n}">\n']
    for md in items:
        mi = info(md)
        fr = smedia.frame(plat, md.kind, mi.size, len(items))
        tall = " smm-tall" if fr.width < fr.height and n == 1 else ""
        label = f' data-frame="{esc(fr.name)}"' if fr.name else ""
        alt = esc(md.alt or "")
        # The frame's shape is reserved before anything loads (no layout shift); the crop
        # keeps the post's focal point in view, as the platform's own crop does.
        style = (f'style="aspect-ratio:{fr.css};object-position:'
                 f'{smedia.position(md.focus)}"')
        url = esc(href(mi.src))
        if md.kind == "video":
            poster = f' poster="{esc(href(mi.poster))}"' if mi.poster else ""
            name = f' aria-label="{alt}"' if md.alt else ""
            tag = (f'<video controls preload="none"{poster} src="{url}"{name} {style}>'
                   "</video>")
        else:
            wh = f' width="{mi.size[0]}" height="{mi.size[1]}"' if mi.size else ""
            tag = f'<img src="{url}" alt="{alt}"{wh} loading="lazy" {style}>'
        cls = "" if md.alt else ' class="smm-noalt"'
        out.append(f'<figure class="smm-fig{tall}"{label}{lang_attr}>{tag}<figcaption{cls}>'
                   f"{alt or 'no alt text'}</figcaption></figure>\n")
    out.append("</div>")
    return "".join(out)


def _count(c: Any) -> str:
    bad = "" if c.valid else " smm-bad"
    extra = f" ({esc(c.field)})" if c.field != "text" else ""
    if not c.valid:
        extra += f" · over by {c.length - c.limit}"
    # c.note is for whoever maintains the platform limits (e.g. "limit unverified"):
    # `smm preview` shows it; stakeholders are not asked to act on it.
    return (f'<p class="smm-count{bad}" data-length="{c.length}" data-limit="{c.limit}">'
            f"{c.length} / {c.limit} {esc(c.unit)}{extra}</p>\n")


def cards(views: list[Any], title: str, brand: str, handle: Callable[[Any], str],
          info: Callable[[Any], MediaInfo], href: Callable[[str], str], *,
          lang: str | None = None, warning: str | None = None) -> str:
    """Each channel's preview, styled like that platform's post card. `lang`: the
    post's language when it differs from the site's; `warning`: its content warning,
    which Mastodon shows in place of the text until the reader opens it. The post's
    words carry its language; the card's own labels stay in the site's."""
    out = ['<div class="smm-cards" data-search-exclude>\n']
    lang_attr = f' lang="{esc(lang)}"' if lang else ""
    for v in views:
        plat = v.channel.platform
        invalid = "" if v.valid else " smm-card--invalid"
        variant = " · own text" if v.is_variant else ""
        who = handle(v.channel)
        out.append(f'<article class="smm-card smm-p-{esc(plat)}{invalid}" '
                   f'data-channel="{esc(v.channel.id)}">\n'
                   # Two lines, no inner tags (site.css sets the first in bold).
                   f"<header>{esc(brand)}\n{esc(who) + ' · ' if who else ''}"
                   f"{esc(v.label)}{variant}</header>\n")
        cw = warning if plat == "mastodon" and warning else None
        n = len(v.parts)
        for i, part in enumerate(v.parts):
            first = i == 0
            bad = "" if part.valid else " smm-bad"
            num = f' data-n="{i + 1}/{n}"' if n > 1 else ""
            out.append(f'<div class="smm-card__part{bad}"{num}>\n')
            body = []
            if first and media_first(plat):
                body.append(_media(v, info, href, lang_attr))
            if first and plat == "youtube":
                body.append(f'<p class="smm-card__title"{lang_attr}>{esc(title)}</p>')
            body.append(f'<p class="smm-text"{lang_attr}>'
                        f"{text_html(part.rendered.text, part.rendered.spans)}</p>\n")
            if first and not media_first(plat):
                body.append(_media(v, info, href, lang_attr))
            if cw is not None:
                # A <details> opens without JavaScript, like Mastodon's "Show more".
                out.append(f'<details class="smm-cw"><summary><span{lang_attr}>{esc(cw)}'
                           '</span> <span class="smm-cw__more">Show more</span></summary>\n'
                           + "".join(body) + "</details>\n")
            else:
                out.extend(body)
            out.extend(_count(c) for c in part.counts)
            out.extend(f'<p class="smm-issue smm-issue--{esc(i.severity)}">'
                       f"{esc(i.severity)}: {esc(i.message)}</p>"
                       for i in part.issues)
            out.append("</div>\n")
        out.append("</article>\n")
    out.append("</div>")
    return "".join(out)
