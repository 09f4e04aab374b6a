"""KPI computation (smm/metrics/DEFINITIONS.md) on hand-made history, exact values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from metrics_helpers import record_yaml, seed_brand

from smm.cli import main
from smm.errors import ConfigError
from smm.metrics import kpi, store
from smm.metrics.store import Snapshot
from smm.project import Project

TODAY = date(2026, 11, 16)  # day 16 of a 30-day month

STRATEGY = """\
brand: Kpi Roasters
timezone: Europe/Paris
lang: en
goals:
  - id: awareness
    kpis:
      - {metric: impressions, target: 1000, per: month}
      - {metric: followers, target: 700}
      - {metric: followers_growth, target: 50, per: month}
  - id: engagement
    kpis:
      - {metric: engagement_rate, target: 0.05, per: month}
      - {metric: shares, target: 30, per: quarter, channel: x}
      - {metric: ctr, target: 0.02, per: month, channels: [x, linkedin]}
  - id: cadence
    kpis:
      - {metric: posts, target: 4, per: week}
      - {metric: cadence, target: 1, per: month}
channels:
  x:        {platform: x}
  linkedin: {platform: linkedin, organization: "urn:li:organization:1"}
  mastodon: {platform: mastodon, instance: "http://127.0.0.1:9"}
"""

# post, channel, published on, {metric: value}
POSTS = [
    ("a", "x", "2026-10-10", {"views": 400, "likes": 20, "reposts": 5, "quotes": 1,
                              "clicks": 8}),
    ("a", "linkedin", "2026-10-10", {"views": 300, "likes": 9, "comments": 2, "reposts": 1,
                                     "clicks": 3}),
    ("b", "x", "2026-11-03", {"views": 250, "likes": 10, "comments": 2, "reposts": 3,
                              "shares": 0, "clicks": 5}),
    ("b", "mastodon", "2026-11-03", {"likes": 6, "reposts": 2, "comments": 1}),
    ("c", "linkedin", "2026-11-12", {"views": 200, "likes": 4, "clicks": 2}),
]
FOLLOWERS = {  # channel -> [(day, value)]
    "x": [("2026-10-01", 400), ("2026-10-31", 420), ("2026-11-15", 440)],
    "mastodon": [("2026-10-31", 150), ("2026-11-15", 160)],
}


def make_brand(tmp_path: Path, strategy: str = STRATEGY, posts: str = "") -> Project:
    snaps = []
    for pid, ch, _, vals in POSTS:
        for m, v in vals.items():
            # an older, smaller snapshot first: KPIs must use only the latest one
            snaps.append(Snapshot(date(2026, 11, 1), ch, pid, "id-" + pid, m, m, v / 2))
            snaps.append(Snapshot(date(2026, 11, 15), ch, pid, "id-" + pid, m, m, v))
    for ch, series in FOLLOWERS.items():
        for d, v in series:
            snaps.append(Snapshot(date.fromisoformat(d), ch, "", "", "followers",
                                  "followers_count", v))
    snaps.append(Snapshot(date(2026, 11, 20), "x", "b", "id-b", "views", "views", 99999))
    files: dict[str, str] = {}
    for s in snaps:
        path = store.path_for(s.channel, s.date)
        files[path] = ""
    for path in files:
        files[path] = store.dumps(s for s in snaps if store.path_for(s.channel, s.date) == path)
    for pid, ch, day, _ in POSTS:
        files[f"ledger/{pid}/{ch}.yaml"] = record_yaml(pid, ch, "id-" + pid,
                                                       f"https://e.example/{pid}",
                                                       f"{day}T10:00:00+01:00")
    files["ledger/d/x.yaml"] = record_yaml("d", "x", "", "", "2026-11-14T10:00:00+01:00",
                                           state="failed")
    brand = seed_brand(tmp_path / "brand", strategy, files)
    if posts:
        (brand.root / "content" / "posts").mkdir(parents=True)
        (brand.root / "content" / "posts" / "plan.md").write_text(posts, encoding="utf-8")
    return brand


def results(brand: Project, today: date = TODAY) -> dict[str, kpi.KpiResult]:
    return {r.metric: r for r in kpi.compute(brand, today=today)}


def table(r: kpi.KpiResult) -> list[tuple[str, float | None, str]]:
    return [(p.period, p.actual, p.status) for p in r.periods]


def test_sums_follow_the_publication_month_and_pace(tmp_path: Path) -> None:
    r = results(make_brand(tmp_path))["impressions"]
    # Oct: a on x 400 + linkedin 300; Nov: b on x 250 + c on linkedin 200 (the snapshot
    # dated after today is ignored). November runs: data through the 15th (the latest
    # snapshot), so 450 against 1000 × 15/30 = 500 to date: 0.9 of it, on track.
    assert table(r) == [("2026-10", 700.0, "missed"), ("2026-11", 450.0, "on-track")]
    nov = r.periods[1]
    assert (nov.running, nov.data_through, nov.target_to_date) == (True, date(2026, 11, 15),
                                                                   500.0)
    assert not r.periods[0].running and r.periods[0].target_to_date is None
    assert (r.unit, r.per, r.channel, r.target) == ("count", "month", None, 1000.0)
    assert [(p.actual, p.target) for p in r.by_channel["x"]] == [(400.0, 1000 / 3),
                                                                  (250.0, 1000 / 3)]
    assert [p.actual for p in r.by_channel["mastodon"]] == [None, None]  # no views there
    assert r.periods[1].start == date(2026, 11, 1) and r.periods[1].end == date(2026, 11, 30)
    # Pacing: the value to date against the target to date, ±10%.
    assert kpi.pace(450, 1000, 400, "sum", False) == "ahead"  # day 12 of 30
    assert kpi.pace(450, 1000, 500, "sum", False) == "on-track"  # day 15
    assert kpi.pace(450, 1000, 533.3, "sum", False) == "behind"  # day 16
    assert kpi.pace(1000, 1000, 33.3, "sum", False) == "met"
    assert kpi.pace(2.0, 3.0, 3.0, "rate", True) == "ahead"  # lower is better
    nov1, nov30 = date(2026, 11, 1), date(2026, 11, 30)
    assert kpi.status(450, 1000, nov1, nov30, date(2026, 12, 2), "sum", False, False) \
        == "missed"


def test_quarter_and_channel_filter(tmp_path: Path) -> None:
    r = results(make_brand(tmp_path))["shares"]
    # shares = reposts + quotes + shares, x only: a 5 + 1, b 3 + 0
    assert table(r) == [("2026-Q4", 9.0, "behind")]
    assert r.channel == "x" and list(r.by_channel) == ["x"]
    assert r.by_channel["x"][0].target == 30.0


def test_engagement_rate_per_platform(tmp_path: Path) -> None:
    r = results(make_brand(tmp_path))["engagement_rate"]
    # Oct: x (20+5+1+8)/400, linkedin (9+2+1+3)/300 -> 49/700
    # Nov: x (10+2+3+0+5)/250, mastodon (6+2+1) over 150 followers when it went out
    # (the level on or before Nov 3), linkedin (4+2)/200 -> 35/600
    # a running rate is not pro-rated: 0.0583 against 0.05 is ahead (≥ 1.1×)
    assert table(r) == [("2026-10", 0.07, "met"), ("2026-11", round(35 / 600, 6), "ahead")]
    assert r.by_channel["mastodon"][1].actual == 0.06
    assert r.by_channel["mastodon"][1].target == 0.05  # rates keep the whole target


def test_ctr_over_posts_reporting_both(tmp_path: Path) -> None:
    r = results(make_brand(tmp_path))["ctr"]
    assert table(r) == [("2026-10", round(11 / 700, 6), "missed"),
                        ("2026-11", round(7 / 450, 6), "behind")]
    assert r.channel == "x,linkedin"


def test_followers_level_and_growth(tmp_path: Path) -> None:
    res = results(make_brand(tmp_path))
    # a standing target: met or behind, never missed
    assert table(res["followers"]) == [("2026-10", 570.0, "behind"),
                                       ("2026-11", 600.0, "behind")]
    assert res["followers"].per is None
    # Oct: x 420-400 (mastodon starts on the 31st: counted from its first value, 0);
    # Nov: x 440-420, mastodon 160-150; data through the 15th: 30 against 25 to date
    assert table(res["followers_growth"]) == [("2026-10", 20.0, "missed"),
                                              ("2026-11", 30.0, "ahead")]


def test_posts_and_cadence(tmp_path: Path) -> None:
    plan = """\
