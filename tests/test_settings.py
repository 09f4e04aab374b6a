"""smm.settings: every setting of strategy.yaml and brand.yaml range-checked where it
is loaded, with file and line; exit 2, never a crash or a silent default."""

from __future__ import annotations

import pytest

from smm.project import parse_duration
from smm.settings import branch_ok, lang_ok

CASES = [
    # (old text in conftest's MINI_STRATEGY, new text, file:line:col expected, words of the message)
    ("cadence:\n  x: {max_per_day: 2, min_gap: 2h}\n", "cadence: [1, 2]\n",
     "strategy.yaml:17:10", "cadence must be a mapping"),
    ("min_gap: 2h", "min_gap: 99999999999999999h", "strategy.yaml:18:32", "min_gap"),
    ("min_gap: 2h", "min_gap: .inf", "strategy.yaml:18:32", "min_gap"),
    ("min_gap: 2h", "min_gap: -5h", "strategy.yaml:18:32", "min_gap"),
    ("max_per_day: 2", "max_per_day: [2]", "strategy.yaml:18:20", "max_per_day"),
    ("max_per_day: 2", "max_per_dya: 2", "strategy.yaml:18:20", "unknown cadence key"),
    ("  x: {max_per_day: 2, min_gap: 2h}", "  x: 5", "strategy.yaml:18:6", "must be a mapping"),
    ("languages: [en, fr]", "languages: 5", "strategy.yaml:4:12", "languages must be a list"),
    ("languages: [en, fr]", "languages: [en, 'fr\ndraft']", "strategy.yaml:4:17",
     "not a language code"),
    ("lang: en", "lang: 'en x'", "strategy.yaml:3:7", "not a language code"),
    ("cadence:", "publishing: {catch_up: banana}\ncadence:", "strategy.yaml:17:24",
     "catch_up must be a duration"),
    ("cadence:", "publishing: {catch_up: -5h}\ncadence:", "strategy.yaml:17:24",
     "catch_up must be a duration"),
    ("cadence:", "publishing: {claim_timeout: 0s}\ncadence:", "strategy.yaml:17:29",
     "claim_timeout"),
    ("cadence:", "publishing: {max_attempts: 0}\ncadence:", "strategy.yaml:17:28",
     "max_attempts"),
    ("cadence:", "publishing: {state_branch: ../../x}\ncadence:", "strategy.yaml:17:28",
     "state_branch"),
    ("cadence:", "publishing: 24h\ncadence:", "strategy.yaml:17:13",
     "publishing must be a mapping"),
    ("    kpis:\n      - {metric: impressions, target: 1000, per: month}\n", "    kpis: 5\n",
     "strategy.yaml:7:11", "kpis must be a list"),
    ("  - id: baristas\n", "  - id: baristas\n    channels: 5\n", "strategy.yaml:11:15",
     "channels must be a list"),
    ("  - id: baristas\n", "  - id: baristas\n    channels: [nope]\n", "strategy.yaml:11:16",
     "unknown channel"),
    ("cadence:", "kpis: {a: 1}\ncadence:", "strategy.yaml:17:7", "kpis must be a list"),
    ("x: {platform: x, api: http://127.0.0.1:9}",
     "x: {platform: x, api: http://127.0.0.1:9, limits: {text: abc}}", "strategy.yaml:12:60",
     "text must be"),
    ("x: {platform: x, api: http://127.0.0.1:9}",
     "x: {platform: x, api: http://127.0.0.1:9, limits: {media: {image_types: 5}}}",
     "strategy.yaml:12:75", "image_types must be"),
    ("x: {platform: x, api: http://127.0.0.1:9}",
     "x: {platform: x, api: http://127.0.0.1:9, limits: {first_comment: {a: 1}}}",
     "strategy.yaml:12:69", "first_comment must be"),
    ("x: {platform: x, api: http://127.0.0.1:9}",
     "x: {platform: x, api: http://127.0.0.1:9, timeout: -1}", "strategy.yaml:12:54",
     "timeout"),
]


@pytest.mark.parametrize(("old", "new", "where", "words"), CASES)
def test_a_setting_out_of_range_names_file_and_line(brand, cli, old: str, new: str,
                                                     where: str, words: str) -> None:  # type: ignore[no-untyped-def]
    mini = (brand.root / "strategy.yaml").read_text()  # conftest's MINI_STRATEGY
    assert old in mini
    brand.write("strategy.yaml", mini.replace(old, new, 1))
    brand.post("a", "---\npublish_at: 2099-12-01T09:00\nchannels: [x]\n---\nHello\n")
    for args in (("validate",), ("site", "build", "--out", str(brand.root / "out")),
                 ("preview", str(brand.root / "content/posts/a.md"))):
        code, out, err = cli(*args, "--root", brand.root)
        assert code == 2, (args, out, err)
        assert "internal error" not in err
        line = next((x for x in err.splitlines() if words in x), "")
        assert where in line, err


@pytest.mark.parametrize(("text", "where", "words"), [
    ("accessibility: [1]\n", "brand/brand.yaml:1:16", "accessibility must be a mapping"),
    ("accessibility: {alt_text: maybe}\n", "brand/brand.yaml:1:27", "alt_text"),
    ("name: [1]\n", "brand/brand.yaml:1:7", "name must be text"),
    ("colours: 5\n", "brand/brand.yaml:1:10", "colours must be a list"),
])
def test_brand_settings_are_checked(brand, cli, text: str, where: str, words: str) -> None:  # type: ignore[no-untyped-def]
    brand.write("brand/brand.yaml", text)
    code, out, err = cli("validate", "--root", brand.root)
    assert code == 2 and where in err and words in err, err


def test_parse_duration_bounds() -> None:
    assert parse_duration("99999999999999999h") is None
    assert parse_duration(float("inf")) is None and parse_duration(float("nan")) is None
    assert parse_duration(-5) is None
    assert parse_duration("3650d") is not None


@pytest.mark.parametrize(("name", "ok"), [("smm-state", True), ("state/brand_a", True),
                                          ("../../x", False), ("a..b", False), ("-x", False),
                                          ("x.lock", False), ("a b", False), ("a/.b", False),
                                          ("x\n", False), (5, False), ("", False)])
def test_branch_names(name: object, ok: bool) -> None:
    assert branch_ok(name) is ok


@pytest.mark.parametrize(("code", "ok"), [("en", True), ("pt-BR", True), ("zh-Hant", True),
                                          ("en\ndraft: true", False), ("e", False),
                                          ("", False), (5, False)])
def test_language_codes(code: object, ok: bool) -> None:
    assert lang_ok(code) is ok
