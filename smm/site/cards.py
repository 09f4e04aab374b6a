"""A post page's platform cards, drawn in Python rather than Jinja.

The cards are most of a post page and a post page is most of a site: as a template with
macros they were half the generation time. Same markup as the template had; every value
is escaped here (textview.esc), and post text goes through text_html as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from smm.site.textview import esc, text_html

_MEDIA_FIRST = {"instagram", "tiktok", "youtube"}  # the picture above the caption


def media_first(platform: str) -> bool:
    return platform in _MEDIA_FIRST


def _media(v: Any, src: Callable[[Any], str]) -> str:
    if not v.media:
        return ""
    out = [f'<div class="smm-media smm-media--{min(len(v.media), 4)}">\n']
    for md in v.media:
        url = esc(src(md))
        alt = esc(md.alt or "")
        if md.kind == "video":
            label = f' aria-label="{alt}"' if md.alt else ""
            tag = f'<video controls preload="none" src="{url}"{label}></video>'
        else:
            tag = f'<img src="{url}" alt="{alt}" loading="lazy">'
        cls = "" if md.alt else ' class="smm-noalt"'
        out.append(f"<figure>\n{tag}<figcaption{cls}>{alt or 'no alt text'}"
                   "</figcaption>\n</figure>\n")
    out.append("</div>")
    return "".join(out)


def _count(c: Any) -> str:
    bad = "" if c.valid else " smm-bad"
    extra = f" ({esc(c.field)})" if c.field != "text" else ""
    if not c.valid:
        extra += f" · over by {c.length - c.limit}"
    if c.note:
        extra += f" · {esc(c.note)}"
    return (f'<div class="smm-count{bad}" data-length="{c.length}" data-limit="{c.limit}">'
            f'<meter max="{c.limit if c.limit > 0 else 1}" value="{c.length}"></meter> '
            f"{c.length} / {c.limit} {esc(c.unit)}{extra}</div>\n")


def cards(views: list[Any], title: str, brand: str, handle: Callable[[Any], str],
          media_src: Callable[[Any], str]) -> Markup:
    """Each channel's preview, styled like that platform's post card."""
    out = ['<div class="smm-cards">\n']
    for v in views:
        plat = v.channel.platform
        invalid = "" if v.valid else " smm-card--invalid"
        variant = " · variant" if v.is_variant else ""
        out.append(f'<article class="smm-card smm-p-{esc(plat)}{invalid}" '
                   f'data-channel="{esc(v.channel.id)}">\n'
                   f'<header data-plat="{esc(v.label)}{variant}"><b>{esc(brand)}</b> '
                   f"{esc(handle(v.channel))}</header>\n")
        n = len(v.parts)
        for i, part in enumerate(v.parts):
            first = i == 0
            bad = "" if part.valid else " smm-bad"
            num = f' data-n="{i + 1}/{n}"' if n > 1 else ""
            out.append(f'<div class="smm-card__part{bad}"{num}>\n')
            if first and media_first(plat):
                out.append(_media(v, media_src))
            if first and plat == "youtube":
                out.append(f"<h4>{esc(title)}</h4>")
            out.append(f"<p>{text_html(part.rendered.text, part.rendered.spans)}</p>\n")
            if first and not media_first(plat):
                out.append(_media(v, media_src))
            out.extend(_count(c) for c in part.counts)
            out.extend(f'<div class="smm-issue smm-issue--{esc(i.severity)}">'
                       f"{esc(i.severity)}: {esc(i.message)}</div>"
                       for i in part.issues)
            out.append("</div>\n")
        out.append("</article>\n")
    out.append("</div>")
    return Markup("".join(out))