---
publish_at: 2026-11-03T10:00:00+01:00
channels: [x, mastodon, linkedin]
---
Three channels planned, two published.
"""
    res = results(make_brand(tmp_path, posts=plan))
    weeks = table(res["posts"])
    # from the first publication: a on x and linkedin, Oct 10
    assert weeks[:2] == [("2026-W41", 2.0, "missed"), ("2026-W42", 0.0, "missed")]
    assert weeks[-3:] == [("2026-W45", 2.0, "missed"), ("2026-W46", 1.0, "missed"),
                          ("2026-W47", 0.0, "behind")]
    assert len(weeks) == 7  # W41 to W47: quiet weeks count as 0
    # November: 3 published (b x, b mastodon, c linkedin) of 3 planned; failed d is no
    # publication. October had nothing planned: no data.
    assert table(res["cadence"]) == [("2026-10", None, "no-data"),
                                     ("2026-11", 1.0, "on-track")]


def test_empty_history_is_no_data(tmp_path: Path) -> None:
    brand = seed_brand(tmp_path / "empty", STRATEGY, {})
    res = results(brand)
    assert table(res["impressions"]) == [("2026-11", None, "no-data")]
    assert table(res["posts"]) == [("2026-W47", 0.0, "behind")]


@pytest.mark.parametrize("entry,message", [
    ("{metric: impresions, target: 5, per: month}",
     "strategy.yaml:7:18: unknown KPI metric 'impresions': did you mean 'impressions'?"),
    ("{metric: likes, target: lots, per: month}", "strategy.yaml:7:33: target must be a number"),
    ("{metric: likes, target: 5, per: year}", "per must be one of week, month, quarter"),
    ("{metric: likes, target: 5, channel: tiktok}", "strategy.yaml:7:45: unknown channel 'tiktok'"),
])
def test_bad_kpis_are_config_errors(tmp_path: Path, entry: str, message: str) -> None:
    strategy = STRATEGY.replace("{metric: impressions, target: 1000, per: month}", entry)
    brand = seed_brand(tmp_path / "bad", strategy, {})
    with pytest.raises(ConfigError) as e:
        kpi.compute(brand, today=TODAY)
    assert message in str(e.value)


def test_cli_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brand = make_brand(tmp_path)
    assert main(["kpi", "--root", str(brand.root), "--today", "2026-11-16"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    i = lines.index("goal: awareness")
    # A running month: its value to date, the target pro-rated to the days with data,
    # pacing; the trend compares finished periods only (one here: none).
    assert lines[i:i + 6] == [
        "goal: awareness",
        "  KPI               target         period             data through  actual  "
        "target to date  status    previous  trend",
        "  ----------------  -------------  -----------------  ------------  ------  "
        "--------------  --------  --------  -----",
        "  impressions       1,000 / month  2026-11 (running)  2026-11-15       450  "
        "           500  on-track       700",
        "  followers                   700  2026-11            2026-11-15       600  "
        "                behind         570  ↑ +5%",
        "  followers_growth     50 / month  2026-11 (running)  2026-11-15        30  "
        "            25  ahead           20",
    ]
    assert main(["kpi", "--root", str(brand.root), "--today", "2026-11-16",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data[0]
    assert {k: first[k] for k in ("goal", "metric", "target", "per", "channel", "unit")} == {
        "goal": "awareness", "metric": "impressions", "target": 1000.0, "per": "month",
        "channel": None, "unit": "count"}
    assert first["periods"][-1] == {"period": "2026-11", "start": "2026-11-01",
                                    "end": "2026-11-30", "actual": 450.0,
                                    "target": 1000.0, "status": "on-track", "running": True,
                                    "target_to_date": 500.0, "data_through": "2026-11-15"}
    assert sorted(first["by_channel"]) == ["linkedin", "mastodon", "x"]
    assert main(["kpi", "--root", str(brand.root), "--today", "16/11"]) == 2


def test_periods() -> None:
    assert kpi.period_of(date(2027, 1, 1), "week") == ("2026-W53", date(2026, 12, 28),
                                                       date(2027, 1, 3))
    assert kpi.period_of(date(2026, 12, 31), "quarter") == ("2026-Q4", date(2026, 10, 1),
                                                            date(2026, 12, 31))
    assert kpi.period_of(date(2028, 2, 10), "month") == ("2028-02", date(2028, 2, 1),
                                                         date(2028, 2, 29))
    assert [p[0] for p in kpi.periods_between(date(2026, 11, 20), date(2027, 2, 1),
                                               "month")] == ["2026-11", "2026-12", "2027-01",
                                                             "2027-02"]
