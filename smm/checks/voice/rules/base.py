"""What every Vale-format rule shares: common keys, scope, message formatting,
exceptions, and regex compilation the way Vale builds its patterns."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, ClassVar, cast

import regex

from smm.checks.voice.markup import Block
from smm.checks.voice.prefilter import prefix_literals
from smm.checks.voice.scope import Scope, ScopeError
from smm.checks.voice.text import Doc

LEVELS = ("suggestion", "warning", "error")
COMMON_KEYS = frozenset({"extends", "message", "level", "scope", "link", "description",
                         "limit", "action"})
WORD_TEMPLATE = r"(?m)\b(?:%s)\b"
NONWORD_TEMPLATE = r"(?m)(?:%s)"
IGNORECASE = "(?i)"

KeyPath = tuple[str | int, ...]


class RuleError(Exception):
    """A problem in one rule file, at a key path (turned into a line by the loader)."""

    def __init__(self, message: str, where: KeyPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class Alert:
    """A rule's finding: `start`, `end` are offsets in the block's text; `whole`: about
    the whole text (placed at the start of the body)."""

    __slots__ = ("start", "end", "message", "fix", "whole")

    def __init__(self, start: int, end: int, message: str, fix: str | None = None,
                 whole: bool = False) -> None:
        self.start = start
        self.end = end
        self.message = message
        self.fix = fix
        self.whole = whole


def format_message(msg: str, *subs: str) -> str:
    """Vale's message formatting: each `%s` in turn takes the next value."""
    if "%" not in msg or not subs:
        return msg
    parts = msg.split("%s")
    out = [parts[0]]
    for i, p in enumerate(parts[1:]):
        out.append(subs[i] if i < len(subs) else "%s")
        out.append(p)
    return "".join(out)


# A pattern's match methods stop after this many seconds (the `regex` module's
# timeout, raising TimeoutError): a pattern that backtracks exponentially ("(a+)+$")
# must not hang a run. The engine reports the rule and stops running it.
TIMEOUT = 0.25
_METHODS = ("finditer", "search", "match", "fullmatch", "findall", "sub", "split")


class LazyPattern:
    """A compiled pattern whose match methods run under the time budget (TIMEOUT),
    compiled when first used unless given. Rule files that compiled cleanly before
    (smm.cache remembers it by their fingerprint) are loaded this way, so that a
    pre-commit run over one post compiles only the few patterns its text reaches;
    compiling every pattern of a style costs more than checking the post."""

    def __init__(self, pattern: str, compiled: regex.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        if compiled is not None:
            self._bind(compiled)

    def _bind(self, compiled: regex.Pattern[str]) -> None:
        # The methods rules call become plain attributes: no __getattr__ after this.
        for m in _METHODS:
            setattr(self, m, partial(getattr(compiled, m), timeout=TIMEOUT))
        # finditer's budget runs from the iterator's creation, through whatever the
        # caller does between matches: the matches are found first, in one go.
        self.finditer = partial(_all_matches, compiled.finditer)
        self.groups = compiled.groups
        self.compiled = compiled

    def __getattr__(self, name: str) -> Any:
        if name in ("compiled", "groups") or name in _METHODS:
            self._bind(regex.compile(self.pattern, regex.V0))
            return getattr(self, name)
        raise AttributeError(name)


def _all_matches(finditer: Any, *args: Any, **kwargs: Any) -> list[Any]:
    return list(finditer(*args, timeout=TIMEOUT, **kwargs))


_lazy = False  # set while loading rule files known to compile (see deferred_compile)


def deferred_compile(on: bool) -> bool:
    """Turn lazy compilation on or off; returns the previous setting."""
    global _lazy
    was, _lazy = _lazy, on
    return was


def lazy_rx(pattern: str) -> regex.Pattern[str]:
    """A pattern known to compile, compiled when first used."""
    return cast("regex.Pattern[str]", LazyPattern(pattern))


def rx(pattern: str) -> regex.Pattern[str]:
    """regex.compile(pattern, V0) under the time budget, deferred while loading
    known-good rules."""
    if _lazy:
        return lazy_rx(pattern)
    return cast("regex.Pattern[str]", LazyPattern(pattern, regex.compile(pattern, regex.V0)))


def timed(compiled: regex.Pattern[str]) -> regex.Pattern[str]:
    """An already compiled pattern, its match methods under the time budget."""
    return cast("regex.Pattern[str]", LazyPattern(compiled.pattern, compiled))


# Characters with a meaning in a pattern: a pattern without any is a literal string,
# valid whatever it holds, so checking it costs no compile (most vocabulary terms,
# swap keys and exceptions; compiling them one by one to report a bad one at its line
# was a third of loading a brand's rules). It compiles when first used.
_META = frozenset("\\^$.|?*+()[]{}")


def literal(pattern: str) -> bool:
    """Whether `pattern` is a plain string, matching exactly itself."""
    return _META.isdisjoint(pattern)


def compile_re(pattern: str, where: KeyPath) -> regex.Pattern[str]:
    if _META.isdisjoint(pattern):
        return lazy_rx(pattern)
    try:
        return rx(pattern)
    except (regex.error, ValueError, OverflowError) as e:
        raise RuleError(f"invalid regular expression {pattern!r}: {e}", where) from None


_CAPTURE = regex.compile(r"(?<!\\)\((?!\?)")


def noncapturing(pattern: str) -> str:
    """`pattern` with its capture groups made non-capturing (Vale's
    convertCaptureGroups): a key's own groups must not shift the rule's groups."""
    if "(" not in pattern:
        return pattern
    return _CAPTURE.sub("(?:", pattern)


def strings(data: dict[str, Any], key: str) -> list[str]:
    v = data.get(key)
    if v is None:
        return []
    if isinstance(v, str | int | float) and not isinstance(v, bool):
        return [str(v)]
    if not isinstance(v, list) or any(isinstance(x, dict | list) for x in v):
        raise RuleError(f"'{key}' must be a list of strings", (key,))
    return ["" if x is None else str(x) for x in v]


def boolean(data: dict[str, Any], key: str, default: bool = False) -> bool:
    v = data.get(key, default)
    if not isinstance(v, bool):
        raise RuleError(f"'{key}' must be true or false", (key,))
    return v


def integer(data: dict[str, Any], key: str, default: int = 0) -> int:
    v = data.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int):
        raise RuleError(f"'{key}' must be a whole number", (key,))
    return v


