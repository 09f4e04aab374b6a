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

import datetime as _dt
import re
from typing import Any

from smm import _yamlscalar

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*):(?: +|$)")
_ITEM = re.compile(r"( *)- +")
# What YAML's reader refuses: the complement of PyYAML's Reader.NON_PRINTABLE allowed
# set, written as the few ranges it leaves out (PyYAML's form costs 10 ms to compile,
# and importing PyYAML at all 100 M instructions); and what this reader leaves to
# libyaml: tabs, CR, BOM, and the characters YAML counts as line breaks (NEL, U+2028,
# U+2029). tests/test_yamlfast.py holds _REFUSED to PyYAML's pattern.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff"
                      "\ufffe\uffff]")
_ODD = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
_STR = _yamlscalar.STR


class _Miss(Exception):
    """Outside the subset: use libyaml."""


# Lines `key: value` already read, as (key, value, value's column, list items'
# columns): front-matter lines repeat from post to post (`lang: en`, `goal: ...`).
# A list is kept as a tuple and copied for each post.
_Known = tuple[str, Any, int, tuple[int, ...] | None]
_LINES: dict[str, _Known] = {}
# A document's lines as read, one for each line from the first: its _Known, or None
# for a line of another kind (blank, comment, block). Positions are made from them
# only when asked for (smm.yamlio.Located).
_Rows = list[_Known | None]
# Documents made of lines `key: value` alone, after their first line: the rows of
# those lines, their keys and values (lists as tuples) and the keys holding lists.
# Posts mostly differ in their first line, publish_at (as `smm new` writes them).
_Rest = tuple[_Rows, dict[str, Any], tuple[str, ...]]
_RESTS: dict[str, _Rest] = {}


def load(text: str, off: int, out: Any) -> bool:
    """Fill `out` (a smm.yamlio.Located) from `text`; False when outside the subset.
    Scalars are resolved and built by smm._yamlscalar, as smm.yamlio._scalar builds
    them, without importing PyYAML."""
    first, nl, rest = text.partition("\n")
    if nl and (seen := _RESTS.get(rest)) is not None:
        try:
            known = _LINES.get(first) or _line(first)
        except _Miss:
            return False
        if known is not None and known[0] not in seen[1]:  # else libyaml names the twin
            got = {known[0]: known[1] if known[3] is None else list(known[1])}
            got.update(seen[1])
            for key in seen[2]:
                got[key] = list(got[key])
            out.data = got
            out.rows = [known, *seen[0]]
            out.rest = rest
            return True
    data: dict[str, Any] = {}
    rows: _Rows = []
    lines = text.split("\n")
    get = _LINES.get
    try:
        for line in lines:  # most front-matter: lines `key: value` alone
            known = get(line) or _line(line)
            if known is None:
                _blocks(text, lines, len(rows), off, out, data, rows)
                break
            key = known[0]
            if key in data:
                raise _Miss  # a duplicate: libyaml names it
            rows.append(known)
            data[key] = known[1] if known[3] is None else list(known[1])
        else:
            if nl:
                _remember(rest, rows)
                out.rest = rest
    except _Miss:
        out.marks.clear()
        out.keys.clear()
        return False
    if not data:
        return False
    out.data = data
    out.rows = rows  # positions made only if asked for
    return True


def _remember(rest: str, rows: _Rows) -> None:
    if len(_RESTS) > 1024:
        _RESTS.clear()
    mine = rows[1:]
    _RESTS[rest] = (mine, {k[0]: k[1] for k in mine if k is not None},
                    tuple(k[0] for k in mine if k is not None and k[3] is not None))


