"""Rule out a pattern before the regex engine sees it (as Vale's MightMatch does).

`literals(pattern)` returns strings of which at least one must occur in any text the
pattern matches (case-folded, so the test is also right for `(?i)` patterns), or None
when it cannot tell. Most texts match few rules: a substring test per literal is far
cheaper than scanning the text with an alternation of words.

`class_run(pattern)` does the same for patterns that start with a run of characters
from one class of ASCII characters (an acronym's `\b([A-Z]{3,5})\b`).

Patterns are read with `re`'s parser; syntax that the regex module reads otherwise
(POSIX classes such as `[[:upper:]]`, nested sets) gets no screen.
"""

from __future__ import annotations

import re
from typing import Any

try:
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python < 3.11 is not supported anyway
    _p = _c = None

_MAX = 64
_FLAGS = re.compile(r"\(\?[imsu]+\)")
# Read otherwise by the regex module than by `re`'s parser.
_REGEX_ONLY = ("[:", "[[")


def literals(pattern: str) -> tuple[str, ...] | None:
    got = prefix_literals(pattern)
    return None if got is None else got[0]


Found = tuple[tuple[str, ...], tuple[int, ...]] | None
# Results by pattern. smm.cache keeps them between runs under the brand's fingerprint:
# parsing every pattern with re's parser is 40% of loading a brand's rules, which a
# pre-commit run over one post would pay on every commit.
memo: dict[str, Found] = {}


def prefix_literals(pattern: str) -> Found:
    """`literals(pattern)` and, for each, how far into a match it may first occur.

    Every match starts with one of the pattern's prefixes; the literals kept are fewer
    (one contained in another stands for both), so a literal found at `i` proves no
    match starts before `i - back`: a scan may begin there."""
    try:
        return memo[pattern]
    except KeyError:
        got = memo[pattern] = _prefix_literals(pattern)
        return got


