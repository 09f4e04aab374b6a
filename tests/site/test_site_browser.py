"""What a stakeholder sees, in headless Debian Chromium: the calendar, post previews,
KPI charts, and a hostile post that stays text. No request may leave 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from smm.content import load_posts
from smm.project import load_project
from smm.site import urls

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def _page_url(server: Any, src: str) -> str:
    return server.url + urls.Linker().url(src)


def test_home(server: Any, watched: Any) -> None:
    page = watched.page
    page.goto(server.url)
    assert page.locator("h1").first.inner_text().endswith("social")
    assert page.locator("h2#today").count() == 1
    assert page.locator("h2#next-seven-days").count() == 1
    assert page.locator("h2#needs-attention").count() == 1
    assert page.locator(".smm-dayblock").count() == 7
    watched.shot("home")
    assert watched.errors == []


def test_calendar_shows_every_post_on_its_date(example_root: Path, server: Any,
                                               watched: Any) -> None:
    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    by_month: dict[tuple[int, int], list[Any]] = {}
    for p in posts:
        if p.publish_at:
            local = p.publish_at.astimezone(proj.timezone)
            by_month.setdefault((local.year, local.month), []).append((p, local.date()))
    assert by_month
    page = watched.page
    for (y, m), items in sorted(by_month.items()):
        page.goto(_page_url(server, urls.month_src(y, m)))
        for post, day in items:
            cell = page.locator(f"ol.smm-month li[data-date='{day.isoformat()}']")
            href = urls.Linker().href(urls.month_src(y, m), urls.post_src(post.id))
            assert cell.locator(f"li.smm-item a[href='{href}']").count() == 1, (post.id, day)
    # Month navigation moves between months, and the filter keeps its choice.
    page.goto(server.url + "calendar/")
    month = page.locator(".smm-cal__title").inner_text()
    assert month == "November 2026"
    page.locator("select[name=channel]").select_option("linkedin")
    shown = page.locator("ol.smm-month li.smm-item:visible")
    for i in range(shown.count()):
        assert "linkedin" in (shown.nth(i).get_attribute("data-channels") or "").split()
    hidden = page.locator("ol.smm-month li.smm-item[hidden]").count()
    assert hidden > 0 or shown.count() == page.locator("ol.smm-month li.smm-item").count()
    nxt = page.locator("a.smm-cal__next")
    if nxt.count():
        assert "channel=linkedin" in (nxt.get_attribute("href") or "")
        nxt.click()
        page.wait_for_load_state()
        assert page.locator(".smm-cal__title").inner_text() != month
        assert page.locator("select[name=channel]").input_value() == "linkedin"
    page.goto(server.url + "calendar/")
    watched.shot("calendar")
    assert watched.errors == []


def test_post_page_shows_each_channel_preview_and_counts(example_root: Path, server: Any,
                                                         watched: Any) -> None:
    from smm.preview import channel_views

    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    # The richest post: most channels, thread parts and media make the best check.
    post = max(posts, key=lambda p: (len(p.channels), len(p.media), len(p.shared)))
    views = channel_views(proj, post)
    page = watched.page
    page.goto(_page_url(server, urls.post_src(post.id)))
    for v in views:
        card = page.locator(f"article.smm-card[data-channel='{v.channel.id}']")
        assert card.count() == 1, v.channel.id
        assert card.locator(".smm-card__part").count() == len(v.parts)
        for i, part in enumerate(v.parts):
            counts = card.locator(".smm-card__part").nth(i).locator("p.smm-count")
            assert counts.count() == len(part.counts)
            for j, c in enumerate(part.counts):
                assert counts.nth(j).get_attribute("data-length") == str(c.length)
                assert counts.nth(j).get_attribute("data-limit") == str(c.limit)
            text = card.locator(".smm-card__part p.smm-text").nth(i).inner_text()
            first_words = part.rendered.text.split()[:3]
            for w in first_words:
                assert w in text
        assert v.label in card.locator("header").inner_text()
        assert card.locator(".smm-media figure").count() == len(v.media)
    watched.shot("post")
    assert watched.errors == []


def test_kpi_page_has_a_chart_and_table_per_kpi(example_root: Path, server: Any,
                                                watched: Any) -> None:
    from smm.metrics import kpi

    proj = load_project(example_root)
    results = kpi.compute(proj, today=dt.date(2026, 11, 27))
    page = watched.page
    page.goto(server.url + "kpi/")
    charts = page.locator("section.smm-kpichart")
    assert charts.count() == len(results)
    for i, r in enumerate(results):
        sec = charts.nth(i)
        img = sec.locator("figure.smm-chart img")
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), r.metric
        rows = sec.locator("table.smm-kpitable").first.locator("tbody tr")
        assert rows.count() == min(len(r.periods), 13)
        assert len(r.by_channel) + 4 == sec.locator("table.smm-kpitable thead th").count()
        # Each channel as a small multiple, every one of them drawn.
        small = sec.locator(".smm-multiples img")
        assert small.count() == len(r.by_channel)
        for j in range(small.count()):
            small.nth(j).scroll_into_view_if_needed()
            assert small.nth(j).evaluate("i => i.complete && i.naturalWidth > 0"), j
    link = page.locator("a[href$='kpi.csv']")
    assert link.count() == 1
    csv = page.request.get(server.url + "kpi/kpi.csv")
    assert csv.ok and csv.text().startswith("goal,metric,per,channel,period")
    watched.shot("kpi")
    assert watched.errors == []


HOSTILE = """\
---
publish_at: 2026-11-27T15:00:00+01:00
channels: [x, linkedin, mastodon, instagram]
campaign: "<img src=x onerror=window.__pwned=1>"
title: "<script>window.__pwned=1</script> title"
media:
  - file: ../../media/pour-over-cup.jpg
    alt: "<img src=x onerror=window.__pwned=1>"
