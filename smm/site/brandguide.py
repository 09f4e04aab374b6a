"""The brand guide's data: palette, fonts, voice, and each voice rule in plain words.

Rules are Vale-format YAML files under brand/styles/<Style>/; a stakeholder should not
need to know Vale, so each rule is retold as a sentence with its words as examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from smm.project import Project
from smm.workspace import style_dir
from smm.yamlio import load_plain

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]{1,120}$")
_MAX_EXAMPLES = 12


def hex_colour(value: Any) -> str | None:
    """The value when it is a #hex colour; anything else could carry CSS into a style."""
    return value if isinstance(value, str) and _HEX.match(value.strip()) else None


def font_stack(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and _FONT.match(value.strip()) else None


@dataclass
class Swatch:
    name: str
    hex: str
    use: str
    text: str  # a readable text colour on it


@dataclass
class Rule:
    style: str
    name: str  # the file's name, e.g. SentenceLength
    level: str
    kind: str
    summary: str  # the rule in plain words
    message: str
    examples: list[tuple[str, str]] = field(default_factory=list)  # (write, not)
    link: str | None = None
    title: str = ""  # the name in words: "Sentence length"
    own: str = ""  # the rule file's own words (its comment), in the style's language


@dataclass
class Group:
    """The rules of one style, and where they apply ("every post in English", ...)."""

    style: str
    applies: str
    lang: str | None  # the language of the style's own words, when not the site's
    rules: list[Rule] = field(default_factory=list)


def swatches(brand: dict[str, Any]) -> list[Swatch]:
    out = []
    for c in brand.get("colours") or brand.get("colors") or []:
        if not isinstance(c, dict) or not hex_colour(c.get("hex")):
            continue
        h = str(c["hex"]).strip()
        out.append(Swatch(str(c.get("name") or h), h, str(c.get("use") or ""),
                          hex_colour(c.get("text")) or _readable_on(h)))
    return out


def _readable_on(h: str) -> str:
    h = h.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return "#111111" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def fonts(brand: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(role, family, CSS stack) for each font the brand names."""
    out = []
    for role, f in (brand.get("fonts") or {}).items():
        if not isinstance(f, dict):
            continue
        fam = font_stack(f.get("family"))
        if not fam:
            continue
        fb = font_stack(f.get("fallback")) or "sans-serif"
        out.append((str(role), fam, f'"{fam}", {fb}'))
    return out


def voice(brand: dict[str, Any]) -> dict[str, Any]:
    """brand.yaml's voice section (or its top-level tone and vocabulary, the older form)."""
    v = brand.get("voice")
    src = v if isinstance(v, dict) else brand
    tone = src.get("tone") or []
    vocab = src.get("vocabulary") or {}
    prefer = [(str(p.get("use")), str(p.get("instead_of")))
              for p in (vocab.get("prefer") or []) if isinstance(p, dict)]
    avoid = [str(a) for a in (vocab.get("avoid") or [])]
    policies = []
    for key in ("hashtags", "emoji", "accessibility"):
        sec = src.get(key, brand.get(key))
        if isinstance(sec, dict) and sec.get("policy"):
            policies.append((key.title(), str(sec["policy"])))
    return {"tone": [tone] if isinstance(tone, str) else [_words(t) for t in tone],
            "prefer": prefer, "avoid": avoid, "policies": policies,
            "description": str(src.get("description") or "")}


def _words(v: Any) -> str:
    """A brand.yaml value as words: a mapping ({do: ..., dont: ...}) as "Do: …; Dont: …",
    a list joined with commas, never a Python repr."""
    if isinstance(v, dict):
        return "; ".join(f"{str(k).replace('_', ' ').capitalize()}: {_words(x)}"
                         for k, x in v.items())
    if isinstance(v, list | tuple):
        return ", ".join(_words(x) for x in v)
    return str(v)


LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish",
             "it": "Italian", "nl": "Dutch", "pt": "Portuguese"}


def language_name(code: str) -> str:
    return LANGUAGES.get(code.split("-")[0].lower(), code)


def groups(project: Project) -> list[Group]:
    """Every style's rules in plain words, grouped by style, each group saying where its
    rules apply (the voice configuration's own resolution over channels and languages),
    so "Repetition" in English and in French are two rules in two groups."""
    from smm.checks.voice import config as vconf

    styles = project.root / "brand" / "styles"
    names = sorted(p.name for p in styles.iterdir() if p.is_dir()) if styles.is_dir() else []
    where: dict[str, dict[str, set[str]]] = {n: {} for n in names}  # style -> lang -> chans
    settings: dict[str, set[str]] = {}  # rule -> the levels it has where it applies
    try:
        conf = vconf.parse(project.brand.get("voice"))
    except vconf.Bad:
        conf = None
    chans = list(project.channels.values())
    for lang in project.languages:
        for ch in chans:
            used, _vocab, levels = conf.resolve(ch.id, ch.platform, lang) if conf \
                else (names, [], {})
            for st in used:
                where.setdefault(st, {}).setdefault(lang, set()).add(ch.id)
            for r, lv in levels.items():
                settings.setdefault(r, set()).add(lv)
    out = []
    for st in sorted(where, key=lambda n: (not where[n], n)):
        folder = style_dir(styles.parent, st)  # the brand's own, else a workspace's shared
        if not folder.is_dir():
            continue
        langs = where[st]
        rules = []
        for path in sorted(folder.glob("*.y*ml")):
            off = settings.get(f"{st}.{path.stem}") or settings.get(st)
            if off and off <= {"NO", "no", "off"}:
                continue  # switched off in brand.yaml wherever it would apply
            rule = _rule(folder.parent, path, project.repo_root)
            if rule:
                rules.append(rule)
        only = [lg for lg in langs if lg != project.lang]
        out.append(Group(st, _applies(langs, chans), only[0] if len(only) == 1 and
                         len(langs) == 1 else None, rules))
    return out


def _applies(langs: dict[str, set[str]], chans: list[Any]) -> str:
    if not langs:
        return "not used by any channel or language yet"
    every = {c.id for c in chans}
    parts = []
    for lang, used in sorted(langs.items()):
        where = "every post" if used >= every else \
            "posts on " + ", ".join(sorted(used))
        parts.append(f"{where} in {language_name(lang)}")
    return "; ".join(parts)


def rules(project: Project) -> list[Rule]:
    return [r for g in groups(project) for r in g.rules]


def _leading_comment(text: str) -> str:
    """The comment lines a rule file starts with: most rules explain themselves there."""
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            out.append(line.lstrip("#").strip())
        elif line.strip():
            break
    return " ".join(x for x in out if x)


def _title(stem: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem).replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:].lower()


_WORDY = {r"[^\s]+", r"\S+", r"\w+", r"[\w']+", r"\b\w+\b", r"[^\s\.]+", r"[\w-]+"}
_SCOPES = {"sentence": "a sentence", "paragraph": "a paragraph", "text": "a post",
           "heading": "a heading", "raw": "a post", "list": "a list"}
_METRIC_WORDS = {"words": "words", "sentences": "sentence", "syllables": "syllables",
                 "characters": "characters", "paragraphs": "paragraph",
                 "complex_words": "complex words", "long_words": "long words"}


def _describe(kind: str, data: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """The rule in plain words from its own data, with examples (write, not): what a
    stakeholder needs, never a pattern."""
    examples: list[tuple[str, str]] = []
    if kind == "substitution":
        for k, v in _mapping(data.get("swap")).items():
            bad, good = spoken(str(k)), [x.strip() for x in str(v).split("|") if x.strip()]
            if bad and good and all(plain_text(g) for g in good):
                examples.append((" or ".join(good), " or ".join(bad)))
        return "Use the brand's word, not the one it replaces.", examples
    if kind == "existence":
        tokens = data.get("tokens")  # the validator reports a rule's wrong types
        if not isinstance(tokens, list):
            data = {**data, "tokens": []}
        for t in data.get("tokens") or []:
            said = spoken(str(t))
            if said:
                examples.append(("", " or ".join(said)))
        n = len(data.get("tokens") or [])
        if examples:
            return "Leave these out.", examples
        return (f"Leave out what this rule looks for ({n} pattern{'s' * (n != 1)}): the "
                "validator points each one out in the post."), examples
    if kind == "consistency":
        for k, v in _mapping(data.get("either")).items():
            good, bad = spoken(str(k)), spoken(str(v))
            if good and bad:
                examples.append((" or ".join(good), " or ".join(bad)))
        return "Pick the brand's spelling and keep to it.", examples
    if kind == "occurrence":
        token = str(data.get("token", ""))
        what = "words" if token in _WORDY else "hashtags" if "#" in token else \
            (" or ".join(f"“{w}”" for w in spoken(token)) or "matches")
        scope = _SCOPES.get(str(data.get("scope", "text")), "a post")
        if data.get("max") is not None:
            return f"At most {data['max']} {what} in {scope}.", examples
        return f"At least {data.get('min')} {what} in {scope}.", examples
    if kind == "repetition":
        return "Don't write the same word twice in a row (“the the”).", examples
    if kind == "capitalization":
        match = str(data.get("match", "$sentence"))
        how = {"$sentence": "sentence case: a capital for the first word and for names "
               "only", "$title": "title case: a capital for each main word",
               "$lower": "lower case", "$upper": "capitals"}.get(
            match, "the brand's capitalisation")
        scope = "Headings" if str(data.get("scope", "")) == "heading" else "Text"
        exc = [str(x) for x in data.get("exceptions") or [] if plain_text(str(x))]
        text = f"{scope} in {how}."
        if exc:
            text += " Names kept as they are: " + ", ".join(exc[:_MAX_EXAMPLES]) + "."
        return text, examples
    if kind == "conditional":
        exc = [str(x) for x in data.get("exceptions") or [] if plain_text(str(x))]
        text = ("The first time a post uses an abbreviation, spell it out, e.g. "
                "“Specialty Coffee Association (SCA)”.")
        if exc:
            text += " Fine as they are: " + ", ".join(exc[:_MAX_EXAMPLES]) + "."
        return text, examples
    if kind == "metric":
        formula = str(data.get("formula", ""))
        parts = [p.strip() for p in formula.split("/")]
        measure = (f"{_METRIC_WORDS.get(parts[0], parts[0])} per "
                f"{_METRIC_WORDS.get(parts[1], parts[1])}" if len(parts) == 2 and
                all(re.fullmatch(r"[a-z_]+", p) for p in parts) else "the score")
        m = re.fullmatch(r"\s*([<>]=?)\s*([0-9.]+)\s*", str(data.get("condition", "")))
        if m:
            limit = f"{float(m.group(2)):g}"
            keep = "or fewer" if m.group(1).startswith(">") else "or more"
            return f"Keep {measure} at {limit} {keep}, on average over a post.", examples
        return f"Keep {measure} within the brand's limit.", examples
    if kind == "spelling":
        return "Spell words as the brand's dictionary does.", examples
    return "The validator checks this in every post it applies to.", examples


_NUMBERS = ("occurrence", "metric", "capitalization")


def _rule(styles: Path, path: Path, repo: Path) -> Rule | None:
    from smm import files

    try:  # a regular file of the repository (a FIFO would block the build for ever)
        text = files.read_text(path, repo, "rule files")
        data = load_plain(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the validator reports broken rule files; the guide just skips them
    if not isinstance(data, dict):
        return None
    rel = path.relative_to(styles)
    kind = str(data.get("extends") or "existence")
    summary, examples = _describe(kind, data)
    said = _engine_words(styles, path)
    comment = _leading_comment(text)
    own = description(data)
    if said:  # the voice engine's own account (smm.checks.voice: Rule.plain())
        summary, own = said, ("" if own else comment)
    elif own:
        # The rule's own words first; the numbers a general description leaves out
        # (limits, scopes, names kept) after them.
        summary = own + " " + summary if kind in _NUMBERS else own
        own = ""
    else:
        own = comment
    return Rule(style=rel.parts[0] if len(rel.parts) > 1 else "", name=path.stem,
                level=str(data.get("level") or "suggestion"), kind=kind,
                summary=summary, message=_message(str(data.get("message") or "")),
                examples=examples[:_MAX_EXAMPLES],
                link=data.get("link") if isinstance(data.get("link"), str) else None,
                title=_title(path.stem), own=own)


def _engine_words(styles: Path, path: Path) -> str:
    """The rule in plain words as the voice engine tells it (Rule.plain()), or "" when
    the engine cannot load it (the validator reports why)."""
    from smm.checks.voice.loader import load_rule

    root = styles.parent.parent
    try:
        rule, _note = load_rule(path, f"{path.parent.name}.{path.stem}", [], root)
    except Exception:  # a broken rule file: the guide says what the file says
        return ""
    plain = getattr(rule, "plain", None)
    if not callable(plain):
        return ""
    try:
        return str(plain()).strip()
    except Exception:
        return ""


def description(rule: Any) -> str:
    """The rule's own description in plain words: a voice rule object's `description`
    (the voice engine keeps each rule's), or a rule file's `description:` key."""
    d = rule.get("description") if isinstance(rule, dict) else getattr(rule, "description", "")
    return str(d).strip() if isinstance(d, str) else ""


def _message(msg: str) -> str:
    # The validator's message fills %s with what it found; here, a placeholder.
    return msg.replace("%s", "…")


def _mapping(v: Any) -> dict[Any, Any]:
    return v if isinstance(v, dict) else {}


_PLAIN = re.compile(r"[^\\\[\](){}|*+?^$]*")


def plain_text(s: str) -> bool:
    """Whether `s` reads as words (no pattern syntax in it)."""
    return bool(_PLAIN.fullmatch(s))


_MAX_VARIANTS = 4


def spoken(pattern: str) -> list[str]:
    """The words a simple pattern matches, as a writer would type them ("world[- ]class"
    is "world-class"; "coffee (?:man|men)" is "coffee man" or "coffee men"); [] when the
    pattern is more than words (character categories, lookups of other text): then the
    guide says what the rule does instead of showing it."""
    import re._parser as sre  # the stdlib's own parser: patterns are read, never run

    try:
        tree = sre.parse(pattern)
    except Exception:  # regex-module syntax (\p{L}) or a broken pattern
        return []
    out = _expand(list(tree))
    if out is None:
        return []
    seen: list[str] = []
    for s in out:
        s = " ".join(s.split())
        if s and s not in seen:
            seen.append(s)
    return seen[:_MAX_VARIANTS]


def _expand(items: list[Any]) -> list[str] | None:
    import re._constants as c

    acc = [""]
    for op, av in items:
        if op == c.LITERAL:
            alts = [chr(av)]
        elif op == c.IN:
            if any(o != c.LITERAL for o, _ in av):
                return None
            alts = [chr(av[0][1])]  # a choice of characters: the first is the usual one
        elif op == c.BRANCH:
            alts = []
            for branch in av[1]:
                got = _expand(list(branch))
                if got is None:
                    return None
                alts += got
        elif op == c.SUBPATTERN:
            got = _expand(list(av[-1]))
            if got is None:
                return None
            alts = got
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, sub = av
            got = _expand(list(sub))
            if got is None or lo > 3:
                return None
            alts = [g * lo for g in got] if lo else [""] + ([g for g in got] if hi == 1
                                                            else [])
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            alts = [""]  # word edges and look-arounds add no letters
        else:
            return None
        acc = [a + b for a in acc for b in alts][: _MAX_VARIANTS * 4]
    return acc