def text_value(data: dict[str, Any], key: str, default: str = "") -> str:
    v = data.get(key, default)
    if v is None:
        return default
    if isinstance(v, dict | list):
        raise RuleError(f"'{key}' must be text", (key,))
    return str(v)


class Exceptions:
    """A rule's `exceptions` plus the accepted vocabulary (when the rule takes it).

    An observed match is excepted when it is one of them (the whole match), or when it
    lies inside an occurrence of one in the block (so that a multi-word exception such
    as "Coffee Lab" protects the "Lab" in it). Exceptions are case-sensitive, as in
    Vale; vocabulary terms match in any case, since a wrongly cased term is already
    reported once by Vale.Terms."""

    __slots__ = ("full", "phrase", "_text", "_spans", "lazy")

    def __init__(self, terms: Sequence[str], where: KeyPath,
                 vocab: Sequence[str] = ()) -> None:
        exc = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
        voc = sorted({t for t in vocab if t.strip()} - set(exc), key=len, reverse=True)
        self.full: regex.Pattern[str] | None = None
        self.phrase: regex.Pattern[str] | None = None
        self.lazy = True  # no pattern, or patterns known to compile (plain words)
        # The phrase matches of the last text scanned whole (see `match`).
        self._text: str | None = None
        self._spans: list[tuple[int, int]] = []
        alts = [f"(?:{'|'.join(exc)})"] if exc else []
        if voc:
            alts.append(f"(?i:{'|'.join(voc)})")
        if alts:
            alt = "|".join(alts)
            # Plain words alone always make a valid pattern: compiled when a rule first
            # asks (most never find a match to except), not for each rule at load.
            make = lazy_rx if all(map(literal, exc)) and all(map(literal, voc)) else \
                lambda p: compile_re(p, where)
            self.full = make(f"(?:{alt})")
            self.phrase = make(WORD_TEMPLATE % alt)
            self.lazy = make is lazy_rx

    def __bool__(self) -> bool:
        return self.full is not None

    def search(self, s: str) -> bool:
        """Whether an exception occurs anywhere in `s` (as a word, or a phrase)."""
        return self.phrase is not None and self.phrase.search(s) is not None

    def match(self, observed: str, text: str = "", start: int = 0, end: int = 0) -> bool:
        if self.full is None:
            return False
        if self.full.fullmatch(observed):
            return True
        if text and self.phrase is not None:
            lo, hi = max(0, start - 200), min(len(text), end + 200)
            if lo == 0 and hi == len(text):
                # The window is the whole (short) text: scan it once for all the
                # matches a rule asks about, rather than once per match.
                if text != self._text:
                    self._spans = [m.span() for m in self.phrase.finditer(text)]
                    self._text = text
                return any(a <= start and end <= b for a, b in self._spans)
            for m in self.phrase.finditer(text, lo, hi):
                if m.start() <= start and end <= m.end():
                    return True
        return False


