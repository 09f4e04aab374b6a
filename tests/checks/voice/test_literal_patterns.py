"""A pattern without regex syntax is not compiled at load (rules.base.literal): that
is sound only if every such string compiles, has no group and matches itself alone.
And a bad term next to plain ones is still reported at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.checks.voice.errors import VoiceConfigError
from smm.checks.voice.loader import load_vocab
from smm.checks.voice.rules.base import Exceptions, LazyPattern, RuleError, compile_re, literal


def _lazy(p: object) -> bool:
    """Not compiled yet (compiled patterns are LazyPatterns too, bound at once)."""
    return isinstance(p, LazyPattern) and "compiled" not in vars(p)

# Text that leans to the characters a regex reader might treat specially, less the
# metacharacters `literal` rules out.
_NEAR = st.sampled_from(list("#-,:<>!=&~'\"/ \t\n\r\x00é€𝔘\u0130ſK_aZ09PpNnbBdDsSwW"))
LITERALS = st.one_of(st.text(max_size=12), st.lists(_NEAR, max_size=12).map("".join)
                     ).filter(literal)


@settings(max_examples=2000, deadline=None)
@given(text=LITERALS, flags=st.sampled_from(["", "(?i)"]))
def test_a_literal_compiles_to_itself(text: str, flags: str) -> None:
    p = regex.compile(flags + text, regex.V0)
    assert p.groups == 0
    assert p.fullmatch(text) is not None
    # With an anchor around it as Substitution and Vale.Terms build it.
    assert regex.compile(f"{flags}^(?:{text})$", regex.V0).match(text) is not None


def test_literal_patterns_compile_when_first_used() -> None:
    p = compile_re("Q grader", ("tokens", 0))
    assert _lazy(p)
    assert p.search("our Q grader").span() == (4, 12)  # type: ignore[union-attr]
    assert not _lazy(compile_re("colou?r", ()))


@pytest.mark.parametrize("bad", ["a(b", "[x", "x{2,1}", "(?<", "\\"])
def test_a_bad_term_among_plain_ones_names_its_line(tmp_path: Path, bad: str) -> None:
    vocab = tmp_path / "brand" / "vocab"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text(f"Fernwood\nV60\n# note\n{bad}\nAeroPress\n")
    with pytest.raises(VoiceConfigError) as e:
        load_vocab(tmp_path / "brand", ".", tmp_path)
    assert e.value.line == 4
    assert e.value.path == "brand/vocab/accept.txt"


@settings(max_examples=300, deadline=None)
@given(exc=st.lists(LITERALS.filter(str.strip), max_size=4),
       voc=st.lists(LITERALS.filter(str.strip), max_size=4),
       text=st.text(alphabet="abcDIYFAQ -é", max_size=30), data=st.data())
def test_plain_exceptions_compile_late_and_match_as_compiled(
        exc: list[str], voc: list[str], text: str, data: st.DataObject) -> None:
    late = Exceptions(exc, ("exceptions",), voc)
    if late.full is None:
        return
    assert _lazy(late.full) and _lazy(late.phrase)
    now = Exceptions(exc, ("exceptions",), voc)
    now.full = regex.compile(now.full.pattern, regex.V0)  # type: ignore[union-attr]
    now.phrase = regex.compile(now.phrase.pattern, regex.V0)  # type: ignore[union-attr]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    observed = text[start:end]
    assert late.match(observed, text, start, end) == now.match(observed, text, start, end)


def test_an_exception_with_syntax_is_compiled_at_load() -> None:
    assert not _lazy(Exceptions(["DIY", "U\\.S\\."], ("exceptions",)).full)
    with pytest.raises(RuleError):
        Exceptions(["DIY", "(bad"], ("exceptions",))
