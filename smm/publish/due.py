"""What is due: posts in the checked-out default branch, not drafts, whose time has
come, per channel, against the record.

- no record, publish_at reached within the catch-up window (`publishing.catch_up`,
  default 24h) or absent (publish when merged): publish;
- no record, publish_at older than the window: record `missed`, never post days late;
- `failed` (known not to have taken effect): retried while in the window, up to
  `publishing.max_attempts` (default 3) API attempts;
- `unknown`, or `claimed` longer ago than `publishing.claim_timeout` (default 30m; a
  younger claim belongs to a run still working): reconcile with the platform;
- `published`, `missed`: done. A renamed post keeps its record through previous_ids
  or git's rename detection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smm.content import Post
from smm.project import Project, parse_duration
from smm.publish import ledger
from smm.publish.ledger import Record
from smm.state import State

CATCH_UP = dt.timedelta(hours=24)
CLAIM_TIMEOUT = dt.timedelta(minutes=30)


@dataclass
class Item:
    post: Post
    channel: str
    action: str  # publish | retry | reconcile | missed | wait | scheduled | done | gave-up
    record: Record | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.post.id, self.channel)


def setting(project: Project, key: str, default: dt.timedelta) -> dt.timedelta:
    return parse_duration(project.setting("publishing", key)) or default


def max_attempts(project: Project) -> int:
    v = project.setting("publishing", "max_attempts", 3)
    return v if isinstance(v, int) and v > 0 else 3


def renamed_from(project: Project) -> dict[str, list[str]]:
    """Post id -> the ids its file had before, from git's rename detection on the
    checked-out history (one `git log`; empty outside git or in a shallow clone that
    lacks the rename: previous_ids in the front-matter is the sure way)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "log", "-M", "--diff-filter=R", "--name-status", "--format=", "HEAD",
             "--", str(project.posts_dir)], cwd=project.root, capture_output=True,
            text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    content = project.rel(project.content_dir) + "/"
    back: dict[str, str] = {}  # newer id -> older id, newest renames first
    for line in out.splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[0].startswith("R"):
            old, new = (f.removeprefix(content).removesuffix(".md") for f in fields[1:])
            back.setdefault(new, old)
    chains: dict[str, list[str]] = {}
    for new in back:
        seen: list[str] = []
        cur = new
        while cur in back and back[cur] not in seen and len(seen) < 50:
            cur = back[cur]
            seen.append(cur)
        chains[new] = seen
    return chains


def classify(project: Project, state: State, posts: list[Post], now: dt.datetime,
             renames: dict[str, list[str]] | None = None) -> list[Item]:
    """Every post x channel with what a run should do about it, in publishing order."""
    window = setting(project, "catch_up", CATCH_UP)
    grace = setting(project, "claim_timeout", CLAIM_TIMEOUT)
    renames = renamed_from(project) if renames is None else renames
    items: list[Item] = []
    for post in posts:
        if post.draft:
            continue
        ids = [post.id, *post.previous_ids]
        ids += [i for i in renames.get(post.id, []) if i not in ids]
        for channel in post.channels:
            if channel not in project.channels:
                continue  # the validator reports it; nothing to send it to
            rec = ledger.find(state, ids, channel)
            items.append(Item(post, channel, _action(project, post, rec, now, window, grace),
                              rec))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    items.sort(key=lambda i: (i.post.publish_at or far, i.post.id, i.channel))
    return items


def _action(project: Project, post: Post, rec: Record | None, now: dt.datetime,
            window: dt.timedelta, grace: dt.timedelta) -> str:
    at = post.publish_at
    if rec is None:
        if at is not None and at > now:
            return "scheduled"
        if at is not None and now - at > window:
            return "missed"
        return "publish"
    if rec.state in ledger.DONE:
        return "done"
    if rec.state == "claimed" and rec.claimed_at and now - rec.claimed_at < grace:
        return "wait"
    if rec.state in ("claimed", "unknown"):
        return "reconcile"
    # failed: known not to have taken effect
    if at is not None and now - at > window:
        return "gave-up"
    if rec.attempts >= max_attempts(project):
        return "gave-up"
    return "retry"


def in_window(project: Project, post: Post, now: dt.datetime) -> bool:
    at = post.publish_at
    return at is None or now - at <= setting(project, "catch_up", CATCH_UP)
