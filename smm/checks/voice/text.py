"""Tokenizer and scopes over one channel's rendered text.

A `Doc` wraps the text and computes, lazily and once, what rules ask for: sentences,
paragraphs, words and the metric variables. Every block carries its offset into the
text, so a finding always knows where it is.

Segmentation is deliberately simple and fast (social posts are short):

- paragraphs: runs of text separated by a blank line (thread parts are joined with a
  blank line, so a part is at least one paragraph);
- sentences: split after `.`, `!`, `?` or `…` (optionally followed by one closing quote
  or bracket) when white space follows, and at every line break (posts are written
  line by line: a bullet or a hashtag line is its own sentence);
- links and @mentions are not prose: rules do not see them (they are blanked out, so
  offsets stay those of the rendered text);
- words: runs of letters and digits, with inner apostrophes and hyphens; URLs are left
  out of the metric counts;
- syllables: vowel groups, less a silent final e (English) or final e/es/ent (French);
  at least one a word. A heuristic, like every readability formula's input.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat
from typing import Any

# A sentence end: `[.!?…]+["'’”»)\]]?[ \t\u00a0\u202f]+|\n\s*`, written to start with a
# character class so that the regex engine skips to those characters rather than trying
# both branches at every one (the lookbehind tells a line break from the punctuation).
_SENT_END = re.compile(r"[.!?…\n](?:(?<=\n)\s*|[.!?…]*[\"'’”»)\]]?[ \t\u00a0\u202f]+)")
# The same, where a single line break is a space: sentences end at punctuation and at
# paragraph breaks.
_SENT_END_SOFT = re.compile(
    r"[.!?…\n](?:(?<=\n)[ \t]*\n\s*|(?<=[.!?…])[.!?…]*[\"'’”»)\]]?\s+)")
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Not prose: links and @mentions are blanked out (same length, so offsets hold).
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|(?<![\w@])@[\w.\-]+(?:@[\w.\-]+)?"
                        r"|(?<![\w@.])(?:[\w\-]+\.)+[a-z]{2,24}/\S*")
# Every _NOT_PROSE match holds "/", "@" or "www." and no white space, so blanking the
# white-space-delimited tokens that hold one of them alone (their edges look like the
# start and end of a text to the lookbehinds and `\S*`) gives the same text as blanking
# the whole text, without running the four-way alternation over every word. The tokens
# are found from those strings (str.find) rather than by a regex over every character.
_LINKS = ("/", "@", "www.")
_TOKEN_REST = re.compile(r"\S*")
# Words, for a text of ASCII and any other characters: in its UTF-8 form each ASCII
# byte that is neither a letter, a digit nor a joiner (' -) becomes a space (bytes
# translate at C speed; str.translate looks each character up). No word holds such a
# character, so a token of the result made of letters and digits alone is a word, and
# any other token holds the words _WORD finds in it.
_WORD_BYTES = bytes(c if chr(c).isalnum() or chr(c) in "'-" or c > 127 else 32
                    for c in range(256))
_VOWELS_EN = re.compile(r"[aeiouy]+")
_VOWELS_FR = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+")
_COMMON_SUFFIX = ("es", "ed", "ing")
# The metric's "list" and "blockquote" counts: lines that start so (as text.split("\n")
# sees lines): the first line, then those after a "\n" (which the engine seeks quickly).
_LIST_ITEM = re.compile(r"• |- |\d+[.)] ")
_LIST_AFTER_BREAK = re.compile(r"\n(?:• |- |\d+[.)] )")


class Block:
    """A piece of text a rule runs on: `text`, found at `offset` in its origin.

    `origin` is "text" (the rendered channel text) or "source" (the Markdown body,
    for heading, list, blockquote and raw scopes)."""

    __slots__ = ("text", "offset", "origin")

    def __init__(self, text: str, offset: int, origin: str = "text") -> None:
        self.text = text
        self.offset = offset
        self.origin = origin


def spans(text: str, breaker: re.Pattern[str], base: int = 0) -> list[Block]:
    out: list[Block] = []
    pos = 0
    for m in breaker.finditer(text):
        _add(out, text, pos, m.start(), base)
        pos = m.end()
    _add(out, text, pos, len(text), base)
    return out


def _add(out: list[Block], text: str, start: int, end: int, base: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Block(stripped, base + start + lead))


def sentence_spans(text: str, base: int = 0) -> list[Block]:
    """Sentences, each keeping its final punctuation (see the module docstring)."""
    out: list[Block] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        s = m.group()
        cut = m.start() if s[0] == "\n" else m.start() + len(s.rstrip(" \t\u00a0\u202f"))
        _add(out, text, pos, cut, base)
        pos = m.end()
    _add(out, text, pos, len(text), base)
    return out


def _spaces(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _next_link(text: str, needles: list[str], pos: int) -> int:
    """Where the first of `needles` occurs in `text` from `pos`, or -1."""
    first = -1
    for n in needles:
        i = text.find(n, pos)
        if i >= 0 and (first < 0 or i < first):
            first = i
    return first


def _blank(text: str) -> str:
    """`text` with links and @mentions blanked out (see _LINKS)."""
    parts: list[str] = []
    pos = 0
    needles = [n for n in _LINKS if n in text]
    i = _next_link(text, needles, 0)
    while i >= 0:
        # The white-space-delimited token around i.
        head = text[:i]
        start = i if not head or head[-1].isspace() else i - len(head.rsplit(None, 1)[-1])
        end = _TOKEN_REST.match(text, i).end()  # type: ignore[union-attr]
        tok = text[start:end]
        # A token that starts as a link is one from end to end (_NOT_PROSE's first two
        # branches take every non-space character after the scheme or "www.").
        if len(tok) > 8 and tok.startswith(("https://", "http://", "www.")):
            new = " " * len(tok)
        else:
            new = _NOT_PROSE.sub(_spaces, tok)
        if new != tok:
            parts += (text[pos:start], new)
            pos = end
        i = _next_link(text, needles, end)
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def words_of(text: str, data: bytes | None = None) -> list[str]:
    """_WORD.findall(text), mostly without the regex (see _WORD_BYTES). `data`: the
    text's utf8(), when known."""
    tokens = (utf8(text) if data is None else data).translate(_WORD_BYTES).decode(
        "utf-8", "surrogatepass").split()
    if "".join(tokens).isalnum():  # every token a word (one C call, not one a token)
        return tokens
    out: list[str] = []
    for t in tokens:
        if t.isalnum():
            out.append(t)
        else:
            out += _WORD.findall(t)
    return out


