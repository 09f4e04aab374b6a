"""One site for a workspace's team: each brand's section, a cross-brand calendar a
reader filters by brand, calendar.ics per brand and for all, post text escaped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., tuple[int, str, str]]
NOW = "2026-12-01T08:00:00+00:00"  # a Tuesday: the week of 30 Nov to 6 Dec


def post(root: Path, key: str, name: str, when: str, title: str) -> None:
    p = root / "brands" / key / "content" / "posts" / f"{name}.md"
    p.write_text(f"---\npublish_at: {when}\nchannels: [mastodon, bluesky]\n---\n{title}\n",
                 encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from smm.cli import main

    top = tmp_path_factory.mktemp("ws") / "team"
    assert main(["init", str(top), "--add-brand", "fernwood", "--add-brand", "acme",
                 "--no-git", "--now", "2026-11-27T09:00Z"]) == 0
    assert main(["init", str(top), "--add-brand", "lune", "--lang", "fr", "--timezone",
                 "Europe/Paris", "--brand", "Lune Thé", "--now", "2026-11-27T09:00Z"]) == 0
    post(top, "fernwood", "roast", "2026-12-02T09:00", "Fernwood roast day")
    post(top, "acme", "sale", "2026-12-02T11:00", "Acme <script>alert('x')</script> sale")
    post(top, "lune", "the", "2026-12-03T10:00", "Lune : le thé d'hiver")
    post(top, "lune", "jan", "2027-01-05T10:00", "Lune en janvier")
    out = top.parent / "public"
    assert main(["site", "build", "--root", str(top), "--out", str(out), "--now", NOW]) == 0
    return top, out


def test_each_brand_has_its_section_and_calendar_ics(built: tuple[Path, Path]) -> None:
    top, out = built
    for key in ("fernwood", "acme", "lune"):
        for page in ("index.html", "calendar/index.html", "posts/index.html",
                     "campaigns/index.html", "kpi/index.html", "strategy/index.html",
                     "brand/index.html", "calendar.ics"):
            assert (out / key / page).is_file(), (key, page)
    assert (out / "lune/posts/the/index.html").is_file()
    for page in ("index.html", "calendar/index.html", "calendar/2027-01/index.html",
                 "calendar.ics", "assets/smm/workspace.js"):
        assert (out / page).is_file(), page


def test_the_calendars_ics(built: tuple[Path, Path]) -> None:
    import icalendar

    _, out = built

    def summaries(path: Path) -> list[str]:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        return sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))

    lune = summaries(out / "lune/calendar.ics")
    assert lune == ["Lune : le thé d'hiver (Mastodon, Bluesky)",
                    "Lune en janvier (Mastodon, Bluesky)"]
    every = summaries(out / "calendar.ics")
    assert len(every) == 4  # a post an event, drafts left out
    assert "Lune Thé · Lune : le thé d'hiver (Mastodon, Bluesky)" in every
    assert "Acme · Acme <script>alert('x')</script> sale (Mastodon, Bluesky)" in every
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(
        (out / "calendar.ics").read_bytes()).walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_the_team_calendar_lists_every_brand_escaped(built: tuple[Path, Path]) -> None:
    _, out = built
    html = (out / "calendar/index.html").read_text(encoding="utf-8")
    for key in ("fernwood", "acme", "lune"):
        assert f'data-smm-brand="{key}"' in html
        assert f'value="{key}"' in html  # its filter box
    assert "<script>alert(" not in html
    assert "Acme &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; sale" in html
    assert 'href="../lune/posts/the/"' in html
    jan = (out / "calendar/2027-01/index.html").read_text(encoding="utf-8")
    assert "Lune en janvier" in jan and "Fernwood roast day" not in jan


def test_navigation_has_each_brand(built: tuple[Path, Path]) -> None:
    top, out = built
    home = (out / "index.html").read_text(encoding="utf-8")
    for name in ("Fernwood", "Acme", "Lune Thé"):
        assert name in home
    import yaml

    cfg = yaml.safe_load((top / "site/_generated/mkdocs.yml").read_text())
    assert cfg["INHERIT"] == "../mkdocs.yml"
    assert [next(iter(n)) for n in cfg["nav"]][:5] == ["Home", "Calendar", "Fernwood", "Acme",
                                                       "Lune Thé"]


def test_narrowed_to_one_brand(built: tuple[Path, Path], tmp_path: Path, cli: Cli) -> None:
    top, _ = built
    code, out, _ = cli("site", "build", "--root", top, "--out", tmp_path / "one", "--brand",
                       "lune", "--now", NOW)
    assert code == 0 and "1 brand(s)" in out
    assert (tmp_path / "one/lune/index.html").is_file()
    assert not (tmp_path / "one/acme").exists()
    assert not (top / "site/_generated/docs/acme").exists()  # pruned from the docs too


@pytest.mark.browser
@pytest.mark.timeout(180)
def test_the_brand_filter_in_a_browser(built: tuple[Path, Path], browser: Any,
                                       kit: Any) -> None:
    _, out = built
    server = kit.Server(out)
    w = kit.Watched(browser)
    try:
        page = w.page
        page.goto(server.url + "calendar/")
        items = page.locator(".smm-wsw [data-smm-brand]")
        assert items.count() == 3  # the week: a post of each brand
        visible = lambda: sorted({items.nth(i).get_attribute("data-smm-brand")  # noqa: E731
                                  for i in range(items.count()) if items.nth(i).is_visible()})
        assert visible() == ["acme", "fernwood", "lune"]
        page.locator("input[name=brand][value=acme]").uncheck()
        assert visible() == ["fernwood", "lune"]
        assert "brand=fernwood,lune" in page.url
        page.locator("a[rel=next]").first.click()
        page.wait_for_load_state()
        assert "brand=fernwood,lune" in page.url
        assert page.locator("input[name=brand][value=acme]").is_checked() is False
        assert w.dialogs == [] and w.errors == []
        w.shot("workspace-calendar")
    finally:
        w.context.close()
        server.close()
    assert w.outside == []
