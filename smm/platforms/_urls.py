"""URL extraction as twitter-text does it (X counts each URL as 23; Mastodon each http(s)
URL; Threads and Instagram find links with it), and twitter-text's URL validator.

A port of twitter-text's JavaScript regular expressions (Apache-2.0; the same ones the
twitter-text-parser package ports), with the TLD list in tlds.txt. Compiled on first use:
the pattern holds ~1,600 TLDs, so importing this module stays cheap.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

_INVALID = "\ufffe\ufeff\uffff"
_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066\u2067\u2068\u2069"
_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$/"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_LATIN = (r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
          r"\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF")
_CYRILLIC = r"\u0400-\u04FF"
_QUERY = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"
_MAX_URL = 4096
_MAX_TCO_SLUG = 40

# A URL never holds one of twitter-text's spaces, and its domain has a dot followed by
# the first letter of a TLD. So only the space-free runs around such a dot need the full
# pattern: sentence ends ("back. Then") and most of a post are never looked at twice.
_SPACE = re.compile(f"[{_SPACES}]")
# A dot followed by a letter, and the ASCII word that starts there (the TLD to look up).
_DOT_LETTER = re.compile(r"\.(?=[^\W\d_])([0-9a-zA-Z]*)")


def tlds() -> tuple[list[str], list[str]]:
    """(generic, country) TLDs from tlds.txt, in twitter-text's order."""
    out: dict[str, list[str]] = {"generic": [], "country": []}
    section = "generic"
    with open(os.path.join(os.path.dirname(__file__), "tlds.txt"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif line and not line.startswith("#"):
            out[section].append(line)
    return out["generic"], out["country"]


_ascii_tld_set: frozenset[str] | None = None


def _ascii_tlds() -> frozenset[str]:
    global _ascii_tld_set
    if _ascii_tld_set is None:
        generic, country = tlds()
        _ascii_tld_set = frozenset(t for t in generic + country if t.isascii())
    return _ascii_tld_set


def _may_start_tld(text: str, hit: re.Match[str]) -> bool:
    """Can a TLD follow this dot (a _DOT_LETTER match)? An ASCII TLD must be followed by
    no letter or digit, so it is the whole alphanumeric word after the dot; anything
    beyond ASCII may start one of the Unicode TLDs; `xn--` starts Punycode."""
    w = hit.group(1).lower()
    return (w in (_ascii_tld_set or _ascii_tlds()) or not text[hit.start() + 1].isascii()
            or (w == "xn" and text.startswith("--", hit.end())))


def _trie(words: list[str]) -> str:
    """One alternation as a trie: the `re` engine then tests a TLD in a few steps instead
    of trying 1,600 branches. Longer words are tried first, as in twitter-text's lists
    (which put `shopping` before `shop`)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return emit(root)


@functools.cache
def _tld() -> str:
    generic, country = tlds()
    return rf"(?:(?:{_trie(generic + country)})(?=[^0-9a-zA-Z@+\-]|$)|xn--[\-0-9a-z]+)"


@functools.cache
def _url_re() -> re.Pattern[str]:
    domain_char = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
    tld = _tld()
    subdomain = rf"(?:(?:{domain_char}(?:[_-]|{domain_char})*)?{domain_char}\.)"
    domain_name = rf"(?:(?:{domain_char}(?:-|{domain_char})*)?{domain_char}\.)"
    path_char = rf"[a-z{_CYRILLIC}0-9!\*';:=\+,\.\$\/%#\[\]\-\u2013_~@\|&{_LATIN}]"
    parens = rf"\((?:{path_char}+|(?:{path_char}*\({path_char}+\){path_char}*))\)"
    path_end = rf"(?:[\+\-a-z{_CYRILLIC}0-9=_#\/{_LATIN}]|{parens})"
    path = rf"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:@{path_char}+/))"
    url = (
        rf"((?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^))"  # 1: the char before
        r"("  # 2: the URL
        r"(https?://)?"  # 3: protocol
        rf"({subdomain}*{domain_name}{tld})"  # 4: domain
        r"(?::[0-9]+)?"  # port
        rf"(/{path}*)?"  # 5: path
        rf"(?:\?{_QUERY}*{_QUERY_END})?"  # query
        r")"
    )
    return re.compile(url, re.I)


@functools.cache
def _ascii_domain_re() -> re.Pattern[str]:
    return re.compile(rf"(?:(?:[\-a-z0-9{_LATIN}]+)\.)+{_tld()}", re.I)


_TCO = re.compile(rf"https?://t\.co/([a-z0-9]+)(?:\?{_QUERY}*{_QUERY_END})?", re.I)


def _ascii_domains(domain: str) -> list[tuple[int, int]]:
    """Spans of the ASCII domains inside a scheme-less URL's domain (twitter-text links
    only those). A domain of ASCII labels without `_` is one whole: the URL pattern has
    already matched its TLD, so the second, costly pattern is needed only for the rest."""
    if domain.isascii() and "_" not in domain:
        return [(0, len(domain))]
    return [(a.start(), a.end()) for a in _ascii_domain_re().finditer(domain)]


def _valid(url: str, protocol: str, domain: str) -> bool:
    """twitter-text's check after a match: the domain must convert to IDNA (labels of 1 to
    63 once Punycode-encoded) and the whole URL stay within 4,096 characters. Python's
    IDNA 2003 codec, like Java's IDN.toASCII on X's servers, also applies nameprep and its
    bidi rule, so `هوe.no` is no URL; an ASCII domain only needs its label lengths."""
    if domain.isascii():
        labels = domain.split(".")
        return (all(0 < len(lb) < 64 for lb in labels[:-1]) and len(labels[-1]) < 64
                and len(protocol) + len(url) <= _MAX_URL)
    try:
        puny = domain.encode("idna")
    except UnicodeError:
        return False
    return len(protocol) + len(url) + len(puny) - len(domain) <= _MAX_URL


def extract_urls(text: str, without_protocol: bool = True) -> list[tuple[int, int]]:
    """(start, end) code-point spans of the URLs in `text`, as twitter-text finds them:
    with http(s):// or, when `without_protocol`, bare domains with a known TLD."""
    if ("." not in text) or (not without_protocol and "://" not in text):
        return []
    # Most texts have no dot where a TLD could start (_spans would skip every one): they
    # are answered here, without a pass through the memo.
    hit = _DOT_LETTER.search(text)
    while hit is not None and not _may_start_tld(text, hit):
        hit = _DOT_LETTER.search(text, hit.end())
    if hit is None:
        return []
    return [(a, b) for a, b, bare in _spans(text) if without_protocol or not bare]


