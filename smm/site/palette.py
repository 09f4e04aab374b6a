"""Platform colours and short marks, shared by the calendar, the cards and the charts.

Several platforms are blue, so colour is never the only cue: every badge also carries
the platform's short mark and its name in a title.
"""

from __future__ import annotations

COLOURS: dict[str, str] = {
    "x": "#14171A",
    "linkedin": "#0A66C2",
    "facebook": "#3B5998",
    "instagram": "#C13584",
    "threads": "#707070",
    "youtube": "#D90000",
    "tiktok": "#008F8F",
    "mastodon": "#6364FF",
    "bluesky": "#1185FE",
    "webhook": "#8A8A8A",
}
MARKS: dict[str, str] = {
    "x": "X", "linkedin": "in", "facebook": "f", "instagram": "IG", "threads": "@",
    "youtube": "YT", "tiktok": "TT", "mastodon": "M", "bluesky": "BS", "webhook": "W",
}
LABELS: dict[str, str] = {
    "x": "X", "linkedin": "LinkedIn", "facebook": "Facebook", "instagram": "Instagram",
    "threads": "Threads", "youtube": "YouTube", "tiktok": "TikTok", "mastodon": "Mastodon",
    "bluesky": "Bluesky", "webhook": "Webhook",
}
STATUS_MARKS: dict[str, str] = {
    "scheduled": "○", "due": "◔", "published": "✓", "failed": "✕", "unknown": "?",
    "missed": "–", "draft": "✎",
}


def colour(platform: str) -> str:
    return COLOURS.get(platform, "#8A8A8A")


def mark(platform: str) -> str:
    return MARKS.get(platform, platform[:2].upper())


def label(platform: str) -> str:
    return LABELS.get(platform, platform.title())