class Rule:
    """A compiled rule. Subclasses set KEYS and implement `run`."""

    KEYS: ClassVar[frozenset[str]] = frozenset()
    kind: ClassVar[str] = ""
    whole_doc: ClassVar[bool] = False  # runs once on the whole text (metric)
    # Strings one of which must occur (case-folded) for the rule to find anything.
    literals: tuple[str, ...] | None = None
    # With scans_from_literal: how far into a match each literal may first occur.
    literal_backs: tuple[int, ...] = ()

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int) -> None:
        self.name = name
        self.path = path
        self.line = line
        self.message = text_value(data, "message")
        self.description = text_value(data, "description")
        self.link = text_value(data, "link")
        self.level = text_value(data, "level", "warning")
        if self.level not in LEVELS:
            raise RuleError(f"'level' must be one of {', '.join(LEVELS)}", ("level",))
        self.limit = integer(data, "limit", 0)
        action = data.get("action")
        if action is not None and not isinstance(action, dict):
            raise RuleError("'action' must be a mapping with 'name' and 'params'", ("action",))
        self.action: dict[str, Any] = action or {}
        try:
            self.scope = Scope(data.get("scope", "text"))
        except ScopeError as e:
            raise RuleError(e.message, ("scope", e.index) if e.index is not None
                            else ("scope",)) from None
        # A selector naming sections smm has no block for (Vale's `link`, `strong`...).
        self.vale_only = self.scope.unknown

    # True when every match starts with one of `literals` (case-folded): the engine may
    # then start the scan at the first literal in the text (see `run_from`).
    scans_from_literal: ClassVar[bool] = False

    def run(self, block: Block, doc: Doc) -> list[Alert]:  # pragma: no cover - abstract
        raise NotImplementedError

    def run_from(self, block: Block, doc: Doc, pos: int) -> list[Alert]:
        """`run`, knowing that no match starts before `pos` in `block.text`: the regex
        engine skips the text before it (context such as `\\b` still sees it)."""
        return self.run(block, doc)

    def quiet(self, doc: Doc) -> bool:
        """True when `run` cannot alert on `doc` whatever the blocks: a cheap proof
        that lets the engine skip the rule. Rules that can tell override it; the
        engine only calls it when `has_quiet` is set."""
        return False

    has_quiet: bool = False

    def describe(self) -> str:
        return self.description or self.message

    def plain(self) -> str:
        """The rule in plain words, for the brand guide: what not to write, what to
        write instead, examples; never a regular expression (smm.checks.voice.plain)."""
        from smm.checks.voice.plain import describe

        return describe(self)


def word_pattern(tokens: Sequence[str], *, ignorecase: bool, nonword: bool,
                 raw: str = "", append: bool = False) -> str:
    """Vale's makeRegexp: `(?m)\\b(?:a|b)\\b`, `(?i)` first with ignorecase; nonword drops
    the `\\b`; `raw` goes before the template, or after it with `append`."""
    body = "|".join(tokens)
    core = (r"(?m)\b(?:" + body + r")\b") if (not nonword and tokens) else f"(?m)(?:{body})"
    pattern = core + raw if append else raw + core
    return IGNORECASE + pattern if ignorecase else pattern


def is_phrase(s: str) -> bool:
    """Vale's core.IsPhrase: letters and spaces only."""
    return all(c.isalpha() or c == " " for c in s)


def to_sentence(words: Sequence[str], conj: str) -> str:
    quoted = [f"'{w}'" for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    if len(quoted) == 2:
        return f"{quoted[0]} {conj} {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", {conj} {quoted[-1]}"


class LiteralScan(Rule):
    """A rule every match of which starts with one of its literals (existence,
    substitution, vocabulary): the engine may start its scan at the first literal."""

    scans_from_literal: ClassVar[bool] = True

    def gate(self, pattern: str) -> None:
        """Take the literals a match must start with from the rule's pattern."""
        got = prefix_literals(pattern)
        if got is not None:
            self.literals, self.literal_backs = got

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        return self.run_from(block, doc, 0)
