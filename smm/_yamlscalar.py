"""Plain YAML scalars resolved and built as PyYAML's SafeLoader does, without PyYAML.

Importing PyYAML costs a pre-commit run about 100 M instructions (an eighth of it),
most of it compiling one pattern of its reader. The front-matter fast path
(smm._yamlfast) needs only this: which implicit type a plain scalar has (the
patterns below are PyYAML 6's resolver patterns, the first character choosing which
apply) and the value. tests/test_yamlscalar.py holds both to PyYAML on generated
scalars; anything unusual goes back to the full loader, which owns every error.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

STR = "tag:yaml.org,2002:str"
_T = "tag:yaml.org,2002:"

_BOOL = (_T + "bool", r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""")
_FLOAT = (_T + "float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""")
_INT = (_T + "int", r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""")
_NULL = (_T + "null", r"""^(?: ~
                    |null|Null|NULL
                    | )$""")
_TIMESTAMP = (_T + "timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""")
_MERGE = (_T + "merge", r"^(?:<<)$")
_VALUE = (_T + "value", r"^(?:=)$")
_YAML = (_T + "yaml", r"^(?:!|&|\*)$")

# First character -> resolvers in PyYAML's order (yaml.resolver.Resolver).
_BY_FIRST: dict[str, list[tuple[str, str]]] = {"": [_NULL], "~": [_NULL], "<": [_MERGE],
                                               "=": [_VALUE], ".": [_FLOAT]}
for _c in "!&*":
    _BY_FIRST[_c] = [_YAML]
for _c in "+-":
    _BY_FIRST[_c] = [_FLOAT, _INT]
for _c in "0123456789":
    _BY_FIRST[_c] = [_FLOAT, _INT, _TIMESTAMP]
for _c in "yYnNtTfFoO":
    _BY_FIRST[_c] = [_BOOL, *([_NULL] if _c in "nN" else [])]

FIRST = frozenset(_BY_FIRST)  # first characters some implicit type can start with
_compiled: dict[str, re.Pattern[str]] = {}  # compiled on first use: most runs need two


def resolve(value: str) -> str:
    """The tag PyYAML gives a plain scalar (BaseResolver.resolve, implicit)."""
    for tag, pattern in _BY_FIRST.get(value[:1], ()):
        rx = _compiled.get(pattern)
        if rx is None:
            rx = _compiled[pattern] = re.compile(pattern, re.X)
        if rx.match(value):
            return tag
    return STR


_TS_PARTS = re.compile(r"""^(?P<year>[0-9][0-9][0-9][0-9])
                -(?P<month>[0-9][0-9]?)
                -(?P<day>[0-9][0-9]?)
                (?:(?:[Tt]|[ \t]+)
                (?P<hour>[0-9][0-9]?)
                :(?P<minute>[0-9][0-9])
                :(?P<second>[0-9][0-9])
                (?:\.(?P<fraction>[0-9]*))?
                (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)
                (?::(?P<tz_minute>[0-9][0-9]))?))?)?$""", re.X)


def timestamp(value: str) -> dt.date | dt.datetime:
    """SafeConstructor.construct_yaml_timestamp. Raises ValueError on a date that does
    not exist (PyYAML raises it too)."""
    m = _TS_PARTS.match(value)
    if m is None:
        raise ValueError(value)
    v = m.groupdict()
    year, month, day = int(v["year"]), int(v["month"]), int(v["day"])
    if not v["hour"]:
        return dt.date(year, month, day)
    fraction = 0
    if v["fraction"]:
        fraction = int(v["fraction"][:6].ljust(6, "0"))
    tz: dt.tzinfo | None = None
    if v["tz_sign"]:
        delta = dt.timedelta(hours=int(v["tz_hour"]), minutes=int(v["tz_minute"] or 0))
        tz = dt.timezone(-delta if v["tz_sign"] == "-" else delta)
    elif v["tz"]:
        tz = dt.UTC
    return dt.datetime(year, month, day, int(v["hour"]), int(v["minute"]), int(v["second"]),
                       fraction, tzinfo=tz)


def build(value: str, tag: str) -> Any:
    """The value smm.yamlio gives a plain scalar with this tag (smm.yamlio._scalar):
    odd scalars (a date that does not exist, `.inf`, `1:30`) stay text."""
    try:
        if tag == STR:
            return value
        if tag == _BOOL[0]:
            return value.lower() in ("true", "yes", "on")
        if tag == _INT[0]:
            if not value.startswith("0") or value == "0":
                return int(value.replace("_", ""), 0)
            return _prefixed(value.replace("_", ""))
        if tag == _FLOAT[0]:
            return float(value.replace("_", ""))
        if tag == _NULL[0]:
            return None
        if tag == _TIMESTAMP[0]:
            return timestamp(value)
    except ValueError:
        pass
    return value  # merge, value and yaml tags: SafeConstructor refuses them as scalars


def _prefixed(v: str) -> int:
    """SafeConstructor.construct_yaml_int for 0b..., 0x... and 0... (octal)."""
    if v.startswith("0b"):
        return int(v[2:], 2)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v, 8)
