"""What the site's pages say, read from the example site's HTML (one strict build shared
by the session): campaign plans with their results, the brand guide in plain words,
previews as each platform shows them, and no note meant for developers."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from smm.content import load_posts
from smm.errors import ConfigError
from smm.project import load_project
from smm.site import sources, urls

pytestmark = pytest.mark.timeout(180)


def _page(site: Path, src: str) -> str:
    return (site / urls.Linker().url(src) / "index.html").read_text("utf-8")


def _text(page: str) -> str:
    """The page's words, tags removed (what a reader sees, roughly)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_campaign_page_shows_brief_schedule_states_and_totals(example_root: Path,
                                                              example_site: Path) -> None:
    proj = load_project(example_root)
    plan = next(c for c in proj.campaigns if c.id == "winter-launch")
    posts, _ = load_posts(proj)
    mine = [p for p in posts if p.get("campaign") == plan.id]
    assert mine
    page = _page(example_site, urls.campaign_src(plan.id))
    words = " ".join(_text(page).split())
    assert plan.name in words and " ".join(plan.brief.split()) in words
    assert "19 Nov – 31 Dec 2026" in words and "running" in words
    # The schedule: every post of the campaign, with each channel's state.
    for p in mine:
        href = urls.Linker().href(urls.campaign_src(plan.id), urls.post_src(p.id))
        assert f'href="{href}"' in page, p.id
    # Totals against the targets: impressions are the campaign posts' latest views.
    latest = sources.latest(sources.read_history(proj) or [])
    views = sum(v for p in mine for c in p.channels
                for m, (_d, v) in latest.get((p.id, c), {}).items() if m == "views")
    targets = re.search(r'<table class="smm-table smm-targets">(.*?)</table>', page, re.S)
    assert targets
    rows = {m.group(1): m.group(2) for m in re.finditer(
        r"<tr><td>(\w+)</td><td><strong>([^<]*)</strong>", targets.group(1))}
    assert rows["impressions"] == f"{views:,.0f}"
    published = sum(1 for p in mine if any(
        (p.id, c) in latest for c in p.channels))  # out on a channel: it has metrics
    assert int(rows["posts"]) >= published
    for metric, target in plan.targets:
        assert f"<td>{target:,.0f}</td>" in targets.group(1), metric
    assert re.search(r'smm-kst-(ahead|on-track|behind|met)">', targets.group(1))


def test_campaigns_list_plans_first_and_ad_hoc_ones(example_root: Path,
                                                    example_site: Path) -> None:
    proj = load_project(example_root)
    page = _page(example_site, "campaigns/index.md")
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', page)
    assert names[:len(proj.campaigns)] == [c.name for c in proj.campaigns]
    assert "brew-school" in names  # named by posts only
    # A channel chip carries no state: a campaign with nothing published shows no tick.
    assert not re.search(r'<td><span class="smm-b [^"]*smm-st-', page)


def test_campaign_plans_are_checked(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "brand")
    strategy = root / "strategy.yaml"
    text = strategy.read_text("utf-8").replace(
        "    goal: engagement\n    audience: coffee-nerds\n",
        "    goal: engagment\n    audience: coffee-nerds\n    dates: soon\n")
    strategy.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as e:
        load_project(root)
    msg = str(e.value)
    assert re.search(r"strategy\.yaml:\d+:\d+: unknown goal 'engagment'.*engagement", msg)
    assert re.search(r"strategy\.yaml:\d+:\d+: unknown campaign key 'dates'", msg)


def test_a_planned_campaign_without_posts_has_its_page(tmp_path: Path, kit: Any) -> None:
    from smm.site import generate

    root = kit.copy_example(tmp_path / "brand")
    strategy = root / "strategy.yaml"
    strategy.write_text(strategy.read_text("utf-8").replace("campaigns:\n", (
        "campaigns:\n  - id: spring-2027\n    name: Spring harvest\n"
        "    brief: First lots of the new harvest.\n    start: 2027-03-01\n"
        "    end: 2027-04-30\n    targets:\n      - {metric: clicks, target: 500}\n"), 1),
        "utf-8")
    r = generate.generate(load_project(root), kit.NOW)
    page = (r.docs / urls.campaign_src("spring-2027")).read_text("utf-8")
    assert "Spring harvest" in page and "First lots of the new harvest." in page
    assert "planned" in page and "No post names this campaign yet" in page
    assert "not-started" in page