@lru_cache(maxsize=65536)
def syllables(word: str, lang: str = "en") -> int:
    w = word.lower()
    if lang == "fr":
        n = len(_VOWELS_FR.findall(w))
        if n > 1 and w.endswith(("e", "es", "ent")):
            n -= 1
        return max(1, n)
    n = len(_VOWELS_EN.findall(w))
    if n > 1 and w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        n -= 1
    if n > 1 and w.endswith("ed") and not w.endswith(("ted", "ded")):
        n -= 1
    return max(1, n)


@lru_cache(maxsize=65536)
def _word_info(word: str, lang: str) -> tuple[int, int, int]:
    """(syllables, polysyllabic, complex) for one word."""
    n = syllables(word, lang)
    if n < 3:
        return n, 0, 0
    cx = 0
    if not word[:1].isupper() and "-" not in word:
        stem = word
        low = word.lower()
        for suf in _COMMON_SUFFIX:
            if low.endswith(suf):
                stem = word[: -len(suf)]
                break
        cx = 1 if syllables(stem, lang) >= 3 else 0
    return n, 1, cx


_HEADING_VARS = tuple(f"heading_h{i}" for i in range(1, 7))
_SYLLABLE_VARS = ("syllables", "polysyllabic_words", "complex_words")
# Vale's metric variables, in the order `metrics` lists them.
METRIC_VARS = ("words", "sentences", "characters", "long_words", "paragraphs",
               *_SYLLABLE_VARS, "pre", "list", "blockquote", *_HEADING_VARS)
# (syllables, polysyllabic, complex) by language and word: what _word_info gives.
_INFO: dict[str, dict[str, tuple[int, int, int]]] = {}


