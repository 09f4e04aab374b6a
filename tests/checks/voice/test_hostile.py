"""Hostile rule files and posts (issue 15): a pattern that backtracks without end, a
formula whose numbers explode, a body of twenty thousand words. Each check ends soon,
with a finding or error that names the rule and its file, and the other checks go on.

The limits below (pytest-timeout) are bounds far above what a run takes, so the tests
do not measure speed; before these fixes each case ran for minutes."""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_helpers import check, load, short

from smm.checks.voice.errors import VoiceConfigError

HYPE = "extends: existence\nmessage: \"Drop '%s'.\"\nlevel: warning\ntokens: [epic]\n"


@pytest.mark.timeout(30)
def test_a_backtracking_raw_rule_is_stopped_and_reported(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {
        "Bomb.yml": "extends: existence\nmessage: x\nlevel: error\nscope: raw\nnonword: true\n"
                    "raw: ['(a+)+$']\n",
        "Hype.yml": HYPE}})
    body = "epic " + "a" * 2000 + "b\n"
    got = short(check(voice, body))
    assert [(d["rule"], d["line"]) for d in got] == [("Test.Bomb", 1), ("Test.Hype", 1)]
    assert "Test.Bomb (brand/styles/Test/Bomb.yml) was stopped" in got[0]["message"]
    # Not run again: the next post hears of it at once.
    again = short(check(voice, "epic " + "a" * 5000 + "b\n"))
    assert [d["rule"] for d in again] == ["Test.Bomb", "Test.Hype"]


@pytest.mark.timeout(30)
def test_a_backtracking_claim_is_stopped_and_reported(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {"Hype.yml": HYPE}}, voice={
        "styles": ["Test"],
        "social": {"forbidden_claims": [{"pattern": "(a|aa)+$"}, {"pattern": "epic"}]}})
    got = short(check(voice, "epic " + "a" * 60 + "b\n"))
    rules = [(d["rule"], d["message"][:40]) for d in got]
    assert ("Social.Claims", "The forbidden_claims pattern '(a|aa)+$' ") in rules
    assert ("Social.Claims", "Avoid the claim 'epic'.") in rules
    assert ("Test.Hype", "Drop 'epic'.") in rules


@pytest.mark.parametrize("formula", ["9 ** 9 ** 9 ** 9", "10 ** 400 * words",
                                     "math.pow(words, 10 ** 10)"])
@pytest.mark.timeout(30)
def test_an_exploding_formula_is_a_clear_error(tmp_path: Path, formula: str) -> None:
    rule = (f"extends: metric\nmessage: x\nlevel: warning\nformula: {formula}\n"
            "condition: '> 1'\n")
    with pytest.raises(VoiceConfigError) as e:
        load(tmp_path, {"Test": {"Big.yml": rule}})
    assert e.value.path == "brand/styles/Test/Big.yml" and e.value.line == 4
    assert "too large" in e.value.message


@pytest.mark.timeout(30)
def test_a_formula_exploding_on_a_text_is_a_finding(tmp_path: Path) -> None:
    rule = "extends: metric\nmessage: x\nlevel: warning\nformula: words ** words\n" \
           "condition: '> 1'\n"
    voice = load(tmp_path, {"Test": {"Big.yml": rule, "Hype.yml": HYPE}})
    got = short(check(voice, "epic " + "word " * 400))
    assert [d["rule"] for d in got] == ["Test.Big", "Test.Hype"]
    assert got[0]["message"].startswith("Test.Big (brand/styles/Test/Big.yml): a number")


@pytest.mark.timeout(10)
def test_twenty_thousand_repeated_words_with_the_example_styles() -> None:
    """Every word after the first repeats the one before: 19,999 findings, as Vale
    reports them (a count restarts after each), each placed by its offset (placing them
    by counting earlier occurrences took 18 s here)."""
    from smm.checks.voice import engine

    root = Path(__file__).resolve().parents[3]
    project_brand = root / "brand"
    import yaml

    cfg = yaml.safe_load((project_brand / "brand.yaml").read_text(encoding="utf-8"))
    engine._CACHE.clear()
    voice = engine.load_voice(project_brand, cfg)
    body = "word " * 20_000
    got = voice.check(body.strip(), channel="mastodon", platform="mastodon", lang="en",
                      sponsored=False, source=body, source_line=7, path="p.md")
    reps = [d for d in got if d.rule == "Fernwood.Repetition"]
    assert len(reps) == 19_999
    assert [(d.line, d.column) for d in reps[:3]] == [(7, 1), (7, 6), (7, 11)]
    engine._CACHE.clear()
