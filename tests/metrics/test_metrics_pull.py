"""`smm metrics pull` against real HTTP servers on 127.0.0.1 speaking each platform's
documented shapes; history files and KPI values checked exactly."""

from __future__ import annotations

import json
from datetime import date

import pytest
from metrics_fakeapi import FakeApis
from metrics_helpers import LAUNCH, RECORDS, git, record_yaml

from smm.cli import main
from smm.metrics import kpi, store
from smm.metrics.pull import pull, write
from smm.metrics.store import Snapshot
from smm.project import Project
from smm.state import State

DAY = date(2026, 11, 27)

X_FILE = """\
date,post_id,platform_id,metric,raw_metric,value
2026-11-27,,,followers,followers_count,1200
2026-11-27,2026/10/origin,1002,comments,reply_count,1
2026-11-27,2026/10/origin,1002,likes,like_count,10
2026-11-27,2026/10/origin,1002,quotes,quote_count,0
2026-11-27,2026/10/origin,1002,reposts,repost_count,2
2026-11-27,2026/10/origin,1002,saves,bookmark_count,0
2026-11-27,2026/10/origin,1002,views,impression_count,800
2026-11-27,2026/11/launch,1001,clicks,url_link_clicks,30
2026-11-27,2026/11/launch,1001,comments,reply_count,3
2026-11-27,2026/11/launch,1001,likes,like_count,40
2026-11-27,2026/11/launch,1001,profile_clicks,user_profile_clicks,5
2026-11-27,2026/11/launch,1001,quotes,quote_count,1
2026-11-27,2026/11/launch,1001,reposts,retweet_count,4
2026-11-27,2026/11/launch,1001,saves,bookmark_count,2
2026-11-27,2026/11/launch,1001,views,impression_count,2000
"""

# The October post is older media: Instagram answers with the retired `impressions`,
# stored under its raw name and counted as views.
INSTAGRAM_FILE = """\
date,post_id,platform_id,metric,raw_metric,value
2026-11-27,,,followers,followers_count,2400
2026-11-27,2026/10/origin,1782,comments,comments,4
2026-11-27,2026/10/origin,1782,likes,likes,60
2026-11-27,2026/10/origin,1782,reach,reach,1500
2026-11-27,2026/10/origin,1782,saves,saved,6
2026-11-27,2026/10/origin,1782,shares,shares,1
2026-11-27,2026/10/origin,1782,views,impressions,1800
2026-11-27,2026/11/launch,1781,comments,comments,12
2026-11-27,2026/11/launch,1781,likes,likes,150
2026-11-27,2026/11/launch,1781,reach,reach,2500
2026-11-27,2026/11/launch,1781,saves,saved,20
2026-11-27,2026/11/launch,1781,shares,shares,8
2026-11-27,2026/11/launch,1781,views,views,3000
"""

# metric -> (raw name, value) of the launch post, per channel (x, instagram: above)
LAUNCH_ROWS = {
    "bluesky": {"comments": ("replyCount", 3), "likes": ("likeCount", 20),
                "quotes": ("quoteCount", 1), "reposts": ("repostCount", 4),
                "saves": ("bookmarkCount", 2)},
    "facebook": {"clicks": ("post_clicks", 25), "comments": ("comments", 6),
                 "likes": ("post_reactions_by_type_total", 35),
                 "reach": ("post_total_media_view_unique", 1200), "shares": ("shares", 3),
                 "views": ("post_media_view", 1500)},
    "linkedin": {"clicks": ("clickCount", 40), "comments": ("commentCount", 4),
                 "likes": ("likeCount", 25), "reach": ("uniqueImpressionsCount", 700),
                 "reposts": ("shareCount", 3), "views": ("impressionCount", 1000)},
    "mastodon": {"comments": ("replies_count", 2), "likes": ("favourites_count", 12),
                 "quotes": ("quotes_count", 1), "reposts": ("reblogs_count", 3)},
    "threads": {"comments": ("replies", 5), "likes": ("likes", 60), "quotes": ("quotes", 2),
                "reposts": ("reposts", 4), "shares": ("shares", 3), "views": ("views", 1200)},
    "youtube": {"comments": ("commentCount", 7), "likes": ("likeCount", 45),
                "views": ("viewCount", 900)},
    "tiktok": {"comments": ("comment_count", 40), "likes": ("like_count", 900),
               "shares": ("share_count", 25), "views": ("view_count", 12000)},
}
FOLLOWERS = {"x": ("followers_count", 1200), "mastodon": ("followers_count", 300),
             "bluesky": ("followersCount", 450), "threads": ("followers_count", 210),
             "instagram": ("followers_count", 2400), "facebook": ("followers_count", 900),
             "youtube": ("subscriberCount", 640), "linkedin": ("firstDegreeSize", 1500),
             "tiktok": ("follower_count", 5100)}


def rows(state: State, channel: str) -> list[Snapshot]:
    text = state.read(f"metrics/{channel}/2026-11.csv")
    assert text is not None, channel
    return store.loads(text, channel, channel)


