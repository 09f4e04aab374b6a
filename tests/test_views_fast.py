"""The views' speed-ups keep behaviour: objects, memos and fast paths against the
general code."""

from __future__ import annotations

import dataclasses

import pytest

from smm.content import load_post
from smm.platforms.base import Count, TextIssue
from smm.preview import channel_views
from smm.project import Channel, load_projects
from smm.render import Rendered, Span


@pytest.mark.parametrize("obj", [
    Count("x", 3, 280, "weighted", True), Count("bluesky", 3, 300, "graphemes", False,
                                                 "title", "note"),
    TextIssue("r", "error", "m"), TextIssue("r", "warning", "m", 4, 2),
    Span(0, 3, "tag", "ab"), Rendered("#ab", (Span(0, 3, "tag", "ab"),)),
])
def test_result_objects_are_frozen_dataclasses(obj: object) -> None:
    """Their __init__ is hand-written (speed): fields, equality, hash, repr, replace,
    asdict and immutability stay those of a frozen dataclass."""
    fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}  # type: ignore[arg-type]
    again = type(obj)(**fields)
    assert again == obj and hash(again) == hash(obj) and repr(again) == repr(obj)
    assert dataclasses.replace(obj, **fields) == obj  # type: ignore[type-var]
    assert dataclasses.asdict(obj) == dataclasses.asdict(again)  # type: ignore[call-overload]
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.x = 1  # type: ignore[attr-defined]
    assert Count("x", 1, 2, "u", True) == Count("x", 1, 2, "u", True, "text", "")


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
