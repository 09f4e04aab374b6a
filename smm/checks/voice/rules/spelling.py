"""Vale's `spelling` rule: each word of a block checked against Hunspell dictionaries.

Keys, as Vale reads them (check/spelling.go):

- `dictionaries: [en_US, fr]`: names of `NAME.aff` + `NAME.dic` pairs, looked up in
  `dicpath` (a folder: absolute, or relative to brand/styles or to the repository),
  then brand/styles/config/dictionaries (Vale's own place for them), then `$DICPATH`,
  then the system's Hunspell folders (Debian's `hunspell-en-us`, `hunspell-fr`...).
  Never downloaded. Without `dictionaries` (nor `aff`/`dic`): en_US, Vale's default;
  `append: true` adds it to the named ones.
- `aff` and `dic`: one dictionary by its two files (relative to brand/styles, or to
  the repository).
- `ignore`: word lists (one word a line) accepted as written: absolute, or relative to
  brand/styles or brand/styles/config/ignore.
- `filters`: patterns; a word any of them finds is not checked. Besides, unless
  `custom: true`, Vale's defaults skip camelCase words, words ending in capitals
  (acronyms) and words holding anything but letters, `_` and `'` (numbers, URLs,
  hyphenated words, hashtags).
- The brand's accepted vocabulary (vocab/accept.txt) and the rule's `exceptions` are
  accepted words (whole words, any case); a term of several words is accepted as a
  phrase, its words still checked elsewhere.

Words are what Vale's word tokenizer makes of the block: white-space separated, less
leading `$ ( " [` and trailing `, ) " ] ! ; . ? : '`, typographic quotes read as plain
ones; "don't" stays one word. The message's `%s` is the word.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, ClassVar

import regex

from smm.checks.voice.markup import Block
from smm.checks.voice.rules.base import (
    COMMON_KEYS,
    Alert,
    Rule,
    RuleError,
    boolean,
    format_message,
    strings,
    text_value,
    timed,
)
from smm.checks.voice.spell import Dictionary
from smm.checks.voice.text import Doc

SYSTEM_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
DEFAULT = "en_US"

_PREFIXES = ("$", "(", '"', "[")
_SUFFIXES = (",", ")", '"', "]", "!", ";", ".", "?", ":", "'")
_SPECIAL = re.compile(r"(?:[A-Za-z]\.){2,}\Z|[A-Z][a-z]{1,2}\.\Z")
_EMOTICONS = frozenset({"xD", "xDD", "XD", "XDD", "O.o", "o.O", "o_O", "O_o", "o_o", "O_O",
                        ":P", ":-P", ":p", ":-p", "=D", ":D", ":-D", "8D", "8-D", ";D",
                        ";-D", ":o", ":O", ":-o", ":-O", ":-X", ":x", ":X", ":-x", "v_v",
                        "V_V", "o_0", "0_o"})
_SANITIZE = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_TOKEN = re.compile(r"\S+")
# Vale's default filters (custom: false).
_CAMEL = regex.compile(r"[A-Z]{1}[a-z]+[A-Z]+\w+")
_CAPS_END = regex.compile(r"\p{Lu}+$")
_NOT_WORD = regex.compile(r"[^\p{L}_']")

# Dictionaries by their files: rules and styles naming the same one share it.
_LOADED: dict[tuple[str, str], Dictionary] = {}


def words(text: str) -> list[tuple[str, int]]:
    """(word, offset) for each word Vale's tokenizer finds in `text`."""
    clean = text.translate(_SANITIZE) if not text.isascii() else text
    out: list[tuple[str, int]] = []
    for m in _TOKEN.finditer(clean):
        got = _word(m.group())
        if got is not None:
            out.append((got[0], m.start() + got[1]))
    return out


def _word(tok: str) -> tuple[str, int] | None:
    """The word in one white-space separated token and its offset there, or None (no
    letter in it): leading `$ ( " [` and trailing `, ) " ] ! ; . ? : '` come off one
    at a time, until what is left is an abbreviation such as "e.g." or "Mr."."""
    if tok.isalpha():
        return tok, 0
    start = 0
    while tok:
        if tok in _EMOTICONS or _SPECIAL.match(tok):
            break
        if tok.startswith(_PREFIXES):
            tok = tok[1:]
            start += 1
        elif tok.endswith(_SUFFIXES):
            tok = tok[:-1]
        else:
            break
    if tok and any(c.isalpha() for c in tok):
        return tok, start
    return None


def skipped_by_default(word: str) -> bool:
    return bool(_NOT_WORD.search(word) or _CAPS_END.search(word) or _CAMEL.search(word))


