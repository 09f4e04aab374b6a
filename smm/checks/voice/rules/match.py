"""Pattern rules: existence, substitution, occurrence, repetition (Vale's semantics)."""

from __future__ import annotations

from operator import eq
from typing import Any

import regex

from smm.checks.voice.markup import Block, sentence_spans
from smm.checks.voice.prefilter import literals
from smm.checks.voice.rules.base import (
    COMMON_KEYS,
    IGNORECASE,
    Alert,
    Exceptions,
    LiteralScan,
    Rule,
    RuleError,
    boolean,
    compile_re,
    format_message,
    integer,
    is_phrase,
    lazy_rx,
    literal,
    noncapturing,
    rx,
    strings,
    text_value,
    to_sentence,
    word_pattern,
)
from smm.checks.voice.text import Doc

_META = regex.compile(r"[\\^$.|?*+()\[\]{}]")
# Token patterns whose matches are exactly str.split() after replacing some characters.
_SPLIT_TOKENS = {r"[^\s]+": "", r"\S+": "", r"[^\s\.]+": ".", r"[^\s.]+": "."}


def _split(text: str, chars: str) -> list[str]:
    for c in chars:
        text = text.replace(c, " ")
    return text.split()


def _check_each(tokens: list[str], key: str, prefix: str = "") -> None:
    """Compile tokens one by one, so that a bad one is reported at its own line."""
    for i, t in enumerate(tokens):
        compile_re(prefix + t, (key, i))


