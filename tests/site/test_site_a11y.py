"""The example site as a stakeholder meets it on a phone and on a laptop, in headless
Debian Chromium: every page type fits the screen (no sideways scroll from 320 to 1440
px), axe-core finds no serious or critical problem at 390 and 1280 px, nothing moves
after the page is drawn, other-language posts say so, and with JavaScript off every
post still shows its date, its states and its previews.

axe-core comes from npm (`.ci/run` installs it under ~/.cache/smm-axe) and is injected
with Playwright into the page under test: no request leaves 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from smm.content import load_posts
from smm.project import load_project
from smm.site import palette, urls

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

AXE = Path(os.environ.get("SMM_AXE") or Path.home() / ".cache" / "smm-axe" / "node_modules"
           / "axe-core" / "axe.min.js")


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is not installed at {AXE} (.ci/run installs it)")
        pytest.skip(f"axe-core is not installed at {AXE}: npm install axe-core@4 there")
    return str(AXE)


def _post_url(post_id: str) -> str:
    return urls.Linker().url(urls.post_src(post_id))


@pytest.fixture(scope="module")
def page_types(example_root: Path) -> dict[str, str]:
    """One page of every kind the site makes, by name: the posts chosen for what they
    carry (the most channels, a video, another language, a content warning)."""
    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    richest = max(posts, key=lambda p: (len(p.channels), len(p.media), len(p.shared)))
    video = next(p for p in posts if any(m.kind == "video" for m in p.media))
    french = next(p for p in posts if p.get("lang") == "fr")
    warned = next(p for p in posts if p.get("content_warning"))
    planned = proj.campaigns[0].id
    ad_hoc = next(p.get("campaign") for p in posts
                  if p.get("campaign") and p.get("campaign") not in
                  {c.id for c in proj.campaigns})
    return {
        "home": "", "calendar": "calendar/", "month": "calendar/2026-12/",
        "posts": "posts/", "post": _post_url(richest.id), "video post": _post_url(video.id),
        "french post": _post_url(french.id), "warned post": _post_url(warned.id),
        "campaigns": "campaigns/",
        "campaign": urls.Linker().url(urls.campaign_src(planned)),
        "ad-hoc campaign": urls.Linker().url(urls.campaign_src(ad_hoc)),
        "kpi": "kpi/", "strategy": "strategy/", "brand": "brand/", "about": "about/",
    }


_WIDTH = """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"""

_AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(
      n => n.target.join(' ') + ' -- ' + (n.failureSummary || '').replace(/\\s+/g, ' ')
    ).join(' | '));
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_fits_and_passes_axe(width: int, browser: Any, server: Any,
                                        page_types: dict[str, str], axe: str) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900},
                              service_workers="block")
    problems = []
    try:
        page = ctx.new_page()
        for name, path in page_types.items():
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            wide = page.evaluate(_WIDTH)
            if wide > width:
                problems.append(f"{name} ({path}) scrolls sideways: {wide} px on {width}")
            page.add_script_tag(path=axe)
            problems += [f"{name} ({path}): {v}" for v in page.evaluate(_AXE_RUN)]
    finally:
        ctx.close()
    assert problems == []


def test_every_page_fits_the_narrowest_and_widest_screens(browser: Any, server: Any,
                                                           page_types: dict[str, str]) -> None:
    problems = []
    for width in (320, 1440):
        ctx = browser.new_context(viewport={"width": width, "height": 800},
                                  service_workers="block")
        try:
            page = ctx.new_page()
            for name, path in page_types.items():
                page.goto(server.url + path)
                wide = page.evaluate(_WIDTH)
                if wide > width:
                    problems.append(f"{name} ({path}): {wide} px on a {width} px screen")
        finally:
            ctx.close()
    assert problems == []


def test_without_javascript_every_post_shows_its_date_states_and_previews(
        example_root: Path, browser: Any, server: Any) -> None:
    from smm.preview import channel_views

    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    ctx = browser.new_context(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    try:
        page = ctx.new_page()
        for post in posts:
            page.goto(server.url + _post_url(post.id))
            assert page.evaluate("() => document.documentElement.classList.contains('no-js')")
            if post.publish_at:
                when = page.locator(".smm-post__meta time[datetime]")
                assert when.count() == 1, post.id
                assert when.is_visible(), post.id
            states = page.locator("ul.smm-status > li")
            assert states.count() == len(post.channels), post.id
            for i, chan in enumerate(post.channels):
                text = states.nth(i).inner_text()
                assert chan in text and states.nth(i).locator(".smm-pill").is_visible(), \
                    (post.id, chan)
            views = channel_views(proj, post)
            for v in views:
                card = page.locator(f"article.smm-card[data-channel='{v.channel.id}']")
                assert card.is_visible(), (post.id, v.channel.id)
                texts = card.locator("p.smm-text")
                assert texts.count() == len(v.parts), (post.id, v.channel.id)
                words = v.parts[0].rendered.text.split()[:2]
                got = texts.first.text_content() or ""
                assert all(w in got for w in words), (post.id, v.channel.id)
                assert card.locator(".smm-media figure").count() == len(v.media)
            assert "needs JavaScript" not in page.content()
        # The lists too: every post of the month in the calendar, every post listed.
        page.goto(server.url + "calendar/2026-12/")
        dec = [p for p in posts if p.publish_at and
               p.publish_at.astimezone(proj.timezone).strftime("%Y-%m") == "2026-12"]
        items = page.locator("ol.smm-month li.smm-item")
        assert items.count() == len(dec) and items.first.is_visible()
        page.goto(server.url + "posts/")
        assert page.locator("ul.smm-lines > li").count() == len(posts)
    finally:
        ctx.close()


_CLS = """() => new Promise(done => {
  let total = 0, what = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) { continue; }
      total += e.value;
      what = what.concat((e.sources || []).map(s => s.node ? (s.node.nodeName + '.' +
        (s.node.className || '')) : '?'));
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done([total, what.join(', ')]), 600);
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_moves_once_drawn(width: int, browser: Any, server: Any,
                                  page_types: dict[str, str]) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900},
                              service_workers="block")
    try:
        page = ctx.new_page()
        shifts = {}
        for name in ("calendar", "month", "posts", "post", "video post", "home", "kpi"):
            page.goto(server.url + page_types[name])
            page.wait_for_load_state("load")
            shifts[name] = page.evaluate(_CLS)
    finally:
        ctx.close()
    assert all(v[0] < 0.01 for v in shifts.values()), shifts


def test_other_language_posts_say_so(example_root: Path, browser: Any, server: Any,
                                     page_types: dict[str, str]) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(server.url + page_types["french post"])
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1.smm-post__title").get_attribute("lang") == "fr"
        texts = page.locator("article.smm-card p.smm-text")
        assert texts.count() > 0
        assert all(texts.nth(i).get_attribute("lang") == "fr" for i in range(texts.count()))
        assert page.locator("article.smm-card figcaption:not([lang])").count() == 0 or \
            page.locator("article.smm-card figure[lang='fr']").count() > 0
        # Lists mark the title alone: the rest of the line is the site's own words.
        page.goto(server.url + "calendar/2026-12/")
        assert page.locator("li.smm-item a[lang='fr']").count() >= 1
        page.goto(server.url + page_types["post"])
        assert page.locator("[lang='fr']").count() == 0
    finally:
        ctx.close()


def test_platform_colours_are_readable() -> None:
    """White text on each badge reaches 4.5:1, and each colour on white 3:1 (chart
    lines): the palette the calendar, cards and charts share."""
    for plat, colour in palette.COLOURS.items():
        assert palette.contrast(colour, "#FFFFFF") >= 4.5, plat
