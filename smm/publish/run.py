"""One publish run: for each due post x channel, claim -> post -> record.

The claim is pushed before any API call, so a crash anywhere leaves either nothing
(nothing was sent) or a claim (something may have been sent: reconciled later, never
re-sent blindly). Each item runs on its own: an error in one never stops the others.
Named points (`POINTS`) call `HOOKS` so tests can crash the run exactly there.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from typing import Any

from smm.content import Post, load_posts
from smm.errors import CredentialsError, PublishError, SmmError
from smm.project import Project
from smm.publish import clients, due, ledger
from smm.publish.clients.base import RETRY_SAFE, Partial, Result
from smm.publish.ledger import Record
from smm.publish.view import PostView, build
from smm.state import State
from smm.status import Status, blocked_by, in_window

POINTS = ("before_claim", "after_claim", "after_api", "before_record")
COMMENT_POINTS = ("after_comment_claim", "before_comment_record")  # smm.publish.comment
HOOKS: list[Callable[[str, str, str], None]] = []  # (point, post_id, channel)
ACTIVE = ("publish", "retry", "reconcile", "missed")


@dataclass
class Outcome:
    post_id: str
    channel: str
    state: str  # published | failed | unknown | missed | skipped | would-publish | ...
    url: str | None = None
    error: str | None = None
    note: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # the dry run's payload
    # An unknown outcome from an earlier run that asking could not settle: shown, but it
    # does not fail this run (else every run would fail until a person looks).
    carried: bool = False
    comment: dict[str, Any] | None = None  # the first comment's record (publish.comment)

    @property
    def bad(self) -> bool:
        return (self.state in ("failed", "unknown") and not self.carried) or \
            (self.comment or {}).get("state") in ("failed", "unknown")


def run_id() -> str:
    gh = os.environ.get("GITHUB_RUN_ID")
    return f"gh-{gh}-{os.environ.get('GITHUB_RUN_ATTEMPT', '1')}" if gh else uuid.uuid4().hex[:12]


def publish(project: Project, now: dt.datetime, *, dry_run: bool = False,
            state: State | None = None, client_opts: dict[str, Any] | None = None
            ) -> list[Outcome]:
    posts, diags = load_posts(project)
    # A post whose file has errors is never sent (a mistyped publish_at must not read
    # as "now"): the status model marks it blocked, and the run says so.
    st = state or State.open(project)
    statuses = due.classify(project, st, posts, now, blocked=blocked_by(diags))
    items = [s for s in statuses if s.action in ACTIVE]
    ctx = _Ctx(project, st, now, run_id(), client_opts or {})
    out: list[Outcome] = [Outcome(s.post.id, s.channel, "failed", error=s.blocked)
                          for s in statuses if s.blocked]
    if not dry_run:  # one commit for all of them: a first run may find many
        out.extend(ctx.missed([i for i in items if i.action == "missed"]))
        items = [i for i in items if i.action != "missed"]
    if not dry_run:  # first comments whose post went out in an earlier run
        out.extend(ctx.comments([s for s in statuses if s.state == "published"]))
    for item in items:
        if dry_run:
            out.append(_dry(ctx, item))
            continue
        try:
            out.append(ctx.one(item))
        except (SmmError, OSError) as e:  # the state branch, a media file: this item only
            out.append(Outcome(item.post.id, item.channel, "failed", error=str(e)))
        except Exception as e:  # a bug of ours must not stop the other channels
            out.append(Outcome(item.post.id, item.channel, "failed",
                               error=f"internal error: {type(e).__name__}: {e}"))
    return out


def _hook(point: str, post_id: str, channel: str) -> None:
    for h in HOOKS:
        h(point, post_id, channel)


def _dry(ctx: _Ctx, item: Status) -> Outcome:
    ch = ctx.project.channels[item.channel]
    state = "would-record-missed" if item.action == "missed" else f"would-{item.action}"
    if item.action == "missed":
        return Outcome(item.post.id, item.channel, state)
    view = build(ctx.project, item.post, item.channel)
    client = clients.get(ch)
    creds = [ch.env_name(f) for f in client.secrets]
    missing = [n for f, n in zip(client.secrets, creds, strict=True) if not ch.secret(f)]
    detail = {"platform": ch.platform, "parts": view.texts,
              "media": [{"file": m.rel, "alt": m.alt, "kind": m.kind} for m in view.media],
              "calls": client.plan(view), "credentials": creds}
    from smm.publish import comment

    first = comment.text_for(ctx.project, item.post, item.channel)
    if first is not None:
        detail["first_comment"] = first
    return Outcome(item.post.id, item.channel, state, detail=detail,
                   note=("missing credentials: " + ", ".join(missing)) if missing else None)


class _Ctx:
    def __init__(self, project: Project, state: State, now: dt.datetime, run: str,
                 opts: dict[str, Any]):
        self.project, self.state, self.now, self.run, self.opts = (
            project, state, now, run, opts)

    def msg(self, rec: Record) -> str:
        return f"{rec.state}: {rec.post_id} on {rec.channel} (run {self.run})"

    def hook(self, point: str, post_id: str, channel: str) -> None:
        _hook(point, post_id, channel)

    def comments(self, items: list[Status]) -> list[Outcome]:
        """First comments owed under posts published before this run (smm.publish.comment):
        a run stopped between a post and its comment; or a comment that failed."""
        from smm.publish import comment

        out = []
        for s in items:
            rec = s.record
            if rec is None or comment.text_for(self.project, s.post, s.channel) is None:
                continue
            if rec.comment.get("state") == "claimed":
                comment.settle_stale(self, rec)
                continue
            try:
                with closing(clients.get(self.project.channels[s.channel], now=self.now,
                                         **self.opts)) as client:
                    entry = comment.post_comment(self, client, s.post, s.channel, rec)
            except (SmmError, OSError) as e:
                entry = {"state": "failed", "error": str(e)}
            if entry is not None:
                out.append(Outcome(s.post.id, s.channel, "first-comment", url=entry.get("url"),
                                   error=entry.get("error"), comment=entry))
        return out

    def _comment(self, client: clients.Client, post: Post, channel: str, o: Outcome) -> None:
        """The first comment, right after the post went out and was recorded."""
        from smm.publish import comment
        from smm.status import ids_of

        if comment.text_for(self.project, post, channel) is None:
            return
        try:
            rec = ledger.find(self.state, ids_of(post), channel)
            if rec is not None:
                o.comment = comment.post_comment(self, client, post, channel, rec)
        except (SmmError, OSError) as e:  # the post is out and recorded: only the comment
            o.comment = {"state": "failed", "error": str(e)}

    def missed(self, items: list[Status]) -> list[Outcome]:
        for _ in range(8):
            files: dict[str, str | None] = {}
            out = []
            for i in items:
                if ledger.read(self.state, i.post.id, i.channel) is not None:
                    continue  # recorded meanwhile by another run
                rec = Record(i.post.id, i.channel, "missed", finished_at=self.now,
                             run=self.run, error=f"fell due at {i.post.publish_at}, outside "
                             "the catch-up window (publishing.catch_up)")
                files[rec.path] = rec.dump()
                out.append(Outcome(i.post.id, i.channel, "missed", error=rec.error))
            try:
                if not files or self.state.commit(files, f"missed: {len(files)} "
                                                  f"(run {self.run})"):
                    return out
            except SmmError as e:
                why = str(e)
                break
        else:
            why = "the state branch kept moving"
        # Nothing was sent; the next run records them.
        return [Outcome(i.post.id, i.channel, "failed", error=f"not recorded as missed: {why}")
                for i in items]

    def one(self, item: Status) -> Outcome:
        post, channel, rec = item.post, item.channel, item.record
        client = clients.get(self.project.channels[channel], now=self.now, **self.opts)
        try:
            return self._with(client, post, channel, item, rec)
        finally:
            client.close()

    def _with(self, client: clients.Client, post: Post, channel: str, item: Status,
              rec: Record | None) -> Outcome:
        if item.action == "reconcile" and rec is not None:
            done = self._reconcile(client, post, rec)
            if done is not None:
                return done
            rec = ledger.find(self.state, [rec.post_id], channel)
        view = build(self.project, post, channel)
        if not any(t.strip() for t in view.texts):  # the validator says so too
            return self._fail_unclaimed(post, channel, rec, f"{post.rel}: the text for "
                                        f"{channel} is empty once rendered: nothing was sent")
        try:
            client.check_credentials()
        except CredentialsError as e:
            return self._fail_unclaimed(post, channel, rec, str(e))
        _hook("before_claim", post.id, channel)
        claim = Record(post.id, channel, "claimed", claimed_at=self.now, run=self.run,
                       attempts=(rec.attempts if rec else 0) + 1, content_hash=view.hash,
                       guard=client.guard(view) if hasattr(client, "guard") else {})
        if rec is not None and rec.post_id != post.id:  # renamed: keep the old record's place
            claim.post_id = rec.post_id
        if not ledger.swap(self.state, rec, claim, self.msg(claim)):
            return Outcome(post.id, channel, "skipped", note="claimed by another run")
        _hook("after_claim", post.id, channel)
        final = self._call(client, view, claim)
        _hook("after_api", post.id, channel)
        _hook("before_record", post.id, channel)
        o = self._record(claim, final)
        if o.state == "published":
            self._comment(client, post, channel, o)
        return o

    def _call(self, client: clients.Client, view: PostView, claim: Record) -> Record:
        try:
            res = client.publish(view)
        except PublishError as e:
            part = e if isinstance(e, Partial) else None
            return replace(claim, state="unknown" if e.maybe_posted else "failed",
                           error=str(e), finished_at=self.now,
                           guard={**claim.guard, **(part.guard if part else {})},
                           thread_ids=part.thread_ids if part else [])
        except Exception as e:  # an answer we did not expect: the request may have acted
            return replace(claim, state="unknown", finished_at=self.now,
                           error=f"{self.project.channels[claim.channel].id}: unexpected "
                           f"answer or error ({type(e).__name__}): it may have taken effect")
        return replace(claim, state="published", platform_id=res.platform_id, url=res.url,
                       thread_ids=res.thread_ids, finished_at=self.now, error=None)

    def _record(self, claim: Record, final: Record) -> Outcome:
        o = Outcome(final.post_id, final.channel, final.state, url=final.url,
                    error=final.error)
        try:
            written = ledger.swap(self.state, claim, final, self.msg(final))
        except SmmError as e:  # the push failed outright: same as losing it
            written, o.note = False, str(e)
        if not written:
            cur = ledger.read(self.state, claim.post_id, claim.channel)
            if cur is not None and cur.state == final.state == "published":
                return o  # a reconciling run recorded the same outcome first
            # The claim stays; the next run reconciles it: say so rather than hide it.
            o.state = "unknown" if final.state == "published" else final.state
            o.note = ("the outcome could not be recorded; the claim stays and the next run "
                      "reconciles it" + (f" ({o.note})" if o.note else ""))
        return o

    def _reconcile(self, client: clients.Client, post: Post, rec: Record) -> Outcome | None:
        """An Outcome when reconciling settled it; None to go on and publish (safely)."""
        err: str | None = None
        try:
            ans = client.reconcile(rec)
        except PublishError as e:
            ans, err = None, str(e)
        if isinstance(ans, Result):
            new = replace(rec, state="published", platform_id=ans.platform_id, url=ans.url,
                          thread_ids=ans.thread_ids, finished_at=self.now, error=None)
            if ledger.swap(self.state, rec, new, self.msg(new) + " (reconciled)"):
                return Outcome(post.id, rec.channel, "published", url=ans.url,
                               note="reconciled: the platform has it")
            return Outcome(post.id, rec.channel, "skipped", note="changed by another run")
        if ans is RETRY_SAFE and in_window(self.project, post, self.now):
            return None
        note = "outcome unknown: check the platform, then set the record's state"
        carried = rec.state == "unknown"
        if rec.state == "claimed":
            new = replace(rec, state="unknown", finished_at=self.now,
                          error=err or rec.error or "the run stopped after claiming it")
            ledger.swap(self.state, rec, new, self.msg(new))
            rec = new
        return Outcome(post.id, rec.channel, "unknown", error=err or rec.error, note=note,
                       carried=carried)

    def _fail_unclaimed(self, post: Post, channel: str, rec: Record | None,
                        error: str) -> Outcome:
        # Nothing was sent: a failed record that does not count as an attempt.
        if rec is not None and rec.state == "failed" and rec.error == error:
            return Outcome(post.id, channel, "failed", error=error)  # said so already
        new = Record(post.id if rec is None else rec.post_id, channel, "failed",
                     finished_at=self.now, run=self.run,
                     attempts=rec.attempts if rec else 0, error=error)
        ledger.swap(self.state, rec, new, self.msg(new))
        return Outcome(post.id, channel, "failed", error=error)

