"""Work done only when asked gives what eager work gave: a body's positions, sections
and headings; the social screens."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.checks.voice.social import EMOJI, EMOJI_SCREEN
from smm.checks.voice.source import _ATX, _VARIANT, Source

_PIECES = st.sampled_from(
    ["# Title", "## Sub #", "#tag", "#\tTab", "   ### x", "    # code", "```", "~~~", "text",
     "<!-- channel: x, linkedin -->", "<!-- channel: x -->", "<!-- vale off -->",
     "<!-- vale T.R = NO -->", "<!--", "\n", "\n\n", " ", "é", "- item", "> quote"])
BODIES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=14).map("".join))


def _eager_headings(src: Source, start: int, end: int) -> list[tuple[int, str, int]]:
    """Headings as the first Source found them: every ATX line outside a fence."""
    fences = src._fenced(src.text)
    return [(len(m.group(1)), m.group(2), m.start(2))
            for m in _ATX.finditer(src.text, start, end)
            if not any(a <= m.start() < b for a, b in fences) and m.group(2)]


@settings(max_examples=1500, deadline=None)
@given(body=BODIES, line=st.integers(1, 9), data=st.data())
def test_source_parts_are_those_of_an_eager_parse(body: str, line: int,
                                                  data: st.DataObject) -> None:
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
        want = _eager_headings(src, sec.start, sec.end)
        level = data.draw(st.integers(0, 6))
        assert [(b.text, b.offset) for b in src.headings(sec, level)] == [
            (t, o) for lv, t, o in want if not level or lv == level]
        counts = src.heading_counts(sec)
        assert counts == ({f"heading_h{i}": sum(lv == i for lv, _, _ in want)
                           for i in range(1, 7)} if want else {})
        first = next((i for i in range(sec.start, sec.end) if body[i] not in " \t\n"), None)
        assert src.section_start(sec) == (
            sec.start if first is None else starts[bisect_right(starts, first) - 1])


def test_no_emoji_in_ascii_text() -> None:
    # Social.check skips ASCII texts (str.isascii is O(1)) before screening for emoji:
    # every emoji holds a screened character (test_fast_paths), none of them ASCII.
    ascii_chars = "".join(map(chr, range(128)))
    assert EMOJI_SCREEN.search(ascii_chars) is None
    assert EMOJI.search(ascii_chars + "#*0123456789\ufe0f") is None
