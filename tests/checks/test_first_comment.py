"""`first_comment:` through `smm validate`: shape, where it goes, length per platform,
voice."""

from __future__ import annotations

import json
from typing import Any

import pytest

HYPE = """extends: existence
message: "Avoid '%s': show what makes it good instead of saying so."
level: warning
ignorecase: true
tokens:
  - world-class
"""


@pytest.fixture
def voiced(brand: Any) -> Any:
    brand.write("brand/brand.yaml", "name: Test Roasters\nvoice:\n  styles: [Brand]\n")
    brand.write("brand/styles/Brand/Hype.yml", HYPE)
    (brand.root / "content/media").mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (1080, 1080), "brown").save(brand.root / "content/media/cup.jpg")
    return brand


def _validate(cli: Any, brand: Any) -> list[dict[str, Any]]:
    code, out, err = cli("validate", "--root", str(brand.root), "--format", "json", "--no-cache")
    assert code in (0, 1), err
    return json.loads(out)


def _post(brand: Any, channels: str, comment: str) -> None:
    brand.post("p", f"---\npublish_at: 2026-12-01T09:00\nchannels: [{channels}]\n"
                    "media:\n  - file: ../media/cup.jpg\n    alt: A cup\n"
                    f"{comment}---\nWinter Blend is here.\n")


def test_a_fitting_comment_passes(voiced: Any, cli: Any) -> None:
    _post(voiced, "instagram, linkedin", "first_comment: 'Shop: https://fernwood.example'\n")
    assert _validate(cli, voiced) == []


def test_length_per_platform(voiced: Any, cli: Any) -> None:
    _post(voiced, "instagram, linkedin", f"first_comment: '{'a' * 1300}'\n")
    found = _validate(cli, voiced)
    assert [(d["rule"], d["channel"], d["line"]) for d in found] == [
        ("length.linkedin.first_comment", "linkedin", 7)]
    assert "first comment is 1300 characters of 1250, 50 over" in found[0]["message"]
    assert "unverified" in found[0]["message"]
    # A channel's own limit wins.
    voiced.write("strategy.yaml", (voiced.root / "strategy.yaml").read_text().replace(
        "linkedin: {platform: linkedin, api: http://127.0.0.1:9}",
        "linkedin: {platform: linkedin, api: http://127.0.0.1:9, limits: {first_comment: 1500}}"))
    assert _validate(cli, voiced) == []


def test_utm_tags_count_in_the_comment(voiced: Any, cli: Any) -> None:
    voiced.write("strategy.yaml", (voiced.root / "strategy.yaml").read_text()
                 + "utm: {utm_medium: social}\n")
    text = "a" * (1250 - len(" https://fernwood.example/w") )
    _post(voiced, "linkedin", f"first_comment: '{text} https://fernwood.example/w'\n")
    found = _validate(cli, voiced)
    assert [d["rule"] for d in found] == ["length.linkedin.first_comment"]


def test_voice_and_per_channel_variants(voiced: Any, cli: Any) -> None:
    _post(voiced, "instagram, linkedin, mastodon",
          "first_comment:\n  instagram: 'Our world-class beans, link in bio'\n"
          "  linkedin: 'More on the blog'\n  mastodon: 'Mastodon has none'\n"
          "  x: 'Not sent there'\n")
    found = {(d["rule"], d["channel"], d["line"]): d["message"] for d in _validate(cli, voiced)}
    assert found.pop(("Brand.Hype", "instagram", 8)).startswith("first comment: Avoid")
    assert "Mastodon takes no first comment" in found.pop(
        ("first_comment.platform", "mastodon", 10))
    assert "not sent to" in found.pop(("first_comment.channel", "x", 11))
    assert found == {}


@pytest.mark.parametrize("value", ["first_comment: [a, b]\n",
                                   "first_comment:\n  instagram: [a]\n"])
def test_bad_shapes_are_errors(voiced: Any, cli: Any, value: str) -> None:
    _post(voiced, "instagram", value)
    found = _validate(cli, voiced)
    assert [(d["rule"], d["severity"]) for d in found] == [("frontmatter.type", "error")]
    assert "first_comment must be text, or channel: text" in found[0]["message"]


def test_nowhere_to_send_it(voiced: Any, cli: Any) -> None:
    voiced.post("p", "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n"
                     "first_comment: 'hello'\n---\nHi.\n")
    (d,) = _validate(cli, voiced)
    assert d["rule"] == "first_comment.platform" and d["severity"] == "warning"
