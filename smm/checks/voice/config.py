"""brand.yaml's `voice:` section, validated, and resolved for one channel and language.

Problems raise `Bad(message, keypath)`; the loader turns the key path (below `voice`)
into a brand.yaml line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LEVELS = ("suggestion", "warning", "error")
_ON = ("yes", "on", "true")
_OFF = ("no", "off", "false")
# Keys the brand guide reads (the voice's tone and plain-words vocabulary): allowed here.
PASSTHROUGH = frozenset({"tone", "vocabulary", "description", "policy"})
TOP_KEYS = frozenset({"styles", "vocab", "rules", "channels", "languages", "social",
                      "markup"})
OVERLAY_KEYS = frozenset({"styles", "vocab", "rules"})


class Bad(Exception):
    def __init__(self, message: str, where: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class Overlay:
    """Styles, vocab and rule settings for the base, a channel or a language."""

    __slots__ = ("styles", "vocab", "rules", "channels")

    def __init__(self, styles: list[str] | None = None, vocab: list[str] | None = None,
                 rules: dict[str, str] | None = None,
                 channels: dict[str, Overlay] | None = None) -> None:
        self.styles = styles
        self.vocab = vocab
        self.rules: dict[str, str] = {} if rules is None else rules  # -> level | on | off
        self.channels: dict[str, Overlay] = {} if channels is None else channels


class VoiceConfig:
    __slots__ = ("base", "channels", "languages", "social", "mentions")

    def __init__(self, base: Overlay, channels: dict[str, Overlay],
                 languages: dict[str, Overlay], social: dict[str, Any],
                 mentions: bool = False) -> None:
        self.base = base
        self.channels = channels
        self.languages = languages
        self.social = social
        # `markup: {mentions: check}`: rules read @mentions (by default they are
        # handles, not prose: see smm.checks.voice.markup).
        self.mentions = mentions

    def all_styles(self) -> list[str]:
        seen: dict[str, None] = {}
        for ov in self._overlays():
            for s in ov.styles or []:
                seen[s] = None
        return list(seen)

    def all_vocab(self) -> list[str]:
        seen: dict[str, None] = {}
        for ov in self._overlays():
            for s in ov.vocab or []:
                seen[s] = None
        return list(seen)

    def _overlays(self) -> list[Overlay]:
        out = [self.base, *self.channels.values()]
        for lang in self.languages.values():
            out += [lang, *lang.channels.values()]
        return out

    def resolve(self, channel: str, platform: str, lang: str
                ) -> tuple[list[str], list[str], dict[str, str]]:
        """(styles, vocab folders, rule settings) for one channel and language.

        Styles and vocab: the most specific list wins, in this order: the language's
        channel entry, the language, the channel, the base. Rule settings are merged
        from the base up to the language's channel entry, the later winning."""
        ch = self.channels.get(channel) or self.channels.get(platform)
        lg = self.languages.get(lang) or self.languages.get(lang.split("-")[0].split("_")[0])
        lch = (lg.channels.get(channel) or lg.channels.get(platform)) if lg else None
        chain = [x for x in (self.base, ch, lg, lch) if x is not None]
        styles = next((x.styles for x in reversed(chain) if x.styles is not None), [])
        vocab = next((x.vocab for x in reversed(chain) if x.vocab is not None), ["."])
        rules: dict[str, str] = {}
        for x in chain:
            for k, v in x.rules.items():
                if "." not in k:  # a later style-wide setting replaces its rules' settings
                    for old in [r for r in rules if r.startswith(k + ".")]:
                        del rules[old]
                rules[k] = v
        return styles, vocab, rules


