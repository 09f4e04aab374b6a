"""UTM tags on the links of each channel's text, from strategy.yaml's `utm:`.

    utm:
      utm_source: "{channel}"        # the defaults, when a key is left out: see DEFAULTS
      utm_medium: social
      utm_campaign: "{campaign}"     # a value that comes out empty leaves the tag out
      utm_content: "{post}"
      exclude: [shop.example.com]    # these domains (and their subdomains) are left alone
      channels:                      # per channel, over the above
        linkedin: {utm_medium: organic-social}
      campaigns:                     # per campaign, over both
        winter-launch: {utm_campaign: winter-2026}

Placeholders: {channel} (the channel id), {platform}, {campaign}, {goal}, {lang},
{post} (the file name without .md), {post_id}, {date} (publish date, YYYY-MM-DD).

Tags are added when a channel's text is rendered (smm.preview's views: validation, the
preview, the site, the pull-request comment; and smm.publish.view: what is sent), so
every length is counted on the text as it goes out: a full URL where the platform
counts it whole (LinkedIn, Facebook, Threads...), 23 on X and Mastodon whatever its
length, the shortened text Bluesky shows. A link that already carries a utm_ parameter
is left as it is, and so are links to excluded domains and anything not http(s).
A brand without `utm:` never loads this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from smm.render import Rendered, Span

if TYPE_CHECKING:
    from smm.content import Post
    from smm.project import Project

KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
DEFAULTS = {"utm_source": "{platform}", "utm_medium": "social", "utm_campaign": "{campaign}",
            "utm_content": "{post}"}
FIELDS = ("channel", "platform", "campaign", "goal", "lang", "post", "post_id", "date")
_FIELD = re.compile(r"\{([^{}]*)\}")
Params = tuple[tuple[str, str], ...]


def utm_problems(strategy: dict[str, Any], at: Callable[..., str],
                 channels: Iterable[str]) -> list[str]:
    """What is wrong with strategy.yaml's `utm:`, each at its file:line:col."""
    u = strategy.get("utm")
    if u is None:
        return []
    if not isinstance(u, dict):
        return [f"{at('utm')}: utm must be a mapping: utm_source, utm_medium, utm_campaign, "
                "utm_content, exclude, channels, campaigns"]
    out: list[str] = []
    known = set(channels)

    def templates(d: dict[Any, Any], where: tuple[Any, ...], allowed: set[str]) -> None:
        for k, v in d.items():
            if k not in allowed:
                from smm.project import suggest

                out.append(f"{at(*where, k)}: unknown key {k!r}: "
                           + suggest(str(k), sorted(allowed)))
            elif k in KEYS:
                if not isinstance(v, str | int | float) or isinstance(v, bool):
                    out.append(f"{at(*where, k)}: {k} must be text, e.g. \"{{channel}}\"")
                    continue
                for name in _FIELD.findall(str(v)):
                    if name not in FIELDS:
                        out.append(f"{at(*where, k)}: unknown placeholder {{{name}}}: use "
                                   + ", ".join("{" + f + "}" for f in FIELDS))

    templates(u, ("utm",), {*KEYS, "exclude", "channels", "campaigns"})
    exclude = u.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(d, str) and d.strip()
                                                for d in exclude):
        out.append(f"{at('utm', 'exclude')}: exclude must be a list of domains, e.g. "
                   "[shop.example.com]")
    for section in ("channels", "campaigns"):
        sub = u.get(section)
        if sub is None:
            continue
        if not isinstance(sub, dict):
            out.append(f"{at('utm', section)}: {section} must map ids to utm_* templates")
            continue
        for cid, d in sub.items():
            if section == "channels" and cid not in known:
                from smm.project import suggest

                out.append(f"{at('utm', section, cid)}: unknown channel {cid!r}: "
                           + suggest(str(cid), sorted(known)))
            elif not isinstance(d, dict):
                out.append(f"{at('utm', section, cid)}: give utm_* templates, e.g. "
                           "{utm_medium: organic}")
            else:
                templates(d, ("utm", section, cid), set(KEYS))
    return out


