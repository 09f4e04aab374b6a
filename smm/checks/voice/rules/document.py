"""Rules that look at more than one match: consistency, conditional, capitalization."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

from smm.checks.voice.markup import Block
from smm.checks.voice.prefilter import Run, class_run, literals, prefix_literals
from smm.checks.voice.rules.base import (
    COMMON_KEYS,
    Alert,
    Exceptions,
    Rule,
    RuleError,
    boolean,
    compile_re,
    format_message,
    lazy_rx,
    noncapturing,
    rx,
    strings,
    text_value,
    word_pattern,
)
from smm.checks.voice.text import Doc


class Consistency(Rule):
    """Both spellings of a pair in one text: flagged once, at the first occurrence of
    the last match (as Vale does)."""

    kind = "consistency"
    KEYS = COMMON_KEYS | {"either", "nonword", "ignorecase"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        either = data.get("either")
        if not isinstance(either, dict) or not either:
            raise RuleError("'either' must be a mapping of 'spelling: other spelling' pairs",
                            ("either",))
        ic, nw = boolean(data, "ignorecase"), boolean(data, "nonword")
        self.steps: list[regex.Pattern[str]] = []
        self.pairs = [(str(k), "" if v is None else str(v)) for k, v in either.items()]
        lits: list[tuple[str, ...] | None] = []
        backs: list[tuple[int, ...]] = []
        for k, v in either.items():
            a, b = str(k), "" if v is None else str(v)
            for s in (a, b):
                compile_re(s, ("either", a))
            a, b = noncapturing(a), noncapturing(b)
            pattern = word_pattern([f"({a})|({b})"], ignorecase=ic, nonword=nw)
            self.steps.append(compile_re(pattern, ("either", a)))
            got = prefix_literals(pattern)
            lits.append(None if got is None else got[0])
            backs.append(() if got is None else got[1])
        self._step_lits = lits
        self._step_backs = backs
        if all(x is not None for x in lits):
            self.literals = tuple(sorted({s for x in lits if x for s in x}))

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        out: list[Alert] = []
        text = block.text
        seen: set[tuple[int, int]] = doc.state.setdefault(self.name, set())
        folded = doc.folded
        # As in the engine: offsets agree in the whole text when folding kept its length.
        aligned = block is doc.whole[0] and len(folded) == len(text)
        for i, pat in enumerate(self.steps):
            lit = self._step_lits[i]
            pos = 0
            if lit is not None:
                found = [j - b for j, b in zip(map(folded.find, lit), self._step_backs[i],
                                               strict=True) if j >= 0]
                if not found:
                    continue
                if aligned:
                    pos = max(0, min(found))
            last: tuple[int, int] | None = None
            for m in pat.finditer(text, pos):
                g = m.lastindex or 0
                if g:
                    seen.add((i, g))
                    last = m.span(g)
            if last is not None and (i, 1) in seen and (i, 2) in seen:
                match = text[last[0]:last[1]]
                first = text.find(match)
                out.append(Alert(first, first + len(match), format_message(self.message, match)))
        return out


def _has_capture_group(pattern: str) -> bool:
    opens = pattern.count("(")
    return opens > pattern.count("(?") + pattern.count(r"\(")


class Conditional(Rule):
    """When `first` matches, `second` must too; with a capture group in `second`, the
    captured values are what `first` may match (acronyms defined as "Name (ABC)")."""

    kind = "conditional"
    KEYS = COMMON_KEYS | {"first", "second", "exceptions", "ignorecase", "vocab", "in"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        first, second = text_value(data, "first"), text_value(data, "second")
        if not first:
            raise RuleError("a conditional rule needs 'first'", ("first",))
        if not second:
            raise RuleError("a conditional rule needs 'second'", ("second",))
        self.second = compile_re(second, ("second",))
        self.first = compile_re(first, ("first",))
        self.second_has_group = _has_capture_group(second)
        self.literals = literals(first)
        exc = strings(data, "exceptions")
        for i, e in enumerate(exc):
            compile_re(e, ("exceptions", i))
        vocab = boolean(data, "vocab", True)
        self.exceptions = Exceptions(exc, ("exceptions",), accepted if vocab else ())
        self.view = text_value(data, "in")
        # `first` must find its leading run of class characters (an acronym's
        # capitals) in the context's text, which holds every block: see `quiet`.
        self.has_quiet = True
        self._run: tuple[Run] | None = None  # (prefilter.class_run(first),), once asked

    def quiet(self, doc: Doc) -> bool:
        if self._run is None:
            self._run = (class_run(self.first.pattern),)
        run = self._run[0]
        return run is not None and run[1] not in doc.utf8.translate(run[0])

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        text = block.text
        if not self.first.search(text):
            return []
        out: list[Alert] = []
        if not self.second_has_group:
            if self.second.search(text):
                return []
            for m in self.first.finditer(text):
                if not self.exceptions.match(m.group(), text, m.start(), m.end()):
                    out.append(Alert(m.start(), m.end(), format_message(self.message, m.group())))
            return out
        defined: set[str] = doc.state.setdefault(self.name, set())
        for m in self.second.finditer(text):
            defined.update(g for g in m.groups() if g)
        for m in self.first.finditer(text):
            s = m.group()
            if s not in defined and not self.exceptions.match(s, text, m.start(), m.end()):
                out.append(Alert(m.start(), m.end(), format_message(self.message, s)))
        return out


# Title case: words a title keeps lower-case unless first or last.
_AP_SMALL = frozenset({
    "a", "an", "and", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "so", "the",
    "to", "up", "yet"})
_CHICAGO_SMALL = _AP_SMALL | frozenset({
    "as", "via", "vs", "vs.", "v", "v.", "from", "into", "with", "over", "onto", "upon",
    "off", "out", "per", "than", "like", "down", "near"})
_TOKEN = r"[\p{N}\p{L}*]+[^\s]*"


def titlecase(s: str, small: frozenset[str]) -> str:
    words = s.split(" ")
    idx = [i for i, w in enumerate(words) if w]
    out = list(words)
    for j, i in enumerate(idx):
        w = words[i]
        core = w.strip("\"'“”‘’()[]:;,.!?")
        if j not in (0, len(idx) - 1) and core.lower() in small:
            out[i] = w.lower()
        else:
            k = next((n for n, c in enumerate(w) if c.isalnum()), None)
            if k is not None:
                out[i] = w[:k] + w[k].upper() + w[k + 1:]
    return " ".join(out)


def _go_title(w: str) -> str:
    """Go's strings.Title: each letter that follows a non-letter upper-cased."""
    out = []
    prev = ""
    for c in w:
        out.append(c.upper() if c.isalpha() and not (prev and prev.isalpha()) else c)
        prev = c
    return "".join(out)