@functools.lru_cache(maxsize=256)
def _spans(text: str) -> tuple[tuple[int, int, bool], ...]:
    """Every URL span of `text` and whether it is a bare domain: found once for a text
    that X, Mastodon and Threads count in turn (the modes differ only in keeping bare
    domains)."""
    spans: list[tuple[int, int, bool]] = []
    n, done, rev = len(text), -1, ""
    for hit in _DOT_LETTER.finditer(text):
        dot = hit.start()
        if dot < done or not _may_start_tld(text, hit):
            continue
        rev = rev or text[::-1]  # to find the space before the dot with a forward search
        left = _SPACE.search(rev, n - dot)
        right = _SPACE.search(text, dot)
        # The run starts at the space before it, which the pattern takes as the character
        # before a URL, exactly as when it scans the whole text.
        start, done = (n - left.start() - 1 if left else 0), (right.start() if right else n)
        _extract_run(text[start:done], start, spans)
    return tuple(spans)


def _extract_run(run: str, base: int, spans: list[tuple[int, int, bool]]) -> None:
    for m in _url_re().finditer(run):
        before, url, protocol, domain, path = m.group(1, 2, 3, 4, 5)
        start, end = m.start(2), m.end(2)
        if not _valid(url, protocol or "https://", domain):
            continue
        if protocol is None:
            if before[-1:] in ("-", "_", ".", "/"):
                continue
            found = [(base + start + a, base + start + b, True)
                     for a, b in _ascii_domains(domain)]
            if found and path:  # the path belongs to the last ASCII domain
                found[-1] = (found[-1][0], base + end, True)
            spans.extend(found)
            continue
        tco = _TCO.match(url)
        if tco:  # t.co links take no more path than their slug
            if len(tco.group(1)) > _MAX_TCO_SLUG:
                continue
            end = start + tco.end()
        spans.append((base + start, base + end, False))


@functools.cache
def _validator() -> dict[str, re.Pattern[str]]:
    unreserved = r"[a-z\u0400-\u04FF0-9\-._~]"
    pct = r"(?:%[0-9a-f]{2})"
    sub_delims = r"[!$&'()*+,;=]"
    pchar = rf"(?:{unreserved}|{pct}|{sub_delims}|[:|@])"
    octet = r"(?:[0-9]|(?:[1-9][0-9])|(?:1[0-9]{2})|(?:2[0-4][0-9])|(?:25[0-5]))"
    ip = rf"(?:{octet}(?:\.{octet}){{3}}|\[[a-f0-9:.]+\])"
    u = r"[^\x00-\x7f]"
    sub = rf"(?:(?:[a-z0-9]|{u})(?:(?:[a-z0-9_\-]|{u})*(?:[a-z0-9]|{u}))?)"
    seg = rf"(?:(?:[a-z0-9]|{u})(?:(?:[a-z0-9\-]|{u})*(?:[a-z0-9]|{u}))?)"
    tld = rf"(?:(?:[a-z]|{u})(?:(?:[a-z0-9\-]|{u})*(?:[a-z0-9]|{u}))?)"
    userinfo = rf"(?:{unreserved}|{pct}|{sub_delims}|:)*"
    authority = rf"(?:{userinfo}@)?(?:{ip}|(?:{sub}\.)*(?:{seg}\.){tld})(?::[0-9]{{1,5}})?"
    parts = {
        "unencoded": r"(?:([^:/?#]+)://)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?",
        "scheme": r"(?:[a-z][a-z0-9+\-.]*)",
        "authority": authority,
        "path": rf"(/{pchar}*)*",
        "query": rf"({pchar}|/|\?)*",
    }
    return {k: re.compile(v, re.I | re.S) for k, v in parts.items()}


def is_valid_url(url: str, require_protocol: bool = True) -> bool:
    """twitter-text's isValidUrl (RFC 3986 with Unicode domains): is `url`, as a whole, a
    URL? The conformance suite's `urls` and `urls_without_protocol` sections test it."""
    v = _validator()
    parts = v["unencoded"].fullmatch(url) if url else None
    if not parts:
        return False
    scheme, authority, path, query, fragment = parts.groups()
    if require_protocol and not (scheme and v["scheme"].fullmatch(scheme)
                                 and scheme.lower() in ("http", "https")):
        return False
    return bool(v["path"].fullmatch(path)
                and (not query or v["query"].fullmatch(query))
                and (not fragment or v["query"].fullmatch(fragment))
                and v["authority"].fullmatch(authority))