class Spelling(Rule):
    kind = "spelling"
    KEYS = COMMON_KEYS | {"aff", "dic", "custom", "filters", "ignore", "exceptions",
                          "threshold", "dicpath", "append", "dictionaries", "vocab"}
    needs_paths: ClassVar[bool] = True

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str], styles: Path | None = None, root: Path | None = None,
                 cache: Path | None = None) -> None:
        super().__init__(name, data, path, line)
        self.styles = styles or Path("brand/styles")
        self.root = root or Path(".")
        self.cache = cache
        self.custom = boolean(data, "custom")
        self.filters = []
        for i, f in enumerate(strings(data, "filters")):
            try:
                self.filters.append(timed(regex.compile(f, regex.V0)))
            except (regex.error, ValueError, OverflowError) as e:
                raise RuleError(f"invalid filter {f!r}: {e}", ("filters", i)) from None
        self.files = self._dictionaries(data)
        self._dicts: list[Dictionary] | None = None
        self._verdicts: dict[str, tuple[int, int, str] | tuple[()]] = {}
        self.extra: set[str] = set()
        for i, ign in enumerate(strings(data, "ignore")):
            p = self._find(ign, ("", "config/ignore"))
            if p is not None and p.is_file():
                try:
                    for ln in p.read_text(encoding="utf-8").splitlines():
                        w = ln.strip()
                        if w and w != "#":
                            self.extra.add(w)
                except (OSError, UnicodeDecodeError) as e:
                    raise RuleError(f"cannot read the word list {ign!r}: {e}",
                                    ("ignore", i)) from None
        terms = [t.strip() for t in [*strings(data, "exceptions"),
                                     *(accepted if boolean(data, "vocab", True) else [])]
                 if t.strip()]
        self.exceptions = None
        self.phrases = None
        if terms:
            alts = "|".join(t if t.startswith("\\b") or t.endswith("\\b") else rf"\b{t}\b"
                            for t in terms)
            try:
                self.exceptions = timed(regex.compile(f"(?i){alts}", regex.V0))
                multi = [t for t in terms if " " in t]
                if multi:
                    self.phrases = timed(regex.compile(
                        "(?i)" + "|".join(rf"\b(?:{t})\b" for t in multi), regex.V0))
            except (regex.error, ValueError, OverflowError) as e:
                raise RuleError(f"invalid vocabulary term: {e}", ()) from None

    # --- dictionaries -----------------------------------------------------------------
    def _find(self, rel: str, under: tuple[str, ...]) -> Path | None:
        p = Path(rel)
        if p.is_absolute():
            return p if p.exists() else None
        for base in [*(self.styles / u for u in under), self.root]:
            q = base / rel
            if q.exists():
                return q
        return None

    def _dictionaries(self, data: dict[str, Any]) -> list[tuple[Path, Path]]:
        aff, dic = text_value(data, "aff"), text_value(data, "dic")
        if aff and dic:
            a, d = self._find(aff, ("",)), self._find(dic, ("",))
            if a is not None and d is not None:
                return [(a, d)]
        roots: list[Path] = []
        dicpath = text_value(data, "dicpath")
        if dicpath:
            found = self._find(dicpath, ("",))
            if found is None or not found.is_dir():
                raise RuleError(f"unable to resolve dicpath {dicpath!r}: no such folder "
                                "(absolute, or relative to brand/styles or the repository)",
                                ("dicpath",))
            roots.append(found)
        roots.append(self.styles / "config" / "dictionaries")
        env = os.environ.get("DICPATH")
        if env:
            roots += [Path(p) for p in env.split(os.pathsep) if p]
        roots += [Path(p) for p in SYSTEM_DIRS]
        names = strings(data, "dictionaries")
        if not names or boolean(data, "append"):
            names = [*names, DEFAULT] if names else [DEFAULT]
        out = []
        for i, name in enumerate(names):
            pair = next(((r / f"{name}.aff", r / f"{name}.dic") for r in roots
                         if (r / f"{name}.aff").is_file() and (r / f"{name}.dic").is_file()),
                        None)
            if pair is None:
                where = ("dictionaries", i) if "dictionaries" in data else ("extends",)
                raise RuleError(
                    f"dictionary {name!r} not found: put {name}.aff and {name}.dic in "
                    "brand/styles/config/dictionaries (or `dicpath`), or install the "
                    f"system's Hunspell dictionary (Debian: hunspell-{_debian(name)})",
                    where)
            out.append(pair)
        return out

    def dictionaries(self) -> list[Dictionary]:
        """The dictionaries, read when first needed (a run that checks no post in this
        language never reads them)."""
        if self._dicts is None:
            got = []
            for aff, dic in self.files:
                key = (str(aff), str(dic))
                d = _LOADED.get(key)
                if d is None:
                    d = _LOADED[key] = Dictionary(aff, dic, self.cache)
                got.append(d)
            self._dicts = got
        return self._dicts

    # --- checking -------------------------------------------------------------------
    def run(self, block: Block, doc: Doc) -> list[Alert]:
        text = block.text
        if self.phrases is not None:
            text = self.phrases.sub(lambda m: " " * len(m.group()), text)
        clean = text.translate(_SANITIZE) if not text.isascii() else text
        out: list[Alert] = []
        cache = self._verdicts
        for m in _TOKEN.finditer(clean):
            tok = m.group()
            v = cache.get(tok)
            if v is None:
                if len(cache) > 50_000:
                    cache.clear()
                v = cache[tok] = self._verdict(tok)
            if v:
                lead, size, word = v
                start = m.start() + lead
                out.append(Alert(start, start + size, format_message(self.message, word)))
        return out

    def _verdict(self, tok: str) -> tuple[int, int, str] | tuple[()]:
        """What one white-space separated token gives: () when nothing is wrong, else
        (offset of the word in it, its length, the word as checked). Tokens repeat
        within and across posts: each is judged once."""
        got = _word(tok)
        if got is None:
            return ()
        found, lead = got
        dicts = self.dictionaries()  # DictionaryError: reported by the engine
        word = found
        for d in dicts:
            word = d.convert(word)
        if not self.custom and skipped_by_default(word):
            return ()
        if self.filters and any(f.search(word) for f in self.filters):
            return ()
        extra = self.extra
        if word in extra or word.lower() in extra or any(d.spell(word) for d in dicts):
            return ()
        if self.exceptions is not None and self.exceptions.search(word):
            return ()
        return lead, len(found), word


def _debian(name: str) -> str:
    """The Debian package name for a dictionary name (en_US -> en-us, fr_FR -> fr)."""
    lang, _, region = name.partition("_")
    if lang == "en" and region:
        return f"en-{region.lower()}"
    return lang.lower()
