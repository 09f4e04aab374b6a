"""smm media fit POST: crops that keep the focal point, conversions and compression per
platform, and a media list that points each channel at its file."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from PIL import Image

POST = """\
---
publish_at: 2026-12-01T09:00
channels: [x, instagram]   # both
media:
  - file: ../media/pano.png   # the wide shot
    alt: The roastery, end to end
    focus: [0.8, 0.5]
---
Inside the roastery.
"""


@pytest.fixture
def pano(brand: Any) -> Any:
    im = Image.new("RGB", (3000, 1000), (200, 0, 0))  # red on the left...
    im.paste((0, 0, 200), (1500, 0, 3000, 1000))  # ...blue on the right
    (brand.root / "content/media").mkdir(parents=True)
    im.save(brand.root / "content/media/pano.png")
    brand.write("content/posts/p.md", POST)
    return brand


def _validate(cli: Any, brand: Any) -> list[dict[str, Any]]:
    code, out, _ = cli("validate", "--root", str(brand.root), "--format", "json", "--no-cache")
    return json.loads(out)


def test_validation_names_the_command(pano: Any, cli: Any) -> None:
    found = {d["rule"]: d["message"] for d in _validate(cli, pano)}
    assert "crop it: `smm media fit content/posts/p.md`" in found["media.aspect"]
    assert "convert it: `smm media fit content/posts/p.md`" in found["media.type"]


def test_fit_crops_around_the_focus_converts_and_repoints(pano: Any, cli: Any) -> None:
    code, out, err = cli("media", "fit", "p", "--root", str(pano.root))
    assert code == 0, err
    fitted = pano.root / "content/media/fit/pano-instagram.jpg"
    assert f"wrote {fitted.relative_to(pano.root)} for instagram" in out
    assert "cropped 3000x1000 to 1910x1000" in out and "converted PNG to JPEG" in out
    with Image.open(fitted) as im:
        assert (im.format, im.size) == ("JPEG", (1910, 1000))
        # The focus (x 0.8, 2400 px) stays in view: centred it would need 955 px on each
        # side, so the crop takes the right edge, from 1090 px: a little of the red half.
        rgb = im.convert("RGB")
        assert rgb.getpixel((300, 500))[0] > 150  # 1390 px: red
        assert rgb.getpixel((1000, 500))[2] > 150  # 2090 px: blue
    text = (pano.root / "content/posts/p.md").read_text()
    assert text == POST.replace(
        "    focus: [0.8, 0.5]\n",
        "    focus: [0.8, 0.5]\n    channels: [x]\n"
        "  - file: ../media/fit/pano-instagram.jpg\n    alt: The roastery, end to end\n"
        "    channels: [instagram]\n")
    assert [d["rule"] for d in _validate(cli, pano)] == []
    code, out, _ = cli("media", "fit", "p", "--root", str(pano.root))
    assert code == 0 and "every image fits its channels already" in out
    assert (pano.root / "content/posts/p.md").read_text() == text


def test_a_tall_image_is_cut_to_4_5_around_its_focus(brand: Any, cli: Any) -> None:
    (brand.root / "content/media").mkdir(parents=True)
    im = Image.new("RGB", (1000, 2000), (0, 200, 0))
    im.paste((200, 0, 0), (0, 0, 1000, 400))  # a red band at the top
    im.save(brand.root / "content/media/tall.jpg")
    brand.post("t", "---\npublish_at: 2026-12-01T09:00\nchannels: [instagram]\nmedia:\n"
                    "  - file: ../media/tall.jpg\n    alt: A tall cup\n    focus: [0.5, 0]\n"
                    "---\nTall.\n")
    code, out, err = cli("media", "fit", "t", "--root", str(brand.root))
    assert code == 0, err
    with Image.open(brand.root / "content/media/fit/tall-instagram.jpg") as got:
        assert got.size == (1000, 1250)
        assert got.convert("RGB").getpixel((500, 10))[0] > 150  # the top: kept
    # The only channel took the fitted file: it replaces the original in the list.
    text = (brand.root / "content/posts/t.md").read_text()
    assert "  - file: ../media/fit/tall-instagram.jpg\n    alt: A tall cup\n" \
        "    channels: [instagram]\n" in text and "tall.jpg" not in text.replace(
            "tall-instagram.jpg", "")
    assert [d["rule"] for d in _validate(cli, brand)] == []


def test_compressed_under_the_platforms_cap(brand: Any, cli: Any) -> None:
    (brand.root / "content/media").mkdir(parents=True)
    noise = Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3))
    noise.save(brand.root / "content/media/noise.png")
    assert (brand.root / "content/media/noise.png").stat().st_size > 2_000_000
    brand.post("n", "---\npublish_at: 2026-12-01T09:00\nchannels: [bluesky, mastodon]\n"
                    "media:\n  - {file: ../media/noise.png, alt: Static}\n---\nNoise.\n")
    assert "compress it: `smm media fit content/posts/n.md`" in _validate(cli, brand)[0][
        "message"]
    code, out, err = cli("media", "fit", "n", "--root", str(brand.root), "--format", "json")
    assert code == 0, err
    (f,) = json.loads(out)["fitted"]
    assert f["channels"] == ["bluesky"] and f["file"] == "content/media/fit/noise-bluesky.png"
    assert (brand.root / f["file"]).stat().st_size <= 2_000_000
    assert _validate(cli, brand) == []
    text = (brand.root / "content/posts/n.md").read_text()
    assert "{file: ../media/noise.png, alt: Static, channels: [mastodon]}" in text


def test_dry_run_writes_nothing(pano: Any, cli: Any) -> None:
    code, out, _ = cli("media", "fit", "p", "--root", str(pano.root), "--dry-run")
    assert code == 0 and "would write content/media/fit/pano-instagram.jpg" in out
    assert not (pano.root / "content/media/fit").exists()
    assert (pano.root / "content/posts/p.md").read_text() == POST


def test_bad_focus_and_unknown_channel(pano: Any, cli: Any) -> None:
    pano.write("content/posts/p.md", POST.replace("[0.8, 0.5]", "[80, 50]"))
    found = _validate(cli, pano)
    assert any(d["rule"] == "frontmatter.type" and "focus must be [x, y]" in d["message"]
               for d in found)
    code, _, err = cli("media", "fit", "p", "--root", str(pano.root), "--channel", "tiktok")
    assert code == 2 and "not sent to it" in err
