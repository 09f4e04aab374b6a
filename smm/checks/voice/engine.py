"""The Voice: compiled rules and plans, and `check` for one channel's text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smm.checks.voice import config as cfgmod
from smm.checks.voice import loader
from smm.checks.voice.prefilter import Screen
from smm.checks.voice.rules import Rule
from smm.checks.voice.rules.base import Alert, deferred_compile
from smm.checks.voice.social import RULE_IDS, SECTIONS, Social
from smm.checks.voice.source import Section, Source
from smm.checks.voice.text import Block, Doc
from smm.diagnostics import Diagnostic

SOCIAL_IDS = frozenset(RULE_IDS.values())
SOCIAL_SECTIONS = tuple(SECTIONS)
_MEMO_SIZE = 64
VALE_IDS = frozenset({"Vale.Terms", "Vale.Avoid"})
# How a plan runs a rule (see Plan.steps).
_SCOPED, _WHOLE, _SHARED = 0, 1, 2


class Plan:
    """What runs for one (channel, platform, language): rules with their levels."""

    __slots__ = ("rules", "social_levels", "needs_headings", "shape", "steps")

    def __init__(self, rules: list[tuple[Rule, str]], social_levels: dict[str, str | None],
                 needs_headings: bool, shape: int = 0) -> None:
        self.rules = rules
        self.social_levels = social_levels  # Social.* id -> override level, or None (off)
        self.needs_headings = needs_headings
        # Plans that check a text identically (same rules, levels and social settings, as
        # x, bluesky and mastodon usually have) share a shape: see Voice.check's memo.
        self.shape = shape
        # (rule, level, how, gated): what the engine's loop reads, worked out once rather
        # than a check. _WHOLE: the rule runs on the whole text alone, nothing excluded.
        # _SHARED: besides, what it finds depends on the text alone (not on the Markdown
        # source as headings do for a metric, nor on a same-named rule's memory in
        # Doc.state), so the checks of one text under several plans share it
        # (Doc.found). gated: the rule has literals (see Voice._gates).
        self.steps: list[tuple[Rule, str, int, bool]] = []
        names = [r.name for r, _ in rules]
        for r, lv in rules:
            whole = not r.negated and (r.whole_doc or r.scopes in (["text"], ["summary"]))
            shared = whole and not r.whole_doc and names.count(r.name) == 1
            self.steps.append((r, lv, _SHARED if shared else _WHOLE if whole else _SCOPED,
                               r.literals is not None))


class Voice:
    """A brand's voice rules, compiled. `check` is called once per post and channel."""

    def __init__(self, brand_dir: Path, conf: cfgmod.VoiceConfig, social: Social,
                 root: Path) -> None:
        self.brand_dir = brand_dir
        self.config = conf
        self.social = social
        self.root = root
        self.unsupported: list[Diagnostic] = []  # Voice.Unsupported warnings, one a rule
        self.rules: dict[str, Rule] = {}  # every loaded rule by name (base vocabulary)
        self._styles: dict[tuple[str, tuple[str, ...]], dict[str, Rule]] = {}
        self._vocab: dict[tuple[str, ...], tuple[list[str], list[Rule]]] = {}
        self._plans: dict[tuple[str, str, str], Plan] = {}
        self._sources: dict[tuple[str, int], Source] = {}
        self._shapes: dict[tuple[Any, ...], int] = {}
        # The last checks' findings, by everything they depend on except the channel:
        # a post's channels often show the same text under the same rules.
        self._memo: dict[tuple[Any, ...], list[Diagnostic]] = {}
        # The last texts' segmentation (words, sentences, metrics...): a post's channels
        # that show the same text under different rules (x and linkedin) share it.
        self._docs: dict[tuple[str, str], Doc] = {}
        # One scan of a text tells which rules' literals occur (see _gates): the
        # screen of every loaded rule's literals, with the rules each literal unlocks.
        self._screen: tuple[Screen, dict[str, frozenset[Rule]]] | None = None
        # Load everything the configuration names now, so that errors surface at load.
        for vocab in {tuple(conf.base.vocab or ["."]), *(
                tuple(o.vocab) for o in conf._overlays() if o.vocab is not None)}:
            for style in conf.all_styles():
                rules = self._style(style, vocab)
                if vocab == tuple(conf.base.vocab or ["."]):
                    self.rules.update(rules)
        self._check_names()

    # --- loading ------------------------------------------------------------------
    def _vocabulary(self, folders: tuple[str, ...]) -> tuple[list[str], list[Rule]]:
        if folders not in self._vocab:
            self._vocab[folders] = loader.vocab_rules(self.brand_dir, list(folders), self.root)
        return self._vocab[folders]

    def _style(self, style: str, vocab: tuple[str, ...]) -> dict[str, Rule]:
        key = (style, vocab)
        if key not in self._styles:
            accepted, _ = self._vocabulary(vocab)
            rules, notes = loader.load_style(self.brand_dir, style, accepted, self.root)
            self._styles[key] = rules
            seen = {(d.path, d.line) for d in self.unsupported}
            self.unsupported += [n for n in notes if (n.path, n.line) not in seen]
        return self._styles[key]

    def _check_names(self) -> None:
        styles = set(self.config.all_styles()) | {"Vale", "Social"}
        known = set(self.rules) | SOCIAL_IDS | VALE_IDS
        overlays: list[tuple[tuple[str | int, ...], cfgmod.Overlay]] = [((), self.config.base)]
        overlays += [(("channels", k), v) for k, v in self.config.channels.items()]
        for k, v in self.config.languages.items():
            overlays.append((("languages", k), v))
            overlays += [(("languages", k, "channels", c), o) for c, o in v.channels.items()]
        for where, ov in overlays:
            for name in ov.rules:
                if name not in known and name not in styles and not any(
                        name in rules for rules in self._styles.values()):
                    path = self.brand_dir / "brand.yaml"
                    raise loader.VoiceConfigError(
                        f"voice: rules: no rule named {name!r}; rules are Style.Rule "
                        "(a file brand/styles/Style/Rule.yml), Vale.Terms, Vale.Avoid or "
                        "Social.*", path=loader.rel(path, self.root),
                        line=loader._brand_line(path, (*where, "rules", name)))

    def plan(self, channel: str, platform: str, lang: str) -> Plan:
        key = (channel, platform, lang)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._make_plan(channel, platform, lang)
        return plan

    def _make_plan(self, channel: str, platform: str, lang: str) -> Plan:
        styles, vocab, settings = self.config.resolve(channel, platform, lang)
        _, vocab_rules = self._vocabulary(tuple(vocab))
        candidates: list[Rule] = list(vocab_rules)
        for style in styles:
            candidates += self._style(style, tuple(vocab)).values()
        out: list[tuple[Rule, str]] = []
        for rule in candidates:
            level = _setting(settings, rule.name, rule.level)
            if level is not None:
                out.append((rule, level))
        social = {rid: _setting(settings, rid, "") for rid in SOCIAL_IDS}
        needs = any(r.whole_doc or any(s.startswith("heading") for s in r.scopes)
                    for r, _ in out)
        sig = (tuple((id(r), lv) for r, lv in out), tuple(sorted(social.items())),
               repr([self.social.settings(k, channel, platform) for k in SOCIAL_SECTIONS]))
        shape = self._shapes.setdefault(sig, len(self._shapes))
        if self._screen is not None and any(
                r.literals is not None and not all(
                    r in self._screen[1].get(x, ()) for x in r.literals) for r, _ in out):
            self._screen = None  # a rule loaded since the screen was made
        return Plan(out, social, needs, shape)

    def _gates(self, doc: Doc) -> tuple[dict[str, int], frozenset[Rule] | set[Rule]]:
        """The literals that occur in the doc's folded text (with their first index) and
        the rules they unlock: a rule with literals can alert only when one occurs."""
        got = doc.gates
        if got is None or got[0] is not self._screen:
            if self._screen is None:
                self._screen = self._make_screen()
            screen, owners = self._screen
            hits = screen.find(doc.folded)
            unlocked: frozenset[Rule] | set[Rule] = frozenset()
            if hits:
                unlocked = set().union(*map(owners.__getitem__, hits))
            got = doc.gates = (self._screen, hits, unlocked)
        return got[1], got[2]

    def _make_screen(self) -> tuple[Screen, dict[str, frozenset[Rule]]]:
        owners: dict[str, set[Rule]] = {}
        every = [r for rules in self._styles.values() for r in rules.values()]
        every += [r for _, rules in self._vocab.values() for r in rules]
        for r in every:
            for x in r.literals or ():
                owners.setdefault(x, set()).add(r)
        return Screen(set(owners)), {x: frozenset(v) for x, v in owners.items()}

    # --- checking -----------------------------------------------------------------
    def _source(self, source: str, line: int) -> Source:
        key = (source, line)
        src = self._sources.get(key)
        if src is None:
            if len(self._sources) > 16:
                self._sources.clear()
            src = self._sources[key] = Source(source, line)
        return src

    def check(self, text: str, *, channel: str, platform: str, lang: str, sponsored: bool,
              source: str, source_line: int, path: str) -> list[Diagnostic]:
        """Findings for one channel's rendered `text` of a post, placed in its Markdown
        `source` (the body, starting at file line `source_line`)."""
        plan = self.plan(channel, platform, lang or "en")
        src = self._source(source, source_line)
        sec = src.section(channel)
        key = (text, lang, sponsored, source, source_line, path, sec.start, sec.end,
               plan.shape)
        done = self._memo.get(key)
        if done is not None:
            return [d if d.channel == channel else Diagnostic(
                d.path, d.line, d.column, d.severity, d.rule, d.message, channel, d.fix)
                for d in done]
        found = self._check(text, plan, src, sec, channel, platform, lang, sponsored, path)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = found
        return list(found)

    def _doc(self, text: str, lang: str) -> Doc:
        key = (text, lang)
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) >= 8:
                self._docs.clear()
            doc = self._docs[key] = Doc(text, lang)
        else:
            doc.state = {}  # rules' memory is for one check only
        return doc

    def _check(self, text: str, plan: Plan, src: Source, sec: Section, channel: str,
               platform: str, lang: str, sponsored: bool, path: str) -> list[Diagnostic]:
        doc = self._doc(text, lang or "en")
        if plan.needs_headings:
            doc.state["__headings__"] = src.heading_counts(sec)
        out: dict[tuple[Any, ...], Diagnostic] = {}
        whole = doc.whole[0]
        shared = doc.found
        hits, unlocked = self._gates(doc)
        # Offsets in the case-folded text are those of the text when folding kept every
        # character one character long (so, when the lengths agree).
        aligned = len(doc.folded) == len(doc.text)
        at = (out, src, sec, text, path, channel)
        for rule, level, how, gated in plan.steps:
            pos = 0
            if gated:
                if rule not in unlocked:
                    continue
                if aligned and rule.scans_from_literal:
                    pos = _start(rule, hits)
            if how == _SHARED:
                found = shared.get(rule)
                if found is None:
                    found = shared[rule] = [] if rule.has_quiet and rule.quiet(doc) else \
                        rule.run_from(whole, doc, pos) if pos else rule.run(whole, doc)
                if found:
                    _emit(at, rule, level, found, whole, [], 0)
                continue
            if rule.has_quiet and rule.quiet(doc):
                continue
            n = 0
            excluded = [] if how == _WHOLE else _excluded(rule, src, sec)
            for block in doc.whole if how == _WHOLE else _blocks(rule, doc, src, sec):
                found = rule.run_from(block, doc, pos) if pos and block is whole \
                    else rule.run(block, doc)
                if found:
                    n = _emit(at, rule, level, found, block, excluded, n)
                    if rule.limit and n >= rule.limit:
                        break
        for f in self.social.check(doc, channel, platform, sponsored):
            override = plan.social_levels.get(f.rule)
            if override is None:
                continue
            offset = _place(f.alert, doc.whole[0], src, sec, text)
            if src.is_off(f.rule, offset):
                continue
            line, col = src.position(offset)
            d = Diagnostic(path, line, col, override or f.level, f.rule, f.alert.message,
                           channel, f.alert.fix)
            out.setdefault((line, col, f.rule, f.alert.message), d)
        return sorted(out.values(), key=lambda d: (d.line, d.column, d.rule, d.message))


