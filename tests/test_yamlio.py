"""smm.yamlio on hostile documents: aliases and nesting are bounded, with a line."""

from __future__ import annotations

import time

import pytest
import yaml

from smm import yamlio


def laughs(levels: int, key: str = "a") -> str:
    """The "billion laughs": each level nine aliases of the one before."""
    lines = [f"{key}0: &{key}0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{key}{i}: &{key}{i} [" + ", ".join([f"*{key}{i - 1}"] * 9) + "]"
              for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [5, 9, 12])
def test_alias_bomb_is_an_error_not_a_hang(levels: int) -> None:
    t0 = time.perf_counter()
    with pytest.raises(yamlio.YamlError) as e:
        yamlio.load(laughs(levels))
    assert time.perf_counter() - t0 < 1
    assert "aliases" in e.value.message and e.value.line >= 1


def test_alias_bomb_in_machine_files_too() -> None:
    with pytest.raises(yaml.YAMLError, match="aliases"):
        yamlio.load_plain(laughs(9))


@pytest.mark.parametrize("text", ["tags: &a [*a]\n", "m: &m {k: *m}\n",
                                  "a: &a\n  - b: [*a]\n"])
def test_an_alias_inside_its_own_value_is_an_error(text: str) -> None:
    with pytest.raises(yamlio.YamlError, match="holds it") as e:
        yamlio.load(text)
    assert e.value.line == 1 or e.value.line == 2
    with pytest.raises(yaml.YAMLError):
        yamlio.load_plain(text)


@pytest.mark.parametrize("text", ["tags: " + "[" * 500 + "]" * 500 + "\n",
                                  "t:\n" + "".join(" " * (i + 1) + "-\n" for i in range(400))])
def test_deep_nesting_is_an_error(text: str) -> None:
    with pytest.raises(yamlio.YamlError) as e:
        yamlio.load(text)
    assert "deep" in e.value.message or "nesting" in e.value.message


def test_deep_nesting_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_loader", lambda: yaml.SafeLoader)
    with pytest.raises(yamlio.YamlError):
        yamlio.load("a:\n" + "".join(" " * (i + 1) + "-\n" for i in range(990)))


def test_ordinary_aliases_still_load() -> None:
    doc = yamlio.load("base: &b {max: 2}\nx: *b\ny: *b\nlist: &l [1, 2]\nz: *l\n")
    assert doc.data == {"base": {"max": 2}, "x": {"max": 2}, "y": {"max": 2},
                        "list": [1, 2], "z": [1, 2]}
    assert yamlio.load_plain("a: &a [1]\nb: *a\n") == {"a": [1], "b": [1]}


def test_nesting_within_the_bound_loads() -> None:
    depth = yamlio.MAX_DEPTH - 1
    value = yamlio.load("a: " + "[" * depth + "1" + "]" * depth + "\n").data["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == [1]


def test_the_fast_reader_leaves_aliases_to_the_bounded_one() -> None:
    from smm import _yamlfast

    for text in ("tags: &a [*a]", "tags: *a", "media:\n  - *a", "x: [a, *b]"):
        out = yamlio.Located(None)
        assert _yamlfast.load(text, 0, out) is False
