"""`smm site build` on the example repository: a real strict MkDocs build, its pages,
calendar.ics, and nothing that would make a visitor's browser leave the site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from smm.content import load_posts
from smm.project import load_project

pytestmark = pytest.mark.timeout(120)


def test_strict_build_writes_every_page(example_root: Path, example_site: Path) -> None:
    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    assert posts, "the example repository has posts"
    for page in ("index.html", "calendar/index.html", "posts/index.html", "kpi/index.html",
                 "campaigns/index.html", "strategy/index.html", "brand/index.html",
                 "about/index.html", "calendar.ics", "kpi/kpi.csv", "kpi/metrics.csv",
                 "assets/smm/site.js", "assets/smm/brand.css"):
        assert (example_site / page).is_file(), page
    pages = list((example_site / "posts").rglob("index.html"))
    assert len(pages) == len(posts) + 1  # a page per post, and the list
    # The hand-written page is merged in, under the same theme.
    about = (example_site / "about/index.html").read_text("utf-8")
    assert "About this site" in about and "md-header" in about


def test_media_is_copied_and_shown_with_alt(example_root: Path, example_site: Path) -> None:
    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    with_media = [p for p in posts if p.media and p.channels]
    if not with_media:
        pytest.skip("no example post has media")
    post = with_media[0]
    html = _post_html(example_site, post.id)
    for m in post.media:
        assert m.path.name in html
        if m.alt:
            assert _esc(m.alt) in html
    copied = {p.name for p in (example_site / "media").rglob("*") if p.is_file()}
    assert {m.path.name for m in post.media} <= copied


def test_no_reference_leaves_the_site(example_site: Path) -> None:
    """No script, style, font, image or frame from another origin: the site works
    offline and makes no request elsewhere (links people click are fine)."""
    fetching = re.compile(r"""<(?:script|img|iframe|video|audio|source|embed)\b[^>]*\bsrc=["']?"""
                          r"""(?:https?:)?//|<link\b[^>]*\bhref=["']?(?:https?:)?//""", re.I)
    for page in example_site.rglob("*.html"):
        text = page.read_text("utf-8")
        bad = [m.group(0) for m in fetching.finditer(text)
               if "rel=\"canonical\"" not in text[m.start():m.start() + 200]]
        assert not bad, f"{page}: {bad}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    for svg in (example_site / "kpi").glob("*.svg"):
        assert "kozea.github.io" not in svg.read_text("utf-8")  # pygal's CDN tooltip script


def test_calendar_ics_has_an_event_per_post_with_its_page(example_root: Path,
                                                          example_site: Path) -> None:
    from icalendar import Calendar

    from smm.site import urls

    proj = load_project(example_root)
    posts, _ = load_posts(proj)
    cal = Calendar.from_ical((example_site / "calendar.ics").read_bytes())
    events = cal.walk("VEVENT")
    expected = [p for p in posts if p.publish_at and not p.draft]
    assert len(events) == len(expected) == len({str(e["UID"]) for e in events})
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    for p in expected:
        ev = by_uid[p.id]
        assert ev.decoded("DTSTART") == p.publish_at
        # The event links to the post's page on the published site (strategy.yaml's
        # site.url), and the page is there.
        page = urls.Linker().url(urls.post_src(p.id))
        assert str(ev["URL"]) == "https://social.fernwoodcoffee.fr/" + page
        assert (example_site / page / "index.html").is_file()
        desc = str(ev["DESCRIPTION"])
        for chan in p.channels:
            assert f"{chan} (" in desc, (p.id, chan)


def test_calendar_ics_one_event_per_channel_as_a_setting(tmp_path: Path, kit: Any) -> None:
    from icalendar import Calendar

    from smm.site import generate

    root = kit.copy_example(tmp_path / "brand")
    strategy = root / "strategy.yaml"
    strategy.write_text(strategy.read_text("utf-8").replace(
        "calendar_events: per-post", "calendar_events: per-channel"), "utf-8")
    proj = load_project(root)
    posts, _ = load_posts(proj)
    r = generate.generate(proj, kit.NOW)
    events = Calendar.from_ical((r.docs / "calendar.ics").read_bytes()).walk("VEVENT")
    uids = {str(e["UID"]).split("@")[0] for e in events}
    expected = {f"{p.id}/{c}" for p in posts if p.publish_at and not p.draft
                for c in p.channels}
    assert uids == expected and len(events) == len(expected)
    assert all(str(e["URL"]).startswith("https://social.fernwoodcoffee.fr/posts/")
               for e in events)