def parse(section: Any) -> VoiceConfig:
    if section is None:
        section = {}
    if not isinstance(section, Mapping):
        raise Bad("'voice' must be a mapping (styles, vocab, rules, channels, languages, "
                  "social)", ())
    for k in section:
        if k not in TOP_KEYS and k not in PASSTHROUGH:
            raise Bad(f"unknown key {k!r} in voice; use {', '.join(sorted(TOP_KEYS))}", (k,))
    base = _overlay(section, (), allow=OVERLAY_KEYS | TOP_KEYS | PASSTHROUGH)
    if base.styles is None:
        base.styles = []
    channels = _overlays(section.get("channels"), ("channels",), nested=False)
    languages = _overlays(section.get("languages"), ("languages",), nested=True)
    social = section.get("social") or {}
    if not isinstance(social, Mapping):
        raise Bad("'social' must be a mapping (emoji, hashtags, exclamations, disclosure, "
                  "forbidden_claims, readability)", ("social",))
    return VoiceConfig(base, channels, languages, dict(social),
                       _markup(section.get("markup")))


def _markup(v: Any) -> bool:
    """`markup:` settings: where smm reads a post otherwise than Vale reads a web page
    (brand/README.md). Returns whether rules read @mentions."""
    if v is None:
        return False
    if not isinstance(v, Mapping):
        raise Bad("'markup' must be a mapping, e.g. {mentions: check}", ("markup",))
    for k in v:
        if k != "mentions":
            raise Bad(f"unknown key {k!r} in markup; use mentions", ("markup", k))
    m = v.get("mentions", "skip")
    if m not in ("skip", "check"):
        raise Bad("'mentions' must be skip (rules do not read @handles) or check",
                  ("markup", "mentions"))
    return m == "check"


def _overlays(value: Any, where: tuple[str | int, ...], nested: bool) -> dict[str, Overlay]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise Bad(f"'{where[-1]}' must be a mapping of names to settings", where)
    out: dict[str, Overlay] = {}
    for name, spec in value.items():
        allow = OVERLAY_KEYS | ({"channels"} if nested else set())
        out[str(name)] = _overlay(spec, (*where, str(name)), allow=frozenset(allow))
        if nested:
            out[str(name)].channels = _overlays(
                (spec or {}).get("channels"), (*where, str(name), "channels"), nested=False)
    return out


def _overlay(spec: Any, where: tuple[str | int, ...], allow: frozenset[str]) -> Overlay:
    if spec is None:
        return Overlay()
    if not isinstance(spec, Mapping):
        raise Bad("must be a mapping with styles, vocab or rules", where)
    for k in spec:
        if k not in allow:
            raise Bad(f"unknown key {k!r}; use {', '.join(sorted(allow - PASSTHROUGH))}",
                      (*where, k))
    return Overlay(_names(spec, "styles", where), _names(spec, "vocab", where),
                   _rules(spec.get("rules"), (*where, "rules")))


def _names(spec: Mapping[str, Any], key: str, where: tuple[str | int, ...]) -> list[str] | None:
    v = spec.get(key)
    if v is None:
        return None
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise Bad(f"'{key}' must be a list of folder names", (*where, key))
    for i, x in enumerate(v):
        if "/" in x.strip("./") or "\\" in x or x.strip() in ("..",):
            raise Bad(f"{x!r} must be a folder name, not a path", (*where, key, i))
    return [x.strip() for x in v]


def _rules(v: Any, where: tuple[str | int, ...]) -> dict[str, str]:
    if v is None:
        return {}
    if not isinstance(v, Mapping):
        raise Bad("'rules' must map Style.Rule names to a level or NO", where)
    out: dict[str, str] = {}
    for name, setting in v.items():
        out[str(name)] = level_setting(setting, (*where, str(name)))
    return out


def level_setting(v: Any, where: tuple[str | int, ...]) -> str:
    if isinstance(v, bool):
        return "on" if v else "off"
    s = str(v).strip().lower() if v is not None else ""
    if s in LEVELS:
        return s
    if s in _ON:
        return "on"
    if s in _OFF:
        return "off"
    raise Bad(f"{v!r} must be suggestion, warning, error, YES or NO", where)
