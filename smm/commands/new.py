"""smm new: a post file with valid front-matter, in the right folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import click

from smm.commands._common import project, root_option


def slugify(title: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "post"


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")


@click.command("new")
@click.argument("title")
@click.option("--channels", required=True, help="Comma-separated channel ids, e.g. x,linkedin.")
@click.option("--at", "at", metavar="ISO|on-merge",
              help="When to publish, e.g. 2026-12-01T09:00 (strategy timezone), or "
                   "on-merge. Default: the next minute after now free on every channel "
                   "(cadence and other posts allowed for).")
@click.option("--next-slot", is_flag=True,
              help="The next free posting slot of the channels (strategy.yaml `queue:`, "
                   "like Buffer's posting schedule).")
@click.option("--campaign")
@click.option("--goal")
@click.option("--audience")
@click.option("--lang")
@click.option("--draft/--no-draft", default=False)
@root_option
def command(title: str, channels: str, at: str | None, next_slot: bool, campaign: str | None,
            goal: str | None, audience: str | None, lang: str | None, draft: bool,
            root: Path | None) -> int:
    """Create a post called TITLE, ready to write, at a time that is free on its channels.

    Warns when --at is in the past or breaks a channel's cadence (another post at the
    same minute, closer than min_gap, more than max_per_day).
    """
    from smm import clock, output, slots
    from smm.content import ON_MERGE, YEARS, load_posts
    from smm.errors import UsageError
    from smm.project import suggest
    from smm.settings import lang_ok

    proj = project(root)
    chans = [c.strip() for c in channels.split(",") if c.strip()]
    if not chans:
        raise UsageError("--channels: name at least one channel, e.g. --channels x,linkedin")
    for c in chans:
        if c not in proj.channels:
            raise UsageError(f"--channels: unknown channel {c!r}: "
                             + suggest(c, list(proj.channels)))
    for value, section, opt in ((goal, "goals", "--goal"), (audience, "audiences", "--audience")):
        if value and value not in proj.ids(section):
            raise UsageError(f"{opt}: unknown id {value!r}: {suggest(value, proj.ids(section))}")
    for value, opt in ((campaign, "--campaign"), (lang, "--lang")):
        if value is not None and not _ID.match(value):
            raise UsageError(f"{opt} {value!r}: use letters, digits, - and _ only "
                             "(e.g. winter-launch, en, fr-CA)")
    if not title.strip() or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in title):
        raise UsageError("TITLE: one line of text, without control characters, e.g. "
                         "\"Winter Blend is here\"")
    if lang is not None and not lang_ok(lang):  # _ID lets `en\n` through ($ before \n)
        raise UsageError(f"--lang {lang!r}: use a language code such as en, fr or pt-BR")
    now = proj.now()
    posts, _ = load_posts(proj)
    busy = slots.taken(proj, posts)
    stamp: str
    if next_slot and at is not None:
        raise UsageError("--next-slot or --at, not both")
    if next_slot:
        found = slots.next_slot(proj, now, chans, busy)
        if found is None:
            queued = [c for c in chans if slots.queue(proj, c)]
            raise UsageError(
                f"no free posting slot on {', '.join(chans)} within a year" if queued else
                f"no posting slots for {', '.join(chans)}: add them under `queue:` in "
                "strategy.yaml (" + slots.QUEUE_HELP + "), or pass --at")
        when, stamp = found, found.strftime("%Y-%m-%dT%H:%M")
    elif at is not None and at.strip() == ON_MERGE:
        when, stamp = None, ON_MERGE
    elif at is not None:
        when = clock.parse(at, proj.timezone, "--at")
        if not YEARS[0] <= when.year <= YEARS[1]:  # what the validator takes
            raise UsageError(f"--at {at!r}: pick a date between the years {YEARS[0]} and "
                             f"{YEARS[1]}")
        stamp = at.strip() if "T" in at else when.isoformat(timespec="minutes")
        if when < now:
            output.err(f"smm: warning: --at {at} is in the past (now is "
                       f"{now.isoformat(timespec='minutes')}): the next publish run sends "
                       "it at once if within the catch-up window, else records it missed")
        for clash in slots.conflicts(proj, when, chans, busy):
            output.err(f"smm: warning: --at {at}: {clash}")
    else:
        found = slots.next_free(proj, now, chans, busy)
        if found is None:
            raise UsageError("no free time found on " + ", ".join(chans) + ": pass --at")
        when, stamp = found, found.strftime("%Y-%m-%dT%H:%M")
    day = (when or now).astimezone(proj.timezone).date()
    folder = proj.posts_dir / f"{day:%Y-%m}"
    path = folder / f"{day:%Y-%m-%d}-{slugify(title)}.md"
    if path.exists():
        raise UsageError(f"{proj.rel(path)} exists already: pick another title")
    lines = ["---", f"publish_at: {stamp}", f"channels: [{', '.join(chans)}]",
             f"title: {_yaml_str(title)}"]
    for key, value in (("campaign", campaign), ("goal", goal), ("audience", audience),
                       ("lang", lang)):
        if value:
            lines.append(f"{key}: {value}")
    if draft:
        lines.append("draft: true")
    lines += ["---", title, ""]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    output.out(proj.rel(path))
    if next_slot:
        output.err(f"publish_at: {stamp} ({proj.timezone.key}), the next free posting slot "
                   "on " + ", ".join(chans))
    elif at is None:
        output.err(f"publish_at: {stamp} ({proj.timezone.key}), the next free time on "
                   + ", ".join(chans))
    return 0


def _yaml_str(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML scalar
