"""The fast front-matter reader gives exactly what libyaml gives, or steps aside."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from smm import _yamlfast, yamlio

REPO = Path(__file__).resolve().parents[1]


def _slow(text: str, off: int = 1) -> yamlio.Located | yamlio.YamlError:
    saved = _yamlfast.load
    try:
        _yamlfast.load = lambda *a: False  # type: ignore[assignment]
        return yamlio.load(text, off)
    except yamlio.YamlError as e:
        return e
    finally:
        _yamlfast.load = saved


def _same(text: str) -> bool:
    """True when the fast reader took the text; then it must equal libyaml's reading."""
    fast = yamlio.Located(None, line_offset=1)
    if not _yamlfast.load(text, 1, fast, yamlio._scalar):
        return False
    slow = _slow(text)
    assert not isinstance(slow, yamlio.YamlError), (text, slow.message)
    assert (fast.data, fast.marks, fast.keys) == (slow.data, slow.marks, slow.keys), text
    assert [type(v) for v in fast.data.values()] == [type(v) for v in slow.data.values()]
    return True


def test_every_example_post_is_read_fast_and_alike() -> None:
    posts = sorted((REPO / "content" / "posts").rglob("*.md"))
    taken = 0
    for p in posts:
        fm = p.read_text(encoding="utf-8").split("\n---\n")[0].removeprefix("---\n")
        taken += _same(fm)
    assert taken == len(posts)  # the example's front-matter is all in the subset


_KEYS = ["publish_at", "channels", "title", "alt", "file", "lang", "draft", "tags", "x-y",
         "n", "campaign", "link"]
_ODD_KEYS = ["on", "null", "Yes", "title"]
_GOOD = [  # in the fast reader's subset, mostly
    "en", "fr", "x", "true", "True", "yes", "no", "off", "On", "~", "null", "Null", "NULL",
    "2026-12-01T09:00", "2026-12-01T09:00:00+01:00", "2026-12-01 09:00:00", "2026-12-01",
    "2026-13-45", "12", "012", "0x1f", "1_000", "1.5", "-3", "+4", ".inf", ".nan", "1:30",
    "a:b", "a#b", "it's", "'q'", "'it''s'", "''", '"d"', '""', "\"a'b\"", "'a\"b'", "[a, b]",
    "[]", "[ x ,y ]", "[en, 12, true, ~]", "['a', \"b\"]", "a, b", "(a)",
    "Café, partners [1]", "wow!", "a\u00a0", "é", "😀 x", "trail  ", "a  b", "a # c",
    "a #", "[a] # c", "'x' # c", '"x"  # c', '"a # b"', "'a'' # b'", "a ## b", "x]", "a{b}",
]
_BAD = [  # outside it: libyaml must decide
    "a: b", "#tag", '"a\\"b"', "[a,,b]", "[a, [b]]", "[a]x", "{a: b}", "&a x", "*a",
    "!tag x", "|", ">", "-", "- x", "?", "? x", ":x", "x:", "@me", "`x`", "%x", "[why?]",
    "[a:b]", "a\tb", "\u00a0a", "a\u2028b", "a\x85b", "\ufeffx", "  lead", "=", "<<",
    "'unterminated", '"unterminated', "", "[a]#c", "'x'#c", "[a, b,]", "'a' 'b'",
]


@st.composite
def documents(draw: st.DrawFn) -> str:
    def atom() -> str:
        return draw(st.sampled_from(_BAD if draw(st.integers(0, 19)) == 0 else _GOOD))

    def key(used: set[str]) -> str:  # mostly a new key of its mapping
        if draw(st.integers(0, 29)) == 0:
            return draw(st.sampled_from(_ODD_KEYS + sorted(used)))
        k = draw(st.sampled_from([k for k in _KEYS if k not in used] or _KEYS))
        used.add(k)
        return k

    lines: list[str] = []
    top: set[str] = set()
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 40))
        if kind < 28:
            gap = " " if draw(st.integers(0, 9)) else draw(st.sampled_from(["  ", ""]))
            lines.append(f"{key(top)}:{gap}{atom()}")
        elif kind < 38:
            lines.append(f"{key(top)}:")
            pad = draw(st.sampled_from(["", "  ", "  ", "  ", " ", "    "]))
            for _ in range(draw(st.integers(0, 3))):
                if draw(st.booleans()):
                    lines.append(f"{pad}- {atom()}")
                else:
                    mine: set[str] = set()
                    lines.append(f"{pad}- {key(mine)}: {atom()}")
                    for _ in range(draw(st.integers(0, 2))):
                        sub = "  " if draw(st.integers(0, 9)) else draw(
                            st.sampled_from(["   ", " ", ""]))
                        lines.append(f"{pad}{sub}{key(mine)}: {atom()}")
        elif kind < 40:
            lines.append(draw(st.sampled_from(["", "# note", "  # note", "   ", "...x"])))
        else:
            lines.append(f"  {key(set())}: {atom()}")
    return "\n".join(lines)


@settings(max_examples=3000, deadline=None)
@given(documents())
@example("channels: [x, bluesky]\nmedia:\n  - file: a.jpg\n    alt: A cup, on a table.\n")
@example("title: a\ntitle: b")
def test_fast_reading_equals_libyaml_reading(text: str) -> None:
    _same(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -#[],'\"\n\t!&*?|>{}\u00a0é1")), max_size=60))
def test_arbitrary_text_is_read_alike_or_left_to_libyaml(text: str) -> None:
    _same(text)
