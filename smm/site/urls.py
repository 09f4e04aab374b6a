"""Where each generated page lives, and relative links between pages.

Links inside HTML blocks are not rewritten by MkDocs (only Markdown links are), so the
generator computes them itself, the same way MkDocs maps a source file to its URL.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from functools import lru_cache
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """A file-name-safe form of a free id (campaigns, post ids from any file name)."""
    s = _UNSAFE.sub("-", text).strip("-.").lower()
    if s != text.lower() or not s:
        # Different ids must never meet on one page: add a short hash when we changed it.
        s = (s[:60] or "x") + "-" + hashlib.sha1(text.encode()).hexdigest()[:6]
    return s


def post_src(post_id: str) -> str:
    # Ids are paths below content/, so most start with posts/: don't say it twice.
    segs = post_id.removeprefix("posts/").split("/")
    return "posts/" + "/".join(slug(seg) for seg in segs) + ".md"


def campaign_src(campaign: str) -> str:
    return f"campaigns/{slug(campaign)}.md"


def month_src(year: int, month: int) -> str:
    return f"calendar/{year:04d}-{month:02d}.md"


class Linker:
    """Relative hrefs from one source page to pages and files."""

    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls

    def url(self, src: str) -> str:
        """The URL (relative to the site root) MkDocs gives a Markdown source file."""
        if not src.endswith(".md"):
            return src
        stem = src[:-3]
        if stem == "index" or stem.endswith("/index"):
            base = stem[: -len("index")]
            return base if self.directory_urls else base + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def href(self, from_src: str, to: str, fragment: str = "") -> str:
        here = self.url(from_src)
        here_dir = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        target = self.url(to)
        rel = _relpath(target or ".", here_dir or ".")
        if target.endswith("/") or not target:
            rel = rel.rstrip("/") + "/"
            rel = "./" if rel == "./" or rel == "/" else rel
        out = quote(rel, safe="/._-~")
        return out + ("#" + quote(fragment, safe="-_") if fragment else "")


@lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for the site's own relative paths, without its two getcwd
    calls: a 10,000-post site links some 60,000 times."""
    t = [p for p in posixpath.normpath(target).split("/") if p not in ("", ".")]
    b = [p for p in posixpath.normpath(start).split("/") if p not in ("", ".")]
    if ".." in t or ".." in b:  # not ours: the general answer
        return posixpath.relpath(target, start)
    i = 0
    while i < len(t) and i < len(b) and t[i] == b[i]:
        i += 1
    parts = [".."] * (len(b) - i) + t[i:]
    return "/".join(parts) if parts else "."
