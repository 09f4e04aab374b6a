"""Secret values and every form they travel in, scrubbed from whatever smm writes.

A credential reaches text in more shapes than its own: a server that echoes a request
shows it JSON-escaped (`bsky pass\\t777`), a URL percent-encoded, an `Authorization:
Basic` header base64-encoded together with the user name, a web page HTML-escaped.
`scrub` replaces each of those forms with `***`: in terminal output (smm.output),
platform errors (smm.publish.http), publish records (smm.publish.ledger) and the site
(smm.site.writer).

A base64 form is matched at each of the three alignments the value can have inside a
longer encoded text, by the characters that depend on the value alone: so
`base64("user:" + password)` is caught knowing the password only.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from typing import Any

ENV_NAMES = ("GITHUB_TOKEN", "GH_TOKEN")  # secrets besides the SMM_* variables
# SMM_* variables that hold settings, not credentials: their values are ordinary text.
# smm's own settings, not credentials (SMM_COMMAND_LINE: the GitHub Action's `command:`
# input, which the action hands to smm through the environment)
NOT_SECRET = frozenset({"SMM_NOW", "SMM_DEBUG", "SMM_BRAND", "SMM_ROOT", "SMM_COMMAND_LINE"})
MIN_LENGTH = 4  # shorter values (a port, "1") would scrub ordinary text
_MIN_ENCODED = 8  # base64 forms of shorter values are too short to tell from chance


def values(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The secret values in the environment, longest first."""
    found = {v for k, v in (os.environ if env is None else env).items()
             if (k.startswith("SMM_") and k not in NOT_SECRET or k in ENV_NAMES)
             and len(v) >= MIN_LENGTH}
    return tuple(sorted(found, key=lambda v: (-len(v), v)))


def forms(value: str) -> set[str]:
    """The forms `value` may take in text smm writes, itself included."""
    import base64  # here, not above: output imports this module on every run
    import html
    import json
    from urllib.parse import quote, quote_plus

    steps = (lambda v: json.dumps(v)[1:-1], lambda v: json.dumps(v, ensure_ascii=False)[1:-1],
             lambda v: quote(v, safe=""), lambda v: quote_plus(v, safe=""), quote, html.escape)
    # Each escape, and each escape of an escape: an API that quotes a JSON request in
    # its JSON answer escapes twice.
    out = {value, " ".join(value.split())}
    for _ in range(2):
        out |= {step(v) for v in out for step in steps}
    raw = value.encode("utf-8")
    if len(raw) >= _MIN_ENCODED:
        for alt in (base64.b64encode, base64.urlsafe_b64encode):
            for lead in range(3):
                out.add(_inner(alt, raw, lead))
    return {f for f in out if len(f) >= MIN_LENGTH}


def _inner(encode: Any, raw: bytes, lead: int) -> str:
    """The base64 characters that `raw` alone decides when `lead` bytes of anything
    come before it: each 6-bit character that mixes in no neighbouring byte."""
    enc: str = encode(b"\0" * lead + raw).decode("ascii")
    first = -(-lead * 8 // 6)  # characters holding any bit of the leading bytes
    last = (lead + len(raw)) * 8 // 6  # characters made of these bytes' bits alone
    return enc[first:last]


ANCHOR = 10  # characters: a form is found by any of its pieces this long


@functools.lru_cache(maxsize=8)
def _plan(secrets: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, list[tuple[str, int]]]]:
    """The forms shorter than two anchors, looked for whole; and anchors: pieces of the
    longer forms (every ANCHOR characters, and each one's end), each with the forms and
    offsets it comes from. Any ANCHOR * 2 - 1 characters of a form hold an anchor: so a
    form cut short (an answer truncated by the server) is still found."""
    every = {f for s in secrets for f in forms(s)}
    whole = tuple(sorted((f for f in every if len(f) < 2 * ANCHOR), key=len, reverse=True))
    anchors: dict[str, list[tuple[str, int]]] = {}
    for f in every:
        if len(f) < 2 * ANCHOR:
            continue
        for off in {*range(0, len(f) - ANCHOR + 1, ANCHOR), len(f) - ANCHOR}:
            anchors.setdefault(f[off:off + ANCHOR], []).append((f, off))
    return whole, anchors


def scrub(text: str, secrets: Iterable[str] | None = None) -> str:
    """`text` with every form of every secret (default: the environment's), and every
    piece of one at least 2 * ANCHOR - 1 characters long, as `***`."""
    vals = values() if secrets is None else tuple(
        sorted({s for s in secrets if s and len(s) >= MIN_LENGTH}, key=lambda v: (-len(v), v)))
    if not vals or not text:
        return text
    whole, anchors = _plan(vals)
    spans: list[tuple[int, int]] = []
    for f in whole:
        at = text.find(f)
        while at >= 0:
            spans.append((at, at + len(f)))
            at = text.find(f, at + 1)
    for piece, places in anchors.items():
        at = text.find(piece)
        while at >= 0:
            spans.append(_grown(text, at, places))
            at = text.find(piece, at + 1)
    if not spans:
        return text
    out, end = [], 0
    for lo, hi in sorted(spans):
        if lo > end:
            out.append(text[end:lo])
            out.append("***")
        elif hi > end and not out:
            out.append(text[:lo])
            out.append("***")
        end = max(end, hi)
    out.append(text[end:])
    return "".join(out)


def _grown(text: str, at: int, places: list[tuple[str, int]]) -> tuple[int, int]:
    """The widest stretch of `text` around the anchor found at `at` that matches one
    of the forms it comes from."""
    lo, hi = at, at + ANCHOR
    for form, off in places:
        i, j = at, off
        while j > 0 and i > 0 and text[i - 1] == form[j - 1]:
            i -= 1
            j -= 1
        k, m = at + ANCHOR, off + ANCHOR
        while m < len(form) and k < len(text) and text[k] == form[m]:
            k += 1
            m += 1
        lo, hi = min(lo, i), max(hi, k)
    return lo, hi


def header_safe(value: str) -> bool:
    """Whether `value` can go in an HTTP header as it is: visible ASCII, no space
    (a token with anything else fails to encode, or splits the header)."""
    return value.isascii() and value.isprintable() and " " not in value and value != ""
