"""twitter-text's conformance suite (../shared/conformance/twitter-text/validate.yml),
run as its own runners run it (twitter-text conformance/tests/validate.rs):

- `tweets`: is_valid_tweet, which uses configuration v1 (140, every code point 1);
- `urls` / `urls_without_protocol`: isValidUrl, with and without a required protocol;
- `WeightedTweetsWithDiscountedEmojiCounterTest` and `UnicodeDirectionalMarkerCounterTest`:
  parseTweet with configuration v3 (X's current counting), every field compared;
- `WeightedTweetsCounterTest`: the same with v2 (emoji not discounted).

The brief also names a `lengths` section; this validate.yml has none (checked below).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smm.platforms import _twitter, _urls

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "twitter-text"


def _tests() -> dict[str, list[dict[str, Any]]]:
    if not (SUITE / "validate.yml").exists():
        return {}
    import yaml

    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(
        (SUITE / "validate.yml").read_text("utf-8"))["tests"]
    return data


TESTS = _tests()
needs_suite = pytest.mark.skipif(not TESTS, reason=f"conformance suite absent: {SUITE}")


def _cases(section: str) -> list[Any]:
    return [pytest.param(c, id=f"{section}: {c['description']}") for c in TESTS.get(section, [])]


@needs_suite
def test_sections_present() -> None:
    for section in ("tweets", "urls", "urls_without_protocol",
                    "WeightedTweetsWithDiscountedEmojiCounterTest"):
        assert TESTS[section], section
    assert "lengths" not in TESTS  # if a later suite adds it, give it a runner here


@needs_suite
def test_config_v3_is_the_suites() -> None:
    data = json.loads((SUITE / "config-v3.json").read_text("utf-8"))
    assert _twitter.Config.from_json(data) == _twitter.V3


@needs_suite
@pytest.mark.parametrize("case", _cases("tweets"))
def test_tweets(case: dict[str, Any]) -> None:
    assert _twitter.parse(case["text"], _twitter.V1).valid is case["expected"]


@needs_suite
@pytest.mark.parametrize("case", _cases("urls"))
def test_urls(case: dict[str, Any]) -> None:
    assert _urls.is_valid_url(case["text"]) is case["expected"]


@needs_suite
@pytest.mark.parametrize("case", _cases("urls_without_protocol"))
def test_urls_without_protocol(case: dict[str, Any]) -> None:
    assert _urls.is_valid_url(case["text"], require_protocol=False) is case["expected"]


@needs_suite
@pytest.mark.parametrize("case", _cases("WeightedTweetsWithDiscountedEmojiCounterTest")
                         + _cases("UnicodeDirectionalMarkerCounterTest"))
def test_weighted_v3(case: dict[str, Any]) -> None:
    assert _twitter.parse(case["text"]).as_conformance() == case["expected"]
    assert _twitter.weighted_length(case["text"]) == case["expected"]["weightedLength"]


@needs_suite
@pytest.mark.parametrize("case", _cases("WeightedTweetsCounterTest"))
def test_weighted_v2(case: dict[str, Any]) -> None:
    assert _twitter.parse(case["text"], _twitter.V2).as_conformance() == case["expected"]