def _start(rule: Rule, hits: dict[str, int]) -> int:
    """Where in the whole text the rule's scan may start: no match starts before the
    first of its literals less how far into a match it may be."""
    return max(0, min([hits[x] - b for x, b in zip(rule.literals or (), rule.literal_backs,
                                                    strict=True) if x in hits]))


def _emit(at: tuple[dict[tuple[Any, ...], Diagnostic], Source, Section, str, str, str],
          rule: Rule, level: str, found: list[Alert], block: Block,
          excluded: list[tuple[int, int]], n: int) -> int:
    """Add the findings of one rule run on `block` that are placed outside `excluded`
    and not switched off; returns the rule's count so far (`n` before)."""
    out, src, sec, text, path, channel = at
    for a in found:
        offset = _place(a, block, src, sec, text)
        if excluded and any(x <= offset < y for x, y in excluded):
            continue
        if src.is_off(rule.name, offset):
            continue
        line, col = src.position(offset)
        k = (line, col, rule.name, a.message)
        if k not in out:
            out[k] = Diagnostic(path, line, col, level, rule.name, a.message, channel, a.fix)
            n += 1
        if rule.limit and n >= rule.limit:
            break
    return n


def _setting(settings: Mapping[str, str], name: str, default: str) -> str | None:
    """The level a rule runs at, or None when switched off (rule setting, else style)."""
    s = settings.get(name)
    if s is None:
        s = settings.get(name.split(".", 1)[0])  # a setting for the whole style
    if s == "off":
        return None
    if s in cfgmod.LEVELS:
        return s
    return default