class Tagger:
    """One channel's tagging: its templates (strategy, then the channel's) and the
    excluded domains; `params(post)` adds the campaign's and fills the placeholders."""

    __slots__ = ("channel", "platform", "base", "campaigns", "exclude", "_plans")

    def __init__(self, project: Project, channel: str) -> None:
        u = project.strategy.get("utm")
        u = u if isinstance(u, dict) else {}
        self.channel = channel
        self.platform = project.channels[channel].platform
        base = dict(DEFAULTS)
        base.update({k: str(v) for k, v in u.items() if k in KEYS and v is not None})
        chans = u.get("channels")
        mine = chans.get(channel) if isinstance(chans, dict) else None
        if isinstance(mine, dict):
            base.update({k: str(v) for k, v in mine.items() if k in KEYS and v is not None})
        self.base = base
        camps = u.get("campaigns")
        self.campaigns = {str(c): {k: str(v) for k, v in d.items() if k in KEYS and v is not None}
                          for c, d in (camps.items() if isinstance(camps, dict) else ())
                          if isinstance(d, dict)}
        ex = u.get("exclude")
        self.exclude = tuple(sorted(str(d).strip().lower().removeprefix("www.")
                                    for d in (ex if isinstance(ex, list) else ())
                                    if isinstance(d, str) and d.strip()))
        # campaign -> ((utm key, its template as (field, literal) pieces), ...)
        self._plans: dict[str, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = {}

    def params(self, post: Post, lang: str = "") -> Params:
        campaign = post.get("campaign")
        campaign = campaign if isinstance(campaign, str) else ""
        plan = self._plans.get(campaign)
        if plan is None:
            templates = dict(self.base)
            templates.update(self.campaigns.get(campaign, {}))
            plan = self._plans[campaign] = tuple(
                (key, tuple(_pieces(templates[key]))) for key in KEYS if key in templates)
        values: dict[str, str] | None = None
        out = []
        for key, pieces in plan:
            if len(pieces) == 1 and pieces[0][0] == "":  # a plain value, no placeholder
                v = pieces[0][1]
            else:
                if values is None:
                    values = self._values(post, campaign, lang)
                v = "".join(lit if not name else values.get(name, "")
                            for name, lit in pieces).strip()
            if v:
                out.append((key, v))
        return tuple(out)

    def _values(self, post: Post, campaign: str, lang: str) -> dict[str, str]:
        goal = post.get("goal")
        at = post.publish_at
        return {"channel": self.channel, "platform": self.platform, "campaign": campaign,
                "goal": goal if isinstance(goal, str) else "", "lang": lang,
                "post": post.id.rsplit("/", 1)[-1], "post_id": post.id,
                "date": at.date().isoformat() if at is not None else ""}

    def apply(self, r: Rendered, params: Params) -> Rendered:
        if not params or not r.spans:
            return r
        return _tagged(r, params, self.exclude, self.platform)

    def url(self, url: str, params: Params) -> str:
        return add_tags(url, params, self.exclude)


def _pieces(template: str) -> list[tuple[str, str]]:
    """A template as (field, "") for each placeholder and ("", text) for the text
    between them; a template without placeholders is one ("", text)."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _FIELD.finditer(template):
        if m.start() > pos:
            out.append(("", template[pos:m.start()]))
        out.append((m.group(1), ""))
        pos = m.end()
    if pos < len(template) or not out:
        out.append(("", template[pos:]))
    if len(out) == 1 and out[0][0] == "":
        out[0] = ("", out[0][1].strip())
    return out


def tagger(project: Project, channel: str) -> Tagger | None:
    """The channel's tagging, or None for a brand without `utm:`."""
    if not isinstance(project.strategy.get("utm"), dict):
        return None
    return Tagger(project, channel)


def _excluded(host: str, exclude: tuple[str, ...]) -> bool:
    host = host.lower().removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in exclude)


def add_tags(url: str, params: Params, exclude: tuple[str, ...] = ()) -> str:
    """`url` with the UTM parameters added, before any #fragment; unchanged when it is
    not http(s), already carries a utm_ parameter, or its domain is excluded."""
    if not params or url[:4].lower() != "http":
        return url
    simple = _SIMPLE.match(url)
    if simple is not None:  # most links: scheme, plain host, path, query, fragment
        host, query = simple.group(1), simple.group(3) or ""
    else:
        try:
            parts = urlsplit(url)
            host, query = parts.hostname or "", parts.query
        except ValueError:
            return url
        if parts.scheme.lower() not in ("http", "https"):
            return url
    if not host or (exclude and _excluded(host, exclude)):
        return url
    if "utm_" in query.lower() and any(
            p.split("=", 1)[0].lower().startswith("utm_") for p in query.split("&")):
        return url
    base, hash_, fragment = url.partition("#")
    tags = "&".join(f"{k}={_quote(v)}" for k, v in params)
    sep = "" if base.endswith(("?", "&")) else ("&" if query else "?")
    return base + sep + tags + hash_ + fragment


_SIMPLE = re.compile(r"(?i)https?://([a-z0-9.-]+)(?::\d+)?(/[^?#]*)?(?:\?([^#]*))?(?:#.*)?\Z")
_QUOTED: dict[str, str] = {}


_SAFE = re.compile(r"[A-Za-z0-9._~-]*")


def _quote(v: str) -> str:
    if _SAFE.fullmatch(v):  # most values (ids, slugs, words): nothing to escape
        return v
    q = _QUOTED.get(v)
    if q is None:
        if len(_QUOTED) > 4096:
            _QUOTED.clear()
        q = _QUOTED[v] = quote(v, safe="-._~")
    return q


@lru_cache(maxsize=4096)
def _tagged(r: Rendered, params: Params, exclude: tuple[str, ...], platform: str) -> Rendered:
    text = r.text
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    shift = 0
    for s in r.spans:
        if s.kind != "link":
            spans.append(Span(s.start + shift, s.end + shift, s.kind, s.value))
            continue
        new = add_tags(s.value, params, exclude)
        shown = text[s.start:s.end]
        if new == s.value:
            spans.append(Span(s.start + shift, s.end + shift, s.kind, s.value))
            continue
        if shown == s.value:
            now_shown = new
        elif platform == "bluesky":
            from smm._render_text import short_url

            now_shown = short_url(new) if shown == short_url(s.value) else shown
        else:
            now_shown = shown  # the words of a link, which carry the URL elsewhere
        out.append(text[pos:s.start])
        out.append(now_shown)
        pos = s.end
        start = s.start + shift
        shift += len(now_shown) - len(shown)
        spans.append(Span(start, start + len(now_shown), "link", new))
    out.append(text[pos:])
    return Rendered("".join(out), tuple(spans))
