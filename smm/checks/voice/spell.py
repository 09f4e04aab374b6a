"""Hunspell dictionaries for the `spelling` rule: a word is spelled right when it is a
stem of the `.dic` file or a form the `.aff` file's affixes make of one.

A dictionary is never expanded into every form (French makes millions): a word is
taken apart instead, as Hunspell does, and the answer kept per word. What is read:

- `FLAG` (one character, `long` pairs, `num` lists, `UTF-8`), `PFX`/`SFX` with strip,
  affix and condition, cross products (a prefix and a suffix together when both allow
  it), and a suffix's continuation flags that allow a prefix (French elision:
  "l'écorce" is `l'` on the suffixed form of "écorce").
- `ICONV` (typographic apostrophes and ligatures read as plain letters),
  `ONLYINCOMPOUND` (such stems are no words alone) and `COMPOUNDRULE`.
- As in Vale: a word is also right when its lower-case form is; numbers, hexadecimal
  and binary numbers are; a number with units is when the units are a word.

Loading parses the files once and keeps the result in the brand's `.smm-cache/` (by
the files' paths, sizes and times): a pre-commit run then reads a compact copy.
"""

from __future__ import annotations

import marshal
import os
import re
from pathlib import Path
from typing import Any

_VERSION = 2
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)\Z")
_HEX = re.compile(r"0[xX][0-9a-fA-F]+\Z")
_BINARY = re.compile(r"0[bB][01]+\Z")
_UNITS = re.compile(r"\d+(?:[.,]\d+)?([A-Za-z]+)\Z")

Rule = tuple[str, bool, str, str, str, str]  # flag, cross, strip, add, condition, continuation
_CONDS: dict[str, tuple[tuple[bool, str] | None, ...] | None] = {}


def _cond(cond: str) -> tuple[tuple[bool, str] | None, ...] | None:
    """_parse_cond, once a condition (a dictionary has thousands of rules, few
    conditions, and a check meets few of them)."""
    try:
        return _CONDS[cond]
    except KeyError:
        got = _CONDS[cond] = _parse_cond(cond)
        return got


class DictionaryError(Exception):
    pass


def _parse_cond(cond: str) -> tuple[tuple[bool, str] | None, ...] | None:
    """A Hunspell condition as one element a character: None (any), or (negated,
    characters). None for "." (any word)."""
    if cond in (".", ""):
        return None
    out: list[tuple[bool, str] | None] = []
    i = 0
    while i < len(cond):
        c = cond[i]
        if c == "[":
            j = cond.find("]", i + 1)
            if j < 0:
                raise DictionaryError(f"bad affix condition {cond!r}")
            body = cond[i + 1:j]
            neg = body.startswith("^")
            out.append((neg, body[1:] if neg else body))
            i = j + 1
        elif c == ".":
            out.append(None)
            i += 1
        else:
            out.append((False, c))
            i += 1
    return tuple(out)


def _cond_end(parts: tuple[tuple[bool, str] | None, ...] | None, w: str) -> bool:
    if parts is None:
        return True
    n = len(parts)
    if len(w) < n:
        return False
    tail = w[len(w) - n:]
    for p, c in zip(parts, tail, strict=True):
        if p is not None and (c in p[1]) == p[0]:
            return False
    return True


def _cond_start(parts: tuple[tuple[bool, str] | None, ...] | None, w: str) -> bool:
    if parts is None:
        return True
    if len(w) < len(parts):
        return False
    return all(p is None or (c in p[1]) != p[0] for p, c in zip(parts, w, strict=False))


