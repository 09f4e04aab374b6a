"""calendar.ics: one event per scheduled post (or, as a setting, per post and channel),
each with a link to the post's page on the site, for any calendar program.

    # strategy.yaml
    site:
      calendar_events: per-post      # per-post (default) | per-channel

Written as RFC 5545 text directly rather than through icalendar's object model, which
costs about a millisecond an event (35,000 events on a 10,000-post site: half a minute).
The tests parse the file with the icalendar package, so what subscribers get is what
icalendar reads; the format used here is its small, fixed subset: UTC times, escaped
text, lines folded at 75 octets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smm.project import Project
from smm.site import palette
from smm.site.model import Entry

_LENGTH = dt.timedelta(minutes=15)  # a post is a moment; a short block keeps it visible
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": "",
                          "\x00": ""})


def _text(s: str) -> str:
    return s.translate(_ESCAPES)


def _utc(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never
    splitting a UTF-8 character."""
    if len(line) <= 75 and (len(line) <= 18 or line.isascii()):
        return line  # most lines: no encoding needed to know they fit (18 x 4 < 75)
    if line.isascii():  # an octet a character: cut by slicing
        return "\r\n ".join([line[:75]] + [line[i:i + 74] for i in range(75, len(line), 74)])
    if len(line.encode("utf-8")) <= 75:
        return line
    parts: list[str] = []
    cur: list[str] = []
    size, limit = 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(cur))
            cur, size, limit = [], 0, 74  # continuation lines start with a space
        cur.append(ch)
        size += n
    parts.append("".join(cur))
    return "\r\n ".join(parts)


EVENT_MODES = ("per-post", "per-channel")


def mode(project: Project) -> str:
    m = project.setting("site", "calendar_events", "per-post")
    return m if m in EVENT_MODES else "per-post"


def _state(states: list[str]) -> str:
    got = set(states)
    if got and got <= {"published"}:
        return "CONFIRMED"
    if got and got <= {"failed", "missed"}:
        return "CANCELLED"
    return "TENTATIVE"


_STAMP = "\x00"  # where each event's DTSTAMP goes: events are kept between builds


def calendar_ics(project: Project, entries: list[Entry], stamp: dt.datetime,
                 site_url: str | None = None,
                 page_url: Callable[[str], str] | None = None, *,
                 keys: dict[str, str] | None = None,
                 known: dict[str, str] | None = None) -> bytes:
    """The calendar. `site_url` (mkdocs.yml's) and `page_url` (a page's URL below it)
    make each event's URL; without a site_url the page's path goes in the description.
    `keys`: each post page's key (what it shows, generate._entry_key); `known`: events
    made for those keys before, reused, and updated with the events made now."""
    domain = "smm." + "".join(ch for ch in project.name.lower() if ch.isalnum()) + ".invalid"
    stamp_s = _utc(stamp)
    per_channel = mode(project) == "per-channel"
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//smm//stakeholder site//EN",
            "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_text(f'{project.name} · social')}",
            f"X-WR-TIMEZONE:{_text(project.timezone.key)}"]
    base = site_url.rstrip("/") + "/" if site_url else None
    chunks = ["\r\n".join(_fold(x) for x in head)]
    fresh: dict[str, str] = {}
    for e in entries:
        if e.when is None or e.post.draft:
            continue
        key = keys.get(e.src) if keys is not None else None
        if key is not None:
            key = f"{key}:{per_channel}:{base}"
            text = (known or {}).get(key)
            if text is None:
                text = _events(e, per_channel, base, page_url, domain)
            fresh[key] = text
        else:
            text = _events(e, per_channel, base, page_url, domain)
        if text:
            chunks.append(text)
    if known is not None:
        known.clear()
        known.update(fresh)
    chunks.append("END:VCALENDAR")
    return ("\r\n".join(chunks).replace(_STAMP, stamp_s) + "\r\n").encode("utf-8")


def _events(e: Entry, per_channel: bool, base: str | None,
            page_url: Callable[[str], str] | None, domain: str) -> str:
    """A post's event (or one per channel), as folded lines, DTSTAMP left open."""
    lines: list[str] = []
    assert e.when is not None
    start = _utc(e.when)
    end = _utc(e.when + _LENGTH)
    title = _text(e.title)
    path = page_url(e.src) if page_url else None
    url = f"{base}{path}" if base and path is not None else None
    head = [f"Post: {e.post.id}"] + ([f"Campaign: {e.campaign}"] if e.campaign else [])
    if path is not None and url is None:
        head.append(f"Page: {path} (on the stakeholder site)")
    groups = [[ch] for ch in e.channels] if per_channel else [e.channels]
    for chans in groups:
        desc = []
        for ch in chans:
            label = palette.label(ch.platform)
            desc.append(f"{ch.id} ({label}): {ch.status}"
                        + (f" {ch.url}" if ch.url else ""))
        if per_channel:
            ch = chans[0]
            summary = f"{_text(f'[{palette.label(ch.platform)}] ')}{title}"
            uid = f"{e.post.id}/{ch.id}@{domain}"
        else:
            labels = ", ".join(palette.label(c.platform) for c in chans)
            summary = f"{title}{_text(f' ({labels})') if labels else ''}"
            uid = f"{e.post.id}@{domain}"
        lines += ["BEGIN:VEVENT", f"SUMMARY:{summary}",
                  f"DTSTART:{start}", f"DTEND:{end}", f"DTSTAMP:{_STAMP}",
                  # Stable across builds so subscribers see an edit, not a new event.
                  f"UID:{_text(uid)}",
                  f"DESCRIPTION:{_text(chr(10).join(desc + head))}",
                  f"STATUS:{_state([c.status for c in chans])}"]
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    return "\r\n".join(_fold(x) for x in lines)