class Doc:
    """One check's text, with lazily computed segmentations and metrics."""

    __slots__ = ("text", "lang", "state", "_folded", "_sentences", "_paragraphs", "_words",
                 "_values", "_whole", "_pieces", "_ntokens", "found", "_utf8", "gates",
                 "_soft")

    def __init__(self, text: str, lang: str = "en", blank: bool = True,
                 soft_breaks: bool = False) -> None:
        if blank and ("/" in text or "@" in text or "www." in text):
            text = _blank(text)
        # soft_breaks: a line break inside a paragraph does not end a sentence (Vale's
        # reading of Markdown); otherwise every line is one (a rendered post's lines).
        self._soft = soft_breaks
        self.text = text
        self.lang = lang.split("-")[0].split("_")[0].lower() if lang else "en"
        self.state: dict[str, Any] = {}  # per-rule memory across blocks (consistency, ...)
        self._folded: str | None = None
        self._sentences: list[Block] | None = None
        self._paragraphs: list[Block] | None = None
        self._words: list[str] | None = None
        self._values: dict[str, float] = {}  # metric variables computed so far
        self._whole = [Block(text, 0)]
        self._pieces: list[str] | None = None
        self._ntokens = -1
        self._utf8: bytes | None = None
        # What rules found on the whole text, for checks of it under other plans (see
        # engine.Plan.steps). Keyed by rule object.
        self.found: dict[Any, list[Any]] = {}
        # The engine's literal screen of the text (see engine.Voice._gates).
        self.gates: tuple[Any, ...] | None = None

    @property
    def whole(self) -> list[Block]:
        return self._whole

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = self.text.casefold()
        return self._folded

    @property
    def paragraphs(self) -> list[Block]:
        if self._paragraphs is None:
            self._paragraphs = spans(self.text, _PARA_BREAK)
        return self._paragraphs

    @property
    def sentences(self) -> list[Block]:
        if self._sentences is None:
            self._sentences = sentence_spans(self.text)
        return self._sentences

    @property
    def pieces(self) -> list[str]:
        """The text cut at sentence ends, the separators dropped: what `sentences` holds,
        less each sentence's final punctuation and the stripping. One C call, no
        Blocks: enough to count sentences or bound their lengths."""
        if self._pieces is None:
            self._pieces = (_SENT_END_SOFT if self._soft else _SENT_END).split(self.text)
        return self._pieces

    @property
    def ntokens(self) -> int:
        """Whitespace-separated tokens in the whole text."""
        if self._ntokens < 0:
            self._ntokens = len(self.text.split())
        return self._ntokens

    @property
    def utf8(self) -> bytes:
        """The text in UTF-8 (lone surrogates kept): for screens made of bytes
        operations (see words_of, prefilter.class_run)."""
        if self._utf8 is None:
            self._utf8 = utf8(self.text)
        return self._utf8

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = words_of(self.text, self.utf8)
        return self._words

    def _paragraph_count(self) -> int:
        """max(1, len(self.paragraphs)), without building the blocks when no rule has:
        a second paragraph needs a blank line, hence a line break."""
        if self._paragraphs is not None:
            return max(1, len(self._paragraphs))
        if "\n" not in self.text:
            return 1
        # The pieces spans() keeps: those with something besides white space.
        return max(1, len(list(filter(str.strip, _PARA_BREAK.split(self.text)))))

    def values(self, names: tuple[str, ...], headings: dict[str, int] | None = None
               ) -> dict[str, float]:
        """Some of Vale's metric variables (a new dict): only what they need is counted.
        `headings` gives the heading_h* counts (they are 0 without it)."""
        known = self._values
        out = {}
        for n in names:
            v = known.get(n)
            if v is None:
                self._count(n)
                v = known[n]
            out[n] = v
        if headings:
            for n in names:
                if n in headings:
                    out[n] = float(headings[n])
        return out

    def metrics(self, headings: dict[str, int] | None = None) -> dict[str, float]:
        """Vale's metric variables (see the metric check's documentation)."""
        return self.values(METRIC_VARS, headings)

    def _count(self, name: str) -> None:
        """Work out the metric variable `name` (and those counted with it)."""
        known = self._values
        text = self.text
        # (filter, map and sum below: C loops rather than a Python one a piece or word.)
        # Each word count on its own: most formulas read `words` alone, and summing the
        # lengths costs as much as the words.
        if name == "words":
            known[name] = float(len(self.words))
        elif name == "characters":
            known[name] = float(sum(map(len, self.words)))
        elif name == "long_words":
            known[name] = float(sum(map((6).__lt__, map(len, self.words))))
        elif name == "sentences":
            # A sentence holds a word exactly when its piece does: the final punctuation
            # a sentence keeps and a piece lacks has no letter or digit.
            known[name] = float(max(1, sum(map(any, map(map, repeat(str.isalnum),
                                                        self.pieces)))))
        elif name == "paragraphs":
            known[name] = float(self._paragraph_count())
        elif name == "list":
            n = 1 if _LIST_ITEM.match(text) else 0
            known[name] = float(n + len(_LIST_AFTER_BREAK.findall(text)) if "\n" in text
                                else n)
        elif name == "blockquote":
            known[name] = float(text.startswith("> ") + text.count("\n> "))
        elif name in _SYLLABLE_VARS:
            # Looked up with map and summed with zip: C loops, not a Python one a word.
            lang = self.lang
            info = _INFO.setdefault(lang, {})
            infos = list(map(info.get, self.words))
            if None in infos:
                if len(info) > 65536:
                    info.clear()
                infos = [info.get(w) or info.setdefault(w, _word_info(w, lang))
                         for w in self.words]
            syl = poly = cx = 0
            if infos:
                syl, poly, cx = map(sum, zip(*infos, strict=True))
            # Whole numbers, as they always were (a formula's `**` keeps them exact).
            known["syllables"], known["polysyllabic_words"], known["complex_words"] = \
                syl, poly, cx
        else:  # pre, and headings: counted in the Markdown source (see Source)
            known[name] = 0.0
