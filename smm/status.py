"""Where each post stands on each channel at a given now: the one answer that `smm
status`, `smm publish` (what a run does), `smm kpi`, the site (home page, calendar, post
pages, campaigns, calendar.ics) and the pull-request comment all read, so they never
disagree.

  state        meaning                                                       attention
  draft        `draft: true` and nothing recorded: validated, never published
  scheduled    publish_at is still ahead
  due          its time has come (within the catch-up window) and nothing     overdue
               went out yet: the next publish run sends it
  publishing   a run claimed it less than `publishing.claim_timeout` ago
               (default 30m) and is sending it now
  published    the platform confirmed it
  failed       refused, or could not be sent: known not to have taken          yes
               effect; runs retry it within the window, up to max_attempts
  unknown      it may have gone out: a claim older than claim_timeout with    yes
               no outcome, or an answer nobody could read; asked of the
               platform where it can tell, else left for a person
  missed       it fell due more than `publishing.catch_up` ago (default 24h)   yes
               and was never sent: never posted days late

Due, failed, unknown and missed need a person's attention, everywhere. Next to the
state, `action` says what a publish run does about it: publish, retry, reconcile,
missed (record it as missed), wait, or none; `blocked` holds the first error of a post
that validation rejects, which a run never sends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from smm.project import Project, parse_duration

if TYPE_CHECKING:
    from smm.content import Post

STATES = ("draft", "scheduled", "due", "publishing", "published", "failed", "unknown",
          "missed")
ATTENTION = frozenset({"due", "failed", "unknown", "missed"})
# The state a post shows when its channels differ: what needs attention first.
PRIORITY = ("failed", "unknown", "missed", "due", "publishing", "scheduled", "published",
            "draft")
ACTIONS = ("publish", "retry", "reconcile", "missed", "wait", "none")

CATCH_UP = dt.timedelta(hours=24)
CLAIM_TIMEOUT = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 3


class Rec(Protocol):
    """What the status needs of a publish record (smm.publish.ledger.Record, or the
    site's lighter copy of it)."""

    @property
    def state(self) -> str: ...
    @property
    def claimed_at(self) -> dt.datetime | None: ...
    @property
    def finished_at(self) -> dt.datetime | None: ...
    @property
    def attempts(self) -> int: ...


Find = Callable[[Sequence[str], str], Any]  # (post ids, channel) -> Rec | None


@dataclass(frozen=True, slots=True)
class Status:
    post: Post
    channel: str
    state: str
    action: str
    record: Any  # the Rec the state was read from, or None
    blocked: str | None = None  # why a run will not send it (a validation error)

    @property
    def attention(self) -> bool:
        return self.state in ATTENTION or (self.blocked is not None
                                           and self.state in ("scheduled", "due"))

    @property
    def key(self) -> tuple[str, str]:
        return (self.post.id, self.channel)


class Rules:
    """The strategy's publishing settings, read once a run."""

    __slots__ = ("window", "grace", "max_attempts")

    def __init__(self, project: Project) -> None:
        self.window = _duration(project, "catch_up", CATCH_UP)
        self.grace = _duration(project, "claim_timeout", CLAIM_TIMEOUT)
        v = project.setting("publishing", "max_attempts", MAX_ATTEMPTS)
        self.max_attempts = v if isinstance(v, int) and not isinstance(v, bool) and v > 0 \
            else MAX_ATTEMPTS


def _duration(project: Project, key: str, default: dt.timedelta) -> dt.timedelta:
    d = parse_duration(project.setting("publishing", key))
    return d if d is not None and d > dt.timedelta(0) else default


def ids_of(post: Post, renames: dict[str, list[str]] | None = None) -> list[str]:
    """The post's id, then the ids it had before a rename (`previous_ids:`, then git's
    rename detection): its publish records stay filed under the id it went out with."""
    ids = [post.id]
    prev = post.get("previous_ids")
    if isinstance(prev, list):
        ids += [i for i in prev if isinstance(i, str) and i not in ids]
    for i in (renames or {}).get(post.id, ()):
        if i not in ids:
            ids.append(i)
    return ids


def decide(post: Post, rec: Any, now: dt.datetime, rules: Rules) -> tuple[str, str]:
    """(state, action) of one post on one channel: the one place this is decided. A
    record written after `now` did not exist yet then: a look at an earlier moment sees
    the post as it stood."""
    at = post.publish_at
    if rec is not None and _after(rec, now):
        rec = None
    if rec is None:
        if post.draft:
            return "draft", "none"
        if at is not None and at > now:
            return "scheduled", "none"
        if at is not None and now - at > rules.window:
            return "missed", "missed"
        return "due", "publish"
    state = rec.state
    if state == "published":
        return "published", "none"
    if state == "missed":
        return "missed", "none"
    if post.draft:  # drafted again after a run tried: nothing more is sent, but a post
        return ("draft" if state == "failed" else "unknown"), "none"  # may be out there
    if state == "claimed":
        claimed = rec.claimed_at
        if claimed is not None and now - claimed < rules.grace:
            return "publishing", "wait"
        return "unknown", "reconcile"
    if state == "failed":
        late = at is not None and now - at > rules.window
        if late or (rec.attempts or 0) >= rules.max_attempts:
            return "failed", "none"
        return "failed", "retry"
    return "unknown", "reconcile"  # `unknown`, or a state this smm does not know


def _after(rec: Any, now: dt.datetime) -> bool:
    first = rec.claimed_at or rec.finished_at
    return first is not None and first > now


def classify(project: Project, posts: Iterable[Post], find: Find, now: dt.datetime, *,
             renames: dict[str, list[str]] | None = None,
             blocked: dict[str, str] | None = None) -> list[Status]:
    """Every post × channel of the brand with its state at `now`, in publishing order
    (time, then post id, then channel; posts without a time last). `find` looks a
    record up by the post's ids and a channel; `blocked`: post file (repository-relative)
    -> the error that keeps it from being sent."""
    rules = Rules(project)
    out: list[Status] = []
    for post in posts:
        ids = ids_of(post, renames)
        why = (blocked or {}).get(post.rel)
        for channel in post.channels:
            if channel not in project.channels:
                continue  # the validator reports it; there is nothing to send it to
            rec = find(ids, channel)
            if rec is not None and _after(rec, now):
                rec = None  # not written yet at that moment
            state, action = decide(post, rec, now, rules)
            if why is not None and action in ("publish", "retry"):
                out.append(Status(post, channel, state, "none", rec, why))
            else:
                out.append(Status(post, channel, state, action, rec))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    out.sort(key=lambda s: (s.post.publish_at or far, s.post.id, s.channel))
    return out


def blocked_by(diags: Iterable[Any]) -> dict[str, str]:
    """Post file -> its first error, from validation's diagnostics: such a post is
    never sent (a mistyped publish_at must not read as "now")."""
    out: dict[str, str] = {}
    for d in diags:
        if d.severity == "error":
            out.setdefault(d.path, f"{d.path}:{d.line}: {d.message} (run `smm validate`)")
    return out


def overall(states: Iterable[str]) -> str:
    """The one state a post shows for all its channels: the most urgent."""
    have = set(states)
    return next((s for s in PRIORITY if s in have), "scheduled")


def in_window(project: Project, post: Post, now: dt.datetime) -> bool:
    """Still inside the catch-up window (or without a time): safe to send now."""
    at = post.publish_at
    return at is None or now - at <= Rules(project).window
