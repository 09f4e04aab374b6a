"""The views' speed-ups keep behaviour: objects, memos and fast paths against the
general code."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm.content import load_post
from smm.platforms._twitter import Config, Parsed
from smm.platforms.base import Count, TextIssue
from smm.preview import ChannelView, PartView, channel_views
from smm.project import Channel, load_projects
from smm.render import Rendered, Span

_FROZEN = [Count, TextIssue, Span, Rendered, Config, Parsed]
_PLAIN = [PartView, ChannelView]


def _reference(cls: type) -> type:
    """The dataclass `cls` replaced: its fields, in order, with its defaults."""
    params = list(inspect.signature(cls).parameters.values())
    return dataclasses.make_dataclass(
        cls.__name__,
        [(p.name, Any) if p.default is p.empty else (p.name, Any, p.default) for p in params],
        frozen=cls in _FROZEN)


_small = st.one_of(st.sampled_from(["a", "b", ""]), st.integers(0, 2), st.none(),
                   st.just((1, 2)))


@given(cls=st.sampled_from(_FROZEN + _PLAIN), data=st.data())
def test_result_objects_behave_as_the_dataclasses_they_replace(cls: type, data: Any
                                                                ) -> None:
    """Equality, hash, repr, keyword construction, immutability (frozen ones) and
    pickling as the dataclasses (frozen or not) they were."""
    ref = _reference(cls)
    names = [f.name for f in dataclasses.fields(ref)]
    assert list(cls._fields) == names  # type: ignore[attr-defined]
    a, b = (data.draw(st.lists(_small, min_size=len(names), max_size=len(names)))
            for _ in range(2))
    pa, pb, ra, rb = cls(*a), cls(**dict(zip(names, b, strict=True))), ref(*a), ref(*b)
    assert (pa == pb) == (ra == rb) and pa == cls(*a) and pa != ra
    assert repr(pa) == repr(ra)
    for x, y in ((pa, pb), (ra, rb)):
        with pytest.raises(TypeError):
            x < y  # noqa: B015
    assert pa != tuple(a) and not pa == tuple(a) and tuple(a) != pa  # noqa: SIM201
    if cls in _FROZEN:
        assert hash(pa) == hash(ra)
        with pytest.raises(AttributeError):
            setattr(pa, names[0], 1)
        with pytest.raises(AttributeError):
            delattr(pa, names[0])
        assert pickle.loads(pickle.dumps(pa)) == pa
    else:
        with pytest.raises(TypeError):
            hash(pa)
        setattr(pa, names[0], "new")
        assert getattr(pa, names[0]) == "new"
    with pytest.raises(AttributeError):
        pa.other = 1  # type: ignore[attr-defined]


def test_defaults_are_the_dataclasses_defaults() -> None:
    assert Count("x", 1, 2, "u", True) == Count("x", 1, 2, "u", True, "text", "")
    assert TextIssue("r", "error", "m") == TextIssue("r", "error", "m", None, 0)
    assert Config() == Config(280, 100, 200, 23, True, (
        (0x0000, 0x10FF, 100), (0x2000, 0x200D, 100), (0x2010, 0x201F, 100),
        (0x2032, 0x2037, 100)))
    assert Config().with_limit(5) == Config(max_weighted_length=5)


def test_views_follow_a_changed_channel(brand) -> None:  # type: ignore[no-untyped-def]
    """A channel's platform and limits are looked up once per project and channel; a
    project whose channel is replaced gets views of the new one."""
    brand.post("p", "---\npublish_at: 2030-01-01T10:00\nchannels: [x]\n---\nHello\n")
    project = load_projects(brand.root)[0]
    post = load_post(project, brand.root / "content/posts/p.md")[0]
    assert post is not None
    [v] = channel_views(project, post)
    assert (v.label, v.parts[0].counts[0].unit) == ("X", "weighted")
    ch = project.channels["x"]
    project.channels["x"] = Channel(ch.id, "bluesky", ch.config, ch.line)
    [v] = channel_views(project, post)
    assert (v.label, v.parts[0].counts[0].unit) == ("Bluesky", "graphemes")
