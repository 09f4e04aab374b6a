"""The fast front-matter reader gives exactly what libyaml gives, or steps aside."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
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
    """True when the fast reader took the text; then it must equal libyaml's reading,
    the second time too (lines read before come from _LINES), and positions asked for
    before marks and keys are made must be theirs."""
    taken = []
    for _ in range(2):
        fast = yamlio.Located(None, line_offset=1)
        taken.append(_yamlfast.load(text, 1, fast))
        if not taken[-1]:
            continue
        slow = _slow(text)
        assert not isinstance(slow, yamlio.YamlError), (text, slow.message)
        paths = [*slow.marks, *slow.keys, ("nope",), ("channels", 9), ()]
        early = [(fast.pos(*p), fast.key_pos(*p)) for p in paths]
        assert early == [(slow.pos(*p), slow.key_pos(*p)) for p in paths], text
        assert (fast.data, fast.marks, fast.keys) == (slow.data, slow.marks, slow.keys), text
        assert [type(v) for v in fast.data.values()] == [type(v) for v in slow.data.values()]
    assert taken[0] == taken[1], text
    return taken[0]


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


# The regexes the string tests in _yamlfast replace (PyYAML's scanner, as before).
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:(?!: | #).)*(?<![\s:])")
_FLOW_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:?\[\]{},#\n]*(?<!\s)")
_CHARS = list("ab1-:#, ?[]{}&*!|>'\"%@`.+Tt\n\u00a0\u2028\x0bé_~")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=12))
@example("a: b")
@example("a #b")
@example("a:")
@example("x\u00a0")
def test_plain_tests_are_the_regexes(text: str) -> None:
    assert _yamlfast._is_plain(text) == bool(_PLAIN.fullmatch(text))
    assert _yamlfast._is_flow_item(text) == bool(_FLOW_ITEM.fullmatch(text))


def _pyyaml(text: str) -> object:
    """A plain scalar's value as the libyaml path builds it."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
    return yamlio._scalar(yaml.ScalarNode(tag, text))


def _field(top: int) -> st.SearchStrategy[str]:
    """Two digits from 0 to `top` mostly, else one to three of any value."""
    two = st.integers(0, top).map("{:02}".format)
    return st.one_of(two, two, two, st.from_regex(r"[0-9]{1,3}", fullmatch=True))


_ZONES = ["", "Z", "z", " Z", ".5", ".1234567", "+01:00", "-05:30", "+0100", "+01", "+1",
          "-00:00", "+00:00", "+24:00", "+23:59", "+01:0", " +01:00", "+01:00:00"]
_ZONE = st.from_regex(r"[-+][0-9]{1,4}(?::[0-9]{1,3})?", fullmatch=True)


@st.composite
def scalars(draw: st.DrawFn) -> str:
    """Dates and times, near-misses of them, numbers and words."""
    kind = draw(st.integers(0, 3))
    if kind < 2:
        d = f"{draw(st.integers(0, 9999)):04}-{draw(_field(12))}-{draw(_field(28))}"
        if draw(st.integers(0, 3)):
            d += draw(st.sampled_from("TTTt ")) + f"{draw(_field(24))}:{draw(_field(59))}"
            if draw(st.integers(0, 3)):
                d += f":{draw(_field(60))}" + draw(st.sampled_from(_ZONES) | _ZONE)
        return d
    if kind == 2:
        return draw(st.from_regex(r"[-+.]?[0-9_]{1,6}(?:[.:][0-9_]{0,3})?(?:[eE][-+][0-9])?",
                                  fullmatch=True))
    words = ["true", "True", "yes", "no", "No", "off", "ON", "null", "Null", "~", "fr", "en",
             "threads", "nope", ".inf", ".nan", "-.inf", "0x1f", "0b11", "017", "1_000", "+4",
             "<<", "=", "NULL", "nulls", "Yes!"]
    return draw(st.sampled_from(words))


@st.composite
def stamps(draw: st.DrawFn) -> str:
    """Real dates and times written the ways ISO 8601 and YAML allow, and some more."""
    d = draw(st.datetimes())
    text = f"{d.year:04}-{d.month:02}-{d.day:02}"
    form = draw(st.integers(0, 3))
    if form:
        text += draw(st.sampled_from("TTt ")) + f"{d.hour:02}:{d.minute:02}"
    if form > 1:
        text += f":{d.second:02}"
    if form > 2:
        text += f".{d.microsecond:06}"
    return text + draw(st.sampled_from(_ZONES) | _ZONE)


@settings(max_examples=3000, deadline=None)
@given(scalars() | stamps())
@example("2026-12-01T09:00:00+01:00")
@example("2026-12-01T09:00:00-00:30")
@example("2026-12-01T09:00:00+24:00")
@example("2026-12-01T24:00:00")
@example("2026-02-30T09:00:00")
@example("2026-12-01T09:00")
@example("0001-01-01T00:00:00Z")
def test_plain_values_are_pyyamls(text: str) -> None:
    for _ in range(2):  # then from _WORDS
        got, want = _yamlfast._plain_value(text), _pyyaml(text)
        assert (got, type(got)) == (want, type(want)), text
        if isinstance(want, dt.datetime):
            assert got.utcoffset() == want.utcoffset(), text


@given(st.text(alphabet=st.characters(max_codepoint=0x10FFFF), max_size=8))
def test_refused_characters_are_pyyamls(text: str) -> None:
    """_REFUSED, written as the few ranges YAML's reader leaves out, finds exactly
    what PyYAML's NON_PRINTABLE finds."""
    assert bool(_yamlfast._REFUSED.search(text)) == bool(
        yaml.reader.Reader.NON_PRINTABLE.search(text))


# The regex _yamlfast's shapes replace: group 1 (seconds and zone) makes a timestamp.
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}"
                  r"(:[0-9]{2}(?:[+-][0-9]{2}:[0-9]{2}|Z)?)?")


@settings(max_examples=3000, deadline=None)
@given(stamps() | scalars() | st.text(alphabet=st.sampled_from(list("0189-T:+Z é\ud800٣")),
                                      max_size=26))
@example("2026-12-01T09:00")
@example("2026-12-01T09:00:00-05:00")
@example("2026-12-01T09:00:00Z")
@example("2026-12-01T09:0٣")
def test_stamp_shapes_are_the_regex(text: str) -> None:
    m = _ISO.fullmatch(text)
    shape = _yamlfast._shape(text)
    assert (shape == _yamlfast._MINUTES) == bool(m and m.end(1) < 0), text
    assert (shape in _yamlfast._STAMPS) == bool(m and m.end(1) >= 0), text


@settings(max_examples=1000, deadline=None)
@given(documents(), st.lists(st.sampled_from(
    ["publish_at: 2026-12-01T09:00", "publish_at: 2027-01-02T10:30:00+01:00", "lang: en",
     "channels: [x]", "title: a", "", "# c", "media:", "x: [a, b]", "tags: 'a'"]),
    min_size=1, max_size=3))
@example("channels: [x]\nlang: en", ["publish_at: 2026-12-01T09:00", "channels: [y]"])
def test_documents_sharing_all_but_the_first_line(rest: str, firsts: list[str]) -> None:
    """A document read after another with the same lines but its first (_RESTS) is
    read as libyaml reads it."""
    for first in firsts:
        _same(first + "\n" + rest)
