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
import re
from collections.abc import Iterable, Mapping
from typing import Any

ENV_NAMES = ("GITHUB_TOKEN", "GH_TOKEN")  # secrets besides the SMM_* variables
# SMM_* variables that hold settings, not credentials: their values are ordinary text.
NOT_SECRET = frozenset({"SMM_NOW", "SMM_DEBUG", "SMM_BRAND", "SMM_ROOT"})
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


@functools.lru_cache(maxsize=8)
def _pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    every = {f for s in secrets for f in forms(s)}
    if not every:
        return None
    return re.compile("|".join(re.escape(f) for f in sorted(every, key=len, reverse=True)))


def scrub(text: str, secrets: Iterable[str] | None = None) -> str:
    """`text` with every form of every secret (default: the environment's) as `***`."""
    vals = values() if secrets is None else tuple(
        sorted({s for s in secrets if s and len(s) >= MIN_LENGTH}, key=lambda v: (-len(v), v)))
    if not vals or not text:
        return text
    rx = _pattern(vals)
    return rx.sub("***", text) if rx is not None else text


def header_safe(value: str) -> bool:
    """Whether `value` can go in an HTTP header as it is: visible ASCII, no space
    (a token with anything else fails to encode, or splits the header)."""
    return value.isascii() and value.isprintable() and " " not in value and value != ""