def _blocks(text: str, lines: list[str], i: int, off: int, out: Any,
            data: dict[str, Any], rows: _Rows) -> None:
    """The lines from lines[i] on, which include another kind than `key: value`:
    blank lines, comments, block lists."""
    if _refused(text):  # _line checked the lines it read, this checks the others
        raise _Miss
    n = len(lines)
    while i < n:
        line = lines[i]
        lno = i + 1 + off
        i += 1
        known = _LINES.get(line) or _line(line)
        if known is not None:
            key = known[0]
            if key in data:
                raise _Miss
            rows.append(known)
            data[key] = known[1] if known[3] is None else list(known[1])
            continue
        rows.append(None)
        key, colon, rest = line.partition(":")
        if not colon or not _plain_key(key):
            if not line.strip(" ") or line[0] == "#":
                continue
            raise _Miss
        if key in data:
            raise _Miss
        # `key:` then a block list, its dashes at column 1 or 3
        marks = out.marks
        if not data:
            marks[()] = (lno, 1)
        out.keys[(key,)] = (lno, 1)
        if i >= n or (m2 := _ITEM.match(lines[i])) is None or len(m2.group(1)) not in (0, 2):
            raise _Miss
        indent = len(m2.group(1))
        marks[(key,)] = (i + 1 + off, indent + 1)
        items: list[Any] = []
        while i < n and (m2 := _ITEM.match(lines[i])) and len(m2.group(1)) == indent:
            i = _item(lines, i, m2.end(), off, (key, len(items)), items, out)
        rows.extend([None] * (i - len(rows)))
        data[key] = items
        if i < n and lines[i].startswith(" "):
            raise _Miss  # something indented that is not an item of this list


def _refused(text: str) -> bool:
    """A character YAML refuses or this reader leaves to libyaml. Printable text (in
    Python's sense) holds none: C passes before the regex scans."""
    return not text.replace("\n", "").isprintable() and bool(
        _ODD.search(text) or _REFUSED.search(text))


def _line(line: str) -> _Known | None:
    """A line `key: value` as _LINES keeps it; None for another kind of line."""
    if not line.isprintable() and (_ODD.search(line) or _REFUSED.search(line)):
        raise _Miss
    key, colon, rest = line.partition(":")
    if not colon or not (_KEYS_SEEN.get(key) or _plain_key(key)):
        return None
    value = rest.lstrip(" ")
    if not value:
        return None
    if len(value) == len(rest):
        raise _Miss  # `key:value` is one plain scalar, not a key
    col = len(line) - len(value)
    value, cols = _one(value, col)
    known = (key, value if cols is None else tuple(value), col + 1, cols)
    if not "0" <= line[col] <= "9":  # dates and numbers rarely repeat: not kept
        if len(_LINES) > 2048:
            _LINES.clear()
        _LINES[line] = known
    return known


def _item(lines: list[str], i: int, col: int, off: int, path: tuple[Any, ...],
          items: list[Any], out: Any) -> int:
    """One `- ` item starting at lines[i][col:]: a scalar, a flow list or a mapping
    whose keys line up under the first. Returns the next line's index."""
    rest = lines[i][col:]
    m = _KEY.match(rest)
    if m is None:
        items.append(_value(rest, col, i + 1 + off, path, out))
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
        item[key] = _value(value, col + m.end(), lno, (*path, key), out)
        i += 1
        if i >= len(lines) or not lines[i].startswith(pad):
            break
        rest = lines[i][col:]
        if rest[:1] == " " or (m := _KEY.match(rest)) is None:
            raise _Miss
    items.append(item)
    return i


def _value(text: str, col: int, lno: int, path: tuple[Any, ...], out: Any) -> Any:
    """A value written on one line from 0-based column `col`, perhaps with a comment."""
    marks = out.marks
    marks[path] = (lno, col + 1)
    value, cols = _one(text, col)
    for k, c in enumerate(cols or ()):
        marks[(*path, k)] = (lno, c)
    return value


def _one(text: str, col: int) -> tuple[Any, tuple[int, ...] | None]:
    """A one-line value from 0-based column `col`, and its list items' columns."""
    first = text[:1]
    if first in _QUOTE_OR_FLOW:
        text = _uncomment(text)
        if first == "[":
            return _flow(text, col)
        return _scalar_at(text, flow=False), None
    cut = text.find(" #")  # a plain scalar holds no " #": the first one starts a comment
    text = (text if cut < 0 else text[:cut]).rstrip(" ")
    if "0" <= first <= "9":  # publish_at: a plain scalar, no test needed
        shape = _shape(text)
        if shape == _MINUTES:
            return text, None
        if shape in _STAMPS:
            return _datetime(text), None
    if not _is_plain(text):
        raise _Miss
    return _plain_value(text), None


_QUOTE_OR_FLOW = frozenset("[\"'")
_SINGLE = re.compile(r"'(?:[^']|'')*'")


