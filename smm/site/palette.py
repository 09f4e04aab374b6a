"""Platform colours and short marks, shared by the calendar, the cards and the charts.

Several platforms are blue, so colour is never the only cue: every badge also carries
the platform's short mark and its name in a title. Each colour is the platform's own,
darkened where needed so that white text on it (the badges) reaches WCAG's 4.5:1 and
the colour on white (chart lines) at least 3:1: tests/site/test_site_a11y.py holds them
to it.
"""

from __future__ import annotations

COLOURS: dict[str, str] = {
    "x": "#14171A",
    "linkedin": "#0A66C2",
    "facebook": "#3B5998",
    "instagram": "#C13584",
    "threads": "#5C5C5C",
    "youtube": "#CC0000",
    "tiktok": "#00787A",
    "mastodon": "#563ACC",
    "bluesky": "#0560C8",
    "webhook": "#6B6B6B",
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

# What each state means, in the legends (the words the site shows beside each mark).
STATUS_HELP: dict[str, str] = {
    "draft": "never publishes", "scheduled": "waits for its time", "due": "its time has come",
    "publishing": "going out now", "published": "out, with a link",
    "failed": "the platform refused it", "unknown": "outcome not recorded: check",
    "missed": "fell due too long ago", "overdue": "due and not published",
}


def colour(platform: str) -> str:
    return COLOURS.get(platform, "#6B6B6B")


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #RGB or #RRGGBB."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mark(platform: str) -> str:
    return MARKS.get(platform, platform[:2].upper())


def label(platform: str) -> str:
    return LABELS.get(platform, platform.title())
