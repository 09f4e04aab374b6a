"""smm besttimes: engagement rate by weekday and hour per channel, weighted as the KPI
is, with the number of posts behind each cell."""

from __future__ import annotations

import json
from typing import Any

import pytest

# Publish records (the seed state/ a brand may hold before its state branch exists):
# post -> (channel, finished_at in UTC). Paris is UTC+1 in November.
RECORDS = {
    "a": ("x", "2026-11-02T08:00:30+00:00"),  # Monday 09:00 Paris
    "b": ("x", "2026-11-09T08:05:00+00:00"),  # Monday 09:05 Paris: same cell
    "c": ("x", "2026-11-16T08:59:00+00:00"),  # Monday 09:59 Paris: same cell
    "d": ("x", "2026-11-04T17:00:00+00:00"),  # Wednesday 18:00 Paris
    "e": ("mastodon", "2026-11-03T11:00:00+00:00"),  # Tuesday 12:00 Paris
    "f": ("x", "2026-11-05T08:00:00+00:00"),  # measured nowhere: left out
}
METRICS = {
    "x": ["2026-11-20,posts/a,1,views,impression_count,1000",
          "2026-11-20,posts/a,1,likes,like_count,30",
          "2026-11-20,posts/a,1,reposts,retweet_count,10",
          "2026-11-10,posts/b,2,views,impression_count,100",  # an older snapshot...
          "2026-11-20,posts/b,2,views,impression_count,2000",  # ...the latest counts
          "2026-11-20,posts/b,2,likes,like_count,20",
          "2026-11-20,posts/c,3,views,impression_count,1000",
          "2026-11-20,posts/c,3,likes,like_count,10",
          "2026-11-20,posts/d,4,views,impression_count,500",
          "2026-11-20,posts/d,4,likes,like_count,50"],
    "mastodon": ["2026-11-01,,,followers,followers_count,400",
                 "2026-11-20,posts/e,5,likes,favourites_count,8",
                 "2026-11-20,posts/e,5,reposts,reblogs_count,4"],
}


@pytest.fixture
def measured(brand: Any) -> Any:
    for post, (channel, at) in RECORDS.items():
        brand.write(f"state/ledger/posts/{post}/{channel}.yaml",
                    f"post_id: posts/{post}\nchannel: {channel}\nstate: published\n"
                    f"platform_id: '{ord(post)}'\nfinished_at: '{at}'\n")
    for channel, rows in METRICS.items():
        brand.write(f"state/metrics/{channel}/2026-11.csv",
                    "date,post_id,platform_id,metric,raw_metric,value\n" + "\n".join(rows) + "\n")
    return brand


def test_cells_weighted_with_their_post_counts(measured: Any, cli: Any) -> None:
    code, out, err = cli("besttimes", "--root", str(measured.root), "--format", "json")
    assert code == 0, err
    cells = {(c["channel"], c["day"], c["hour"]): c for c in json.loads(out)}
    assert set(cells) == {("x", "mon", 9), ("x", "wed", 18), ("mastodon", "tue", 12)}
    mon = cells[("x", "mon", 9)]
    # (30 + 10 + 20 + 10) / (1000 + 2000 + 1000): the KPI's weighted rate, not a mean
    assert mon["posts"] == 3 and mon["engagement_rate"] == pytest.approx(70 / 4000)
    assert mon["thin"] is False
    wed = cells[("x", "wed", 18)]
    assert wed["posts"] == 1 and wed["engagement_rate"] == pytest.approx(0.1) and wed["thin"]
    # Mastodon reports no views: its basis is the followers when the post went out.
    assert cells[("mastodon", "tue", 12)]["engagement_rate"] == pytest.approx(12 / 400)


def test_text_ranks_only_solid_cells(measured: Any, cli: Any) -> None:
    code, out, _ = cli("besttimes", "--root", str(measured.root), "--channel", "x")
    assert code == 0
    assert "x: 4 measured posts (Europe/Paris)" in out
    # Wednesday's 10% rests on one post: shown in the grid, not called best.
    assert "best: Mon 09:00 1.8% (3 posts)" in out
    assert "10.0% n=1" in out and "mastodon" not in out
    code, out, _ = cli("besttimes", "--root", str(measured.root), "--min-posts", "1",
                       "--channel", "x")
    assert "best: Wed 18:00 10.0% (1 posts), Mon 09:00 1.8% (3 posts)" in out


def test_as_of_now(measured: Any, cli: Any) -> None:
    """Earlier moments see only what was known then (smm's one now)."""
    code, out, _ = cli("besttimes", "--root", str(measured.root), "--format", "json",
                       "--now", "2026-11-15T12:00")
    cells = {(c["channel"], c["day"], c["hour"]): c for c in json.loads(out)}
    # On the 15th only b's first snapshot existed (views, no engagement yet): nothing.
    assert cells == {}


def test_no_history_and_unknown_channel(brand: Any, cli: Any) -> None:
    code, out, _ = cli("besttimes", "--root", str(brand.root))
    assert code == 0 and "no measured posts yet" in out
    code, _, err = cli("besttimes", "--root", str(brand.root), "--channel", "myspace")
    assert code == 2 and "unknown channel 'myspace'" in err


def test_example_brand_has_cells_for_the_site(example: Any) -> None:
    """The data function the site can call: every cell rests on at least one post."""
    from smm.metrics.besttimes import cells
    from smm.project import load_project

    found = cells(load_project(example.root))
    assert found and all(c.posts >= 1 and 0 < c.rate < 1 for c in found)
    assert {c.channel for c in found} >= {"x", "linkedin", "mastodon"}
