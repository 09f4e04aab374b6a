"""The history format and the name table."""

from __future__ import annotations

from datetime import date

import pytest

from smm.errors import ConfigError
from smm.metrics import names, store
from smm.metrics.store import Snapshot


def test_dumps_sorts_stably_and_round_trips() -> None:
    snaps = [Snapshot(date(2026, 11, 2), "x", "p/b", "2", "views", "impression_count", 10),
             Snapshot(date(2026, 11, 1), "x", "p/b", "2", "likes", "like_count", 1.5),
             Snapshot(date(2026, 11, 1), "x", "", "", "followers", "followers_count", 900)]
    text = store.dumps(snaps)
    assert text == ("date,post_id,platform_id,metric,raw_metric,value\n"
                    "2026-11-01,,,followers,followers_count,900\n"
                    "2026-11-01,p/b,2,likes,like_count,1.5\n"
                    "2026-11-02,p/b,2,views,impression_count,10\n")
    assert store.dumps(reversed(snaps)) == text
    assert set(store.loads(text, "x", "f")) == set(snaps)


@pytest.mark.parametrize("text,where", [
    ("date,post,value\n", "metrics/x/2026-11.csv:1: expected the header"),
    ("date,post_id,platform_id,metric,raw_metric,value\n2026-11-01,,,followers,f\n",
     "metrics/x/2026-11.csv:2: 5 fields, expected 6"),
    ("date,post_id,platform_id,metric,raw_metric,value\n01/11/2026,,,followers,f,3\n",
     "metrics/x/2026-11.csv:2: unreadable row"),
    # A day already read: its later rows are still checked, and named by their line.
    ("date,post_id,platform_id,metric,raw_metric,value\n2026-11-01,,,followers,f,3\n"
     " , ,,\n2026-11-01,p,1,likes,l,many\n", "metrics/x/2026-11.csv:4: unreadable row"),
    ("date,post_id,platform_id,metric,raw_metric,value\n2026-11-01,,,followers,f,3\n"
     "2026-11-01,p,1,likes,3\n", "metrics/x/2026-11.csv:3: 5 fields, expected 6"),
])
def test_damaged_history_names_file_and_line(text: str, where: str) -> None:
    with pytest.raises(ConfigError) as e:
        store.loads(text, "x", "metrics/x/2026-11.csv")
    assert str(e.value).startswith(where)


def test_current_names_outrank_retired_ones() -> None:
    both = {"post_impressions": 900.0, "post_media_view": 1000.0}
    assert names.map_raw("facebook", both) == {"views": ("post_media_view", 1000.0)}
    assert names.map_raw("facebook", dict(reversed(both.items()))) == {
        "views": ("post_media_view", 1000.0)}
    assert names.map_raw("x", {"retweet_count": 3.0, "repost_count": 4.0}) == {
        "reposts": ("repost_count", 4.0)}
    assert names.map_raw("instagram", {"impressions": 5.0}) == {"views": ("impressions", 5.0)}
    assert names.smm_name("youtube", "Impressions") is None  # thumbnail impressions
    assert names.is_retired("instagram", "Impressions")
