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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SENT_END = re.compile(r"[.!?…]+[\"'’”»)\]]?[ \t\u00a0\u202f]+|\n\s*")
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Not prose: links and @mentions are blanked out (same length, so offsets hold).
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|(?<![\w@])@[\w.\-]+(?:@[\w.\-]+)?"
                        r"|(?<![\w@.])(?:[\w\-]+\.)+[a-z]{2,24}/\S*")
# A white-space-delimited token holding "/", "@" or "www.": every _NOT_PROSE match holds
# one of them and no white space, so blanking such tokens alone (their edges look like
# the start and end of a text to the lookbehinds and `\S*`) gives the same text as
# blanking the whole text, without running the four-way alternation over every word.
_LINKISH = re.compile(r"(?<!\S)\S*?(?:[/@]|www\.)\S*")
_VOWELS_EN = re.compile(r"[aeiouy]+")
_VOWELS_FR = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+")
_COMMON_SUFFIX = ("es", "ed", "ing")
# The metric's "list" and "blockquote" counts: lines that start so (`^` after each "\n",
# as text.split("\n") sees lines), counted by the regex engine rather than a loop.
_LIST_LINE = re.compile(r"^(?:• |- |\d+[.)] )", re.M)
_QUOTE_LINE = re.compile(r"^> ", re.M)
_HAS_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of text a rule runs on: `text`, found at `offset` in its origin.

    `origin` is "text" (the rendered channel text) or "source" (the Markdown body,
    for heading, list, blockquote and raw scopes)."""

    text: str
    offset: int
    origin: str = "text"


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


def _blank(text: str) -> str:
    """`text` with links and @mentions blanked out (see _LINKISH)."""
    parts: list[str] = []
    pos = 0
    for m in _LINKISH.finditer(text):
        tok = m.group()
        new = _NOT_PROSE.sub(_spaces, tok)
        if new != tok:
            parts += (text[pos:m.start()], new)
            pos = m.end()
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


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


_NO_HEADINGS = {f"heading_h{i}": 0.0 for i in range(1, 7)}
# (syllables, polysyllabic, complex) by language and word: what _word_info gives.
_INFO: dict[str, dict[str, tuple[int, int, int]]] = {}


class Doc:
    """One check's text, with lazily computed segmentations and metrics."""

    __slots__ = ("text", "lang", "state", "_folded", "_sentences", "_paragraphs", "_words",
                 "_metrics", "_syl", "_whole", "_pieces", "_ntokens")

    def __init__(self, text: str, lang: str = "en") -> None:
        if "/" in text or "@" in text or "www." in text:
            text = _blank(text)
        self.text = text
        self.lang = lang.split("-")[0].split("_")[0].lower() if lang else "en"
        self.state: dict[str, Any] = {}  # per-rule memory across blocks (consistency, ...)
        self._folded: str | None = None
        self._sentences: list[Block] | None = None
        self._paragraphs: list[Block] | None = None
        self._words: list[str] | None = None
        self._metrics: dict[str, float] | None = None
        self._syl = False
        self._whole = [Block(text, 0)]
        self._pieces: list[str] | None = None
        self._ntokens = -1

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
            self._pieces = _SENT_END.split(self.text)
        return self._pieces

    @property
    def ntokens(self) -> int:
        """Whitespace-separated tokens in the whole text."""
        if self._ntokens < 0:
            self._ntokens = len(self.text.split())
        return self._ntokens

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = _WORD.findall(self.text)
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

    def metrics(self, headings: dict[str, int] | None = None, *, syllables: bool = True
                ) -> dict[str, float]:
        """Vale's metric variables (see the metric check's documentation). With
        `syllables=False` the syllable-based counts may be left at 0 (cheaper)."""
        m = self._metrics
        if m is None:
            words = self.words
            text = self.text
            # A sentence holds a word exactly when its piece does: the final punctuation
            # a sentence keeps and a piece lacks has no letter or digit.
            # (filter and map below: C loops rather than a Python one a piece or word.)
            sentences = len(list(filter(_HAS_WORD.search, self.pieces)))
            m = self._metrics = {
                "words": float(len(words)),
                "sentences": float(max(1, sentences)),
                "characters": float(sum(map(len, words))),
                "long_words": float(sum(map((6).__lt__, map(len, words)))),
                "paragraphs": float(self._paragraph_count()),
                "syllables": 0.0, "polysyllabic_words": 0.0, "complex_words": 0.0,
                "pre": 0.0,
                "list": float(len(_LIST_LINE.findall(text))),
                "blockquote": float(len(_QUOTE_LINE.findall(text)) if "> " in text else 0),
                **_NO_HEADINGS,
            }
        if syllables and not self._syl:
            # Looked up with map and summed with zip: C loops, not a Python one a word.
            lang = self.lang
            known = _INFO.setdefault(lang, {})
            infos = list(map(known.get, self.words))
            if None in infos:
                if len(known) > 65536:
                    known.clear()
                infos = [known.get(w) or known.setdefault(w, _word_info(w, lang))
                         for w in self.words]
            syl = poly = cx = 0
            if infos:
                syl, poly, cx = map(sum, zip(*infos, strict=True))
            m["syllables"], m["polysyllabic_words"], m["complex_words"] = syl, poly, cx
            self._syl = True
        if headings:
            return {**m, **{k: float(v) for k, v in headings.items()}}
        return m