def _blocks(rule: Rule, doc: Doc, src: Source, sec: Section) -> list[Block]:
    if rule.whole_doc:
        return doc.whole
    scopes = rule.scopes
    if len(scopes) == 1:
        return _scope_blocks(scopes[0], doc, src, sec)
    out: list[Block] = []
    for s in scopes:
        out += _scope_blocks(s, doc, src, sec)
    return out


def _scope_blocks(scope: str, doc: Doc, src: Source, sec: Section) -> list[Block]:
    if scope in ("text", "summary"):
        return doc.whole
    if scope == "sentence":
        return doc.sentences
    if scope == "paragraph":
        return doc.paragraphs
    if scope.startswith("heading"):
        return src.headings(sec, int(scope[-1]) if scope[-1].isdigit() else 0)
    if scope == "list":
        return src.lists(sec)
    if scope == "blockquote":
        return src.quotes(sec)
    if scope == "raw":
        return src.raw(sec)
    return []


def _excluded(rule: Rule, src: Source, sec: Section) -> list[tuple[int, int]]:
    if not rule.negated:
        return []
    out: list[tuple[int, int]] = []
    for kind in rule.negated:
        out += src.line_spans(kind, sec)
    return out


def _place(a: Alert, block: Block, src: Source, sec: Section, text: str) -> int:
    if a.whole:
        return src.section_start(sec)
    if block.origin == "source":
        return block.offset + a.start
    return src.locate(sec, text, block.offset + a.start, block.offset + a.end)


_CACHE: dict[tuple[Any, ...], Voice] = {}


def load_voice(brand_dir: Path, brand_cfg: Mapping[str, Any], *, lazy: bool = False) -> Voice:
    """The brand's voice. `lazy`: the caller knows these files compiled cleanly before
    (smm.cache), so patterns compile when first used rather than all now."""
    root = loader.repo_root(brand_dir)
    conf, social = loader.parse_config(brand_dir, brand_cfg, root)
    key = loader.cache_key(brand_dir, brand_cfg, conf)
    voice = _CACHE.get(key)
    if voice is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        was = deferred_compile(lazy)
        try:
            voice = _CACHE[key] = Voice(brand_dir, conf, social, root)
        finally:
            deferred_compile(was)
    return voice