---
<script>window.__pwned=1;alert(1)</script> and <img src=x onerror="window.__pwned=1;alert(2)">
[click me](javascript:alert(3)) <a href="javascript:alert(4)" onclick="alert(5)">x</a>
<svg onload=alert(6)></svg> "><iframe src=javascript:alert(7)> https://example.com/ok

---

</div></div><script>alert(8)</script>
"""


def test_hostile_post_stays_text(tmp_path: Path, browser: Any, kit: Any) -> None:
    root = kit.copy_example(tmp_path / "repo")
    (root / "content/posts/zz-hostile.md").write_text(HOSTILE, encoding="utf-8")
    site = kit.build(root, tmp_path / "public")
    server = kit.Server(site)
    w = kit.Watched(browser)
    try:
        page = w.page
        post_src = urls.post_src("posts/zz-hostile")
        for url in (_page_url(server, post_src), server.url, server.url + "calendar/",
                    server.url + "campaigns/", server.url + "posts/"):
            page.goto(url)
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__pwned") is None, url
            # Only the theme's and our own scripts; no element carries an event handler.
            srcs = page.eval_on_selector_all("script", "s => s.map(x => x.src || 'inline')")
            assert all(s == "inline" or s.startswith(server.url) for s in srcs), srcs
            assert page.locator("iframe, [onerror], [onload], [onclick]").count() == 0
            hrefs = page.eval_on_selector_all("a[href]", "a => a.map(x => x.href)")
            assert not [h for h in hrefs if h.lower().startswith("javascript:")]
        page.goto(_page_url(server, post_src))
        cards = page.locator("article.smm-card")
        assert cards.count() == 4
        x = page.locator("article.smm-card[data-channel='x']")
        text = x.locator(".smm-card__part p.smm-text").first.inner_text()
        assert "<script>window.__pwned=1;alert(1)</script>" in text
        assert x.locator(".smm-card__part p.smm-text :is(script, img, svg, iframe)").count() == 0
        # The one real link is there; the javascript: ones are not links.
        links = x.locator(".smm-card__part p.smm-text a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == \
            ["https://example.com/ok"]
        assert page.locator("h1").first.inner_text().startswith("<script>")
        assert "<script>" in page.title()
        assert w.dialogs == []
        assert w.errors == []
        w.shot("hostile-post")
    finally:
        w.context.close()
        server.close()
    assert w.outside == []
