"""What the post-managing commands share (list, show, move, cancel, media fit): finding
a post by its file or id, and each post's per-channel states from the one status model
(smm.status, through smm.publish.due.classify: what `smm status`, publish and the site
read), never computed anew here."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm.errors import UsageError
from smm.project import Project

if TYPE_CHECKING:
    from smm.content import Post
    from smm.diagnostics import Diagnostic
    from smm.state import State
    from smm.status import Status


class Loaded:
    """One brand's posts, what is wrong with them, and their statuses at `now`."""

    def __init__(self, project: Project, now: dt.datetime, *, with_status: bool = True
                 ) -> None:
        from smm.content import load_posts

        self.project = project
        self.now = now
        self.posts, self.diags = load_posts(project)
        self.state: State | None = None
        self.by_post: dict[str, list[Status]] = {}
        if with_status:
            self.load_status()

    def load_status(self) -> None:
        from smm.publish import due
        from smm.state import State
        from smm.status import blocked_by

        self.state = State.open(self.project)
        for s in due.classify(self.project, self.state, self.posts, self.now,
                              blocked=blocked_by(self.diags)):
            self.by_post.setdefault(s.post.id, []).append(s)

    def errors_of(self, post: Post) -> list[Diagnostic]:
        return [d for d in self.diags if d.path == post.rel and d.severity == "error"]


def find(loaded: list[Loaded], ref: str) -> tuple[Loaded, Post]:
    """The post `ref` names: its file (a path), its id (`posts/2026-11/launch`, with or
    without `posts/`), or its file name without `.md` when only one post has it."""
    path = Path(ref)
    hits: list[tuple[Loaded, Post]] = []
    if ref.endswith(".md") or os.sep in ref or "/" in ref:
        target = path.resolve() if path.exists() else None
        for lo in loaded:
            for p in lo.posts:
                if target is not None and p.path.resolve() == target:
                    hits.append((lo, p))
        if not hits and target is not None:
            for lo in loaded:
                try:
                    target.relative_to(lo.project.posts_dir.resolve())
                except ValueError:
                    continue
                bad = [d for d in lo.diags if d.path == lo.project.rel(target)]
                why = f": {bad[0].path}:{bad[0].line}: {bad[0].message}" if bad else ""
                raise UsageError(f"{ref} could not be read as a post{why}")
    if not hits:
        key = ref.removeprefix("content/").removesuffix(".md").strip("/")
        for lo in loaded:
            for p in lo.posts:
                if p.id in (key, f"posts/{key}"):
                    hits.append((lo, p))
        if not hits:
            hits = [(lo, p) for lo in loaded for p in lo.posts
                    if p.id.rsplit("/", 1)[-1] == key]
    if not hits:
        raise UsageError(f"no post {ref!r}: give its file (content/posts/...md) or its id "
                         "(`smm list` shows them)")
    if len(hits) > 1:
        names = ", ".join(p.rel for _, p in hits[:5])
        raise UsageError(f"{ref!r} names several posts ({names}): give the file's path")
    return hits[0]


def load_all(root: Path | None, *, with_status: bool = True) -> list[Loaded]:
    from smm.commands._common import projects

    out = []
    for project in projects(root):
        out.append(Loaded(project, project.now(), with_status=with_status))
    return out


def when_text(post: Post) -> str:
    if post.publish_at is not None:
        return post.publish_at.isoformat(timespec="minutes")
    return "on-merge" if post.get("publish_at") == "on-merge" else "(no time)"


def stamp(project: Project, when: dt.datetime) -> str:
    """A time as people write it in publish_at: the strategy's wall-clock time without
    an offset when that names the moment unambiguously, else ISO 8601 with offset."""
    local = when.astimezone(project.timezone)
    text = local.strftime("%Y-%m-%dT%H:%M") + (f":{local.second:02d}" if local.second else "")
    naive = dt.datetime.fromisoformat(text)
    back = naive.replace(tzinfo=project.timezone)
    other = naive.replace(tzinfo=project.timezone, fold=1)
    if back == when and back.utcoffset() == other.utcoffset():
        return text
    return local.isoformat(timespec="seconds")


def channel_rows(loaded: Loaded, post: Post) -> list[dict[str, Any]]:
    """Each channel of the post with its state (smm.status) and its publish record."""
    rows = []
    for s in loaded.by_post.get(post.id, []):
        rec = s.record
        rows.append({
            "channel": s.channel, "platform": loaded.project.channels[s.channel].platform,
            "state": s.state, "attention": s.attention, "action": s.action,
            "blocked": s.blocked,
            "url": rec.url if rec else None, "platform_id": rec.platform_id if rec else None,
            "error": rec.error if rec else None, "attempts": rec.attempts if rec else 0,
            "finished_at": rec.finished_at.isoformat() if rec and rec.finished_at else None,
            "record": rec.path if rec else None,
            "first_comment": (dict(rec.comment) if rec is not None and rec.comment
                              else None)})
    return rows