def test_rebuild_rewrites_nothing(example_root: Path, example_site: Path, kit: Any) -> None:
    from smm.site import generate

    r = generate.generate(load_project(example_root), kit.NOW)
    assert r.changed == 0  # serve's watcher relies on unchanged files staying untouched


def _esc(s: str) -> str:
    import html

    return html.escape(s, quote=False)


def _post_html(site: Path, post_id: str) -> str:
    from smm.site import urls

    src = urls.post_src(post_id)
    return (site / src[:-3] / "index.html").read_text("utf-8")


def test_renamed_post_keeps_its_records_and_metrics(tmp_path: Path, kit: Any) -> None:
    """Records and metrics stay filed under the id a post had when it went out; the
    site finds them through the post's previous_ids, as the publisher does."""
    import shutil

    from smm.site import generate, palette, urls

    root = kit.copy_example(tmp_path / "brand")
    proj = load_project(root)
    posts, _ = load_posts(proj)
    post = next(p for p in posts if p.get("previous_ids"))
    old = post.get("previous_ids")[0]
    ledger = root / "state" / "ledger"
    shutil.move(ledger / post.id, ledger / old)
    for rec in (ledger / old).glob("*.yaml"):
        rec.write_text(rec.read_text("utf-8").replace(post.id, old), "utf-8")
    for csv in (root / "state" / "metrics").rglob("*.csv"):
        csv.write_text(csv.read_text("utf-8").replace(f",{post.id},", f",{old},"), "utf-8")
    r = generate.generate(load_project(root), kit.NOW)
    page = (r.docs / urls.post_src(post.id)).read_text("utf-8")
    for chan in post.channels:
        label = palette.label(proj.channels[chan].platform)
        assert f"{chan} ({label}): <span class=\"smm-pill smm-st-published\">published</span>" \
            in page, chan
    assert "open on" in page and "as of" in page


def test_ics_text_round_trips_through_icalendar() -> None:
    """calendar.ics is written directly: escaping and folding must read back exactly."""
    from icalendar import Calendar

    from smm.site import ics

    text = "Café; a, b \\ c\nnext line " + "é" * 80 + " 🎉" * 30
    # ASCII text is cut by slicing: lengths around each fold point.
    plain = [("Channel: x (X)\nStatus: published\nPost: posts/" + "a" * n)[:n]
             for n in (60, 61, 62, 135, 136, 137, 210, 211, 400)]
    raw = "\r\n".join(ics._fold(x) for x in (
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT",
        "UID:a/b@x.invalid", "DTSTAMP:20261127T080000Z", "DTSTART:20261127T080000Z",
        f"SUMMARY:{ics._text(text)}", "END:VEVENT",
        *(x for n, d in enumerate(plain) for x in (
            "BEGIN:VEVENT", f"UID:{n}@x.invalid", "DTSTAMP:20261127T080000Z",
            "DTSTART:20261127T080000Z", f"DESCRIPTION:{ics._text(d)}", "END:VEVENT")),
        "END:VCALENDAR")) + "\r\n"
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    assert max(len(line.encode()) for line in raw.split("\r\n")) == 75
    events = Calendar.from_ical(raw.encode()).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == text
    assert [str(e["DESCRIPTION"]) for e in events[1:]] == plain


def test_fast_escape_matches_markupsafe() -> None:
    from markupsafe import Markup, escape

    from smm.site.textview import esc

    for s in ("<script>alert('x')</script>", 'a "b" & c', "ok", "", "é & <>", 42):
        assert esc(s) == str(escape(s))
    assert esc(Markup("<b>kept</b>")) == "<b>kept</b>"  # markup is never escaped twice


def test_parallel_generation_writes_what_a_serial_one_does(tmp_path: Path, kit: Any) -> None:
    """Workers write the post pages and the KPI files, and read the state branch: the
    folder they leave is byte for byte the one a single process writes."""
    from smm.site import generate

    root = kit.copy_example(tmp_path / "brand")
    proj = load_project(root)
    folders, counts = [], []
    for n, workers in enumerate((0, 2)):
        r = generate.generate(proj, kit.NOW, workers=workers)
        assert r.changed > 0 and r.pages > r.posts
        counts.append((r.pages, r.changed, r.posts))
        folders.append(_read_tree(r.docs.rename(tmp_path / f"docs{n}")))
    assert folders[0] == folders[1]
    assert counts[0] == counts[1]
    assert any(k.startswith("kpi/") and k.endswith(".svg") for k in folders[1])


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}