_NUMBER_LIST = regex.compile(r"\d+\.")


class Capitalization(Rule):
    kind = "capitalization"
    KEYS = COMMON_KEYS | {"match", "style", "exceptions", "indicators", "threshold", "vocab",
                          "prefix"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        match = text_value(data, "match")
        if not match:
            raise RuleError("a capitalization rule needs 'match' ($title, $sentence, $lower, "
                            "$upper or a regular expression)", ("match",))
        exc = strings(data, "exceptions")
        for i, e in enumerate(exc):
            compile_re(e, ("exceptions", i))
        vocab = boolean(data, "vocab", True)
        self.exceptions = Exceptions(exc, ("exceptions",), accepted if vocab else ())
        # The sentence converter's vocabulary: exceptions and accepted terms, written
        # as the rule says (Vale passes both to prose's strcase).
        # Longest first, for a greedy alternation (strcase.UsingVocab).
        self.vocab = sorted((t for t in [*exc, *(accepted if vocab else [])] if t.strip()),
                            key=len, reverse=True)
        thr = data.get("threshold", 0.8)
        if isinstance(thr, bool) or not isinstance(thr, int | float):
            raise RuleError("'threshold' must be a number between 0 and 1", ("threshold",))
        self.threshold = float(thr) or 0.8
        self.indicators = tuple(strings(data, "indicators"))
        prefix = text_value(data, "prefix")
        self.prefix = compile_re(f"^(?:{prefix})", ("prefix",)) if prefix else None
        style = text_value(data, "style", "AP")
        if style not in ("AP", "Chicago"):
            raise RuleError("'style' must be AP or Chicago", ("style",))
        self.style = style
        self.match = match
        ex = self.exceptions.phrase.pattern if self.exceptions.phrase is not None else ""
        # Valid whenever the exceptions' pattern is: compiled when first used then.
        make = lazy_rx if self.exceptions.lazy else rx
        self.tokens = make((ex + "|" if ex else "") + _TOKEN)
        self._vocab_tokens = make(
            ("(?i)\\b(?:" + "|".join(self.vocab) + ")\\b|" if self.vocab else "(?i)") + _TOKEN)
        self.check: Callable[[str], bool]
        if match == "$title":
            small = _CHICAGO_SMALL if style == "Chicago" else _AP_SMALL
            self.check = lambda s: self._title(s, small)
        elif match == "$sentence":
            self.check = self._sentence
        elif match == "$lower":
            self.check = lambda s: s == s.lower() or self.exceptions.match(s)
        elif match == "$upper":
            self.check = lambda s: s == s.upper() or self.exceptions.match(s)
        else:
            pat = compile_re(match, ("match",))
            self.check = lambda s: bool(pat.search(s)) or self.exceptions.match(s)

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        text = block.text
        if not text.strip() or self.check(text):
            return []
        return [Alert(0, len(text), format_message(self.message, text))]

    def _split_prefix(self, s: str) -> tuple[str, str]:
        """(prefix, rest): `prefix` is kept as written, the rest converted (prose's
        CaseOpts.prefix: "a. This is a sentence.")."""
        if self.prefix is not None:
            m = self.prefix.match(s)
            if m:
                return s[:m.end()], s[m.end():]
        return "", s

    def _title(self, s: str, small: frozenset[str]) -> bool:
        pre, rest = self._split_prefix(s)
        expected = self.tokens.findall(pre + titlecase(rest, small))
        count = words = 0
        for i, w in enumerate(self.tokens.findall(s)):
            if i >= len(expected) or w == expected[i] or self.exceptions.match(w) \
                    or w == w.upper():
                count += 1
            words += 1
        return not words or count / words >= self.threshold

    def _indicator(self, word: str, idx: int) -> bool:
        if self.indicators and word.endswith(self.indicators):
            return True
        return idx == 0 and bool(_NUMBER_LIST.search(word))

    def _sentence(self, s: str) -> bool:
        """Vale 3's sentence case: the text against its own sentence-cased form (prose's
        SentenceConverter): the first word and a word after an indicator (a suffix in
        `indicators`; a leading "8.") capitalized, vocabulary terms as written, every
        other word lower-case. The first word must be capitalized; then enough words
        must agree (`threshold`)."""
        pre, rest = self._split_prefix(s)
        toks = self._vocab_tokens.findall(rest.lower())
        vocab = {v.lower(): v for v in reversed(self.vocab)}
        made = []
        for i, t in enumerate(toks):
            entry = vocab.get(t.lower())
            if entry is not None:
                made.append(entry)
            elif i == 0 or self._indicator(toks[i - 1], i - 1):
                made.append(_go_title(t.lower()))
            else:
                made.append(t.lower())
        expected = self.tokens.findall(pre + " ".join(made))
        count = words = 0
        for i, w in enumerate(self.tokens.findall(s)):
            if i >= len(expected) or w == expected[i] or self.exceptions.match(w):
                count += 1
            elif i == 0 and w != _go_title(w.lower()):
                return False
            words += 1
        return not words or count / words >= self.threshold
