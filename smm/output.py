"""The one output funnel: everything smm prints goes through here.

It scrubs secrets: the value of every SMM_* environment variable but smm's own settings
(SMM_NOW, SMM_DEBUG...: smm.secrets.NOT_SECRET), and of GITHUB_TOKEN, in any of the forms
it travels in (JSON-escaped, URL-encoded, base64...: smm.secrets), is replaced by `***`
in anything printed, so a credential that reaches a message by accident (an echoed
URL, an API's error body) never reaches a terminal or a CI log.

It cleans control characters: text from files (a post's title, a key someone typed)
reaches the terminal, where an escape sequence could clear the screen, rewrite the
lines above or set the clipboard. Each control character but newline and tab is shown
as its `\\uXXXX` escape (valid inside JSON strings too); only the colour codes `style`
makes pass.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

from smm import secrets as _secrets


def secrets() -> list[str]:
    return list(_secrets.values())


def redact(text: str) -> str:
    return _secrets.scrub(text)


# style's colour codes, else a C0 or C1 control character, DEL, or a bidirectional
# override (which reorders what a terminal shows). Compiled when first needed: most
# output holds none of them.
_CONTROL_RE = ("\x1b\\[(?:0|1|2|3[1-6])(?:;(?:1|2|3[1-6]))*m"
               "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_control: list[re.Pattern[str]] = []


def _shown(m: re.Match[str]) -> str:
    c = m.group()
    return c if len(c) > 1 else f"\\u{ord(c):04x}"


def clean(text: str) -> str:
    """`text` with control characters shown as escapes (see above)."""
    if "\x1b" not in text and text.replace("\n", "").replace("\t", "").isprintable():
        return text  # the usual output: printable lines
    if not _control:
        _control.append(re.compile(_CONTROL_RE))
    return _control[0].sub(_shown, text)


def colour_enabled(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


_CODES = {"red": "31", "yellow": "33", "green": "32", "blue": "34", "bold": "1", "dim": "2",
          "cyan": "36", "magenta": "35"}


def style(text: str, *names: str, stream: TextIO | None = None) -> str:
    if not colour_enabled(stream or sys.stdout):
        return text
    codes = ";".join(_CODES[n] for n in names)
    return f"\x1b[{codes}m{text}\x1b[0m"


def out(text: str = "", *, nl: bool = True) -> None:
    sys.stdout.write(clean(redact(text)) + ("\n" if nl else ""))


def err(text: str = "", *, nl: bool = True) -> None:
    sys.stderr.write(clean(redact(text)) + ("\n" if nl else ""))


def json_out(data: object) -> None:
    import json

    out(json.dumps(data, indent=2, ensure_ascii=False, default=str))
