"""`smm import buffer|hootsuite|postiz CSV`: another scheduler's posts as post files.

Each tool's layout is a set of columns, each known by the names its exports and bulk
templates give it (case and spacing ignored); docs/import-formats.md lists them. Where
a layout comes from:

- Buffer: its post model (text, channel, due time, status, media, first comment), as
  its API and its CSV bulk upload name the fields; the column names of a given export
  are ASSUMED from those (Buffer documents no export file): every alias below is
  accepted.
- Hootsuite: the Bulk Composer file (documented by Hootsuite: date and time, message,
  optional link, with or without a header row; dates day-first or month-first), and
  planner exports that add a social profile column (ASSUMED names).
- Postiz: its post model (content, publishDate, integration, group, state, image), as
  its public API names it; an export's column names are ASSUMED from those.

Rows sharing a text and a time (Buffer, Hootsuite: one row per profile) or a `group`
(Postiz) become one post sent to all their channels. Rows already sent or failed in the
other tool are history, not imported. Times without an offset are in --timezone
(default the strategy's). Media are URLs in those exports: they are listed in a comment
in the post's front-matter, to download into content/media/ and attach.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from smm.errors import UsageError
from smm.project import Project

# column -> the header names it is known by (compared lower-case, spaces squeezed)
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "buffer": {
        "text": ("text", "post", "content", "message", "update", "post text"),
        "time": ("posting time", "scheduled at", "scheduled time", "due at", "dueat",
                 "due time", "date", "send at"),
        "channel": ("channel", "profile", "service", "account", "social network",
                    "channel name", "profile name"),
        "media": ("image url", "image urls", "media", "media url", "media urls", "images",
                  "assets", "video url", "photo url"),
        "link": ("link", "link url", "url"),
        "status": ("status", "state"),
        "first_comment": ("first comment", "comment"),
        "tags": ("tags", "tag"),
    },
    "hootsuite": {
        "time": ("date", "date and time", "scheduled date", "scheduled time", "send time",
                 "publish date", "date (required)"),
        "text": ("message", "text", "post", "content", "message (required)"),
        "link": ("link", "url", "link (optional)"),
        "channel": ("social profile", "profile", "social network", "network", "account"),
        "media": ("media", "media url", "image url", "image"),
        "status": ("status", "state"),
    },
    "postiz": {
        "text": ("content", "text", "message"),
        "time": ("publishdate", "publish date", "publish_date", "date", "scheduled at"),
        "channel": ("integration", "integration name", "integrationname", "provider",
                    "provideridentifier", "channel", "platform"),
        "group": ("group", "group id", "groupid"),
        "media": ("image", "images", "media", "image url"),
        "status": ("state", "status"),
    },
}
REQUIRED = ("text", "time")
HISTORY = {"sent", "published", "posted", "error", "failed", "deleted", "done"}
DRAFTS = {"draft", "drafts", "idea", "ideas"}
# Words in a profile or integration name that say which platform it is
PLATFORM_WORDS = {
    "x": ("twitter", "x.com", "x"), "linkedin": ("linkedin",), "facebook": ("facebook", "fb"),
    "instagram": ("instagram", "ig"), "threads": ("threads",), "youtube": ("youtube",),
    "tiktok": ("tiktok",), "mastodon": ("mastodon",), "bluesky": ("bluesky", "bsky"),
}


@dataclass
class Row:
    line: int
    text: str
    at: dt.datetime
    channels: list[str]
    media: list[str] = field(default_factory=list)
    first_comment: str | None = None
    draft: bool = False
    group: str | None = None


@dataclass
class Result:
    rows: int = 0
    posts: list[tuple[Path, Row]] = field(default_factory=list)  # written (or to write)
    existing: list[Path] = field(default_factory=list)  # same post already there
    history: int = 0  # rows already sent or failed in the other tool
    problems: list[str] = field(default_factory=list)  # rows not imported, and why


def _norm(h: str) -> str:
    return " ".join(h.strip().lower().replace("_", " ").split()) if h else ""


def _find(header: list[str], names: Iterable[str]) -> int | None:
    wanted = {_norm(n) for n in names}
    for i, h in enumerate(header):
        if _norm(h) in wanted:
            return i
    return None


_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2})"
                  r"(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$")


def parse_time(text: str, tz: ZoneInfo, order: str | None) -> dt.datetime | None:
    """ISO 8601 (`2026-12-01T09:00`, `2026-12-01 09:00`, with or without an offset or
    `Z`), or day/month/year forms (`01/12/2026 09:00`, `12/01/2026 9:00 AM`) read in
    `order` (dmy or mdy). None when it is none of those."""
    t = text.strip()
    if not t:
        return None
    try:
        when = dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        m = _DMY.match(t)
        if m is None or order is None:
            return None
        a, b, year, hour, minute, sec, ampm = m.groups()
        day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
        y = int(year) + (2000 if len(year) == 2 else 0)
        h = int(hour or 9)
        if ampm:
            h = h % 12 + (12 if ampm.lower() == "pm" else 0)
        try:
            when = dt.datetime(y, month, day, h, int(minute or 0), int(sec or 0))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=tz)


def _date_order(values: list[str]) -> str | None:
    """dmy or mdy, from the day/month dates in a file: a first number over 12 can only
    be a day, a second one only a day too. None when every date reads both ways."""
    first = second = False
    for v in values:
        m = _DMY.match(v)
        if m:
            first = first or int(m.group(1)) > 12
            second = second or int(m.group(2)) > 12
    if first and not second:
        return "dmy"
    if second and not first:
        return "mdy"
    return None


def resolve_channel(project: Project, value: str, mapping: dict[str, str]) -> str | None:
    """The strategy channel an export's profile or integration name means."""
    v = value.strip()
    if not v:
        return None
    low = v.lower()
    if low in mapping:
        return mapping[low]
    if v in project.channels:
        return v
    words = set(re.findall(r"[a-z0-9.]+", low))
    for platform, names in PLATFORM_WORDS.items():
        if any(n in words or (len(n) > 2 and n in low) for n in names):
            mine = [c for c, ch in project.channels.items() if ch.platform == platform]
            if len(mine) == 1:
                return mine[0]
            return None
    return None