class Dictionary:
    """One Hunspell dictionary (.aff and .dic), read for checking words."""

    def __init__(self, aff: Path, dic: Path, cache_dir: Path | None = None) -> None:
        self.name = dic.stem
        data = _cached(aff, dic, cache_dir)
        (flag_type, words, prefixes, suffixes, iconv, compound_rules, only_compound,
         compound_groups) = data
        self.flag_type: str = flag_type
        self.words: dict[str, str] = words  # stem -> flag strings, "\x00" between entries
        self._pfx: dict[str, list[Rule]] = {}
        self._sfx: dict[str, list[Rule]] = {}
        for table, rules in ((self._pfx, prefixes), (self._sfx, suffixes)):
            for rule in rules:  # (flag, cross, strip, add, condition, continuation)
                table.setdefault(rule[3], []).append(rule)
        self._plens = sorted({len(a) for a in self._pfx})
        self._slens = sorted({len(a) for a in self._sfx})
        self.iconv: list[tuple[str, str]] = [(x[0], x[1]) for x in iconv]
        self._compound_rules: list[str] = compound_rules
        self._groups: dict[str, list[str]] = compound_groups  # flag -> stems
        self._compounds: list[Any] | None = None
        self.only_compound: str = only_compound
        self.extra: set[str] = set()  # words of `ignore` lists
        self._flags: dict[str, frozenset[str]] = {}
        self._memo: dict[str, bool] = {}

    # --- flags --------------------------------------------------------------------
    def _split_flags(self, s: str) -> frozenset[str]:
        got = self._flags.get(s)
        if got is None:
            got = self._flags[s] = frozenset(_flags(s, self.flag_type))
        return got

    def _entries(self, stem: str) -> list[frozenset[str]]:
        raw = self.words.get(stem)
        if raw is None:
            return []
        return [self._split_flags(f) for f in raw.split("\x00")]

    def _word(self, w: str) -> bool:
        """A stem, as a word alone (not a compound-only one)."""
        raw = self.words.get(w)
        if raw is None:
            return False
        if not self.only_compound:
            return True
        return any(self.only_compound not in e for e in self._entries(w))

    # --- checking -----------------------------------------------------------------
    def convert(self, word: str) -> str:
        for a, b in self.iconv:
            if a in word:
                word = word.replace(a, b)
        return word

    def spell(self, word: str) -> bool:
        got = self._memo.get(word)
        if got is None:
            if len(self._memo) > 100_000:
                self._memo.clear()
            got = self._memo[word] = self._spell(word)
        return got

    def _spell(self, word: str) -> bool:
        if self._known(word):
            return True
        low = word.lower()
        if low != word and self._known(low):
            return True
        if _NUMBER.match(word) or _HEX.match(word) or _BINARY.match(word):
            return True
        if self._compound_rules and self._compound(word):
            return True
        m = _UNITS.match(word)
        return bool(m and (m.group(1) in self.words or m.group(1) in self.extra))

    def _known(self, w: str) -> bool:
        if w in self.extra or self._word(w):
            return True
        if self._suffixed(w, None):
            return True
        for n in self._plens:
            if n > len(w):
                break
            for flag, cross, strip, _, cond, _ in self._pfx.get(w[:n], ()):
                rest = w[n:]
                stem = strip + rest
                if stem and _cond_start(_cond(cond), stem) and any(
                        flag in e for e in self._entries(stem)):
                    return True
                # A prefix on a suffixed form: cross products, or a suffix whose
                # continuation flags allow this prefix.
                if rest and self._suffixed(rest, (flag, cross)):
                    return True
        return False

    def _suffixed(self, w: str, prefix: tuple[str, bool] | None) -> bool:
        """Whether `w` is a stem with one suffix (and, given `prefix` (flag, cross),
        whether that prefix may go on it)."""
        for n in self._slens:
            if n > len(w):
                break
            add = w[len(w) - n:] if n else ""
            rules = self._sfx.get(add)
            if not rules:
                continue
            base0 = w[:len(w) - n]
            for flag, cross, strip, _, cond, cont in rules:
                base = base0 + strip
                if not base or base not in self.words or not _cond_end(_cond(cond), base):
                    continue
                for e in self._entries(base):
                    if flag not in e:
                        continue
                    if prefix is None:
                        return True
                    pflag, pcross = prefix
                    if (cont and pflag in self._split_flags(cont)) or (
                            pcross and cross and pflag in e):
                        return True
        return False

    def _compound(self, word: str) -> bool:
        if self._compounds is None:
            import regex

            groups = self._groups
            pats = []
            for rule in self._compound_rules:
                p = "^"
                for key in _flags(rule, self.flag_type, keep_ops=True):
                    if key in "()+?*":
                        p += key
                    else:
                        p += "(?:" + "|".join(map(regex.escape, groups.get(key, ["\x00"]))) + ")"
                try:
                    pats.append(regex.compile(p + "$"))
                except regex.error:
                    continue
            self._compounds = pats
        return any(p.match(word) for p in self._compounds)

    def add_words(self, path: Path) -> None:
        """A word list (one word a line, `#` alone ignored), accepted as written."""
        for line in path.read_text(encoding="utf-8").splitlines():
            w = line.strip()
            if w and w != "#":
                self.extra.add(w)
                self._memo.pop(w, None)


def _flags(s: str, flag_type: str, keep_ops: bool = False) -> list[str]:
    if flag_type == "long":
        out: list[str] = []
        i = 0
        while i < len(s):
            if keep_ops and s[i] in "()+?*":
                out.append(s[i])
                i += 1
                continue
            out.append(s[i:i + 2])
            i += 2
        return out
    if flag_type == "num":
        if keep_ops:
            return [x for x in re.split(r"([()+?*])|,", s) if x]
        return [x for x in s.split(",") if x]
    return list(s)


