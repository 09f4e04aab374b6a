"""A rule's `scope:` as Vale reads it (check/scope.go).

A scope is a list of alternatives; each alternative joins selectors with `&`; a
selector is dotted sections (`heading.h1`), negated by a leading `~`. A block has a
scope and a parent scope made of sections too (`text.heading.h2.md`, a sentence
`sentence.text.md` whose parent is `text.md`). A selector matches a block whose scope
holds all its sections; a negated one, a block whose parent holds not all of them.
An alternative matches when all its selectors do; the scope, when one alternative
does. Sentence blocks are read only by alternatives that name `sentence` (Vale #1150),
and a negated selector never applies to the summary or raw blocks.

smm's own blocks beyond Vale's (`code`, `comment`, `title`) are read only by an
alternative that names them: Vale never shows a rule code, so `~heading` alone must
not start to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Sections smm's blocks carry (with "md"): a selector naming any other section
# (Vale's `link`, `strong`, `figure`...) never matches in smm.
KNOWN = frozenset({"text", "heading", "h1", "h2", "h3", "h4", "h5", "h6", "list",
                   "blockquote", "table", "header", "cell", "attr", "alt", "sentence",
                   "paragraph", "summary", "raw", "code", "comment", "title", "md",
                   "markdown"})
EXTRA_ROOTS = frozenset({"code", "comment", "title"})
ALIASES = {"lists": "list", "paragraphs": "paragraph", "sentences": "sentence",
           "headings": "heading", "markup": "raw"}


class ScopeError(ValueError):
    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


class Selector:
    __slots__ = ("sections", "negated")

    def __init__(self, sections: frozenset[str], negated: bool) -> None:
        self.sections = sections
        self.negated = negated


class Scope:
    """A parsed `scope:` value."""

    __slots__ = ("alternatives", "unknown", "names", "_memo", "key")

    def __init__(self, value: Any) -> None:
        items: Iterable[Any] = value if isinstance(value, list) else [value]
        self.alternatives: list[list[Selector]] = []
        self.unknown: list[str] = []  # sections smm has no block for
        self.names: list[str] = []  # the alternatives as written
        self._memo: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = {}
        for i, raw in enumerate(items):
            if not isinstance(raw, str) or not raw.strip():
                raise ScopeError("'scope' must be a scope name or a list of them",
                                 i if isinstance(value, list) else None)
            parts: list[Selector] = []
            for part in raw.split("&"):
                part = part.strip()
                negated = part.startswith("~")
                part = part.lstrip("~").strip()
                if not part:
                    raise ScopeError(f"empty selector in scope {raw!r}",
                                     i if isinstance(value, list) else None)
                words: list[str] = []
                for w in part.split("."):
                    words.extend(ALIASES.get(w.strip(), w.strip()).split("."))
                for w in words:
                    if w not in KNOWN and w not in self.unknown:
                        self.unknown.append(w)
                parts.append(Selector(frozenset(words), negated))
            self.alternatives.append(parts)
            self.names.append(raw.strip())
        if not self.alternatives:
            self.alternatives = [[Selector(frozenset({"text"}), False)]]
            self.names = ["text"]
        self.key = "\x00".join(self.names)  # rules with equal keys read the same blocks

    def matches(self, target: tuple[str, ...], parent: tuple[str, ...] | None = None
                ) -> bool:
        """Whether a block of scope `target` (and `parent`, by default the same) is
        read by the rule."""
        key = (target, parent or target)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._matches(set(target) | {"md", "markdown"},
                                                  set(parent or target) | {"md", "markdown"})
        return got

    def _matches(self, target: set[str], parent: set[str]) -> bool:
        fragment = "sentence" in target
        extra = target & EXTRA_ROOTS
        for options in self.alternatives:
            if fragment and not any(not p.negated and "sentence" in p.sections
                                    for p in options):
                continue
            if extra and not any(not p.negated and p.sections & extra for p in options):
                continue
            if _part_matches(target, parent, options):
                return True
        return False

    def asks(self, section: str) -> bool:
        """Whether some alternative names `section` without negating it."""
        return any(not p.negated and section in p.sections
                   for options in self.alternatives for p in options)

    def only(self, sections: frozenset[str]) -> bool:
        """Whether every alternative asks for one of `sections` (summary, raw...)."""
        return all(any(not p.negated and p.sections & sections for p in options)
                   for options in self.alternatives)


def _part_matches(target: set[str], parent: set[str], options: list[Selector]) -> bool:
    for part in options:
        tm = part.sections <= target
        pm = part.sections <= parent
        if part.negated and not pm:
            if "raw" in target or "summary" in target:
                return False  # a negation cannot apply to the sized scopes
        elif (not part.negated and not tm) or (part.negated and pm):
            return False
    return True
