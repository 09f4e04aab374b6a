"""smm._yamlscalar agrees with PyYAML's resolver and smm.yamlio's scalar values."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smm import _yamlscalar, yamlio

RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


def pyyaml_tag(value: str) -> str:
    for tag, regexp in RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return "tag:yaml.org,2002:str"


# Scalars near every resolver's edges: numbers, dates, times, booleans, nulls...
pieces = st.sampled_from([
    "0", "1", "7", "9", "12", "2027", "-", "+", ".", ":", "_", "e", "E", "x", "b", "T", "t",
    " ", "\t", "Z", "z", "inf", "nan", "NaN", ".inf", "0x", "0b", "1F", "true", "False",
    "ON", "no", "Yes", "null", "~", "NULL", "<<", "=", "!", "&", "*", "2026-11-05",
    "2027-1-5 9:00:00", "T09:00:00", "+01:00", "-05", ".5", "30", "59", "60", "13",
    "2027-02-30", "24:00:00", "é", "a"])
scalars = st.lists(pieces, min_size=1, max_size=6).map("".join) | st.text(max_size=12)


def same(a: object, b: object) -> bool:
    return type(a) is type(b) and repr(a) == repr(b)


@settings(max_examples=3000)
@given(scalars)
@example("2027-01-05T09:00:00.123456789+01:30")
@example("0b1_01")
@example("0_17")
def test_tags_and_values_are_pyyamls(value: str) -> None:
    tag = _yamlscalar.resolve(value)
    assert tag == pyyaml_tag(value)
    assert same(_yamlscalar.build(value, tag), yamlio._scalar(yaml.ScalarNode(tag, value)))