def _cache_name(aff: Path, dic: Path) -> str:
    import hashlib  # only a run that reads a dictionary needs it

    h = hashlib.sha1(usedforsecurity=False)
    for p in (aff, dic):
        st = p.stat()
        h.update(f"{p.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return f"spell-{_VERSION}-{h.hexdigest()[:16]}.bin"


def _cached(aff: Path, dic: Path, cache_dir: Path | None) -> tuple[Any, ...]:
    try:
        name = _cache_name(aff, dic)
    except OSError as e:
        raise DictionaryError(f"cannot read the dictionary: {e}") from None
    if cache_dir is not None:
        try:
            with open(cache_dir / name, "rb") as f:
                got = marshal.loads(f.read())
            if isinstance(got, tuple) and len(got) == 8:
                return got
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = _parse(aff, dic)
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            gi = cache_dir / ".gitignore"
            if not gi.exists():
                gi.write_text("*\n")
            tmp = cache_dir / (name + f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(data))
            tmp.replace(cache_dir / name)
        except (OSError, ValueError):
            pass  # a read-only checkout parses every time
    return data


def _parse(aff: Path, dic: Path) -> tuple[Any, ...]:
    try:
        aff_text = aff.read_text(encoding="utf-8", errors="replace")
        dic_text = dic.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise DictionaryError(f"cannot read the dictionary: {e}") from None
    flag_type = "ASCII"
    headers: dict[str, tuple[bool, bool]] = {}  # flag -> (prefix, cross)
    prefixes: list[tuple[Any, ...]] = []
    suffixes: list[tuple[Any, ...]] = []
    iconv: list[tuple[str, str]] = []
    compound_rules: list[str] = []
    only_compound = ""
    for line in aff_text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        key = parts[0]
        if key == "FLAG" and len(parts) > 1:
            flag_type = parts[1]
        elif key == "ICONV" and len(parts) >= 3:
            iconv.append((parts[1], parts[2]))
        elif key == "ONLYINCOMPOUND" and len(parts) > 1:
            only_compound = parts[1]
        elif key == "COMPOUNDRULE" and len(parts) > 1 and not parts[1].isdigit():
            compound_rules.append(parts[1])
        elif key in ("PFX", "SFX") and len(parts) >= 4:
            flag = parts[1]
            if len(parts) == 4 and parts[2] in ("Y", "N") and parts[3].isdigit():
                headers[flag] = (key == "PFX", parts[2] == "Y")
                continue
            if flag not in headers:
                raise DictionaryError(f"{aff.name}: rules for affix {flag!r} before its "
                                      "header")
            is_prefix, cross = headers[flag]
            strip = "" if parts[2] == "0" else parts[2]
            add, _, cont = parts[3].partition("/")
            add = "" if add == "0" else add
            cond = parts[4] if len(parts) > 4 else "."
            _parse_cond(cond)  # reject a broken condition now
            rule = (flag, cross, strip, add, cond, cont)
            (prefixes if is_prefix else suffixes).append(rule)
    words: dict[str, str] = {}
    lines = dic_text.splitlines()
    for line in lines[1:]:
        if not line or line[0] in " \t":
            continue
        entry = line.split(None, 1)[0]
        stem, flags = _split_entry(entry)
        if not stem:
            continue
        old = words.get(stem)
        words[stem] = flags if old is None else old + "\x00" + flags
    # The stems of each flag a compound rule names (COMPOUNDRULE), found once here.
    wanted = {k for r in compound_rules for k in _flags(r, flag_type, True)
              if k not in "()+?*"}
    groups: dict[str, list[str]] = {}
    if wanted:
        for stem, raw in words.items():
            if flag_type not in ("long", "num") and wanted.isdisjoint(raw):
                continue
            for f in raw.split("\x00"):
                for flag in set(_flags(f, flag_type)) & wanted:
                    groups.setdefault(flag, []).append(stem)
    return (flag_type, words, prefixes, suffixes, iconv, compound_rules, only_compound,
            groups)


def _split_entry(entry: str) -> tuple[str, str]:
    """(stem, flags) of a .dic entry `stem/flags` (`\\/` is a slash in the stem)."""
    if "/" not in entry:
        return entry, ""
    i = entry.find("/")
    while i > 0 and entry[i - 1] == "\\":
        i = entry.find("/", i + 1)
        if i < 0:
            return entry.replace("\\/", "/"), ""
    return entry[:i].replace("\\/", "/"), entry[i + 1:]
