"""The Jinja2 environment: autoescape on for every template, since every page holds
post text; and the helpers templates call."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from smm.project import Channel
from smm.site import cards, charts, palette
from smm.site.model import STATUSES
from smm.site.textview import esc, text_html
from smm.site.urls import Linker

_BLANK = re.compile(r"\n[ \t]*(?=\n)")
_INDENT = re.compile(r"^[ \t]+", re.M)



def block(value: Any) -> Markup:
    """An HTML block as Markdown needs it: no blank line (which would end the block and
    turn the rest into Markdown) and no indentation (which would make it code)."""
    s = str(value)
    if "\n\n" in s or "\n " in s or "\n\t" in s or s[:1] in (" ", "\t"):
        s = _INDENT.sub("", _BLANK.sub("", s))  # else neither can match: skip the scans
    return Markup(s.strip("\n"))


_BADGES: dict[tuple[str, str, str], Markup] = {}


def badge(ch: Any) -> Markup:
    """A channel's coloured mark with its status. Python rather than a Jinja macro: it
    is drawn for every channel of every post on the month, campaign and post pages, and
    a macro call costs ten times as much; drawn once for each channel and status."""
    key = (ch.platform, ch.id, ch.status)
    if key not in _BADGES:
        _BADGES[key] = _badge(*key)
    return _BADGES[key]


def _badge(platform: str, id_: str, status: str) -> Markup:
    label = palette.label(platform)
    return Markup(f'<span class="smm-b smm-p-{esc(platform)} smm-st-{esc(status)}" '
                  f'title="{esc(label)} · {esc(id_)}: {esc(status)}">'
                  f"{esc(palette.mark(platform))}</span>")


def _data(e: Any) -> str:
    # What the calendar filters (site.js) match on.
    return (f'data-smm-item data-channels="{esc(" ".join(c.id for c in e.channels))}" '
            f'data-campaign="{esc(e.campaign or "")}" '
            f'data-statuses="{esc(" ".join(e.statuses))}"')


def _lang(here: Here, e: Any) -> str:
    lang = e.post.get("lang")
    return f' lang="{esc(lang)}"' if isinstance(lang, str) and lang and lang != here.lang \
        else ""


def item(here: Here, e: Any) -> Markup:
    """A post in a calendar day: time, title, channel badges and state. Python, like
    badge: it is drawn for every post on the month pages."""
    when = f"{e.when.strftime('%H:%M')} " if e.when else ""
    href = esc(here.href(e.src))
    return Markup(f'<li class="smm-item smm-st-{esc(e.status)}" {_data(e)}>{when}'
                  f'<a href="{href}"{_lang(here, e)}>{esc(e.title)}</a> '
                  + "".join(badge(c) for c in e.channels)
                  + f' <span class="smm-pill smm-st-{esc(e.status)}">{esc(e.status)}</span>'
                  "</li>")


def line(here: Here, e: Any) -> Markup:
    """A post in a list: badges, time and title linking to its page, campaign, status."""
    when = f"{e.when.strftime('%a %d %b %Y, %H:%M')} · " if e.when else ""
    camp = f" · {esc(e.campaign)}" if e.campaign else ""
    return Markup(f'<li class="smm-st-{esc(e.status)}" {_data(e)}>'
                  + "".join(badge(c) for c in e.channels)
                  + f' {when}<a href="{esc(here.href(e.src))}"{_lang(here, e)}>'
                  f"{esc(e.title)}</a>{camp} · {esc(e.status)}</li>")


def result_line(here: Here, e: Any) -> Markup:
    """A post in a campaign's schedule: as `line`, then each channel's state and results
    (its latest views and clicks, where measured)."""
    parts = []
    for c in e.channels:
        got = [f"{charts.fmt(c.metrics[m][1], None, m)} {m}" for m in ("views", "clicks")
               if m in c.metrics]
        parts.append(f"{esc(c.id)} {esc(c.status)}" + (f" ({esc(', '.join(got))})"
                                                        if got else ""))
    head = str(line(here, e))[:-len("</li>")]
    return Markup(head + '<br><span class="smm-results">' + "; ".join(parts) + "</span></li>")


def handle(ch: Channel) -> str:
    """The account as the platform shows it under the name: @handle, or nothing where
    strategy.yaml names no handle (LinkedIn and Facebook pages show only the name)."""
    h = ch.config.get("handle")
    if not isinstance(h, str) or not h.strip():
        return ""
    h = h.strip()
    return h if h.startswith("@") else "@" + h


def cadence_text(rules: dict[str, Any]) -> str:
    bits = []
    if rules.get("max_per_day") is not None:
        bits.append(f"at most {rules['max_per_day']} a day")
    if rules.get("min_gap"):
        bits.append(f"{rules['min_gap']} apart")
    return ", ".join(bits) or "–"


class Here:
    """The page being rendered: `href` in templates links relative to it. A global
    rather than a render variable so that macros are imported once, not per page."""

    def __init__(self, linker: Linker, lang: str = "en"):
        self.linker = linker
        self.src = "index.md"
        self.lang = lang  # the site's language: a post in another is marked with its own

    def href(self, to: str, fragment: str = "") -> str:
        return self.linker.href(self.src, to, fragment)


def environment(here: Here, **globals_: Any) -> Environment:
    """The templates' environment, their compiled form kept between builds
    (parallel.template_cache)."""
    from smm.site.parallel import template_cache

    env = Environment(loader=_loader(), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, auto_reload=False,
                      bytecode_cache=template_cache())
    env.filters["block"] = block
    env.globals.update(globals_, href=here.href, item=lambda e: item(here, e),
                       line=lambda e: line(here, e),
                       result_line=lambda e: result_line(here, e))
    env.globals.update(
        colour=palette.colour, mark=palette.mark, label=palette.label,
        status_mark=lambda s: palette.STATUS_MARKS.get(s, "•"), fmt=charts.fmt,
        status_help=lambda s: palette.STATUS_HELP.get(s, ""),
        text_html=text_html, handle=handle, badge=badge, media_first=cards.media_first,
        all_statuses=STATUSES,
    )
    return env


@lru_cache(maxsize=1)
def _loader() -> PackageLoader:
    return PackageLoader("smm.site", "templates")
