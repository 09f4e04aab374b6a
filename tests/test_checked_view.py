"""check_post's shortcut (smm.preview.checked_views: a channel's text alone when the
length, field and media checks can find nothing) gives what the general path gives:
every view built, the three checks run on each, the voice handed each view's text."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smm.checks import check_post, merge_channels
from smm.checks.length import check as check_length
from smm.checks.length import check_fields
from smm.checks.media import check as check_media
from smm.checks.voice.fields import post_fields
from smm.content import load_post
from smm.diagnostics import Diagnostic
from smm.preview import channel_views
from smm.project import Project, load_project

STRATEGY = """\
brand: Test Roasters
timezone: Europe/Paris
lang: en
languages: [en, fr]
channels:
  x: {platform: x}
  bluesky: {platform: bluesky}
  mastodon: {platform: mastodon}
  threads: {platform: threads}
  instagram: {platform: instagram}
  linkedin: {platform: linkedin}
  facebook: {platform: facebook}
  youtube: {platform: youtube}
  tiktok: {platform: tiktok}
  hook: {platform: webhook}
  short: {platform: x, limits: {text: 20}}
  tiny: {platform: bluesky, limits: {text: 12, tag_graphemes: 3}}
  needy: {platform: mastodon, limits: {media: {required: true}}}
  none: {platform: linkedin, limits: {media: {max_items: -1}}}
"""
CHANNELS = ["x", "bluesky", "mastodon", "threads", "instagram", "linkedin", "facebook",
            "youtube", "tiktok", "hook", "short", "tiny", "needy", "none"]
SIX_LINKS = ("https://one.example https://two.example https://three.example "
             "https://4.example https://5.example https://6.example")  # Threads: 5 at most
_PIECES = st.sampled_from([
    "a", "word ", "é", "\n", "\n\n", "\n---\n", " ", "#tag", "#" + "b" * 70, "@ana",
    "@ana.bsky.social", "https://a.example/x", "a.example", "**bold**", "[t](https://b.c)",
    "<b>", "☕", "\ufeff", "x" * 300, "<!-- channel: x -->\n", "<!-- channel: tiny, short -->\n",
    SIX_LINKS,
])


class _Voice:
    """Records what it is handed, as a finding, so the two paths' calls are compared."""

    def check(self, text: str, **kw: Any) -> list[Diagnostic]:
        return [Diagnostic(kw["path"], kw["source_line"], 1, "warning", "voice.seen",
                           f"{text!r} {sorted(kw.items())!r}", kw["channel"])]


def _general(project: Project, voice: Any, path: Path) -> tuple[Diagnostic, ...]:
    """check_post's diagnostics as the views and checks give them, one view at a time."""
    post, diags = load_post(project, path)
    if post is None:
        return tuple(diags)
    per_post: list[Diagnostic] = []
    for view in channel_views(project, post):
        per_post.extend(check_length(post, view))
        per_post.extend(check_fields(post, view))
        per_post.extend(check_media(project, post, view))
        if voice is not None:
            per_post.extend(voice.check(
                view.text, channel=view.channel.id, platform=view.channel.platform,
                lang=post.lang(project), sponsored=post.sponsored, source=post.body,
                source_line=post.body_line, path=post.rel,
                fields=post_fields(post, view.channel.id)))
    return tuple(diags) + tuple(merge_channels(per_post))


_ROOT = Path(tempfile.mkdtemp(prefix="smm-checked-view-"))
(_ROOT / "strategy.yaml").write_text(STRATEGY, encoding="utf-8")
(_ROOT / "content" / "posts").mkdir(parents=True)
(_ROOT / "content" / "media").mkdir()
(_ROOT / "content" / "media" / "a.png").write_bytes(b"not really a png")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(chans=st.lists(st.sampled_from(CHANNELS), max_size=5),
       body=st.lists(_PIECES, max_size=12).map("".join),
       media=st.booleans(), extra=st.sampled_from(["", "title: Hi\n", "tags: [a, b]\n",
                                                   "lang: fr\nsponsored: true\n"]),
       voice=st.booleans())
@example(chans=["bluesky", "threads", "instagram"], body="a #" + "b" * 70 + " " + SIX_LINKS,
         media=False, extra="", voice=False)
@example(chans=["youtube", "needy", "none", "short", "tiny"], body="x" * 300, media=False,
         extra="", voice=True)
@example(chans=["x", "short", "tiny"], body="a\n---\nb <!-- channel: tiny, short -->\nc #d",
         media=True, extra="tags: [a, b]\n", voice=True)
def test_check_post_agrees_with_the_views(chans: list[str], body: str, media: bool,
                                          extra: str, voice: bool) -> None:
    path = _ROOT / "content" / "posts" / "p.md"
    path.write_text(f"---\npublish_at: 2026-12-01T09:00\nchannels: [{', '.join(chans)}]\n"
                    + extra + ("media:\n  - {file: ../media/a.png, alt: A}\n" if media else "")
                    + f"---\n{body}\n", encoding="utf-8")
    project = load_project(_ROOT)
    v = _Voice() if voice else None
    assert check_post(project, v, str(path)).diags == _general(project, v, path)
