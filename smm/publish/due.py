"""What is due: each post x channel of the checked-out default branch against the
publish record, as smm.status decides it (the one status model every surface reads).

A run acts on the statuses whose action is publish (due: no record, its time reached
within `publishing.catch_up`, default 24h, or `publish_at: on-merge`), missed (record
it, never post days late), retry (`failed`: known not to have taken effect, while in
the window and under `publishing.max_attempts`) and reconcile (`unknown`, or a claim
older than `publishing.claim_timeout`: ask the platform). A renamed post keeps its
record through previous_ids or git's rename detection.
"""

from __future__ import annotations

import datetime as dt

from smm.content import Post
from smm.project import Project
from smm.publish import ledger
from smm.state import State
from smm.status import Status
from smm.status import classify as _classify


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
             renames: dict[str, list[str]] | None = None,
             blocked: dict[str, str] | None = None) -> list[Status]:
    """Every post x channel with its status and what a run does about it, in
    publishing order. `blocked`: post file -> the validation error keeping it back."""
    renames = renamed_from(project) if renames is None else renames
    return _classify(project, posts, lambda ids, ch: ledger.find(state, list(ids), ch), now,
                     renames=renames, blocked=blocked)