class Existence(LiteralScan):
    kind = "existence"
    KEYS = COMMON_KEYS | {"raw", "tokens", "exceptions", "append", "ignorecase", "nonword",
                          "vocab"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        all_tokens = strings(data, "tokens")
        tokens = [t for t in all_tokens if t.strip()]
        raw = "".join(strings(data, "raw"))
        nonword = boolean(data, "nonword")
        pattern = word_pattern(tokens, ignorecase=boolean(data, "ignorecase"), nonword=nonword,
                               raw=raw, append=boolean(data, "append"))
        try:
            self.pattern = rx(pattern)
        except (regex.error, ValueError, OverflowError):
            _check_each(all_tokens, "tokens")
            compile_re(pattern, ("raw",) if raw else ("tokens",))
            raise
        exc = strings(data, "exceptions")
        _check_each(exc, "exceptions")
        vocab = boolean(data, "vocab", True) and not nonword
        self.exceptions = Exceptions(exc, ("exceptions",), accepted if vocab else ())
        self.tokens = tokens
        self.gate(pattern)

    def run_from(self, block: Block, doc: Doc, pos: int) -> list[Alert]:
        out: list[Alert] = []
        text = block.text
        for m in self.pattern.finditer(text, pos):
            if m.end() == m.start():
                continue
            observed = m.group().strip()
            if self.exceptions and self.exceptions.match(observed, text, m.start(), m.end()):
                continue
            out.append(Alert(m.start(), m.end(), format_message(self.message, m.group())))
        return out


class Substitution(LiteralScan):
    kind = "substitution"
    KEYS = COMMON_KEYS | {"swap", "exceptions", "ignorecase", "nonword", "pos", "capitalize",
                          "vocab"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        swap = data.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise RuleError("'swap' must be a mapping of 'observed: expected' pairs",
                            ("swap",))
        self.ignorecase = boolean(data, "ignorecase")
        self.capitalize = boolean(data, "capitalize")
        keys: list[str] = []
        self.repl: list[str] = []
        # As Vale: the longest key first (so "MPL 2.0" wins over "MPL" where both
        # match), each key's own capture groups made non-capturing.
        self.observed: list[str] = []
        for k in sorted(swap, key=lambda k: len(str(k)), reverse=True):
            v = swap[k]
            key = str(k)
            compile_re(key, ("swap", key))
            self.observed.append(key)
            keys.append(f"({noncapturing(key)})")
            self.repl.append("" if v is None else str(v))
        pattern = word_pattern(keys, ignorecase=self.ignorecase,
                               nonword=boolean(data, "nonword"), append=True)
        self.pattern = compile_re(pattern, ("swap",))
        self.gate(pattern)
        self._same: list[regex.Pattern[str] | None] = []
        for expected in self.repl:
            p = (IGNORECASE if self.ignorecase else "") + f"^(?:{expected})$"
            try:
                self._same.append(None if is_phrase(expected) else
                                  lazy_rx(p) if literal(expected) else rx(p))
            except regex.error:
                self._same.append(None)
        exc = strings(data, "exceptions")
        _check_each(exc, "exceptions")
        vocab = boolean(data, "vocab", True)
        self.exceptions = Exceptions(exc, ("exceptions",), accepted if vocab else ())
        self.pos = text_value(data, "pos")
        act = self.action
        self._replace = act.get("name") == "replace" and not act.get("params")
        msg = self.message
        if self._replace:
            for spec in ("'%s'", '"%s"'):
                if msg.count(spec) == 2:
                    msg = msg.replace(spec, "%s", 1)
        self._msg = msg

    def run_from(self, block: Block, doc: Doc, pos: int) -> list[Alert]:
        out: list[Alert] = []
        text = block.text
        for m in self.pattern.finditer(text, pos):
            idx = m.lastindex
            if not idx:
                continue
            start, end = m.span(idx)
            observed = text[start:end].strip()
            expected = self.repl[idx - 1]
            same_re = self._same[idx - 1]
            same = expected == observed if same_re is None else bool(same_re.match(observed))
            if same or (self.exceptions and self.exceptions.match(observed, text, start, end)):
                continue
            options = expected.split("|")
            if self.capitalize and observed[:1].isupper():
                options = [o[:1].upper() + o[1:] for o in options]
                expected = "|".join(options)
            shown = to_sentence(options, "or") if self._replace else expected
            fix = options[0]
            if _META.search(fix):
                fix_out: str | None = None
            else:
                if observed[:1].isupper() and fix[:1].islower():
                    fix = fix[:1].upper() + fix[1:]
                fix_out = fix
            out.append(Alert(start, end, format_message(self._msg, shown, observed), fix_out))
        return out


class Occurrence(Rule):
    kind = "occurrence"
    KEYS = COMMON_KEYS | {"token", "max", "min", "ignorecase"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        token = text_value(data, "token")
        if not token:
            raise RuleError("an occurrence rule needs a 'token' (a regular expression)",
                            ("token",))
        self.max = integer(data, "max")
        self.min = integer(data, "min")
        if self.max <= 0 and self.min <= 0:
            raise RuleError("an occurrence rule needs 'max' or 'min' above 0", ("max",))
        prefix = IGNORECASE if boolean(data, "ignorecase") else ""
        self.pattern = compile_re(f"{prefix}(?:{token})", ("token",))
        self._split = _SPLIT_TOKENS.get(token)
        if self.min <= 0:
            self.literals = literals(token)
        # A sentence-length style rule (whitespace tokens, a max) can be ruled out from
        # the context's count; see `quiet`.
        self.has_quiet = self._split == "" and self.min <= 0 and self.max > 0

    def quiet(self, doc: Doc) -> bool:
        # The context's text joins every block with line breaks, so a block's tokens
        # are tokens of it: no more of them than that.
        return doc.ntokens <= self.max

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        n = len(_split(block.text, self._split) if self._split is not None
                else self.pattern.findall(block.text))
        if (self.max > 0 and n > self.max) or (self.min > 0 and n < self.min):
            locs = [m.span() for m in self.pattern.finditer(block.text)]
            if n == 0:
                return [Alert(0, 0, self.message, whole=True)]
            span = locs[0]
            for a, b in locs:
                if not _is_code(block.text[a:b]):
                    span = (a, b)
                    break
            return [Alert(span[0], span[1], self.message)]
        return []


def _is_code(s: str) -> bool:
    return s.startswith("`") and s.endswith("`")


class Repetition(Rule):
    kind = "repetition"
    KEYS = COMMON_KEYS | {"tokens", "max", "ignorecase", "alpha", "vocab", "exceptions"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        tokens = strings(data, "tokens")
        if not tokens:
            raise RuleError("a repetition rule needs 'tokens'", ("tokens",))
        self.ignorecase = boolean(data, "ignorecase")
        self.alpha = boolean(data, "alpha")
        self.max = integer(data, "max")
        prefix = IGNORECASE if self.ignorecase else ""
        self._split = _SPLIT_TOKENS.get("|".join(tokens))
        try:
            self.pattern = rx(f"{prefix}({'|'.join(tokens)})")
        except regex.error:
            _check_each(tokens, "tokens")
            compile_re(f"({'|'.join(tokens)})", ("tokens",))
            raise
        exc = strings(data, "exceptions")
        _check_each(exc, "exceptions")
        vocab = boolean(data, "vocab", True)
        self.exceptions = Exceptions(exc, ("exceptions",), accepted if vocab else ())

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        out: list[Alert] = []
        text = block.text
        # Quick test first: any two equal matches in a row at all? (Linear: one split
        # or one findall, and a comparison of neighbours.)
        src = text.casefold() if self.ignorecase else text
        if self._split is not None:
            found = _split(src, self._split)
        else:
            found = list(map(str.strip, self.pattern.findall(src)))
        if len(found) < 2 or not any(map(eq, found, found[1:])):
            return out
        prev = ""
        ploc = (0, 0)
        count = 0
        exceptions = self.exceptions
        for m in self.pattern.finditer(text):
            curr = m.group().strip()
            if self.ignorecase:
                hit = curr != "" and curr.casefold() == prev.casefold()
            else:
                hit = curr != "" and curr == prev
            hit = hit and (not self.alpha or curr.isalpha())
            if hit:
                count += 1
            if hit and count > self.max:
                a, b = ploc[0], m.end()
                span_text = text[a:b]
                # As Vale: one sentence only, and no exception found anywhere in the
                # span (nor the span inside an accepted phrase).
                if len(sentence_spans(span_text)) == 1 and not (
                        exceptions and (exceptions.search(span_text)
                                        or exceptions.match(span_text, text, a, b))):
                    out.append(Alert(a, b, format_message(self.message, curr)))
                    count = 0
            ploc = m.span()
            prev = curr
        return out
