"""Edits of a post's front-matter that keep the file as its author wrote it: ruamel.yaml
round-trip (comments, key order, quoting, flow lists kept), the body untouched, the
file replaced in one rename. `smm move`, `smm cancel` and `smm media fit` write
through here.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from smm.errors import UsageError

T = TypeVar("T")


def split(text: str, name: str) -> tuple[str, str, str]:
    """(opening, front-matter YAML, rest from the closing `---` on)."""
    text = text.removeprefix("\ufeff")
    m = re.match(r"---[ \t]*\r?\n", text)
    if m is None:
        raise UsageError(f"{name}: no front-matter (a first line `---`): fix the file first "
                         "(`smm validate` says how)")
    close = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.M).search(text, m.end())
    if close is None:
        raise UsageError(f"{name}: the front-matter is never closed: fix the file first")
    return text[:m.end()], text[m.end():close.start()], text[close.start():]


def _indent(front: str) -> tuple[int, int]:
    """(sequence indent, dash offset) as the file writes block lists (default: items
    two spaces in under their key), so a rewrite does not move them."""
    lines = front.splitlines()
    for i, line in enumerate(lines[1:], 1):
        m = re.match(r"( *)- ", line)
        if m and lines[i - 1].rstrip().endswith(":"):
            parent = len(lines[i - 1]) - len(lines[i - 1].lstrip(" "))
            offset = max(len(m.group(1)) - parent, 0)
            return offset + 2, offset
    return 4, 2


def _yaml(front: str) -> Any:
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line the author kept on one
    seq, offset = _indent(front)
    y.indent(mapping=2, sequence=seq, offset=offset)
    return y


def edit(path: Path, change: Callable[[Any], T], *, name: str | None = None) -> T:
    """Load `path`'s front-matter, let `change` modify the mapping in place (it returns
    whatever the caller wants back), write the file again if anything changed."""
    from ruamel.yaml.error import YAMLError

    shown = name or str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as e:
        raise UsageError(f"{shown}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{shown}: not UTF-8 text: save the file as UTF-8") from None
    head, front, rest = split(text, shown)
    y = _yaml(front)
    try:
        data = y.load(front) if front.strip() else None
    except YAMLError as e:
        raise UsageError(f"{shown}: the front-matter is not valid YAML ({e.__class__.__name__}): "
                         "fix it first (`smm validate` says where)") from None
    if data is None:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
    if not hasattr(data, "keys"):
        raise UsageError(f"{shown}: the front-matter must be keys and values")
    result = change(data)
    buf = io.StringIO()
    y.dump(data, buf)
    new_front = buf.getvalue()
    if "\r\n" in front:
        new_front = new_front.replace("\n", "\r\n")
    new = head + new_front + rest
    if new != text:
        write_atomic(path, new)
    return result


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.smm-tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def plain(value: str) -> Any:
    """`value` written without quotes where YAML allows it (a time such as
    2026-12-01T09:00 stays as people write it)."""
    from ruamel.yaml.scalarstring import PlainScalarString

    return PlainScalarString(value)