def _uncomment(text: str) -> str:
    """A quoted scalar or flow list without a trailing ` # comment` and spaces."""
    first = text[:1]
    if first == '"':
        end = text.find('"', 1) + 1
    elif first == "'":
        m = _SINGLE.match(text)
        end = m.end() if m else 0
    else:
        end = text.find("]") + 1
    if end <= 0:
        raise _Miss
    after = text[end:]
    if after.strip(" ") and not (after[0] == " " and after.lstrip(" ")[0] == "#"):
        raise _Miss
    return text[:end]


def _flow(text: str, col: int) -> tuple[list[Any], tuple[int, ...]]:
    if not text.endswith("]"):
        raise _Miss
    inner = text[1:-1]
    if not inner.strip():
        return [], ()
    items = []
    cols = []
    pos = col + 2
    for raw in inner.split(","):
        item = raw.strip(" ")
        if not item:
            raise _Miss  # `[a,,b]` or a trailing comma: libyaml decides
        cols.append(pos + len(raw) - len(raw.lstrip(" ")))
        items.append(_scalar_at(item, flow=True))
        pos += len(raw) + 1
    return items, tuple(cols)


def _scalar_at(text: str, *, flow: bool) -> Any:
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
    if not (_is_flow_item(text) if flow else _is_plain(text)):
        raise _Miss
    return _plain_value(text)


# A plain scalar this reader accepts, as PyYAML's scanner reads one: no indicator or
# space first, no ": " or " #" inside, not ending in ":" or a space. In a flow list an
# item also stops at any of ",?[]{}:#" (excluded here, so libyaml decides). String
# tests, not a regex: tests/test_yamlfast.py holds them to the regexes they replace.
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_IN_FLOW = frozenset(":?[]{},#\n")


def _is_plain(text: str) -> bool:
    return (text != "" and text[0] not in _NOT_FIRST and not text[0].isspace()
            and ": " not in text and " #" not in text and "\n" not in text
            and text[-1] != ":" and not text[-1].isspace())


def _is_flow_item(text: str) -> bool:
    return (text != "" and text[0] not in _NOT_FIRST and not text[0].isspace()
            and _NOT_IN_FLOW.isdisjoint(text) and not text[-1].isspace())


# The usual ISO 8601 dates and times, told by their shape (each digit made 0): text
# without seconds (no int or float starts `dddd-`), else PyYAML's timestamp, which
# datetime reads as PyYAML's constructor does at a tenth of the cost. A translate and a
# look-up cost a third of a regex match; tests/test_yamlfast.py holds the shapes to the
# regex they replace, and the values to PyYAML's.
_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_MINUTES = b"0000-00-00T00:00"
_STAMPS = frozenset(_MINUTES + end for end in (b":00", b":00Z", b":00+00:00", b":00-00:00"))


def _shape(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").translate(_ZEROS)


_WORDS: dict[str, Any] = {}  # plain words already resolved: they repeat from post to post


def _plain_value(text: str) -> Any:
    """A plain scalar's value, as PyYAML resolves and smm.yamlio._scalar builds it."""
    if text[0] not in _yamlscalar.FIRST:  # most words: no implicit type starts so
        return text
    if text[4:5] == "-":
        shape = _shape(text)
        if shape == _MINUTES:
            return text
        if shape in _STAMPS:
            return _datetime(text)
    if not text[0].isdigit():  # `true`, `no`, `~`, `.5`, `-3`, `fr`, `threads`...
        if text in _WORDS:
            return _WORDS[text]
        if len(_WORDS) > 512:
            _WORDS.clear()
        value = _WORDS[text] = _resolved(text)
        return value
    return _resolved(text)


def _datetime(text: str) -> Any:
    """The value of a plain scalar of a shape in _STAMPS."""
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:  # no such day or hour: PyYAML's constructor decides
        return _resolved(text)


def _resolved(text: str) -> Any:
    return _yamlscalar.build(text, _yamlscalar.resolve(text))


_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_KEYS_SEEN: dict[str, bool] = {}


def _plain_key(key: str) -> bool:
    """The key is a name this reader takes, and text, not a bool or null (`on:`,
    `null:`); memoised, keys repeat."""
    ok = _KEYS_SEEN.get(key)
    if ok is None:
        if len(_KEYS_SEEN) > 256:
            _KEYS_SEEN.clear()
        ok = _KEYS_SEEN[key] = _KEY_NAME.fullmatch(key) is not None and _resolve(key) == _STR
    return ok


def _resolve(value: str) -> str:
    return _yamlscalar.resolve(value)
