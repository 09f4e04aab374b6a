"""`first_comment:` (smm.publish.comment): its shape, where it goes, its length on each
platform that takes one, and the brand's voice, as for the post itself."""

from __future__ import annotations

from typing import Any

from smm.content import FIELDS, Post
from smm.diagnostics import Diagnostic
from smm.project import Project
from smm.publish.comment import KEY, LIMITS, PLATFORMS, UNVERIFIED, limit, source, text_for

_NAMES = {"instagram": "Instagram", "linkedin": "LinkedIn", "facebook": "Facebook",
          "youtube": "YouTube"}


def check(project: Project, post: Post, voice: Any) -> list[Diagnostic]:
    rel = post.rel
    value = post.get(KEY)
    line, col = post.pos(KEY)
    out: list[Diagnostic] = []

    def diag(sev: str, rule: str, msg: str, ch: str | None = None, at: int = line) -> None:
        out.append(Diagnostic(rel, at, col if at == line else 1, sev, rule, msg, ch))

    if isinstance(value, dict):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            diag("error", "frontmatter.type", f"{KEY} must be {FIELDS[KEY]}")
            return out
        for ch in value:
            at = post.pos(KEY, ch)[0]
            if ch not in post.channels:
                diag("warning", "first_comment.channel", f"{KEY} for {ch!r}, which the post "
                     "is not sent to: add it to channels or remove this line", ch, at)
            elif project.channels[ch].platform not in PLATFORMS:
                diag("warning", "first_comment.platform", f"{ch}: {_platform(project, ch)} "
                     "takes no first comment through its API: it is not sent there", ch, at)
    elif not isinstance(value, str):
        diag("error", "frontmatter.type", f"{KEY} must be {FIELDS[KEY]}")
        return out
    elif value.strip() and not any(project.channels[c].platform in PLATFORMS
                                   for c in post.channels):
        diag("warning", "first_comment.platform", "none of the post's channels takes a "
             "first comment (Instagram, LinkedIn, Facebook, YouTube do): it is sent nowhere")
    lang = post.lang(project)
    for ch in post.channels:
        text = text_for(project, post, ch)
        if text is None:
            continue
        platform = project.channels[ch].platform
        name = _NAMES[platform]
        at = post.pos(KEY, ch)[0] if isinstance(value, dict) else line
        most = limit(project, ch)
        if len(text) > most:
            note = (" (LinkedIn's, Facebook's and YouTube's comment limits are unverified: "
                    "set limits: {first_comment: N} on the channel if yours differs)"
                    if platform in UNVERIFIED and most == LIMITS[platform] else "")
            diag("error", f"length.{platform}.first_comment",
                 f"{name}: first comment is {len(text)} characters of {most}, "
                 f"{len(text) - most} over: shorten it{note}", ch, at)
        if voice is not None:
            md = source(post, ch) or ""
            for d in voice.check(text, channel=ch, platform=platform, lang=lang,
                                 sponsored=post.sponsored, source=md, source_line=at,
                                 path=rel):
                out.append(Diagnostic(d.path, d.line, d.column, d.severity, d.rule,
                                      f"first comment: {d.message}", d.channel, d.fix))
    return out


def _platform(project: Project, ch: str) -> str:
    from smm import platforms

    return str(platforms.get(project.channels[ch].platform).label)