def test_brand_guide_is_plain_words_grouped_by_style(example_site: Path) -> None:
    page = _page(example_site, "brand.md")
    words = _text(page)
    for raw in ("[- ]", "(?", "\\b", "\\p{", "$sentence", "[^", "{'", "': '"):
        assert raw not in words, raw
    # Each style is a group saying where it applies; Repetition is in two of them.
    groups = re.findall(r'<h3 id="style-[^"]+">([^<]+)', page)
    assert any(g.startswith("Fernwood: every post in English") for g in groups), groups
    assert any(g.startswith("FernwoodFR:") and "French" in g for g in groups), groups
    assert any(g.startswith("FernwoodFormal:") and "linkedin" in g for g in groups), groups
    assert len(re.findall(r"<h4>Repetition ", page)) == 2
    # Consistency: write the brand's spelling (the rule's first), not the other.
    cons = page[page.index('id="rule-Fernwood-Consistency"'):]
    cons = cons[:cons.index("</section>")]
    pairs = re.findall(r'<td class="smm-yes">([^<]+)</td><td class="smm-no">([^<]+)</td>',
                       cons)
    assert ("flavour", "flavor") in pairs and ("grey", "gray") in pairs
    # A substitution reads the same way round; a pattern becomes the words it matches.
    hype = page[page.index('id="rule-Fernwood-Hype"'):]
    assert "world-class" in hype[:hype.index("</section>")]
    jargon = page[page.index('id="rule-Fernwood-Jargon"'):]
    assert '<td class="smm-yes">brew</td><td class="smm-no">extract</td>' in jargon
    # The French style's own words are marked French; a rule switched off is not shown.
    assert re.search(r'<p lang="fr">Pas de superlatifs', page)
    assert 'id="rule-Fernwood-Passive"' not in page


def test_previews_as_each_platform_shows_them(example_root: Path, example_site: Path) -> None:
    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    warned = next(p for p in posts if p.get("content_warning") and
                  "mastodon" in p.channels)
    page = _page(example_site, urls.post_src(warned.id))
    card = page[page.index('data-channel="mastodon"'):]
    card = card[:card.index("</article>")]
    cw = html.escape(warned.get("content_warning"), quote=True)
    assert f'<details class="smm-cw"><summary><span>{cw}</span>' in card
    assert card.count('<details class="smm-cw">') == len(warned.shared)
    other = page[page.index('data-channel="x"'):]
    assert "smm-cw" not in other[:other.index("</article>")]  # X has no such thing

    # A vertical video: 9:16 on TikTok, with a poster frame drawn from the video.
    video = next(p for p in posts if "tiktok" in p.channels and
                 any(m.kind == "video" for m in p.media))
    page = _page(example_site, urls.post_src(video.id))
    tik = page[page.index('data-channel="tiktok"'):]
    tik = tik[:tik.index("</article>")]
    assert "aspect-ratio:9 / 16" in tik and 'data-frame="TikTok video"' in tik
    poster = re.search(r'<video [^>]*poster="([^"]+)"', tik)
    assert poster, tik
    out = (example_site / urls.Linker().url(urls.post_src(video.id))) / poster.group(1)
    assert out.resolve().is_file() and out.resolve().read_bytes()[:2] == b"\xff\xd8"

    # Every video on the site has its poster.
    for f in example_site.rglob("index.html"):
        for tag in re.findall(r"<video [^>]*>", f.read_text("utf-8")):
            assert "poster=" in tag, (f, tag)

    # A portrait picture keeps its shape on Instagram (4:5), not a square crop.
    from PIL import Image

    tall = next((p, m) for p in posts if "instagram" in p.channels for m in p.media
                if m.kind == "image" and Image.open(m.path).height > Image.open(m.path).width)
    page = _page(example_site, urls.post_src(tall[0].id))
    ig = page[page.index('data-channel="instagram"'):]
    assert "aspect-ratio:4 / 5" in ig[:ig.index("</article>")]


def test_real_handles_and_no_developer_notes(example_root: Path, example_site: Path) -> None:
    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    post = next(p for p in posts if "instagram" in p.channels)
    page = _page(example_site, urls.post_src(post.id))
    ig = page[page.index('data-channel="instagram"'):]
    assert "@fernwood.coffee" in ig[:ig.index("</header>")]
    assert "Instagram account" not in page
    for f in example_site.rglob("*.html"):
        text = f.read_text("utf-8")
        assert "unverified" not in text and "strategy.yaml</code> limits" not in text, f
        assert "needs JavaScript" not in text, f


def test_focal_point_sets_the_crop(tmp_path: Path, kit: Any) -> None:
    from smm.cli import main
    from smm.site import generate

    root = kit.copy_example(tmp_path / "brand")
    post = root / "content/posts/2026-12/2026-12-01-winter-blend-launch.md"
    text = post.read_text("utf-8")
    post.write_text(text.replace("    alt: A cream-coloured", "    focus: [0.5, 0.2]\n"
                                 "    alt: A cream-coloured", 1), "utf-8")
    r = generate.generate(load_project(root), kit.NOW)
    page = (r.docs / urls.post_src("posts/2026-12/2026-12-01-winter-blend-launch")
            ).read_text("utf-8")
    masto = page[page.index('data-channel="mastodon"'):]
    assert "aspect-ratio:16 / 9;object-position:50% 20%" in masto[:masto.index("</article>")]
    post.write_text(text.replace("    alt: A cream-coloured", "    focus: [50, 20]\n"
                                 "    alt: A cream-coloured", 1), "utf-8")
    assert main(["validate", "--root", str(root), str(post)]) == 1
