"""Screens that skip a rule never skip one that would alert, and findings shared
between the checks of one text under several plans are those each check would make."""

from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from voice_helpers import check, load

from smm.checks.voice.prefilter import Screen, class_run, prefix_literals
from smm.checks.voice.rules.document import Conditional
from smm.checks.voice.text import Doc

_FIRSTS = [r"\b([A-Z]{3,5})\b", r"[A-Z]{2}", r"(?<=x)[0-9a-f]{2,}", r"(?:[A-Z])\d",
           r"\b(?:[AEIOU]+)", r"(?i)\b([A-Z]{3,5})\b", r"[^A-Z]{3}", r"\p{Lu}{3}",
           r"[[:upper:]]{3}", r"(?m)^[#-]+ ", "K{2}"]


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(st.text(max_size=40), st.lists(st.sampled_from(
    ["ABC", "AB", "a", "x", "1f", "ff", " ", "\n", "É", "\u212a", "KK", "k", "#", "- ",
     "(", "EAU", "İ", "\ud800"]), max_size=12).map("".join)),
    first=st.sampled_from(_FIRSTS))
def test_conditional_quiet_never_hides_a_match(text: str, first: str) -> None:
    rule = Conditional("T.C", {"message": "%s", "first": first, "second": "zz"},
                       "T/C.yml", 1, [])
    assert rule.has_quiet
    if rule.quiet(Doc(text)):
        assert regex.search(first, Doc(text).text, regex.V0) is None


def test_class_run_reads_only_what_re_and_regex_agree_on() -> None:
    assert class_run(r"\b([A-Z]{3,5})\b") is not None
    for pattern in (r"(?i)[A-Z]{3}", r"[[:upper:]]{3}", r"\p{Lu}{3}", r"[A-Z]{0,3}",
                    r"(?i:[A-Z]{3})", r"[^A-Z]{3}", r"\w{3}", r"[é]{3}"):
        assert class_run(pattern) is None, pattern
    # POSIX classes: `re` reads `[[:upper:]]` as a class of "[:uper" then "]".
    assert prefix_literals("[[:upper:]]ABC") is None


STYLES = {"T": {
    "Hype.yml": "extends: existence\nmessage: \"Drop '%s'.\"\nignorecase: true\n"
                "tokens: [epic, world-class]\n",
    "Acro.yml": "extends: conditional\nmessage: \"Define '%s'.\"\nfirst: '\\b([A-Z]{3})\\b'\n"
                "second: '\\(([A-Z]{3})\\)'\n",
    "Same.yml": "extends: consistency\nmessage: \"'%s'\"\nignorecase: true\n"
                "either: {grey: gray}\n",
}, "U": {
    "Hype.yml": "extends: existence\nmessage: \"No '%s'.\"\ntokens: [epic]\n",
}}


def test_plans_sharing_a_text_find_what_each_finds_alone(tmp_path: Path) -> None:
    voice = load(tmp_path, STYLES, {"styles": ["T"], "channels": {"linkedin": {
        "styles": ["T", "U"]}}})
    text = "An epic, world-class roast. ABC and XYZ (XYZ). Grey or gray?"
    both = [check(voice, text, channel=c, text=text) for c in ("x", "linkedin", "x")]
    alone = []
    for c in ("x", "linkedin"):
        voice._memo.clear()
        voice._docs.clear()
        alone.append(check(voice, text, channel=c, text=text))
    assert both[0] == both[2] == alone[0] and both[1] == alone[1]
    assert {d.rule for d in both[1]} >= {"T.Hype", "T.Acro", "T.Same", "U.Hype"}


_BITS = ["a", "b", "ab", "ba", "aab", "é", " ", "-", "!", "#", ".", "(", "\\", "ß", "?"]


@settings(max_examples=1500, deadline=None)
@given(literals=st.sets(st.lists(st.sampled_from(_BITS), min_size=1, max_size=4)
                        .map("".join), max_size=12),
       text=st.one_of(st.text(max_size=40),
                      st.lists(st.sampled_from(_BITS), max_size=20).map("".join)))
def test_one_scan_finds_each_literal_at_its_first_occurrence(literals: set[str],
                                                             text: str) -> None:
    want = {x: text.find(x) for x in literals if x in text}
    assert Screen(literals, scan_after=0).find(text) == want  # the regex scan
    assert Screen(literals).find(text) == want  # str.find, for the first texts


GATED = {"T": {
    **STYLES["T"],
    "Bang.yml": "extends: existence\nmessage: \"'%s'\"\nnonword: true\n"
                "tokens: ['!{2,}', '\\?!+']\n",
    "Swap.yml": "extends: substitution\nmessage: \"'%s' not '%s'\"\nignorecase: true\n"
                "swap: {cannot: can't, 'coffee (?:man|men)': roasters, ab: x}\n",
    "Tags.yml": "extends: occurrence\nmessage: tags\nmax: 1\ntoken: '(?<![\\w#])#\\w+'\n",
}}
_GATED_TEXT = st.lists(st.sampled_from(
    ["epic", "World-class", "ABC", "(ABC)", "grey", "GRAY", "!", "?", "!!", "cannot",
     "Coffee men", "coffee man", "ab", "b", "#tag", "#", "ß", "İ", "é", " ", "\n", "x."]),
    max_size=16).map("".join)
_GATED_VOICES: dict[str, object] = {}


@settings(max_examples=800, deadline=None)
@given(text=_GATED_TEXT)
def test_screened_rules_find_what_every_rule_run_finds(tmp_path_factory: object,
                                                        text: str) -> None:
    if "v" not in _GATED_VOICES:
        tmp = tmp_path_factory.mktemp("gated")  # type: ignore[attr-defined]
        _GATED_VOICES["v"] = load(tmp, GATED, {"styles": ["T"]},
                                  vocab={"accept.txt": "Fernwood\nABC\n"})
    voice = _GATED_VOICES["v"]
    voice._memo.clear()  # type: ignore[attr-defined]
    voice._docs.clear()  # type: ignore[attr-defined]
    voice._sources.clear()  # type: ignore[attr-defined]
    got = check(voice, text, text=text)  # type: ignore[arg-type]
    plan = voice.plan("mastodon", "mastodon", "en")  # type: ignore[attr-defined]
    steps = plan.steps
    try:
        # Every rule run on every text, each scan from the start.
        plan.steps = [(r, lv, False) for r, lv, _ in steps]
        voice._memo.clear()  # type: ignore[attr-defined]
        voice._docs.clear()  # type: ignore[attr-defined]
        voice._sources.clear()  # type: ignore[attr-defined]
        want = check(voice, text, text=text)  # type: ignore[arg-type]
    finally:
        plan.steps = steps
    assert got == want
