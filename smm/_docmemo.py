"""Parsed configuration documents (strategy.yaml, brand.yaml, voice rule files), kept
in the brand's `.smm-cache/docs.bin` by their exact text.

A pre-commit run parses the same forty-odd YAML files every time, and parsing them
is what imports PyYAML: about 100 M instructions, an eighth of a one-file run. Keyed
by the whole text, a hit is exactly what parsing would give; values come back as
fresh objects each time (marshal), so no caller sees another's changes. Documents
holding values marshal cannot store (dates, say) are simply parsed each time.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any

_VERSION = 1
_KEEP = 512  # documents kept: a brand's config, with room for edits

Parsed = tuple[Any, dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]  # data, marks, keys


def _head() -> tuple[Any, ...]:
    from smm import __version__

    return (_VERSION, __version__, sys.version_info[:2], marshal.version)


def _stamp(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


class Docs:
    """One brand's memo of parsed documents."""

    def __init__(self, root: Path) -> None:
        self.path = root / ".smm-cache" / "docs.bin"
        self.head = _head()
        self.docs: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.dirty = False
        try:
            with open(self.path, "rb") as f:
                raw = marshal.loads(f.read())
            # The parser that made them: PyYAML's file and its time, checked without
            # importing it (a new PyYAML is a new file).
            if (isinstance(raw, tuple) and len(raw) == 4 and raw[0] == self.head
                    and isinstance(raw[1], str) and raw[2] == _stamp(raw[1])
                    and isinstance(raw[3], dict)):
                self.docs = raw[3]
        except (OSError, ValueError, EOFError, TypeError):
            self.docs = {}

    def get(self, text: str) -> Parsed | None:
        blob = self.docs.get(text)
        if blob is None:
            return None
        try:
            data, marks, keys = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            return None
        if not (isinstance(marks, dict) and isinstance(keys, dict)):
            return None
        self.used.add(text)
        return data, marks, keys

    def put(self, text: str, parsed: Parsed) -> None:
        try:
            blob = marshal.dumps(parsed)
        except ValueError:  # a value marshal cannot hold: parse this one every time
            return
        self.docs[text] = blob
        self.used.add(text)
        self.dirty = True

    def save(self) -> None:
        """Best effort, as the post cache: a read-only checkout parses every time."""
        yaml = sys.modules.get("yaml")
        if not self.dirty or yaml is None or not yaml.__file__:
            return
        if len(self.docs) > _KEEP:  # drop what this run did not use
            self.docs = {t: b for t, b in self.docs.items() if t in self.used}
        try:
            self.path.parent.mkdir(exist_ok=True)
            (self.path.parent / ".gitignore").write_text("*\n")
            tmp = self.path.with_suffix(".dtmp")
            tmp.write_bytes(marshal.dumps((self.head, yaml.__file__, _stamp(yaml.__file__),
                                           self.docs)))
            tmp.replace(self.path)
            self.dirty = False
        except (OSError, ValueError):
            pass


_open: dict[Path, Docs] = {}


def docs(root: Path) -> Docs:
    """The memo of the brand at `root`, opened once a process."""
    d = _open.get(root)
    if d is None:
        d = _open[root] = Docs(root)
    return d


def save_all() -> None:
    for d in _open.values():
        d.save()
