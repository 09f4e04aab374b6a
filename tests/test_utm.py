"""UTM tags (strategy.yaml `utm:`) on each channel's links, through the CLI: what the
preview shows, what validation counts, what a publish run sends."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

UTM = """
utm:
  utm_medium: social
  utm_content: "{post}"
  exclude: [partner.example]
  channels:
    linkedin: {utm_medium: organic-social, utm_source: li}
  campaigns:
    winter-launch: {utm_campaign: winter-2026}
"""
LINK = "https://fernwood.example/winter"


@pytest.fixture
def tagged(brand: Any) -> Any:
    brand.write("strategy.yaml", (brand.root / "strategy.yaml").read_text() + UTM)
    return brand


def _dry_run(cli: Any, brand: Any, post: str) -> dict[str, list[str]]:
    """Each channel's parts as a publish run would send them (`--dry-run`, whose view
    is the one the clients send)."""
    code, out, err = cli("publish", "--dry-run", "--format", "json", "--root", str(brand.root),
                         "--now", "2026-12-01T09:00")
    got = {}
    for r in json.loads(out)["results"]:
        if r["post_id"] == post:
            got[r["channel"]] = r["detail"]["parts"]
    return got


def test_links_are_tagged_per_channel_and_campaign(tagged: Any, cli: Any) -> None:
    tagged.post("launch", f"---\npublish_at: 2026-12-01T09:00\nchannels: [x, linkedin, bluesky]\n"
                          f"campaign: winter-launch\n---\nWinter Blend: {LINK} and "
                          f"[the guide](https://fernwood.example/guide?ref=a#brew).\n")
    sent = _dry_run(cli, tagged, "posts/launch")
    x = sent["x"][0]
    assert (f"{LINK}?utm_source=x&utm_medium=social&utm_campaign=winter-2026"
            "&utm_content=launch") in x
    # An existing query is kept, the fragment stays last.
    assert ("https://fernwood.example/guide?ref=a&utm_source=x&utm_medium=social"
            "&utm_campaign=winter-2026&utm_content=launch#brew") in x
    li = sent["linkedin"][0]
    assert f"{LINK}?utm_source=li&utm_medium=organic-social&utm_campaign=winter-2026" in li
    # Bluesky shows the link shortened; the facet behind it carries the tagged URL.
    assert "fernwood.example/winter?utm_s..." in sent["bluesky"][0]
    code, out, _ = cli("preview", tagged.root / "content/posts/launch.md",
                       "--root", str(tagged.root), "--channel", "linkedin")
    assert code == 0 and "utm_source=li" in out


def test_tagged_already_excluded_and_campaignless_links(tagged: Any, cli: Any) -> None:
    tagged.post("p", "---\npublish_at: 2026-12-01T09:00\nchannels: [mastodon]\n---\n"
                     "A https://fernwood.example/a?utm_source=newsletter and "
                     "https://shop.partner.example/b and https://fernwood.example/c "
                     "and mailto-free text.\n")
    (text,) = _dry_run(cli, tagged, "posts/p")["mastodon"]
    assert "https://fernwood.example/a?utm_source=newsletter and" in text
    assert "https://shop.partner.example/b and" in text
    # No campaign: utm_campaign ({campaign}) comes out empty and is left out.
    assert "https://fernwood.example/c?utm_source=mastodon&utm_medium=social&utm_content=p" \
        in text


def test_lengths_count_the_tagged_text_where_the_platform_counts_the_url(tagged: Any,
                                                                         cli: Any) -> None:
    """LinkedIn counts a URL whole: a post that fits untagged is too long tagged. X
    counts every URL as 23: the same post passes there."""
    tags = len("?utm_source=li&utm_medium=organic-social&utm_content=long")
    filler = "a" * (3000 - len(LINK) - 1 - tags + 1)  # one over, tagged
    tagged.post("long", f"---\npublish_at: 2026-12-01T09:00\nchannels: [linkedin, x]\n---\n"
                        f"{filler} {LINK}\n")
    code, out, _ = cli("validate", "--root", str(tagged.root), "--format", "json")
    found = json.loads(out)
    assert code == 1
    (over,) = [d for d in found if d["rule"] == "length.linkedin"]
    assert "3001 characters of 3000, 1 over" in over["message"]
    assert not any(d["rule"] == "length.x" for d in found if "of 280" not in d["message"])
    # The same text without tags fits.
    tagged.write("strategy.yaml", (tagged.root / "strategy.yaml").read_text().replace(UTM, ""))
    code, out, _ = cli("validate", "--root", str(tagged.root), "--format", "json")
    assert not any(d["rule"] == "length.linkedin" for d in json.loads(out))


def test_bluesky_counts_the_shortened_tagged_link(tagged: Any, cli: Any) -> None:
    """Bluesky counts what it shows: the short form of the tagged URL (host, then 13
    characters of the rest, then ...), 32 graphemes here where the untagged link is 18."""
    short = "fernwood.example/w?utm_source..."
    for n, ok in ((300 - 1 - len(short), True), (300 - len(short), False)):
        tagged.post("b", f"---\npublish_at: 2026-12-01T09:00\nchannels: [bluesky]\n---\n"
                         f"{'é' * n} https://fernwood.example/w\n")
        (text,) = _dry_run(cli, tagged, "posts/b")["bluesky"]
        assert text == "é" * n + " " + short
        code, out, _ = cli("validate", "--root", str(tagged.root), "--format", "json")
        assert (code == 0) is ok, out
        if not ok:
            assert "301 graphemes of 300" in json.loads(out)[0]["message"]


def test_a_brand_without_utm_never_loads_the_tagging(brand: Any) -> None:
    brand.post("p", f"---\npublish_at: 2026-12-01T09:00\nchannels: [x, linkedin]\n---\n{LINK}\n")
    code = ("import sys; from smm.cli import main; "
            f"rc = main(['validate', '--no-cache', '--root', {str(brand.root)!r}]); "
            "print(rc, 'smm.utm' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.split()[-2:] == ["0", "False"], r.stdout + r.stderr


@pytest.mark.parametrize("utm, fragment", [
    ("utm: [a]", "utm must be a mapping"),
    ("utm:\n  utm_source: '{chanel}'", "unknown placeholder {chanel}"),
    ("utm:\n  utm_sauce: x", "unknown key 'utm_sauce'"),
    ("utm:\n  exclude: example.com", "exclude must be a list of domains"),
    ("utm:\n  channels:\n    myspace: {utm_medium: x}", "unknown channel 'myspace'"),
    ("utm:\n  campaigns:\n    w: {utm_medium: [x]}", "utm_medium must be text"),
])
def test_bad_utm_config_is_exit_2(brand: Any, cli: Any, utm: str, fragment: str) -> None:
    brand.write("strategy.yaml", (brand.root / "strategy.yaml").read_text() + utm + "\n")
    code, _, err = cli("validate", "--root", str(brand.root))
    assert code == 2 and fragment in err and "strategy.yaml:" in err, err


def test_setting_up_utm_does_not_flag_posts_published_before(example: Any, cli: Any) -> None:
    """Published posts' records fingerprint what was sent (untagged): adding `utm:`
    later is not an edit of theirs. A real edit still is."""
    root = str(example.root)
    code, out, _ = cli("validate", "--root", root, "--format", "json")
    before = {d["path"] for d in json.loads(out) if d["rule"] == "publish.edited"}
    example.write("strategy.yaml", (example.root / "strategy.yaml").read_text() + UTM)
    code, out, _ = cli("validate", "--root", root, "--format", "json")
    after = {d["path"] for d in json.loads(out) if d["rule"] == "publish.edited"}
    assert after == before
    f = example.root / "content/posts/2026-11/2026-11-02-huila-origin.md"
    f.write_text(f.read_text().replace("Huila, Colombia", "Huila (Colombia)"))
    code, out, _ = cli("validate", "--root", root, "--format", "json")
    assert ("content/posts/2026-11/2026-11-02-huila-origin.md", "publish.edited") in {
        (d["path"], d["rule"]) for d in json.loads(out)}
