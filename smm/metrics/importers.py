"""`smm metrics import FILE --channel C`: analytics exports from the platforms' own tools.

Each layout is recognised by its header row. Where a layout comes from:
- X "Tweet activity" (classic analytics): documented column set, as parsed by several
  public tools (Tweet id, Tweet permalink, Tweet text, time, impressions, ...).
- X "content" export (analytics since 2024, account_analytics_content_*.csv): from
  public parsers of real exports (Post id, Date, Post text, Post Link, Impressions, ...).
- Meta Business Suite content export (Facebook Page and Instagram): from public parsers
  of real exports (Post ID, Page ID / Account ID, Permalink, Views, Reach, Reactions,
  Likes, Comments, Shares, Saves, Link clicks; older files say Impressions).
- YouTube Studio "Table data.csv" (Advanced mode, Content): from public parsers (Content
  = video id, Video title, Video publish time, Views, ...; a "Total" row to skip).
- TikTok Studio content export: from public parsers (Video title, Video link, Post time,
  Total views, Total likes, Total comments, Total shares; counts like "1.2K").
- LinkedIn page analytics, "All posts" sheet saved as CSV: ASSUMED from the columns
  LinkedIn's page-analytics help names (Post title, Post link, Created date,
  Impressions, Clicks, Likes, Comments, Reposts, ...); the sheet may open with a
  description row above the header, which is skipped.
- smm engagement CSV (received_at, responded_at[, channel, post_url, platform_id]): an
  smm format, ASSUMED: no platform exports response data in one documented shape, so a
  team converts its inbox tool's export to it; it feeds response rate and time.

Rows are matched to publish records by platform id or URL. A value equal to the last
stored one is not stored again, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from smm.errors import UsageError
from smm.metrics import names, records
from smm.metrics.store import Snapshot
from smm.project import Project


@dataclass(frozen=True)
class Layout:
    name: str
    platforms: tuple[str, ...]
    signature: tuple[str, ...]  # lower-case headers that must all be present
    id_column: str | None  # platform id
    url_column: str | None
    skip: Callable[[dict[str, str]], bool] = lambda row: False


LAYOUTS: list[Layout] = [
    Layout("x-tweet-activity", ("x",), ("tweet id", "tweet permalink", "impressions"),
           "tweet id", "tweet permalink"),
    Layout("x-content", ("x",), ("post id", "post link", "impressions"), "post id", "post link"),
    Layout("meta-facebook", ("facebook",), ("post id", "page id", "permalink"),
           "post id", "permalink"),
    Layout("meta-instagram", ("instagram",), ("post id", "account id", "permalink"),
           "post id", "permalink"),
    Layout("youtube-studio", ("youtube",), ("content", "video title", "views"), "content", None,
           skip=lambda row: row.get("content", "").strip().lower() == "total"),
    Layout("tiktok-studio", ("tiktok",), ("video link", "total views"), None, "video link"),
    Layout("linkedin-posts", ("linkedin",), ("post link", "impressions", "created date"),
           None, "post link"),
    Layout("smm-engagement", (), ("received_at", "responded_at"), None, None),
]


@dataclass
class ImportResult:
    layout: str
    rows: int = 0
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)


def parse_count(text: str) -> float | None:
    """'1,234', '1.2K', '3M', '12.5%', '' -> a number (percentages as fractions); None
    for blanks and dashes. Exports write numbers the way their screens show them."""
    t = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if t in ("", "-", "--", "—", "N/A", "n/a"):
        return None
    scale = 1.0
    if t.endswith("%"):
        t, scale = t[:-1], 0.01
    elif t[-1:].upper() in ("K", "M", "B"):
        scale = {"K": 1e3, "M": 1e6, "B": 1e9}[t[-1].upper()]
        t = t[:-1]
    t = t.replace(",", "")
    try:
        return round(float(t) * scale, 6)
    except ValueError:
        return None


def read_table(text: str) -> tuple[list[str], list[dict[str, str]], int]:
    """Header (as written), rows keyed by lower-case header, and the header's line. The
    header is the first of the first five rows with three or more filled cells (LinkedIn
    puts a description row above it)."""
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    start = next((i for i, r in enumerate(rows[:5]) if sum(1 for c in r if c.strip()) >= 2), 0)
    header = [h.strip() for h in rows[start]] if rows else []
    keys = [h.lower() for h in header]
    out = []
    for r in rows[start + 1:]:
        if not any(c.strip() for c in r):
            continue
        out.append({k: (r[i] if i < len(r) else "") for i, k in enumerate(keys)})
    return header, out, start + 1


def detect(header: list[str], platform: str) -> Layout:
    keys = {h.lower() for h in header}
    for lay in LAYOUTS:
        if set(lay.signature) <= keys and (not lay.platforms or platform in lay.platforms):
            return lay
    fits = [lay.name for lay in LAYOUTS if set(lay.signature) <= keys]
    hint = (f"it looks like a {fits[0]} export: pick that platform's channel"
            if fits else "known layouts: " + ", ".join(lay.name for lay in LAYOUTS))
    raise UsageError(f"unrecognised export for a {platform} channel ({hint})")


class Matcher:
    """Finds the publish record an export row speaks of."""

    def __init__(self, recs: list[records.Record]):
        self.by_id = {r.platform_id: r for r in recs if r.platform_id}
        self.by_url = {records.normalize_url(r.url): r for r in recs if r.url}
        self.by_num: dict[str, records.Record] = {}
        for r in recs:
            for n in records.ids_in(r.platform_id) | records.ids_in(r.url):
                self.by_num.setdefault(n, r)

    def find(self, pid: str, url: str) -> records.Record | None:
        pid = pid.strip()
        if pid and pid in self.by_id:
            return self.by_id[pid]
        if url.strip() and records.normalize_url(url) in self.by_url:
            return self.by_url[records.normalize_url(url)]
        # Excel turns long ids into 1.23457E+17: only the URL's digits are then reliable.
        for n in records.ids_in(url) | ({pid} if pid.isdigit() else set()):
            if n in self.by_num:
                return self.by_num[n]
        return None


def import_file(project: Project, path: Path, channel: str, *, day: date,
                recs: list[records.Record]) -> ImportResult:
    if channel not in project.channels:
        from smm.project import suggest

        raise UsageError(f"--channel {channel}: not a channel of strategy.yaml: "
                         + suggest(channel, sorted(project.channels)))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text: export as CSV (UTF-8)") from None
    header, rows, _ = read_table(text)
    platform = project.channels[channel].platform
    lay = detect(header, platform)
    if lay.name == "smm-engagement":
        return _engagement(project, lay, header, rows, channel, recs)
    res = ImportResult(lay.name)
    match = Matcher([r for r in recs if r.channel == channel])
    for row in rows:
        if lay.skip(row):
            continue
        res.rows += 1
        pid = row.get(lay.id_column, "") if lay.id_column else ""
        url = row.get(lay.url_column, "") if lay.url_column else ""
        rec = match.find(pid, url)
        if rec is None:
            res.unmatched.append(pid.strip() or url.strip() or "(row without id)")
            continue
        res.matched += 1
        raw = {h: v for h in header if (v := parse_count(row.get(h.lower(), ""))) is not None}
        for metric, (raw_name, value) in sorted(names.map_raw(platform, raw).items()):
            if metric not in names.ACCOUNT_METRICS:
                res.snapshots.append(Snapshot(day, channel, rec.post_id, rec.platform_id,
                                              metric, raw_name, value))
    return res


def _when(text: str, project: Project) -> datetime | None:
    t = text.strip()
    if not t:
        return None
    try:
        at = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=project.timezone)


def _engagement(project: Project, lay: Layout, header: list[str], rows: list[dict[str, str]],
                channel: str, recs: list[records.Record]) -> ImportResult:
    """One row per comment or message received; aggregated per day received (team's
    timezone) into inbound, responded and response_seconds account rows."""
    res = ImportResult(lay.name)
    days: dict[date, list[float]] = {}
    for n, row in enumerate(rows, start=2):
        if row.get("channel", "").strip() not in ("", channel):
            continue
        res.rows += 1
        got, answered = _when(row.get("received_at", ""), project), \
            _when(row.get("responded_at", ""), project)
        if got is None:
            raise UsageError(f"row {n}: received_at must be an ISO 8601 date and time, "
                             f"e.g. 2026-11-02T09:30:00+01:00")
        res.matched += 1
        d = days.setdefault(got.astimezone(project.timezone).date(), [0.0, 0.0, 0.0])
        d[0] += 1
        if answered is not None and answered >= got:
            d[1] += 1
            d[2] += (answered - got).total_seconds()
    for day, (inbound, responded, secs) in sorted(days.items()):
        for metric, value in (("inbound", inbound), ("responded", responded),
                              ("response_seconds", secs)):
            res.snapshots.append(Snapshot(day, channel, "", "", metric, metric, value))
    return res


def unchanged_dropped(new: list[Snapshot], history: list[Snapshot]) -> list[Snapshot]:
    """Drop post values equal to the latest stored value on or before their day: the
    same export imported again (on any day) then adds nothing. Engagement day rows are
    keyed by their own day, so re-importing them just rewrites the same rows."""
    last: dict[tuple[str, str, str], Snapshot] = {}
    for s in history:
        k = (s.channel, s.post_id, s.metric)
        if k not in last or s.date >= last[k].date:
            last[k] = s
    out = []
    for s in new:
        prev = last.get((s.channel, s.post_id, s.metric))
        if s.post_id and prev is not None and prev.date <= s.date and prev.value == s.value:
            continue
        out.append(s)
    return out

