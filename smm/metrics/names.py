"""The one table from platform metric names to smm's metric names.

Platforms rename and retire metrics (Instagram and Facebook replaced impressions by
views in 2025; X renamed retweets to reposts). The history keeps the raw name a
platform or an export gave (column `raw_metric`) and the smm name it maps to (column
`metric`), so a rename never breaks a KPI and a person can still see what was measured.
Raw names are matched case-insensitively; export column headers are raw names too.
"""

from __future__ import annotations

# smm metric -> what it means (DEFINITIONS.md explains how KPIs use them)
METRICS: dict[str, str] = {
    "views": "times a post was shown or played (impressions on X and LinkedIn, views on Meta, "
             "YouTube and TikTok)",
    "reach": "distinct accounts that saw a post",
    "likes": "likes, favourites and reactions",
    "comments": "replies and comments",
    "reposts": "reposts, retweets, reblogs",
    "quotes": "quote posts",
    "shares": "shares and sends outside the platform's repost",
    "saves": "saves and bookmarks",
    "clicks": "link clicks",
    "profile_clicks": "profile visits from a post",
    "followers": "followers or subscribers of the account (a level, not a sum)",
    "inbound": "comments and messages received that call for an answer (imported)",
    "responded": "of those, the ones answered (imported)",
    "response_seconds": "total seconds from receipt to answer over the answered ones (imported)",
}

# Metrics that belong to the account, not to a post: stored with an empty post_id.
ACCOUNT_METRICS = {"followers", "inbound", "responded", "response_seconds"}

# platform -> raw name (lower case) -> smm name. API field names and export columns.
_TABLE: dict[str, dict[str, str]] = {
    "x": {
        # API v2 public_metrics / non_public_metrics / organic_metrics
        "impression_count": "views", "like_count": "likes", "reply_count": "comments",
        "retweet_count": "reposts", "repost_count": "reposts", "quote_count": "quotes",
        "bookmark_count": "saves", "url_link_clicks": "clicks",
        "user_profile_clicks": "profile_clicks", "followers_count": "followers",
        # analytics exports: classic "Tweet activity" and the 2024 "content" layout
        "impressions": "views", "likes": "likes", "replies": "comments",
        "retweets": "reposts", "reposts": "reposts", "bookmarks": "saves", "shares": "shares",
        "url clicks": "clicks", "user profile clicks": "profile_clicks",
        "profile visits": "profile_clicks",
    },
    "mastodon": {
        "favourites_count": "likes", "reblogs_count": "reposts", "replies_count": "comments",
        "quotes_count": "quotes", "followers_count": "followers",
    },
    "bluesky": {
        "likecount": "likes", "repostcount": "reposts", "replycount": "comments",
        "quotecount": "quotes", "bookmarkcount": "saves", "followerscount": "followers",
    },
    "threads": {
        "views": "views", "likes": "likes", "replies": "comments", "reposts": "reposts",
        "quotes": "quotes", "shares": "shares", "followers_count": "followers",
    },
    "instagram": {
        "views": "views", "impressions": "views",  # impressions: retired April 2025
        "reach": "reach", "likes": "likes", "comments": "comments", "shares": "shares",
        "saved": "saves", "saves": "saves", "followers_count": "followers",
    },
    "facebook": {
        "post_media_view": "views", "post_impressions": "views",  # retired 2025
        "post_total_media_view_unique": "reach",
        "post_impressions_unique": "reach",  # retired 2025
        "post_reactions_by_type_total": "likes", "reactions": "likes",
        "comments": "comments", "shares": "shares", "post_clicks": "clicks",
        "followers_count": "followers",
        # Meta Business Suite export
        "views": "views", "impressions": "views", "reach": "reach", "link clicks": "clicks",
    },
    "youtube": {
        "viewcount": "views", "likecount": "likes", "commentcount": "comments",
        "subscribercount": "followers",
        # YouTube Studio export ("Impressions" there are thumbnail impressions, not views:
        # deliberately unmapped)
        "views": "views", "likes": "likes", "comments added": "comments", "shares": "shares",
    },
    "linkedin": {
        "impressioncount": "views", "uniqueimpressionscount": "reach",
        "likecount": "likes", "commentcount": "comments", "sharecount": "reposts",
        "clickcount": "clicks", "firstdegreesize": "followers",
        # page analytics export ("All posts")
        "impressions": "views", "clicks": "clicks", "likes": "likes", "reactions": "likes",
        "comments": "comments", "reposts": "reposts",
    },
    "tiktok": {
        "view_count": "views", "like_count": "likes", "comment_count": "comments",
        "share_count": "shares", "follower_count": "followers",
        # TikTok Studio export
        "total views": "views", "total likes": "likes", "total comments": "comments",
        "total shares": "shares", "add to favorites": "saves", "total bookmarks": "saves",
    },
}

# Retired raw names: kept readable in old history, and outranked by their successor
# when a response carries both.
RETIRED: dict[str, set[str]] = {
    "instagram": {"impressions"},
    "facebook": {"post_impressions", "post_impressions_unique", "impressions"},
    "x": {"retweet_count"},
}

# Names every platform shares (the smm engagement import, hand-made CSVs).
_COMMON = {m: m for m in METRICS}


def smm_name(platform: str, raw: str) -> str | None:
    """The smm metric a platform's raw metric name stands for; None when smm does not
    use it (the value is then not stored)."""
    key = raw.strip().lower()
    return _TABLE.get(platform, {}).get(key) or _COMMON.get(key)


def is_retired(platform: str, raw: str) -> bool:
    return raw.strip().lower() in RETIRED.get(platform, set())


def map_raw(platform: str, raw: dict[str, float]) -> dict[str, tuple[str, float]]:
    """{raw name: value} -> {smm name: (raw name, value)}. When two raw names map to one
    smm metric (a retired and a current name), the current one wins, so a metric is
    never counted twice."""
    out: dict[str, tuple[str, float]] = {}
    for name, value in raw.items():
        metric = smm_name(platform, name)
        if metric is None:
            continue
        if metric in out and is_retired(platform, name):
            continue
        if metric in out and not is_retired(platform, out[metric][0]):
            continue  # first current name wins; responses list them in a stable order
        out[metric] = (name, value)
    return out
