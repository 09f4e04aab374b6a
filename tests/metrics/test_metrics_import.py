"""`smm metrics import`: the platforms' analytics exports (fixtures in exports/, built
from the column layouts named in smm/metrics/importers.py), matched to published
posts, stored once however often they are imported."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from metrics_helpers import LAUNCH, ORIGIN

from smm.cli import main
from smm.metrics import importers, kpi, store
from smm.project import Project, load_project
from smm.state import State

EXPORTS = Path(__file__).parent / "exports"


def run(brand: Project, name: str, channel: str, *extra: str) -> int:
    return main(["metrics", "import", str(EXPORTS / name), "--channel", channel,
                 "--root", str(brand.root), *extra])


def values(brand: Project, channel: str, month: str = "2026-11"
           ) -> dict[tuple[str, str], tuple[str, float]]:
    text = State.open(brand).read(f"metrics/{channel}/{month}.csv")
    assert text is not None
    return {(s.post_id, s.metric): (s.raw_metric, s.value)
            for s in store.loads(text, channel, "x")}


def test_x_tweet_activity_and_repeated_import(brand: Project,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(brand, "x_tweet_activity.csv", "x", "--date", "2026-11-27") == 0
    out, err = capsys.readouterr()
    assert "x_tweet_activity.csv: x-tweet-activity export, 3 rows, 2 matched" in out
    assert "not matched to a published x post: 1999" in err
    assert values(brand, "x") == {
        (LAUNCH, "views"): ("impressions", 2150), (LAUNCH, "reposts"): ("retweets", 4),
        (LAUNCH, "comments"): ("replies", 3), (LAUNCH, "likes"): ("likes", 42),
        (LAUNCH, "profile_clicks"): ("user profile clicks", 6),
        (LAUNCH, "clicks"): ("url clicks", 31),
        (ORIGIN, "views"): ("impressions", 810), (ORIGIN, "reposts"): ("retweets", 2),
        (ORIGIN, "comments"): ("replies", 1), (ORIGIN, "likes"): ("likes", 10),
        (ORIGIN, "profile_clicks"): ("user profile clicks", 0),
        (ORIGIN, "clicks"): ("url clicks", 0),
    }
    before = State.open(brand).tip
    # the same file again, the same day and a day later: nothing changes
    for day in ("2026-11-27", "2026-11-28"):
        assert run(brand, "x_tweet_activity.csv", "x", "--date", day) == 0
        assert "0 new value(s); history unchanged" in capsys.readouterr().out
    assert State.open(brand).tip == before


def test_x_content_layout_matches_by_link_when_excel_broke_the_id(brand: Project) -> None:
    assert run(brand, "x_content.csv", "x", "--date", "2026-11-27") == 0
    got = values(brand, "x")
    assert got[(LAUNCH, "views")] == ("Impressions", 2200)
    assert got[(LAUNCH, "saves")] == ("Bookmarks", 3)
    assert got[(LAUNCH, "reposts")] == ("Reposts", 5)
    assert got[(LAUNCH, "profile_clicks")] == ("Profile visits", 6)
    assert got[(LAUNCH, "clicks")] == ("URL Clicks", 32)


def test_meta_business_suite_instagram_and_facebook(brand: Project) -> None:
    assert run(brand, "meta_instagram.csv", "instagram", "--date", "2026-11-27") == 0
    assert values(brand, "instagram") == {
        (ORIGIN, "views"): ("Impressions", 1900),  # the retired name, still views
        (ORIGIN, "reach"): ("Reach", 1550), (ORIGIN, "likes"): ("Likes", 61),
        (ORIGIN, "shares"): ("Shares", 1), (ORIGIN, "comments"): ("Comments", 4),
        (ORIGIN, "saves"): ("Saves", 7),
    }
    assert run(brand, "meta_facebook.csv", "facebook", "--date", "2026-11-27") == 0
    assert values(brand, "facebook") == {
        (LAUNCH, "views"): ("Views", 1600), (LAUNCH, "reach"): ("Reach", 1250),
        (LAUNCH, "likes"): ("Reactions", 37), (LAUNCH, "comments"): ("Comments", 7),
        (LAUNCH, "shares"): ("Shares", 3), (LAUNCH, "clicks"): ("Link clicks", 19),
    }


def test_youtube_studio_tiktok_and_linkedin(brand: Project) -> None:
    assert run(brand, "youtube_studio.csv", "youtube", "--date", "2026-11-27") == 0
    assert values(brand, "youtube") == {
        (LAUNCH, "views"): ("Views", 950), (LAUNCH, "likes"): ("Likes", 47),
        (LAUNCH, "comments"): ("Comments added", 7), (LAUNCH, "shares"): ("Shares", 5),
    }
    assert run(brand, "tiktok_studio.csv", "tiktok", "--date", "2026-11-27") == 0
    assert values(brand, "tiktok") == {
        (LAUNCH, "likes"): ("Total likes", 1200), (LAUNCH, "comments"): ("Total comments", 41),
        (LAUNCH, "shares"): ("Total shares", 26), (LAUNCH, "views"): ("Total views", 13400),
        (LAUNCH, "saves"): ("Add to favorites", 88),
    }
    assert run(brand, "linkedin_posts.csv", "linkedin", "--date", "2026-11-27") == 0
    assert values(brand, "linkedin") == {
        (LAUNCH, "views"): ("Impressions", 1040), (LAUNCH, "clicks"): ("Clicks", 42),
        (LAUNCH, "likes"): ("Likes", 26), (LAUNCH, "comments"): ("Comments", 4),
        (LAUNCH, "reposts"): ("Reposts", 3),
    }


def test_engagement_data_gives_response_rate_and_time(brand: Project,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert run(brand, "engagement.csv", "instagram", "--date", "2026-11-27",
               "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    state = report.pop("state")
    assert report == {"layout": "smm-engagement", "rows": 4, "matched": 4, "unmatched": [],
                      "values": 6, "files": ["metrics/instagram/2026-11.csv"]}
    assert (state["commits"], state["pushed"]) == (1, True)
    # one row per day received (the facebook row is another channel's): 20th two
    # answered in 1.5 h and 2 h; 21st one of two answered, in 15 min
    text = State.open(brand).read("metrics/instagram/2026-11.csv")
    assert text == ("date,post_id,platform_id,metric,raw_metric,value\n"
                    "2026-11-20,,,inbound,inbound,2\n"
                    "2026-11-20,,,responded,responded,2\n"
                    "2026-11-20,,,response_seconds,response_seconds,12600\n"
                    "2026-11-21,,,inbound,inbound,2\n"
                    "2026-11-21,,,responded,responded,1\n"
                    "2026-11-21,,,response_seconds,response_seconds,900\n")
    assert run(brand, "engagement.csv", "instagram") == 0
    assert "history unchanged" in capsys.readouterr().out

    strategy = (brand.root / "strategy.yaml").read_text(encoding="utf-8")
    strategy = strategy.replace(
        "      - {metric: engagement_rate, target: 0.05, per: month}",
        "      - {metric: engagement_rate, target: 0.05, per: month}\n"
        "      - {metric: response_rate, target: 0.9, per: month, channel: instagram}\n"
        "      - {metric: response_time, target: 2, per: week, channels: [instagram]}")
    (brand.root / "strategy.yaml").write_text(strategy, encoding="utf-8")
    results = {r.metric: r for r in kpi.compute(load_project(brand.root),
                                                today=date(2026, 11, 27))}
    rate, time = results["response_rate"], results["response_time"]
    assert (rate.channel, rate.unit, list(rate.by_channel)) == ("instagram", "ratio",
                                                                ["instagram"])
    # periods start with the first engagement data, not the first publication
    assert [(p.period, p.actual, p.status) for p in rate.periods] == [
        ("2026-11", 0.75, "behind")]
    # 13,500 s over 3 answers = 1.25 h, under the 2 h target; weeks 47 and 48
    assert time.unit == "hours"
    assert [(p.period, p.actual, p.status) for p in time.periods] == [
        ("2026-W47", 1.25, "met"), ("2026-W48", None, "no-data")]


def test_bad_imports_say_what_to_do(brand: Project, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(brand, "youtube_studio.csv", "x") == 2
    assert "unrecognised export for a x channel (it looks like a youtube-studio export: " \
           "pick that platform's channel)" in capsys.readouterr().err
    assert run(brand, "x_content.csv", "nope") == 2
    assert "--channel nope: not a channel of strategy.yaml" in capsys.readouterr().err
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["metrics", "import", str(odd), "--channel", "x", "--root",
                 str(brand.root)]) == 2
    assert "known layouts: x-tweet-activity" in capsys.readouterr().err


@pytest.mark.parametrize("text,value", [
    ("1,234", 1234), ("1.2K", 1200), ("3M", 3_000_000), ("12.5%", 0.125), ("", None),
    ("-", None), ("2\u202f300", 2300), ("n/a", None), ("0.0404", 0.0404),
])
def test_parse_count(text: str, value: float | None) -> None:
    assert importers.parse_count(text) == value
