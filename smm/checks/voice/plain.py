"""Each rule in plain words, for the brand guide: what not to write, what to write
instead, with examples, and never a regular expression. `Rule.plain()` calls
`describe(rule)`.

Patterns are shown by their examples: a pattern made of words, alternatives, optional
parts and small character sets (`world[- ]class`, `colou?r`, `(?:a|an) epic`) reads as
the words it matches; a pattern with open-ended repeats or classes (`\\w+`) is left out
rather than shown as code. A rule's own `description` comes first when it has one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm.checks.voice.rules.base import Rule

try:
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover
    _p = _c = None

_LIMIT = 6
_FLAGS = re.compile(r"\(\?[imsux]+\)")


def examples(pattern: str, limit: int = _LIMIT) -> list[str] | None:
    """Strings the pattern matches, when it is made of words (see the module
    docstring), at most `limit`; None when it cannot be read so."""
    if _p is None:
        return None
    try:
        tree = _p.parse(_FLAGS.sub("", pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    got = _seq(list(tree), limit)
    if not got:
        return None
    out = [" ".join(g.split()) for g in got]
    out = [g for g in dict.fromkeys(out) if g.strip()]
    return out[:limit] or None


def _seq(items: list[Any], limit: int) -> list[str] | None:
    out = [""]
    for op, av in items:
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.LITERAL:
            out = [s + chr(av) for s in out]
            continue
        if op is _c.IN:
            chars = [chr(a) for o, a in av if o is _c.LITERAL]
            if len(chars) != len(av) or not chars:
                return None
            out = [s + chars[0] for s in out]  # one spelling of the set: `[- ]` -> "-"
            continue
        if op is _c.SUBPATTERN:
            sub = _seq(list(av[-1]), limit)
        elif op is _c.BRANCH:
            sub = []
            for b in av[1]:
                one = _seq(list(b), limit)
                if one is None:
                    return None
                sub += one
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            inner = _seq(list(av[2]), limit)
            sub = None if inner is None else ["", *inner]
        else:
            return None
        if sub is None:
            return None
        out = [a + b for a in out for b in sub][:limit * 4]
    return out


def _quote(words: list[str]) -> str:
    q = [f"'{w}'" for w in words]
    if len(q) <= 2:
        return " or ".join(q)
    return ", ".join(q[:-1]) + f" or {q[-1]}"


def _shown(patterns: list[str], limit: int = _LIMIT) -> list[str]:
    out: list[str] = []
    for p in patterns:
        got = examples(p, 2)
        if got:
            out += got
        if len(out) >= limit:
            break
    return list(dict.fromkeys(out))[:limit]


def _where(rule: Rule) -> str:
    names = " ".join(rule.scope.names)
    if "heading" in names and "~heading" not in names:
        return " in headings"
    if "~heading" in names:
        return " outside headings"
    for key, words in (("alt", " in image descriptions (alt text)"),
                       ("title", " in titles"), ("list", " in list items"),
                       ("blockquote", " in quotations"), ("table", " in tables"),
                       ("comment", " in comments"), ("code", " in code")):
        if key in names:
            return words
    return ""


def _message(rule: Rule) -> str:
    """The rule's message with its blanks as "…"."""
    return rule.message.replace("'%s'", "…").replace('"%s"', "…").replace("%s", "…")


def describe(rule: Rule) -> str:
    kind = rule.kind
    lead = rule.description.strip()
    body = _body(rule, kind)
    if lead and body:
        return f"{lead} {body}"
    return lead or body or _message(rule)


def _body(rule: Rule, kind: str) -> str:
    r: Any = rule
    where = _where(rule)
    if rule.name == "Vale.Terms":
        return f"Write these words exactly so: {', '.join(_shown(r.terms, 12))}."
    if rule.name == "Vale.Avoid":
        return f"Never write {_quote(_shown([r.pattern.pattern]))}."
    if kind == "existence":
        shown = _shown(getattr(r, "tokens", []) or [])
        return f"Avoid {_quote(shown)}{where}." if shown else ""
    if kind == "substitution":
        pairs = []
        for observed, expected in zip(r.observed, r.repl, strict=False):
            bad = examples(observed, 2)
            good = [o for o in expected.split("|") if o and examples(o, 1) == [o]]
            if bad and good:
                pairs.append(f"write {_quote(good)}, not {_quote(bad)}")
        if not pairs:
            return ""
        text = "; ".join(pairs[:_LIMIT])
        return f"{text[0].upper()}{text[1:]}{where}."
    if kind == "occurrence":
        if r._split is None:
            return ""  # counting a pattern: its description or message says what
        unit = "words"
        scope = "sentence" if "sentence" in " ".join(rule.scope.names) else "paragraph" \
            if "paragraph" in " ".join(rule.scope.names) else "text"
        if r.max > 0:
            return f"At most {r.max} {unit} in a {scope}{where}."
        return f"At least {r.min} {unit} in a {scope}{where}."
    if kind == "repetition":
        return f"Do not write the same word twice in a row (like 'the the'){where}."
    if kind == "consistency":
        shown = []
        for a, b in r.pairs:
            ea, eb = examples(a, 1), examples(b, 1)
            if ea and eb:
                shown.append(f"'{ea[0]}' or '{eb[0]}'")
        if shown:
            return f"Spell a word one way throughout a post: {'; '.join(shown[:_LIMIT])}, " \
                   "not both."
        return "Spell a word one way throughout a post."
    if kind == "conditional":
        return ("Spell out an abbreviation the first time, with the short form in "
                f"brackets (like 'Specialty Coffee Association (SCA)'){where}.")
    if kind == "capitalization":
        how = {"$sentence": "sentence case (a capital for the first word and names only)",
               "$title": "title case (a capital for each main word)",
               "$lower": "lower case", "$upper": "capitals"}.get(r.match)
        what = where.replace(" in ", "", 1) if where.startswith(" in ") else "it" + where
        return f"Write {what} in {how}." if how else ""
    if kind == "metric":
        return ""  # its description or message says what it measures
    if kind == "readability":
        return f"Keep the reading grade ({', '.join(r.metric_names)}) at {r.grade:g} or " \
               "below: short sentences, plain words."
    if kind == "spelling":
        names = ", ".join(d.stem for _, d in r.files)
        return f"Spelling is checked with the {names} dictionary; the brand's own words " \
               "are accepted."
    return ""
