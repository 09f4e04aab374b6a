"""Diagnostic behaves as the frozen, ordered dataclass it replaced."""

from __future__ import annotations

import pickle
from dataclasses import asdict, dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm.diagnostics import Diagnostic


@dataclass(frozen=True, order=True)
class Reference:
    path: str
    line: int
    column: int
    severity: str
    rule: str
    message: str
    channel: str | None = None
    fix: str | None = field(default=None, compare=False)


small = st.sampled_from(["a", "b", ""])
values = st.tuples(small, st.integers(0, 2), st.integers(0, 2), small, small, small,
                   st.one_of(st.none(), small), st.one_of(st.none(), small))


@given(values, values)
def test_equal_ordered_hashed_as_the_dataclass(a: tuple, b: tuple) -> None:  # type: ignore[type-arg]
    da, db = Diagnostic(*a), Diagnostic(*b)
    ra, rb = Reference(*a), Reference(*b)
    assert (da == db) == (ra == rb)
    if (a[6] is None) == (b[6] is None) or a[:6] != b[:6]:  # else both raise TypeError
        for op in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert getattr(da, op)(db) == getattr(ra, op)(rb)
    if da == db:
        assert hash(da) == hash(db)
    assert da.to_json() == asdict(ra)
    assert repr(da) == repr(ra).replace("Reference(", "Diagnostic(")
    assert pickle.loads(pickle.dumps(da)).to_json() == da.to_json()


def test_immutable_and_defaults() -> None:
    d = Diagnostic("p.md", 1, 2, "error", "r", "m")
    assert (d.channel, d.fix) == (None, None)
    with pytest.raises(AttributeError):
        d.line = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del d.rule
    assert sorted({d, Diagnostic("p.md", 1, 2, "error", "r", "m", None, "other fix")}) == [d]
