"""The Voice: compiled rules and plans, and `check` for one channel's text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smm.checks.voice import config as cfgmod
from smm.checks.voice import loader
from smm.checks.voice.markup import Block, Context, FieldBlock, Markup
from smm.checks.voice.prefilter import Screen
from smm.checks.voice.rules import Rule
from smm.checks.voice.rules.base import TIMEOUT, Alert, deferred_compile
from smm.checks.voice.rules.metric import FormulaError
from smm.checks.voice.social import RULE_IDS, SECTIONS, Social
from smm.checks.voice.source import Section, Source
from smm.checks.voice.spell import DictionaryError
from smm.checks.voice.text import Doc
from smm.diagnostics import Diagnostic

SOCIAL_IDS = frozenset(RULE_IDS.values())
SOCIAL_SECTIONS = tuple(SECTIONS)
_MEMO_SIZE = 64
VALE_IDS = frozenset({"Vale.Terms", "Vale.Avoid"})
class Plan:
    """What runs for one (channel, platform, language): rules with their levels."""

    __slots__ = ("rules", "social_levels", "shape", "steps")

    def __init__(self, rules: list[tuple[Rule, str]], social_levels: dict[str, str | None],
                 shape: int = 0) -> None:
        self.rules = rules
        self.social_levels = social_levels  # Social.* id -> override level, or None (off)
        # Plans that check a text identically (same rules, levels and social settings, as
        # x, bluesky and mastodon usually have) share a shape: see Voice.check's memo.
        self.shape = shape
        # (rule, level, gated): gated, the rule has literals (see Voice._gates).
        self.steps = [(r, lv, r.literals is not None) for r, lv in rules]


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
        # Rules stopped by the time budget: not run again (see TIMEOUT).
        self._broken: dict[Rule, tuple[Block, Alert]] = {}
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
        sig = (tuple((id(r), lv) for r, lv in out), tuple(sorted(social.items())),
               repr([self.social.settings(k, channel, platform) for k in SOCIAL_SECTIONS]))
        shape = self._shapes.setdefault(sig, len(self._shapes))
        if self._screen is not None and any(
                r.literals is not None and not all(
                    r in self._screen[1].get(x, ()) for x in r.literals) for r, _ in out):
            self._screen = None  # a rule loaded since the screen was made
        return Plan(out, social, shape)

    def _gates(self, doc: Doc) -> tuple[dict[str, int], frozenset[Rule] | set[Rule]]:
        """The literals that occur in the doc's folded text (with their first index) and
        the rules they unlock: a rule with literals can alert only when one occurs. The
        doc holds every block's text and the section's source: whatever a rule reads."""
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
              source: str, source_line: int, path: str,
              fields: tuple[tuple[str, str, int, int], ...] = ()) -> list[Diagnostic]:
        """Findings for one channel of a post: Vale's rules on its Markdown `source` (the
        body, starting at file line `source_line`: the channel's section of it), the
        social rules on the channel's rendered `text`. `fields`: front-matter texts a
        platform shows, as (scope, text, line, column): media alt text (`alt`) and the
        title (`title`)."""
        plan = self.plan(channel, platform, lang or "en")
        src = self._source(source, source_line)
        sec = src.section(channel)
        key = (text, lang, sponsored, source, source_line, path, sec.start, sec.end,
               plan.shape, fields)
        done = self._memo.get(key)
        if done is not None:
            return [d if d.channel == channel else Diagnostic(
                d.path, d.line, d.column, d.severity, d.rule, d.message, channel, d.fix)
                for d in done]
        found = self._check(text, plan, src, sec, channel, platform, lang, sponsored, path,
                            fields)
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
        return doc

    def _check(self, text: str, plan: Plan, src: Source, sec: Section, channel: str,
               platform: str, lang: str, sponsored: bool, path: str,
               fields: tuple[tuple[str, str, int, int], ...]) -> list[Diagnostic]:
        markup = src.markup(sec, self.config.mentions)
        ctx = markup.context(lang or "en", fields)
        # Vale's rules read the section, not the channel's rendering: their findings
        # serve every channel of the same plan shape (x, bluesky, mastodon...).
        vale = ctx.emitted.get((plan.shape, path))
        if vale is None:
            vale = {}
            _, unlocked = self._gates(ctx)
            for rule, level, gated in plan.steps:
                if gated and rule not in unlocked:
                    continue
                found = ctx.found.get(rule)
                if found is None:
                    found = ctx.found[rule] = self._run(rule, markup, ctx)
                if found:
                    _emit(vale, src, sec, path, channel, rule, level, found)
            ctx.emitted[(plan.shape, path)] = vale
        out: dict[tuple[Any, ...], Diagnostic] = {
            k: d if d.channel == channel else Diagnostic(
                d.path, d.line, d.column, d.severity, d.rule, d.message, channel, d.fix)
            for k, d in vale.items()}
        for f in self.social.check(self._doc(text, lang or "en"), channel, platform,
                                   sponsored):
            override = plan.social_levels.get(f.rule)
            if override is None:
                continue
            offset = _place_social(f.alert, src, sec, text)
            if src.is_off(f.rule, offset):
                continue
            line, col = src.position(offset)
            d = Diagnostic(path, line, col, override or f.level, f.rule, f.alert.message,
                           channel, f.alert.fix)
            out.setdefault((line, col, f.rule, f.alert.message), d)
        return sorted(out.values(), key=lambda d: (d.line, d.column, d.rule, d.message))

    def _run(self, rule: Rule, markup: Markup, ctx: Context) -> list[tuple[Block, Alert]]:
        """What `rule` finds in the section, block by block, in document order."""
        broken = self._broken.get(rule)
        if broken is not None:
            return [broken]
        out: list[tuple[Block, Alert]] = []
        try:
            if rule.has_quiet and rule.quiet(ctx):
                return out
            for block in markup.blocks_for(rule, ctx):
                for a in rule.run(block, ctx):
                    out.append((block, a))
        except TimeoutError:
            note = Alert(0, 0, f"{rule.name} ({rule.path}) was stopped: its pattern took "
                         f"longer than {TIMEOUT:g} s on this post's text. Simplify it (a "
                         "nested repeat such as (a+)+ backtracks without end); until then "
                         "it is not checked.", whole=True)
            self._broken[rule] = (markup.summary, note)
            return [(markup.summary, note)]
        except (FormulaError, DictionaryError) as e:
            return [(markup.summary, Alert(0, 0, f"{rule.name} ({rule.path}): {e}",
                                            whole=True))]
        return out


def _emit(out: dict[tuple[Any, ...], Diagnostic], src: Source, sec: Section, path: str,
          channel: str, rule: Rule, level: str, found: list[tuple[Block, Alert]]) -> None:
    """Add a rule's findings, placed in the source, that are not switched off. One
    finding a place and rule, as Vale reports; `limit` caps a rule's findings."""
    n = 0
    name = rule.name
    for block, a in found:
        if a.whole:
            offset = src.section_start(sec)
        elif isinstance(block, FieldBlock):
            line, col = block.field_position(a.start)
            k = (line, col, name)
            if k not in out:
                out[k] = Diagnostic(path, line, col, level, name, a.message, channel, a.fix)
            continue
        else:
            offset = block.source(a.start)
        if src.is_off(name, offset):
            continue
        line, col = src.position(offset)
        k = (line, col, name)
        if k not in out:
            out[k] = Diagnostic(path, line, col, level, name, a.message, channel, a.fix)
            n += 1
            if rule.limit and n >= rule.limit:
                break


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


def _place_social(a: Alert, src: Source, sec: Section, text: str) -> int:
    if a.whole:
        return src.section_start(sec)
    return src.locate(sec, text, a.start, a.end)


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
