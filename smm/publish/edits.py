"""For `smm validate`: warn when a post already published has been edited since.

Edits are never sent (platforms cannot all edit, and a second post would be a
duplicate); the record keeps a fingerprint of what was sent, and this compares it with
what the post renders to now. Reading the state fetches nothing (`fetch=False`): the
validator runs in pre-commit and must stay fast and offline.
"""

from __future__ import annotations

from smm.content import Post
from smm.diagnostics import Diagnostic
from smm.errors import SmmError
from smm.project import Project
from smm.publish import ledger
from smm.publish.view import build
from smm.state import State

RULE = "publish.edited"


def published_edits(project: Project, posts: list[Post], state: State | None = None
                    ) -> list[Diagnostic]:
    """One warning a published post and channel whose content changed since."""
    try:
        st = state or State.open(project, fetch=False)
    except SmmError:
        return []
    out: list[Diagnostic] = []
    for post in posts:
        ids = [post.id, *post.previous_ids]
        for channel in post.channels:
            if channel not in project.channels:
                continue
            rec = ledger.find(st, ids, channel)
            if rec is None or rec.state != "published" or not rec.content_hash:
                continue
            if build(project, post, channel).hash == rec.content_hash:
                continue
            if "utm" in project.strategy and \
                    build(project, post, channel, tags=False).hash == rec.content_hash:
                continue  # sent before UTM tags were set up: the post itself is as it was
            where = f" ({rec.url})" if rec.url else ""
            out.append(Diagnostic(
                post.rel, post.body_line, 1, "warning", RULE,
                f"already published on {channel}{where}: edits won't be sent; edit the post "
                "on the platform, or make a new post", channel))
    return out
