"""A fast reader for the front-matter people actually write, or None.

Nearly every post's front-matter is flat: `key: value`, `key: [a, b]`, and a block list
of short mappings (`media:`). This reader handles that subset line by line, resolving
each plain scalar with PyYAML's own implicit resolvers and constructors, so values and
positions are exactly what the libyaml path (smm.yamlio.load) gives. Anything outside
the subset (a tab, a comment after a value, an anchor, a multi-line scalar, an escape,
a duplicate key, a character YAML refuses...) returns None and the caller uses libyaml,
which also owns every error message. On 10,000 posts this saves about 80 µs a post,
most of what loading a post costs. tests/test_yamlfast.py holds it to the libyaml
path on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*):(?: +|$)")
_ITEM = re.compile(r"( *)- +")
# What YAML's reader refuses (PyYAML's own pattern: compiling such ranges again would
# cost pre-commit 10 ms), and what this reader leaves to libyaml: tabs, CR, BOM, and
# the characters YAML counts as line breaks (NEL, U+2028, U+2029).
_REFUSED = yaml.reader.Reader.NON_PRINTABLE
_ODD = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
# A plain scalar this reader accepts, as PyYAML's scanner reads one: no indicator
# first, no ": " or " #" inside, not ending in ":" or a space. In a flow list an item
# also stops at any of ",?[]{}:" (excluded here, so libyaml decides).
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:(?!: | #).)*(?<![\s:])")
_FLOW_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:?\[\]{},#]*(?<!\s)")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"


class _Miss(Exception):
    """Outside the subset: use libyaml."""


def load(text: str, off: int, out: Any, scalar: Any) -> bool:
    """Fill `out` (a smm.yamlio.Located) from `text`; False when outside the subset.
    `scalar(node)` builds a value from a yaml.ScalarNode (smm.yamlio._scalar)."""
    if _ODD.search(text) or _REFUSED.search(text):
        return False
    try:
        data = _mapping(text.split("\n"), off, out, scalar)
    except _Miss:
        out.marks.clear()
        out.keys.clear()
        return False
    if data is None:
        return False
    out.data = data
    return True


def _mapping(lines: list[str], off: int, out: Any, scalar: Any) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip(" ") or line.startswith("#"):
            i += 1
            continue
        m = _KEY.match(line)
        if m is None:
            raise _Miss
        key = m.group(1)
        if key in data or not _plain_key(key):
            raise _Miss  # a duplicate (libyaml names it) or a key like `on:` (a bool)
        lno = i + 1 + off
        if not data:
            out.marks[()] = (lno, 1)
        out.keys[(key,)] = (lno, 1)
        rest = line[m.end():]
        if rest:
            data[key] = _value(rest, m.end(), lno, (key,), out, scalar)
            i += 1
            continue
        # `key:` then a block list, its dashes at column 1 or 3
        i += 1
        if i >= n or (m2 := _ITEM.match(lines[i])) is None or len(m2.group(1)) not in (0, 2):
            raise _Miss
        indent = len(m2.group(1))
        out.marks[(key,)] = (i + 1 + off, indent + 1)
        items: list[Any] = []
        while i < n and (m2 := _ITEM.match(lines[i])) and len(m2.group(1)) == indent:
            i = _item(lines, i, m2.end(), off, (key, len(items)), items, out, scalar)
        data[key] = items
        if i < n and lines[i].startswith(" "):
            raise _Miss  # something indented that is not an item of this list
    return data or None


def _item(lines: list[str], i: int, col: int, off: int, path: tuple[Any, ...],
          items: list[Any], out: Any, scalar: Any) -> int:
    """One `- ` item starting at lines[i][col:]: a scalar, a flow list or a mapping
    whose keys line up under the first. Returns the next line's index."""
    rest = lines[i][col:]
    m = _KEY.match(rest)
    if m is None:
        items.append(_value(rest, col, i + 1 + off, path, out, scalar))
        return i + 1
    item: dict[str, Any] = {}
    out.marks[path] = (i + 1 + off, col + 1)
    pad = " " * col
    while True:
        key = m.group(1)
        if key in item or not _plain_key(key):
            raise _Miss
        lno = i + 1 + off
        out.keys[(*path, key)] = (lno, col + 1)
        value = rest[m.end():]
        if not value:
            raise _Miss  # a nested block: leave it to libyaml
        item[key] = _value(value, col + m.end(), lno, (*path, key), out, scalar)
        i += 1
        if i >= len(lines) or not lines[i].startswith(pad):
            break
        rest = lines[i][col:]
        if rest[:1] == " " or (m := _KEY.match(rest)) is None:
            raise _Miss
    items.append(item)
    return i


def _value(text: str, col: int, lno: int, path: tuple[Any, ...], out: Any,
           scalar: Any) -> Any:
    """A value written on one line from 0-based column `col`, perhaps with a comment."""
    text = _uncomment(text)
    out.marks[path] = (lno, col + 1)
    first = text[:1]
    if first == "[":
        return _flow(text, col, lno, path, out, scalar)
    return _scalar_at(text, scalar, flow=False)


_SINGLE = re.compile(r"'(?:[^']|'')*'")


def _uncomment(text: str) -> str:
    """The value without a trailing ` # comment` and spaces."""
    first = text[:1]
    if first == '"':
        end = text.find('"', 1) + 1
    elif first == "'":
        m = _SINGLE.match(text)
        end = m.end() if m else 0
    elif first == "[":
        end = text.find("]") + 1
    else:  # a plain scalar holds no " #": the first one starts the comment
        cut = text.find(" #")
        return (text if cut < 0 else text[:cut]).rstrip(" ")
    if end <= 0:
        raise _Miss
    after = text[end:]
    if after.strip(" ") and not (after[0] == " " and after.lstrip(" ")[0] == "#"):
        raise _Miss
    return text[:end]


def _flow(text: str, col: int, lno: int, path: tuple[Any, ...], out: Any,
          scalar: Any) -> list[Any]:
    if not text.endswith("]"):
        raise _Miss
    inner = text[1:-1]
    if not inner.strip():
        return []
    items = []
    pos = 1
    for k, raw in enumerate(inner.split(",")):
        lead = len(raw) - len(raw.lstrip(" "))
        item = raw.strip(" ")
        if not item:
            raise _Miss  # `[a,,b]` or a trailing comma: libyaml decides
        out.marks[(*path, k)] = (lno, col + pos + lead + 1)
        items.append(_scalar_at(item, scalar, flow=True))
        pos += len(raw) + 1
    return items


def _scalar_at(text: str, scalar: Any, *, flow: bool) -> Any:
    first = text[:1]
    if first == '"':
        if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1] or "\\" in text:
            raise _Miss
        return text[1:-1]
    if first == "'":
        body = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in body.replace("''", ""):
            raise _Miss
        return body.replace("''", "'")
    if not (_FLOW_ITEM if flow else _PLAIN).fullmatch(text):
        raise _Miss
    tag = _resolve(text)
    if tag == _STR:
        return text
    return scalar(yaml.ScalarNode(tag, text))


_KEYS_SEEN: dict[str, bool] = {}


def _plain_key(key: str) -> bool:
    """The key is text, not a bool or null (`on:`, `null:`); memoised, keys repeat."""
    ok = _KEYS_SEEN.get(key)
    if ok is None:
        if len(_KEYS_SEEN) > 256:
            _KEYS_SEEN.clear()
        ok = _KEYS_SEEN[key] = _resolve(key) == _STR
    return ok


def _resolve(value: str) -> str:
    """PyYAML's tag for a plain scalar (yaml.resolver.BaseResolver.resolve)."""
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR
