"""Rules beyond Vale, for social posts: emoji, hashtags, exclamation marks, sponsorship
disclosure, forbidden claims, readability per language. Configured under
`voice.social` in brand.yaml; each section may set `level:` and per-channel overrides
under `channels:` (keyed by channel id, or by platform)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import regex

from smm.checks.voice.config import LEVELS, Bad
from smm.checks.voice.prefilter import literals
from smm.checks.voice.rules.base import TIMEOUT, Alert, timed
from smm.checks.voice.rules.metric import flesch_kincaid_grade, kandel_moles_ease
from smm.checks.voice.text import Doc

EMOJI = regex.compile(
    r"[0-9#*]\uFE0F?\u20E3"
    r"|\p{RI}\p{RI}"
    r"|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)\p{EMod}?"
    r"(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{EMod}?)*", regex.V0)
# Every EMOJI match holds a character of Emoji_Presentation, Extended_Pictographic,
# Regional_Indicator or U+20E3 (the keycap). These ranges cover them all (a test checks
# it against every code point), and a text with none of them is screened out by stdlib
# `re` at a fraction of the cost of running EMOJI.
EMOJI_SCREEN = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u20e3\u2122\u2139\u2194-\u21aa\u231a-\u2328"
    "\u23cf-\u23fa\u24c2\u25aa-\u2764\u2795-\u27bf\u2934\u2935\u2b05-\u2b55\u3030"
    "\u303d\u3297-\u3299\U0001f004-\U0001f0ff\U0001f170-\U0001faff"
    "\U0001fc00-\U0001fffd]")
HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_&#/])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)")
EXCLAMATION = regex.compile(r"[!！]")

SECTIONS = {
    "emoji": ({"max", "level", "channels"}, "warning"),
    "hashtags": ({"max", "min", "required", "camel_case", "known", "level", "channels"},
                 "warning"),
    "exclamations": ({"max", "level", "channels"}, "warning"),
    "disclosure": ({"required_when", "any_of", "level", "message"}, "error"),
    "forbidden_claims": (set(), "error"),
    "readability": ({"level", "min_words"}, "suggestion"),
}
# What the readability formulas read (flesch_kincaid_grade, flesch_ease,
# kandel_moles_ease): only these are counted.
_READABILITY_VARS = ("words", "sentences", "syllables")
RULE_IDS = {"emoji": "Social.Emoji", "hashtags": "Social.Hashtags",
            "exclamations": "Social.Exclamation", "disclosure": "Social.Disclosure",
            "forbidden_claims": "Social.Claims", "readability": "Social.Readability"}


class Finding:
    __slots__ = ("rule", "level", "alert")

    def __init__(self, rule: str, level: str, alert: Alert) -> None:
        self.rule = rule
        self.level = level
        self.alert = alert  # offsets into the rendered text


class Claim:
    __slots__ = ("pattern", "message", "level", "literals", "broken")

    def __init__(self, pattern: regex.Pattern[str], message: str, level: str,
                 literals: tuple[str, ...] | None = None) -> None:
        self.pattern = pattern
        self.message = message
        self.level = level
        # Case-folded ASCII strings one of which every match holds (see prefilter), or
        # None.
        self.literals = literals
        self.broken = False  # stopped by the time budget once: not run again


class _Channel:
    """One channel's social settings, resolved once."""

    __slots__ = ("emoji", "exclamations", "hashtags", "known", "disclosure")

    def __init__(self, emoji: dict[str, Any] | None, exclamations: dict[str, Any] | None,
                 hashtags: dict[str, Any] | None, known: dict[str, str],
                 disclosure: dict[str, Any] | None) -> None:
        self.emoji = emoji  # with a "max", else None
        self.exclamations = exclamations  # with a "max", else None
        self.hashtags = hashtags
        self.known = known  # known and required hashtags by case-folded spelling
        self.disclosure = disclosure  # with an "any_of", else None


class _Readability:
    """One language's readability limits."""

    __slots__ = ("min_words", "level", "limits")

    def __init__(self, min_words: Any, level: Any, limits: Mapping[str, Any]) -> None:
        self.min_words = min_words
        self.level = level
        self.limits = limits  # max_grade, min_ease


class Social:
    def __init__(self, cfg: Mapping[str, Any]) -> None:
        self.cfg: dict[str, Any] = {}
        for key, value in cfg.items():
            if key not in SECTIONS:
                raise Bad(f"unknown social rule {key!r}; use {', '.join(SECTIONS)}",
                          ("social", key))
            self.cfg[key] = value
        self.claims = self._claims(cfg.get("forbidden_claims"))
        self._settings: dict[tuple[str, str, str], dict[str, Any] | None] = {}
        self._channels: dict[tuple[str, str], _Channel] = {}
        self._readability_specs: dict[str, _Readability | None] = {}
        # Every claim's literals, when each claim has some: none in a text, no claim.
        self._claim_literals = tuple(x for c in self.claims for x in c.literals or ()) \
            if all(c.literals is not None for c in self.claims) else None
        for key in ("emoji", "hashtags", "exclamations", "disclosure", "readability"):
            if key in cfg:
                self._validate(key, cfg[key])

    # --- configuration ----------------------------------------------------------
    def _validate(self, key: str, spec: Any) -> None:
        where: tuple[str | int, ...] = ("social", key)
        if not isinstance(spec, Mapping):
            raise Bad(f"'{key}' must be a mapping", where)
        allowed, _ = SECTIONS[key]
        for k, v in spec.items():
            if key == "readability" and k not in allowed:
                self._lang(v, (*where, k))
                continue
            if k not in allowed:
                raise Bad(f"unknown key {k!r} in {key}; use {', '.join(sorted(allowed))}",
                          (*where, k))
            self._value(k, v, (*where, k))
            if k == "channels":
                if not isinstance(v, Mapping):
                    raise Bad("'channels' must map channel ids to settings", (*where, k))
                for ch, sub in v.items():
                    if not isinstance(sub, Mapping):
                        raise Bad("must be a mapping", (*where, k, ch))
                    for k2, v2 in sub.items():
                        if k2 not in allowed - {"channels"}:
                            raise Bad(f"unknown key {k2!r}", (*where, k, ch, k2))
                        self._value(k2, v2, (*where, k, ch, k2))

    @staticmethod
    def _value(k: str, v: Any, where: tuple[str | int, ...]) -> None:
        if k in ("max", "min", "min_words") and (isinstance(v, bool) or not isinstance(v, int)
                                                 or v < 0):
            raise Bad(f"'{k}' must be a whole number, 0 or more", where)
        if k == "level" and v not in LEVELS:
            raise Bad(f"'level' must be one of {', '.join(LEVELS)}", where)
        if k in ("required", "known", "any_of") and not (
                isinstance(v, list) and all(isinstance(x, str) and x for x in v)):
            raise Bad(f"'{k}' must be a list of texts", where)
        if k in ("required", "known") and not all(HASHTAG.fullmatch(x) for x in v):
            raise Bad(f"'{k}' must list hashtags such as '#FernwoodCoffee'", where)
        if k == "camel_case" and not isinstance(v, bool):
            raise Bad("'camel_case' must be true or false", where)
        if k == "required_when" and v not in ("sponsored", "always", "never"):
            raise Bad("'required_when' must be sponsored, always or never", where)

    @staticmethod
    def _lang(v: Any, where: tuple[str | int, ...]) -> None:
        if not isinstance(v, Mapping):
            raise Bad("a language's readability must be a mapping (max_grade, min_ease)", where)
        for k, x in v.items():
            if k not in ("max_grade", "min_ease", "min_words"):
                raise Bad(f"unknown key {k!r}; use max_grade, min_ease, min_words",
                          (*where, k))
            if isinstance(x, bool) or not isinstance(x, int | float):
                raise Bad(f"'{k}' must be a number", (*where, k))

    @staticmethod
    def _claims(v: Any) -> list[Claim]:
        if v is None:
            return []
        where: tuple[str | int, ...] = ("social", "forbidden_claims")
        if not isinstance(v, list):
            raise Bad("'forbidden_claims' must be a list of {pattern, message}", where)
        out = []
        for i, c in enumerate(v):
            if isinstance(c, str):
                c = {"pattern": c}
            if not isinstance(c, Mapping) or not isinstance(c.get("pattern"), str):
                raise Bad("each claim needs a 'pattern'", (*where, i))
            for k in c:
                if k not in ("pattern", "message", "level"):
                    raise Bad(f"unknown key {k!r}; use pattern, message, level", (*where, i, k))
            try:
                pat = timed(regex.compile(c["pattern"], regex.V0))
            except (regex.error, ValueError, OverflowError) as e:
                raise Bad(f"invalid regular expression {c['pattern']!r}: {e}",
                          (*where, i, "pattern")) from None
            level = c.get("level", "error")
            if level not in LEVELS:
                raise Bad(f"'level' must be one of {', '.join(LEVELS)}", (*where, i, "level"))
            lits = literals(c["pattern"])
            # Only ASCII literals: for them a (?i) match's case-folded text holds the
            # literal (İ, whose case fold is two characters, is screened apart).
            if lits is not None and not all(x.isascii() for x in lits):
                lits = None
            out.append(Claim(pat, str(c.get("message") or "Avoid the claim '%s'."), level,
                             lits))
        return out

    def settings(self, key: str, channel: str, platform: str) -> dict[str, Any] | None:
        """A section's settings for one channel (read only: they are cached)."""
        k = (key, channel, platform)
        try:
            return self._settings[k]
        except KeyError:
            got = self._settings[k] = self._resolve(key, channel, platform)
            return got

    def _resolve(self, key: str, channel: str, platform: str) -> dict[str, Any] | None:
        spec = self.cfg.get(key)
        if not isinstance(spec, Mapping):
            return None
        out = {k: v for k, v in spec.items() if k != "channels"}
        chans = spec.get("channels") or {}
        sub = chans.get(channel, chans.get(platform))
        if sub:
            out.update(sub)
        out.setdefault("level", SECTIONS[key][1])
        return out

    def _channel(self, channel: str, platform: str) -> _Channel:
        k = (channel, platform)
        got = self._channels.get(k)
        if got is None:
            def limited(key: str) -> dict[str, Any] | None:
                s = self.settings(key, channel, platform)
                return s if s and "max" in s else None
            tags = self.settings("hashtags", channel, platform)
            known = {} if not tags else {t.casefold(): t for t in [
                *(tags.get("known") or []), *(tags.get("required") or [])]}
            disclose = self.settings("disclosure", channel, platform)
            got = self._channels[k] = _Channel(
                limited("emoji"), limited("exclamations"), tags, known,
                disclose if disclose and disclose.get("any_of") else None)
        return got

    # --- checking ---------------------------------------------------------------
    def check(self, doc: Doc, channel: str, platform: str, sponsored: bool) -> list[Finding]:
        text = doc.text
        out: list[Finding] = []
        ch = self._channel(channel, platform)
        s = ch.emoji
        # Every emoji holds a character beyond ASCII (see EMOJI_SCREEN).
        if s and not text.isascii() and EMOJI_SCREEN.search(text):
            found = list(EMOJI.finditer(text))
            if len(found) > s["max"]:
                m = found[s["max"]]
                msg = (f"Remove '{m.group()}': no emoji on this channel." if s["max"] == 0
                       else f"{len(found)} emoji; use at most {s['max']} on this channel.")
                out.append(Finding("Social.Emoji", s["level"], Alert(m.start(), m.end(), msg)))
        s = ch.exclamations
        # Counting first: most texts are within the limit and need no positions.
        if s and text.count("!") + text.count("！") > s["max"]:
            found = list(EXCLAMATION.finditer(text))
            if len(found) > s["max"]:
                m = found[s["max"]]
                out.append(Finding("Social.Exclamation", s["level"], Alert(
                    m.start(), m.end(), f"{len(found)} exclamation marks; use at most "
                    f"{s['max']}.")))
        s = ch.hashtags
        if s:
            out.extend(self._hashtags(text, s, ch.known))
        s = ch.disclosure
        if s:
            when = s.get("required_when", "sponsored")
            if when == "always" or (when == "sponsored" and sponsored):
                low = text.casefold()
                if not any(a.casefold() in low for a in s["any_of"]):
                    opts = " or ".join(f"'{a}'" for a in s["any_of"])
                    msg = s.get("message") or (
                        f"This post is sponsored: disclose it with {opts}.")
                    out.append(Finding("Social.Disclosure", s["level"],
                                       Alert(0, 0, msg, whole=True)))
        if self.claims:
            out.extend(self._claims_in(doc))
        if self.cfg.get("readability") is not None:
            out.extend(self._readability(doc))
        return out

    def _claims_in(self, doc: Doc) -> list[Finding]:
        out: list[Finding] = []
        text = doc.text
        folded = doc.folded
        screen = "\u0130" not in text
        lits = self._claim_literals
        if screen and lits is not None:
            for x in lits:
                if x in folded:
                    break
            else:
                return out
        for c in self.claims:
            if c.broken:
                out.append(_stopped(c))
                continue
            if screen and c.literals is not None and not any(
                    x in folded for x in c.literals):
                continue
            try:
                for m in c.pattern.finditer(text):
                    if m.end() > m.start():
                        out.append(Finding("Social.Claims", c.level, Alert(
                            m.start(), m.end(), c.message.replace("%s", m.group()))))
            except TimeoutError:
                c.broken = True
                out.append(_stopped(c))
        return out

    def _hashtags(self, text: str, s: dict[str, Any], known: dict[str, str]
                  ) -> list[Finding]:
        out: list[Finding] = []
        level = s["level"]
        # Every tag starts at a "#": none, no tags; else the scan starts at the first one
        # (the lookbehind still sees the character before it).
        first = text.find("#")
        tags = list(HASHTAG.finditer(text, first)) if first >= 0 else []
        if "max" in s and len(tags) > s["max"]:
            m = tags[s["max"]]
            out.append(Finding("Social.Hashtags", level, Alert(
                m.start(), m.end(),
                f"{len(tags)} hashtags; use at most {s['max']} on this channel.")))
        if "min" in s and len(tags) < s["min"]:
            out.append(Finding("Social.Hashtags", level, Alert(
                0, 0, f"{len(tags)} hashtags; use at least {s['min']} on this channel.",
                whole=True)))
        required = s.get("required")
        if required:
            present = {m.group().casefold() for m in tags}
            for req in required:
                if req.casefold() not in present:
                    out.append(Finding("Social.Hashtags", level, Alert(
                        0, 0, f"Add the hashtag {req}.", whole=True)))
        if tags and (s.get("camel_case") or known):
            for m in tags:
                tag = m.group()
                want = known.get(tag.casefold())
                if want and want != tag:
                    out.append(Finding("Social.Hashtags", level, Alert(
                        m.start(), m.end(), f"Write '{want}', not '{tag}'.", want)))
                elif not want and s.get("camel_case") and _flat(m.group(1)):
                    out.append(Finding("Social.Hashtags", "suggestion", Alert(
                        m.start(), m.end(), f"Write '{tag}' in CamelCase (#LikeThis): screen "
                        "readers then read it word by word.")))
        return out

    def _readability_spec(self, lang: str) -> _Readability | None:
        try:
            return self._readability_specs[lang]
        except KeyError:
            pass
        spec = self.cfg.get("readability")
        got = None
        if isinstance(spec, Mapping):
            one = spec.get(lang)
            if isinstance(one, Mapping):
                got = _Readability(one.get("min_words", spec.get("min_words", 30)),
                                   spec.get("level", "suggestion"), one)
        self._readability_specs[lang] = got
        return got

    def _readability(self, doc: Doc) -> list[Finding]:
        spec = self._readability_spec(doc.lang)
        if spec is None:
            return []
        words = doc.words
        if len(words) < spec.min_words or not words:
            return []
        m = doc.values(_READABILITY_VARS)
        level = spec.level
        lang = spec.limits
        out = []
        if "max_grade" in lang:
            g = flesch_kincaid_grade(m)
            if g > lang["max_grade"]:
                out.append(Finding("Social.Readability", level, Alert(
                    0, 0, f"Reading grade {g:.1f} is above {lang['max_grade']}: use shorter "
                    "sentences and plainer words.", whole=True)))
        if "min_ease" in lang:
            e = kandel_moles_ease(m) if doc.lang == "fr" else _ease(m)
            if e < lang["min_ease"]:
                out.append(Finding("Social.Readability", level, Alert(
                    0, 0, f"Reading ease {e:.0f} is below {lang['min_ease']}: use shorter "
                    "sentences and plainer words.", whole=True)))
        return out


def _stopped(c: Claim) -> Finding:
    """A claim whose pattern ran out of time (rules.base.TIMEOUT): said once a post, on
    the post, naming the pattern; the other checks go on."""
    return Finding("Social.Claims", "error", Alert(0, 0, (
        f"The forbidden_claims pattern {c.pattern.pattern!r} (brand/brand.yaml, voice."
        f"social) was stopped: it took longer than {TIMEOUT:g} s on this post's text. "
        "Simplify it (a nested repeat such as (a|aa)+ backtracks without end); until "
        "then it is not checked."), whole=True))


def _ease(m: dict[str, float]) -> float:
    from smm.checks.voice.rules.metric import flesch_ease

    return flesch_ease(m)


def _flat(word: str) -> bool:
    """A hashtag that is probably several words run together in one case: longer than
    ten letters and all lower- (or all upper-) case."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 10 and (word == word.lower() or word == word.upper())
