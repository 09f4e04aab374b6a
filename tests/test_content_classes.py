"""Post, Part and Media behave as the dataclasses they replaced (equality over the
fields, unhashable, the same repr and keyword construction), and a Post made from a
file name gives the Path a Path-made one holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm import yamlio
from smm.content import Media, Part, Post


@dataclass
class RefPart:
    text: str
    line: int


@dataclass
class RefMedia:
    file: str
    path: Path
    alt: str | None
    line: int
    channels: list[str] | None = None


@dataclass
class RefPost:
    id: str
    path: Path
    rel: str
    fm: yamlio.Located
    body: str
    body_line: int
    shared: list[Part]
    variants: dict[str, list[Part]] = field(default_factory=dict)
    variant_lines: dict[str, int] = field(default_factory=dict)
    publish_at: dt.datetime | None = None
    channels: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)


def _same(a: Any, b: Any, ra: Any, rb: Any) -> None:
    assert (a == b) == (ra == rb)
    assert (a != b) == (ra != rb)
    assert repr(a) == repr(ra).replace("Ref", "", 1)
    assert a != object() and ra != object()


@given(st.tuples(st.sampled_from(["", "a", "é"]), st.integers(0, 2)),
       st.tuples(st.sampled_from(["", "a", "é"]), st.integers(0, 2)))
def test_part(a: tuple[str, int], b: tuple[str, int]) -> None:
    _same(Part(*a), Part(*b), RefPart(*a), RefPart(*b))
    assert Part(text=a[0], line=a[1]) == Part(*a)
    with pytest.raises(TypeError):
        hash(Part(*a))


_media = st.tuples(st.sampled_from(["a.png", "b.mp4"]), st.sampled_from([Path("/x/a.png"),
                                                                         Path("/y.GIF")]),
                   st.sampled_from([None, "alt"]), st.integers(0, 2),
                   st.sampled_from([None, [], ["x"]]))


@given(_media, _media)
def test_media(a: tuple[Any, ...], b: tuple[Any, ...]) -> None:
    _same(Media(*a), Media(*b), RefMedia(*a), RefMedia(*b))
    assert Media(*a[:4]).channels is None
    assert Media(*a).kind == {".png": "image", ".mp4": "video", ".gif": "gif"}[
        a[1].suffix.lower()]
    with pytest.raises(TypeError):
        hash(Media(*a))


FM = yamlio.Located({"a": 1})
_posts = st.tuples(st.sampled_from(["p", "q"]), st.sampled_from(["/r/p.md", "/r/q.md"]),
                   st.just("p.md"), st.just(FM), st.sampled_from(["", "Hi"]), st.integers(1, 2),
                   st.sampled_from([[], [Part("Hi", 3)]]), st.sampled_from([{}, {"x": []}]),
                   st.sampled_from([{}, {"x": 4}]),
                   st.sampled_from([None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)]),
                   st.sampled_from([[], ["x"]]), st.sampled_from([[], [Media("a", Path("a"),
                                                                              None, 1)]]))


@given(_posts, _posts, st.booleans())
def test_post(a: tuple[Any, ...], b: tuple[Any, ...], as_path: bool) -> None:
    """The same whether made from a Path or from the file's name."""
    pa = Post(*a[:1], Path(a[1]) if as_path else a[1], *a[2:])
    pb = Post(*b[:1], Path(b[1]), *b[2:])
    ra = RefPost(*a[:1], Path(a[1]), *a[2:])
    rb = RefPost(*b[:1], Path(b[1]), *b[2:])
    _same(pa, pb, ra, rb)
    assert pa.path == Path(a[1]) and isinstance(pa.path, Path) and pa.path is pa.path
    with pytest.raises(TypeError):
        hash(pa)


def test_post_defaults_and_keywords() -> None:
    p = Post(id="p", path=Path("/r/p.md"), rel="p.md", fm=FM, body="", body_line=3,
             shared=[])
    r = RefPost(id="p", path=Path("/r/p.md"), rel="p.md", fm=FM, body="", body_line=3,
                shared=[])
    assert repr(p) == repr(r)[3:]
    assert (p.variants, p.variant_lines, p.channels, p.media, p.publish_at) == \
        ({}, {}, [], [], None)
    p.channels.append("x")
    assert Post("p", "/r/p.md", "p.md", FM, "", 3, []).channels == []  # no shared default
    p.path = Path("/r/q.md")
    assert p.path == Path("/r/q.md")
