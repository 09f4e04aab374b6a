"""calendar.ics: one event per scheduled post and channel, for any calendar program."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smm.project import Project
from smm.site import palette
from smm.site.model import Entry

_LENGTH = dt.timedelta(minutes=15)  # a post is a moment; a short block keeps it visible


def calendar_ics(project: Project, entries: list[Entry], stamp: dt.datetime,
                 site_url: str | None = None,
                 page_url: Callable[[str], str] | None = None) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//smm//stakeholder site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{project.name} · social")
    cal.add("x-wr-timezone", project.timezone.key)
    domain = "smm." + "".join(ch for ch in project.name.lower() if ch.isalnum()) + ".invalid"
    for e in entries:
        if e.when is None or e.post.draft:
            continue
        start = e.when.astimezone(dt.UTC)
        for ch in e.channels:
            ev = Event()
            # Stable across builds so subscribers see an edit, not a new event.
            ev.add("uid", f"{e.post.id}/{ch.id}@{domain}")
            ev.add("dtstamp", stamp.astimezone(dt.UTC))
            ev.add("dtstart", start)
            ev.add("dtend", start + _LENGTH)
            ev.add("summary", f"[{palette.label(ch.platform)}] {e.title}")
            lines = [f"Channel: {ch.id} ({palette.label(ch.platform)})",
                     f"Status: {ch.status}", f"Post: {e.post.id}"]
            if e.campaign:
                lines.append(f"Campaign: {e.campaign}")
            if ch.url:
                lines.append(f"Live: {ch.url}")
            ev.add("description", "\n".join(lines))
            ev.add("status", {"published": "CONFIRMED", "failed": "CANCELLED",
                              "missed": "CANCELLED"}.get(ch.status, "TENTATIVE"))
            if site_url and page_url is not None:
                ev.add("url", site_url.rstrip("/") + "/" + page_url(e.src))
            cal.add_component(ev)
    out: bytes = cal.to_ical()
    return out