def _prefix_literals(pattern: str) -> Found:
    if _p is None or "(?x" in pattern or any(x in pattern for x in _REGEX_ONLY):
        return None
    try:
        tree = _p.parse(_FLAGS.sub("", pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    got = _seq(list(tree))
    if got is None:
        return None
    prefixes, _ = got
    if not prefixes or any(len(p) < 1 for p in prefixes):
        return None
    folded = sorted({p.casefold() for p in prefixes}, key=len)
    kept: list[str] = []
    for p in folded:  # "best" makes "best-in-class" redundant
        if not any(k in p for k in kept):
            kept.append(p)
    backs = tuple(max(p.find(k) for p in folded if k in p) for k in kept)
    return tuple(kept), backs


def _seq(items: list[Any]) -> tuple[list[str], bool] | None:
    """(literal prefixes of this sequence, whether each prefix is the whole match)."""
    out = [""]
    for op, av in items:
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.LITERAL:
            out = [s + chr(av) for s in out]
            continue
        sub: tuple[list[str], bool] | None
        if op is _c.IN:
            # A small class of plain characters ("[Bb]udget"): each is an alternative.
            chars = _chars(av)
            sub = None if chars is None else (chars, True)
        elif op is _c.SUBPATTERN:
            sub = _seq(list(av[-1]))
        elif op is _c.BRANCH:
            sub = _branch(av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            inner = _seq(list(av[2]))
            sub = (inner[0], False) if inner else None
        else:
            sub = None
        if sub is None or any(not s for s in sub[0]):
            return _done(out)
        out = [a + b for a in out for b in sub[0]]
        if len(out) > _MAX:
            return None
        if not sub[1]:
            return _done(out)
    return out, True


def _chars(items: list[Any]) -> list[str] | None:
    """The characters of a character class made only of literals (at most 8 once
    case-folded), or None (negated, ranges, categories: too many to list)."""
    out: set[str] = set()
    for op, av in items:
        if op is not _c.LITERAL:
            return None
        out.add(chr(av).casefold())
    return sorted(out) if 0 < len(out) <= 8 else None


def _branch(branches: list[Any]) -> tuple[list[str], bool] | None:
    out: list[str] = []
    complete = True
    for b in branches:
        got = _seq(list(b))
        if got is None or any(not s for s in got[0]):
            return None
        out += got[0]
        complete = complete and got[1]
        if len(out) > _MAX:
            return None
    return out, complete


def _done(out: list[str]) -> tuple[list[str], bool] | None:
    if any(not s for s in out):
        return None
    return out, False


Run = tuple[bytes, bytes] | None


def class_run(pattern: str) -> Run:
    """For a case-sensitive pattern every match of which starts with `k` or more
    characters of one class of ASCII characters (after zero-width assertions):
    (a bytes.translate table that maps the class's bytes to 1 and every other byte to
    0, k bytes 1). A text whose UTF-8 form, so translated, lacks the run of 1s has no
    match. None when the pattern is not so."""
    if _p is None or "(?x" in pattern or any(x in pattern for x in _REGEX_ONLY):
        return None
    try:
        tree = _p.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    items = list(tree)
    while items:
        op, av = items[0]
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            items = items[1:]
        elif op is _c.SUBPATTERN and not av[1] and not av[2]:  # a group, no flags
            items = list(av[-1])
        else:
            break
    if not items:
        return None
    op, av = items[0]
    k = 1
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and len(av[2]) == 1:
        k = av[0]
        op, av = list(av[2])[0]
    chars = _ascii_class(op, av)
    if not chars or k < 1:
        return None
    table = bytes(1 if chr(b) in chars else 0 for b in range(256))
    return table, b"\x01" * k


def _ascii_class(op: Any, av: Any) -> set[str] | None:
    """The characters of a plain ASCII literal or class (literals and ranges only)."""
    if op is _c.LITERAL:
        return {chr(av)} if av < 128 else None
    if op is not _c.IN:
        return None
    out: set[str] = set()
    for o, a in av:
        if o is _c.LITERAL and a < 128:
            out.add(chr(a))
        elif o is _c.RANGE and a[1] < 128:
            out.update(map(chr, range(a[0], a[1] + 1)))
        else:
            return None
    return out


class Screen:
    """Which of many literals occur in a (case-folded) text, in one regex scan rather
    than one substring search a literal: a trie of the literals, so that the match at
    a position is the longest literal there, and those there are its prefixes.

    The regex is compiled once `scan_after` texts were screened with str.find: a
    pre-commit run over one post would pay more for compiling it than it saves."""

    __slots__ = ("_literals", "_search", "_prefixes", "_left")

    def __init__(self, literals: set[str], scan_after: int = 16) -> None:
        self._literals = tuple(sorted(x for x in literals if x))
        self._search: Any = None
        self._prefixes: dict[str, tuple[str, ...]] = {}
        self._left = scan_after

    def find(self, text: str) -> dict[str, int]:
        """Each literal that occurs in `text`, with the index of its first occurrence."""
        search = self._search
        if search is None:
            if self._left > 0 or not self._literals:
                self._left -= 1
                return {x: i for x in self._literals if (i := text.find(x)) >= 0}
            search = self._search = re.compile(_trie(list(self._literals))).search
            self._prefixes = {x: tuple(y for y in self._literals if x.startswith(y))
                              for x in self._literals}
        found: dict[str, int] = {}
        m = search(text)
        while m is not None:
            i = m.start()
            for x in self._prefixes[m.group()]:
                if x not in found:
                    found[x] = i
            m = search(text, i + 1)
        return found


def _trie(literals: list[str]) -> str:
    """A regex matching exactly the (non-empty) `literals`, the longest first."""
    root: dict[str, Any] = {}
    for x in literals:
        node = root
        for ch in x:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _emit(node[ch]) for ch in sorted(node) if ch]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    # Greedy: the longer literals first, this node's own literal when they fail.
    return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")