def test_pull_writes_exact_history_and_survives_a_failed_channel(brand: Project,
                                                                 apis: FakeApis) -> None:
    apis.fail = {"/tiktok"}
    said: list[str] = []
    res = pull(brand, day=DAY, say=said.append)

    assert {c.channel: c.ok for c in res.channels} == {
        "bluesky": True, "facebook": True, "instagram": True, "linkedin": True,
        "mastodon": True, "threads": True, "tiktok": False, "x": True, "youtube": True}
    tiktok = next(c for c in res.channels if c.channel == "tiktok")
    assert tiktok.error == "GET /v2/user/info/: HTTP 500 (internal)"
    assert "tiktok: failed: GET /v2/user/info/: HTTP 500 (internal)" in said
    assert res.committed and len(res.files) == 8

    st = State.open(brand)
    assert st.read("metrics/x/2026-11.csv") == X_FILE
    assert st.read("metrics/instagram/2026-11.csv") == INSTAGRAM_FILE
    assert st.read("metrics/tiktok/2026-11.csv") is None
    for channel, expected in LAUNCH_ROWS.items():
        if channel == "tiktok":
            continue
        got = rows(st, channel)
        assert {s.metric: (s.raw_metric, s.value) for s in got if s.post_id == LAUNCH} \
            == expected, channel
        assert [(s.raw_metric, s.value) for s in got if s.post_id == ""] \
            == [FOLLOWERS[channel]], channel
        assert {s.date for s in got} == {DAY}
    # pushed to the remote's state branch, not just committed locally
    remote = brand.repo_root.parent / "remote.git"
    assert "metrics/x/2026-11.csv" in git(remote, "ls-tree", "-r", "--name-only", "smm-state")

    results = {r.metric: r for r in kpi.compute(brand, today=DAY)}
    imp = results["impressions"]
    # November cohort: x 2000 + threads 1200 + instagram 3000 + facebook 1500
    # + youtube 900 + linkedin 1000 (tiktok failed); October: x 800 + instagram 1800
    assert [(p.period, p.actual, p.status) for p in imp.periods] == [
        ("2026-10", 2600.0, "missed"), ("2026-11", 9600.0, "met")]
    assert [p.actual for p in imp.by_channel["instagram"]] == [1800.0, 3000.0]
    assert [p.actual for p in imp.by_channel["mastodon"]] == [None, None]
    fol = results["followers"]
    # follower periods start with the first follower count
    assert [(p.period, p.actual, p.status) for p in fol.periods] == [
        ("2026-11", 7600.0, "behind")]
    er = results["engagement_rate"]
    # Nov: engagements x 80, linkedin 72, facebook 44, instagram 190, threads 74,
    # youtube 52, mastodon 18, bluesky 30 = 560 over bases 2000 + 1000 + 1200 (reach)
    # + 2500 (reach) + 1200 + 900 + 300 (followers) + 450 (followers) = 9550.
    # Oct: x 13 / 800 views, instagram 71 / 1500 reach.
    assert [(p.actual, p.status) for p in er.periods] == [
        (round(84 / 2300, 6), "missed"), (round(560 / 9550, 6), "ahead")]  # ≥ 1.1 × target
    assert er.by_channel["mastodon"][-1].actual == 0.06


def test_rerun_same_day_replaces_and_next_day_adds(brand: Project, apis: FakeApis) -> None:
    pull(brand, day=DAY)
    apis.x_followers = 1250
    apis.tiktok_views = 12500
    second = pull(brand, day=DAY)
    assert sorted(second.files) == ["metrics/tiktok/2026-11.csv", "metrics/x/2026-11.csv"]
    st = State.open(brand)
    x = rows(st, "x")
    assert len(x) == 15
    assert [s.value for s in x if s.metric == "followers"] == [1250]
    assert pull(brand, day=DAY).files == []  # nothing changed: nothing written

    pull(brand, day=date(2026, 11, 28))
    st = State.open(brand)
    x = rows(st, "x")
    assert len(x) == 30
    assert [(s.date.day, s.value) for s in x if s.metric == "followers"] == [(27, 1250),
                                                                              (28, 1250)]
    imp = {r.metric: r for r in kpi.compute(brand, today=date(2026, 11, 28))}["impressions"]
    assert imp.periods[-1].actual == 9600 + 12500  # latest values, never added twice


