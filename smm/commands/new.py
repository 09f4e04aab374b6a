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


@click.command("new")
@click.argument("title")
@click.option("--channels", required=True, help="Comma-separated channel ids, e.g. x,linkedin.")
@click.option("--at", "at", help="When to publish, e.g. 2026-12-01T09:00 (strategy timezone).")
@click.option("--campaign")
@click.option("--goal")
@click.option("--audience")
@click.option("--lang")
@click.option("--draft/--no-draft", default=False)
@root_option
def command(title: str, channels: str, at: str | None, campaign: str | None, goal: str | None,
            audience: str | None, lang: str | None, draft: bool, root: Path | None) -> int:
    """Create a post called TITLE, ready to write."""
    import datetime as dt

    from smm import output
    from smm.errors import UsageError
    from smm.project import suggest

    proj = project(root)
    _check_args(title, campaign, lang)
    chans = [c.strip() for c in channels.split(",") if c.strip()]
    if not chans:
        raise UsageError("--channels: give at least one channel id, e.g. x,linkedin")
    for c in chans:
        if c not in proj.channels:
            raise UsageError(f"--channels: unknown channel {c!r}: "
                             + suggest(c, list(proj.channels)))
    for value, section, opt in ((goal, "goals", "--goal"), (audience, "audiences", "--audience")):
        if value and value not in proj.ids(section):
            raise UsageError(f"{opt}: unknown id {value!r}: {suggest(value, proj.ids(section))}")
    when = None
    if at:
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            raise UsageError(f"--at {at!r}: write a date and time such as 2026-12-01T09:00"
                             ) from None
        from smm.content import YEARS

        if not YEARS[0] <= when.year <= YEARS[1]:
            raise UsageError(f"--at {at!r}: pick a date between the years {YEARS[0]} and "
                             f"{YEARS[1]}")
    day = (when or proj.now()).date()
    folder = proj.posts_dir / f"{day:%Y-%m}"
    path = folder / f"{day:%Y-%m-%d}-{slugify(title)}.md"
    if path.exists():
        raise UsageError(f"{proj.rel(path)} exists already: pick another title")
    lines = ["---"]
    if when:
        lines.append(f"publish_at: {when.isoformat(timespec='minutes')}")
    lines.append(f"channels: [{', '.join(chans)}]")
    lines.append(f"title: {_yaml_str(title)}")
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
    return 0


# Ids as the site's pages and the post's front-matter take them: a campaign id becomes
# a page name, and any of these is written into the front-matter as it is.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def _check_args(title: str, campaign: str | None, lang: str | None) -> None:
    """Arguments written into the file: one line each, and ids as ids (`--lang
    $'en\ndraft: true'` would add a line to the front-matter)."""
    from smm.errors import UsageError
    from smm.settings import lang_ok

    if not title.strip() or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in title):
        raise UsageError("TITLE: give the title on one line, without control characters")
    if lang is not None and not lang_ok(lang):
        raise UsageError(f"--lang {lang!r}: use a language code such as en, fr or pt-BR")
    if campaign is not None and not _ID.fullmatch(campaign):
        raise UsageError(f"--campaign {campaign!r}: use an id such as winter-launch (letters, "
                         "digits, - _ .)")


def _yaml_str(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML scalar
