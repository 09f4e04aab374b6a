"""Work done only when asked, or without a regex, gives what the first way gave: a
body's positions and sections; words, sentence ends, metrics and blanked links;
the social screens."""

from __future__ import annotations

import re
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.checks.voice.rules.metric import Metric, evaluate
from smm.checks.voice.social import EMOJI, EMOJI_SCREEN
from smm.checks.voice.source import _VARIANT, Source
from smm.checks.voice.text import _NOT_PROSE, _SENT_END, _WORD, Doc, _blank, _spaces, words_of

_PIECES = st.sampled_from(
    ["# Title", "## Sub #", "#tag", "#\tTab", "   ### x", "    # code", "```", "~~~", "text",
     "<!-- channel: x, linkedin -->", "<!-- channel: x -->", "<!-- vale off -->",
     "<!-- vale T.R = NO -->", "<!--", "\n", "\n\n", " ", "é", "- item", "> quote"])
BODIES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=14).map("".join))


@settings(max_examples=1500, deadline=None)
@given(body=BODIES, line=st.integers(1, 9))
def test_source_parts_are_those_of_an_eager_parse(body: str, line: int) -> None:
    src = Source(body, line)
    starts = [0] + [i + 1 for i, c in enumerate(body) if c == "\n"]
    for offset in range(len(body) + 1):
        i = bisect_right(starts, offset) - 1
        assert src.position(offset) == (line + i, offset - starts[i] + 1)
    marks = list(_VARIANT.finditer(body))
    assert src.shared.end == (marks[0].start() if marks else len(body))
    channels = {c.strip() for m in marks for c in m.group(1).split(",") if c.strip()}
    assert set(src.variants) == channels
    for sec in (src.shared, *src.variants.values()):
        first = next((i for i in range(sec.start, sec.end) if body[i] not in " \t\n"), None)
        assert src.section_start(sec) == (
            sec.start if first is None else starts[bisect_right(starts, first) - 1])


def test_no_emoji_in_ascii_text() -> None:
    # Social.check skips ASCII texts (str.isascii is O(1)) before screening for emoji:
    # every emoji holds a screened character (test_fast_paths), none of them ASCII.
    ascii_chars = "".join(map(chr, range(128)))
    assert EMOJI_SCREEN.search(ascii_chars) is None
    assert EMOJI.search(ascii_chars + "#*0123456789\ufe0f") is None


_LINKISH = re.compile(r"(?<!\S)\S*?(?:[/@]|www\.)\S*")
_PROSE = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(
    ["https://a.b/c", "http://", "https://", "www.", "www.x.fr", "a.io/x", "@ann", "a@b.c", "/",
     "@", " ", "\n", "\u00a0", "\u2003", "it's", "a-b", "--", "'", "’", "é", "_", "x", "A1",
     "½", "²", "e\u0301", "\ud800", "☕", "«", ".", "İ"]), max_size=16).map("".join))


@settings(max_examples=2000, deadline=None)
@given(text=_PROSE)
def test_words_and_blanking_are_the_regexes(text: str) -> None:
    assert words_of(text) == _WORD.findall(text)
    # Links blanked the way they first were: a regex for the tokens holding one.
    want = text
    for m in _LINKISH.finditer(text):
        want = want[:m.start()] + _NOT_PROSE.sub(_spaces, m.group()) + want[m.end():]
    assert _blank(text) == want


_SENTENCE_END = re.compile(r"[.!?…]+[\"'’”»)\]]?[ \t\u00a0\u202f]+|\n\s*")  # as first written
_SENTENCES = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(
    [".", "!", "?", "…", "\n", " ", "\t", "\u00a0", "\u202f", "\u2003", '"', "'", "’", "”", "»",
     ")", "]", "a", "B", "1", "é", "\n\n", ". ", "?! ", "\r"]), max_size=24).map("".join))


@settings(max_examples=2000, deadline=None)
@given(text=_SENTENCES)
def test_sentence_end_is_the_first_pattern(text: str) -> None:
    assert [m.span() for m in _SENT_END.finditer(text)] == [
        m.span() for m in _SENTENCE_END.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(text=_SENTENCES, formula=st.sampled_from(
    ["words / sentences", "syllables / words * 100", "(characters + long_words) / words",
     "paragraphs + list + blockquote + pre", "complex_words + polysyllabic_words ** 2",
     "heading_h2 * 10 + words"]))
def test_metric_counts_only_what_it_reads(text: str, formula: str) -> None:
    rule = Metric("T.M", {"message": "%s", "formula": formula, "condition": "> -1000"},
                  "T/M.yml", 1, [])
    doc = Doc(text)
    got = rule.run(doc.whole[0], doc)  # type: ignore[arg-type]
    m = Doc(text).metrics()
    want = [] if not m["words"] else [f"{float(evaluate(rule.formula, m)):.2f}"]
    assert [a.message for a in got] == want
