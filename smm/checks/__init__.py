"""All checks over one brand: per post (length, media, voice) and across posts (schedule).

`run` returns diagnostics only; it never raises for content problems. Configuration
problems (a bad rule file) raise ConfigError, which the CLI turns into exit 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from smm.content import Post, load_posts
from smm.diagnostics import Diagnostic
from smm.project import Project


def run(project: Project, only: Iterable[Path] | None = None, *,
        now: dt.datetime | None = None,
        is_recorded: Callable[[Post, str], bool] | None = None,
        ) -> tuple[list[Post], list[Diagnostic]]:
    """Check the brand's posts. With `only`, per-post checks cover those files alone
    (pre-commit, --changed-since) while schedule checks still see every post."""
    from smm.checks import length, media, schedule
    from smm.preview import channel_views

    now = now or dt.datetime.now(dt.UTC)
    posts, diags = load_posts(project)
    if only is not None:
        wanted = {p.resolve() for p in only}
        diags = [d for d in diags if (project.repo_root / d.path).resolve() in wanted]
        checked = [p for p in posts if p.path.resolve() in wanted]
    else:
        checked = posts
    voice = _voice(project)
    for post in checked:
        per_post: list[Diagnostic] = []
        for view in channel_views(project, post):
            per_post.extend(length.check(post, view))
            per_post.extend(media.check(project, post, view))
            if voice is not None:
                per_post.extend(voice.check(
                    view.text, channel=view.channel.id, platform=view.channel.platform,
                    lang=post.lang(project), sponsored=post.sponsored, source=post.body,
                    source_line=post.body_line, path=post.rel))
        diags.extend(merge_channels(per_post))
    sched = schedule.check(project, posts, now, is_recorded)
    if only is not None:
        names = {p.rel for p in checked}
        sched = (d for d in sched if d.path in names)
    diags.extend(sched)
    return posts, sorted(set(diags))


def _voice(project: Project):  # type: ignore[no-untyped-def]
    brand_dir = project.root / "brand"
    if not brand_dir.is_dir():
        return None
    from smm.checks.voice import load_voice

    return load_voice(brand_dir, project.brand)


def merge_channels(diags: list[Diagnostic]) -> list[Diagnostic]:
    """One finding for the same place and message on several channels, channels joined:
    a reviewer reads "Fernwood.Hype (x, bluesky)" once, not twice."""
    groups: dict[tuple[object, ...], list[Diagnostic]] = {}
    for d in diags:
        groups.setdefault((d.path, d.line, d.column, d.severity, d.rule, d.message), []).append(d)
    out = []
    for group in groups.values():
        chans = [d.channel for d in group if d.channel]
        first = group[0]
        out.append(Diagnostic(first.path, first.line, first.column, first.severity, first.rule,
                              first.message, ",".join(dict.fromkeys(chans)) or None, first.fix))
    return out
