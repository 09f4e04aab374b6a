"""Arbitrary bytes and arbitrary YAML never crash the loader or the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm.content import load_post
from smm.project import load_project

_SETTINGS = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates(), st.datetimes())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["channels", "publish_at", "media", "file", "alt", "draft",
                                     "goal", "x", "lang", "previous_ids"]) | st.text(max_size=8),
                    inner, max_size=5)), max_leaves=12)


def _check(brand, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = brand.root / "content/posts/fuzz.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    post, diags = load_post(load_project(brand.root), path)
    for d in diags:
        assert d.path == "content/posts/fuzz.md"
        assert d.line >= 1 and d.message
    if post is None:
        assert diags, "a file that yields no post must say why"


@_SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(brand, data: bytes) -> None:  # type: ignore[no-untyped-def]
    _check(brand, data)
    _check(brand, b"---\n" + data + b"\n---\nbody\n")


@_SETTINGS
@given(value=values, body=st.text(max_size=80))
def test_arbitrary_yaml(brand, value, body: str) -> None:  # type: ignore[no-untyped-def]
    fm = yaml.safe_dump(value, allow_unicode=True)
    _check(brand, f"---\n{fm}---\n{body}\n".encode())


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_cli_never_tracebacks(brand, cli, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = Path(brand.root / "content/posts/fuzz.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\nchannels: [x]\n" + data + b"\npublish_at: on-merge\n---\nHello\n")
    code, out, err = cli("validate", "--root", brand.root, "--format", "json")
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    for d in json.loads(out):
        assert d["path"] and d["line"] >= 1