def test_request_shapes(brand: Project, apis: FakeApis) -> None:
    pull(brand, day=DAY)
    fields = {p.rsplit("/", 1)[-1]: q["tweet.fields"][0]
              for _, p, q, _, _ in apis.calls("/x/2/tweets/")}
    # within 30 days: private metrics too; older: public only (else X refuses)
    assert fields == {"1001": "public_metrics,non_public_metrics,organic_metrics",
                      "1002": "public_metrics"}
    (_, _, q, _, _), = apis.calls("/bsky/xrpc/app.bsky.feed.getPosts")
    assert q["uris"] == ["at://did:plc:abc/app.bsky.feed.post/3kabc"]
    stats = apis.calls("/linkedin/rest/organizationalEntityShareStatistics")
    assert stats[0][3]["X-Restli-Protocol-Version"] == "2.0.0"
    assert stats[0][3]["Linkedin-Version"] == "202511"
    assert stats[0][3]["Authorization"] == "Bearer li-token"
    (method, _, q, _, body), = apis.calls("/tiktok/v2/video/query/")
    assert method == "POST" and body == {"filters": {"video_ids": ["7300000000000000001"]}}
    assert q["fields"] == ["id,view_count,like_count,comment_count,share_count"]
    (_, _, q, _, _), = apis.calls("/youtube/youtube/v3/videos")
    assert q == {"part": ["statistics"], "id": ["vid1"], "key": ["yt-key"]}
    (_, _, q, _, _), = apis.calls("/ig/1781/insights")
    assert q["metric"] == ["views,reach,likes,comments,shares,saved"]


def test_missing_credentials_fail_only_that_channel(brand: Project, apis: FakeApis,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMM_X_ACCESS_TOKEN")
    res = pull(brand, day=DAY, say=lambda s: None)
    bad = [(c.channel, c.error) for c in res.channels if not c.ok]
    assert bad == [("x", "no credentials: set SMM_X_ACCESS_TOKEN")]
    assert not apis.calls("/x/")
    assert len(res.files) == 8


def test_a_token_no_header_can_carry_fails_only_that_channel(
        brand: Project, apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_X_ACCESS_TOKEN", "tökén\tx")
    res = pull(brand, day=DAY, say=lambda s: None)
    bad = [(c.channel, c.error) for c in res.channels if not c.ok]
    assert [c for c, _ in bad] == ["x"] and "SMM_X_" in bad[0][1]
    assert "tökén" not in bad[0][1]
    assert not apis.calls("/x/")
    assert len(res.files) == 8


def test_progress_on_long_pulls_and_deleted_posts(brand: Project, apis: FakeApis) -> None:
    st = State.open(brand)
    st.commit({f"ledger/2026/11/p{i:02d}/mastodon.yaml":
               record_yaml(f"2026/11/p{i:02d}", "mastodon", str(500 + i),
                           f"https://m.example/@t/{500 + i}", "2026-11-21T08:00:00+00:00")
               for i in range(24)}, "more records")
    said: list[str] = []
    res = pull(brand, day=DAY, channels=["mastodon"], say=said.append)
    assert said[0] == "mastodon: reading 25 posts and the account"
    assert [s for s in said if "/25" in s] == [f"mastodon: {n}/25" for n in
                                               (2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25)]
    (m,) = res.channels
    assert m.ok and m.posts == 1 and len(m.warnings) == 24
    assert m.warnings[0] == "2026/11/p00: status 500 not found (deleted?)"


def test_lost_push_race_merges_again(brand: Project) -> None:
    mine, theirs = State.open(brand), State.open(brand)
    other = Snapshot(DAY, "x", "", "", "followers", "followers_count", 1)
    assert theirs.commit(store.merge(brand, [other], theirs), "another run")
    snap = Snapshot(DAY, "x", LAUNCH, "1001", "likes", "like_count", 7)
    files, ok = write(brand, [snap], mine, "mine")  # first push loses, second wins
    assert ok and files == ["metrics/x/2026-11.csv"]
    text = State.open(brand).read("metrics/x/2026-11.csv")
    assert text == ("date,post_id,platform_id,metric,raw_metric,value\n"
                    "2026-11-27,,,followers,followers_count,1\n"
                    "2026-11-27,2026/11/launch,1001,likes,like_count,7\n")


def test_cli_pull_exit_codes_and_no_secrets(brand: Project, apis: FakeApis,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    apis.fail = {"/linkedin"}
    rc = main(["metrics", "pull", "--root", str(brand.root), "--date", "2026-11-27"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "failed  linkedin   GET /rest/networkSizes/urn%3Ali%3Aorganization%3A5: HTTP 500" \
        in out
    assert "Test Roasters: 2026-11-27: 8 history file(s) updated" in out
    assert "x: reading 2 posts and the account" in err
    for secret in ("x-token", "ig-token", "li-token", "yt-key"):
        assert secret not in out + err

    apis.fail = set()
    rc = main(["metrics", "pull", "--root", str(brand.root), "--date", "2026-11-27",
               "--format", "json", "--channel", "linkedin"])
    out, _ = capsys.readouterr()
    assert rc == 0
    (report,) = json.loads(out)
    assert report["files"] == ["metrics/linkedin/2026-11.csv"]
    assert report["channels"] == [{"channel": "linkedin", "platform": "linkedin", "ok": True,
                                   "error": None, "posts": 1, "values": 7, "warnings": []}]

    assert main(["metrics", "pull", "--root", str(brand.root), "--channel", "nope"]) == 2
    assert "not a channel" in capsys.readouterr().err


def test_records_cover_every_platform() -> None:
    assert {c for _, c, _, _, _ in RECORDS} == set(FOLLOWERS)
