"""The one output funnel: everything smm prints goes through here.

It scrubs secrets: the value of every SMM_* environment variable but smm's own settings
(SMM_NOW, SMM_DEBUG, SMM_COMMAND_LINE), and of GITHUB_TOKEN,
is replaced by `***` in anything printed, so a credential that reaches a message by
accident (an echoed URL, an API's error body) never reaches a terminal or a CI log.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

_SECRET_VARS = ("GITHUB_TOKEN", "GH_TOKEN")
# smm's own settings, not credentials: shown as is (SMM_COMMAND_LINE: the action's
# `command:` input, which the action hands to smm through the environment)
_SETTINGS = ("SMM_NOW", "SMM_DEBUG", "SMM_COMMAND_LINE")
_MIN_SECRET = 4  # shorter values (a port, "1") would scrub ordinary text


def secrets() -> list[str]:
    vals = [v for k, v in os.environ.items()
            if (k.startswith("SMM_") or k in _SECRET_VARS) and k not in _SETTINGS
            and len(v) >= _MIN_SECRET]
    return sorted(set(vals), key=len, reverse=True)


def redact(text: str) -> str:
    for s in secrets():
        if s in text:
            text = text.replace(s, "***")
    return text


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
    sys.stdout.write(redact(text) + ("\n" if nl else ""))


def err(text: str = "", *, nl: bool = True) -> None:
    sys.stderr.write(redact(text) + ("\n" if nl else ""))


def json_out(data: object) -> None:
    import json

    out(json.dumps(data, indent=2, ensure_ascii=False, default=str))
