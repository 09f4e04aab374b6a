"""A rendered post text as safe HTML: every character escaped, links only to http(s).

This is the one function through which post text reaches a page outside the templates'
autoescape, so it is where the site's no-injection promise is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from smm.site.model import safe_url


def esc(s: object) -> str:
    """markupsafe.escape's result (same entities) as a plain str, for plain values only
    (never Markup: it would be escaped twice). Building pages from strings rather than
    Markup objects saves most of the escaping cost on a 10,000-post site."""
    if isinstance(s, Markup):
        return str(s)
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def _text(s: str) -> str:
    # No raw newline may reach the page: inside an HTML block a blank line could end it
    # and let the rest be read as Markdown.
    return esc(s).replace("\n", "<br>")


def text_html(text: str, spans: Iterable[Any] = ()) -> Markup:
    """`text` with its link, mention and tag spans marked up."""
    out: list[str] = []
    pos = 0
    for sp in sorted(spans, key=lambda s: (s.start, -s.end)):
        start, end = int(sp.start), int(sp.end)
        if start < pos or end > len(text) or end <= start:
            continue  # overlapping or out of range: the text still shows, unmarked
        out.append(_text(text[pos:start]))
        inner = _text(text[start:end])
        kind = str(getattr(sp, "kind", ""))
        if kind == "link":
            href = safe_url(str(getattr(sp, "value", "") or text[start:end]))
            if href:
                out.append(f'<a class="smm-link" href="{escape(href)}" rel="nofollow noopener '
                           f'noreferrer ugc" target="_blank">{inner}</a>')
            else:
                out.append(f'<span class="smm-link smm-link--blocked" title="not a web link">'
                           f"{inner}</span>")
        elif kind in ("mention", "tag"):
            out.append(f'<span class="smm-{kind}">{inner}</span>')
        else:
            out.append(inner)
        pos = end
    out.append(_text(text[pos:]))
    return Markup("".join(out))
