"""The engine's shortcuts give the same findings as the plain way: screens that skip a
regex, bounds that skip a rule, the memo that serves a post's other channels."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from voice_helpers import check, load

from smm.checks.voice.markup import Markup
from smm.checks.voice.rules.match import Occurrence
from smm.checks.voice.social import EMOJI, EMOJI_SCREEN
from smm.checks.voice.text import _WORD, Doc, sentence_spans

_ALPHABET = st.sampled_from(
    list("ab c.!?…\"')\n\t  \u00a0\u202f-•>1#@é") + ["word ", "Ab. ", "- ", "> ", "2) ", "!!"])
TEXTS = st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=60).map("".join))


def test_emoji_screen_covers_every_emoji_character() -> None:
    # Every EMOJI match holds one of these characters, so the screen must hold them all.
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    need = regex.compile(r"[\p{Emoji_Presentation}\p{Extended_Pictographic}\p{RI}\u20E3]",
                         regex.V0)
    wanted = set(need.findall(chars))
    assert wanted and wanted <= set(EMOJI_SCREEN.findall(chars))
    assert EMOJI.search("plain ASCII text: no emoji #1") is None


def _old_metrics(doc: Doc) -> tuple[float, float, float, float]:
    """The metric counts the way they were first written (one loop per count)."""
    sentences = sum(1 for s in doc.sentences if _WORD.search(s.text))
    lines = doc.text.split("\n")
    lists = sum(1 for ln in lines if ln.startswith(("• ", "- ")) or re.match(r"\d+[.)] ", ln))
    quotes = sum(1 for ln in lines if ln.startswith("> "))
    long_words = sum(1 for w in doc.words if len(w) > 6)
    return float(max(1, sentences)), float(lists), float(quotes), float(long_words)


@settings(max_examples=1500, deadline=None)
@given(text=TEXTS)
def test_metric_counts_match_the_line_by_line_counts(text: str) -> None:
    doc = Doc(text)
    m = doc.metrics()
    assert (m["sentences"], m["list"], m["blockquote"], m["long_words"]) == _old_metrics(doc)


@settings(max_examples=1500, deadline=None)
@given(text=TEXTS, limit=st.integers(1, 6), scope=st.sampled_from(
    ["sentence", "text", "paragraph", ["sentence", "paragraph"]]))
def test_occurrence_bound_never_hides_an_alert(text: str, limit: int, scope: object) -> None:
    rule = Occurrence("T.Long", {"message": "long", "max": limit, "token": r"[^\s]+",
                                 "scope": scope}, "T/Long.yml", 1, [])
    assert rule.has_quiet
    markup = Markup(text, 0, len(text))
    ctx = markup.context("en")
    if rule.quiet(ctx):
        assert not any(rule.run(b, ctx) for b in markup.blocks_for(rule, ctx))
    doc = Doc(text)
    assert [b.text for b in sentence_spans(doc.text)] == [b.text for b in doc.sentences]


CLAIMS = {"styles": [], "social": {"forbidden_claims": [
    {"pattern": "(?i)best coffee in the (?:world|universe)", "message": "'%s'"},
    {"pattern": r"(?i)\b(?:cures?|prevents?|boosts? (?:your )?immun\w*)\b"},
    {"pattern": r"\p{Lu}{3}!"},  # `re` cannot parse it: never screened
]}}


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(
    ["best ", "BEST ", "coffee ", "in the ", "World", "universe", "cure", "CURES", "İmmune",
     "boost ", "your ", "immunity", "ABC!", "x", " ", "ß", "\u0130"]), max_size=14)
    .map("".join))
def test_claim_screen_keeps_every_match(tmp_path_factory: object, text: str) -> None:
    voice = _claims_voice(tmp_path_factory)
    got = check(voice, text, text=text)
    want = []
    for c in voice.social.claims:
        want += [m.group() for m in c.pattern.finditer(text) if m.end() > m.start()]
    assert len([d for d in got if d.rule == "Social.Claims"]) == len(want)


_VOICES: dict[str, object] = {}


def _claims_voice(factory: object) -> object:
    if "claims" not in _VOICES:
        tmp = factory.mktemp("claims")  # type: ignore[attr-defined]
        _VOICES["claims"] = load(tmp, {}, CLAIMS)
    return _VOICES["claims"]


STYLE = {"T": {"Hype.yml": "extends: existence\nmessage: \"Drop '%s'.\"\nignorecase: true\n"
                           "tokens: [epic, world-class]\n"}}


def test_memo_serves_other_channels_with_their_own_name(tmp_path: Path) -> None:
    voice = load(tmp_path, STYLE, {"styles": ["T"], "social": {"emoji": {"max": 0}}})
    text = "An epic, world-class roast ☕"
    first = check(voice, text, channel="x", text=text)
    again = check(voice, text, channel="mastodon", text=text)
    voice._memo.clear()
    fresh = check(voice, text, channel="mastodon", text=text)
    assert [d.channel for d in first] == ["x"] * 3
    assert again == fresh and [d.channel for d in again] == ["mastodon"] * 3


_SCAN_RULES = [
    {"tokens": ["!{2,}", r"\?!+"], "nonword": True},  # "!" stands for "?!" too
    {"tokens": ["world[- ]class", "best[- ]in[- ]class", "best", "epic"],
     "ignorecase": True},
    {"raw": [r"\b(?:is|was)\b\s*"], "tokens": [r"[\w]+ed", "made"], "ignorecase": True},
    {"tokens": ["[Bb]udget coffee", "cheap", "ab", "b"]},
]


@settings(max_examples=800, deadline=None)
@given(text=st.lists(st.sampled_from(
    ["!", "?", "!!", "best", "Best-in-class", "world class", "EPIC", "is ", "was ", "made",
     "roasted", "Budget coffee", "cheap", "ab", "b", " ", "\n", "ß", "x", "é"]), max_size=16)
    .map("".join), which=st.integers(0, len(_SCAN_RULES) - 1))
def test_scan_from_first_literal_finds_every_match(text: str, which: int) -> None:
    from smm.checks.voice.rules.match import Existence

    rule = Existence("T.R", {"message": "'%s'", **_SCAN_RULES[which]}, "T/R.yml", 1, [])
    assert rule.literals is not None and rule.scans_from_literal
    doc = Doc(text)
    folded = doc.folded
    found = [i - b for i, b in zip(map(folded.find, rule.literals), rule.literal_backs,
                                   strict=True) if i >= 0]
    want = [(a.start, a.end, a.message) for a in rule.run(doc.whole[0], doc)]
    if not found:
        assert want == []
    elif len(folded) == len(doc.text):
        got = rule.run_from(doc.whole[0], doc, max(0, min(found)))
        assert [(a.start, a.end, a.message) for a in got] == want


def test_lazily_compiled_rules_find_what_compiled_rules_find() -> None:
    """Rules loaded with deferred compilation (a warm cache) judge every example post
    exactly as rules compiled at load."""
    from smm.checks.voice import engine
    from smm.checks.voice.rules.base import LazyPattern
    from smm.content import load_posts
    from smm.preview import channel_views
    from smm.project import load_project

    def _lazy(p: object) -> bool:
        return isinstance(p, LazyPattern) and "compiled" not in vars(p)

    project = load_project(Path(__file__).resolve().parents[3])
    posts, _ = load_posts(project)
    found = {}
    for lazy in (False, True):
        engine._CACHE.clear()
        voice = engine.load_voice(project.root / "brand", project.brand, lazy=lazy)
        patterns = [getattr(r, "pattern", None) for r in voice.rules.values()]
        assert any(_lazy(p) for p in patterns) == lazy
        found[lazy] = [d for post in posts for view in channel_views(project, post)
                       for d in voice.check(view.text, channel=view.channel.id,
                                            platform=view.channel.platform,
                                            lang=post.lang(project), sponsored=post.sponsored,
                                            source=post.body, source_line=post.body_line,
                                            path=post.rel)]
    engine._CACHE.clear()
    assert found[True] == found[False] and found[True]