def read(project: Project, tool: str, text: str, *, channels: list[str] | None,
         mapping: dict[str, str], tz: ZoneInfo, order: str | None, now: dt.datetime,
         draft: bool) -> tuple[list[Row], Result]:
    res = Result()
    rows: list[tuple[int, list[str]]] = []  # (the file line a row starts on, its cells)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    start = 1
    for r in reader:
        if any(c.strip() for c in r):
            rows.append((start, r))
        start = reader.line_num + 1
    if not rows:
        raise UsageError("the file holds no rows")
    cols = COLUMNS[tool]
    header = [c.strip() for c in rows[0][1]]
    idx = {k: _find(header, names) for k, names in cols.items()}
    if tool == "hootsuite" and idx["time"] is None and len(rows[0][1]) >= 2:
        probe = rows[0][1][0]
        if parse_time(probe, tz, "dmy") or parse_time(probe, tz, "mdy"):
            # the Bulk Composer's headerless form: date and time, message, link
            idx = {k: None for k in cols} | {"time": 0, "text": 1, "link": 2}
            header = []
    if idx["time"] is None or idx["text"] is None:
        missing = [k for k in REQUIRED if idx[k] is None]
        raise UsageError(
            f"not a {tool} export: no column for " + " or ".join(missing) + " (looked for "
            + "; ".join(f"{k}: " + ", ".join(repr(n) for n in cols[k][:4]) for k in missing)
            + "); the columns are listed in docs/import-formats.md")
    body = rows[1:] if header else rows

    def cell(r: list[str], key: str) -> str:
        i = idx.get(key)
        return r[i].strip() if i is not None and i < len(r) else ""

    if order is None:
        order = _date_order([cell(r, "time") for _, r in body])
    out: list[Row] = []
    for line, r in body:
        res.rows += 1
        status = cell(r, "status").lower()
        if status in HISTORY:
            res.history += 1
            continue
        raw_time = cell(r, "time")
        at = parse_time(raw_time, tz, order)
        if at is None:
            why = ("a day/month date that reads both ways: pass --date-order dmy or mdy"
                   if _DMY.match(raw_time) and order is None else
                   "not a date and time (ISO 8601, or 01/12/2026 09:00)")
            res.problems.append(f"line {line}: {raw_time!r}: {why}")
            continue
        text = cell(r, "text").replace("\r\n", "\n")
        link = cell(r, "link")
        if link and link not in text:
            text = f"{text}\n\n{link}" if text else link
        if not text:
            res.problems.append(f"line {line}: no text")
            continue
        chans: list[str]
        raw_chan = cell(r, "channel")
        if raw_chan:
            found = [resolve_channel(project, part, mapping)
                     for part in re.split(r"[;|]", raw_chan) if part.strip()]
            if any(c is None for c in found):
                res.problems.append(
                    f"line {line}: {raw_chan!r} is no channel of strategy.yaml: map it with "
                    f"--map '{raw_chan}=CHANNEL' (channels: {', '.join(project.channels)})")
                continue
            chans = [c for c in found if c is not None]
            if channels:
                chans = [c for c in chans if c in channels]
                if not chans:
                    continue  # another channel's row: not asked for
        elif channels:
            chans = list(channels)
        else:
            res.problems.append(f"line {line}: no channel in the file: pass --channels "
                                "(e.g. --channels x,linkedin)")
            continue
        media = [u for u in re.split(r"[\s,;|]+", cell(r, "media")) if u]
        out.append(Row(line, text, at, list(dict.fromkeys(chans)), media,
                       cell(r, "first_comment") or None,
                       draft or status in DRAFTS, cell(r, "group") or None))
    return _merge(out), res


def _merge(rows: list[Row]) -> list[Row]:
    """One post for the rows of one post: the same group (Postiz), or the same text at
    the same time (one row per profile)."""
    out: dict[Any, Row] = {}
    for r in rows:
        key = ("g", r.group) if r.group else ("t", r.text, r.at)
        if key in out:
            have = out[key]
            have.channels += [c for c in r.channels if c not in have.channels]
            have.media += [m for m in r.media if m not in have.media]
            have.first_comment = have.first_comment or r.first_comment
        else:
            out[key] = r
    return list(out.values())


def write(project: Project, tool: str, rows: list[Row], res: Result, *, campaign: str | None,
          dry_run: bool) -> None:
    from smm.commands.new import slugify

    tz = project.timezone
    for r in sorted(rows, key=lambda r: (r.at, r.line)):
        local = r.at.astimezone(tz)
        first = r.text.strip().splitlines()[0]
        base = f"{local:%Y-%m-%d}-{slugify(first)[:50].rstrip('-') or 'post'}"
        folder = project.posts_dir / f"{local:%Y-%m}"
        path = folder / f"{base}.md"
        text = _post_text(project, tool, r, local, campaign)
        n = 1
        while path.exists():
            if path.read_text(encoding="utf-8") == text:
                break
            n += 1
            path = folder / f"{base}-{n}.md"
        if path.exists():
            res.existing.append(path)
            continue
        res.posts.append((path, r))
        if not dry_run:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def _post_text(project: Project, tool: str, r: Row, local: dt.datetime,
               campaign: str | None) -> str:
    import json

    stamp = local.strftime("%Y-%m-%dT%H:%M") + (f":{local.second:02d}" if local.second else "")
    lines = ["---", f"# Imported from {tool} (line {r.line} of the export)."]
    if r.media:
        lines.append("# Media to download into content/media/ and attach under media: "
                     "(file + alt):")
        lines += [f"#   {u}" for u in r.media]
    lines += [f"publish_at: {stamp}", f"channels: [{', '.join(r.channels)}]"]
    if campaign:
        lines.append(f"campaign: {campaign}")
    if r.first_comment:
        lines.append(f"first_comment: {json.dumps(r.first_comment, ensure_ascii=False)}")
    if r.draft:
        lines.append("draft: true")
    lines += ["---", r.text.strip(), ""]
    return "\n".join(lines)
