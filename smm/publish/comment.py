"""First comments: `first_comment:` in a post's front-matter, posted right after the post
on the platforms that take one through their API (Instagram, LinkedIn, Facebook,
YouTube: the usual home of a link on Instagram, or of the link LinkedIn's feed favours
out of the post itself).

    first_comment: "Shop it: https://fernwood.example/winter"   # every such channel
    first_comment:                                               # or per channel
      instagram: "Link in bio, or here: https://fernwood.example/winter"
      linkedin: "Shop it: https://fernwood.example/winter"

It is recorded in the post's own publish record (`comment:` in ledger/<post>/<channel>
.yaml), the same way as the post: a claim pushed before the API call, the outcome
after. So it goes out once: a crash between post and comment leaves the post
published and no comment claim, and the next run posts the comment; a crash after
the comment's claim leaves it `unknown`, shown to a person, never sent again by itself.
A comment that failed (known not to have taken effect) is tried again by later runs,
up to `publishing.max_attempts`. Its text is rendered for the platform like the post
(links, UTM tags) and validated for length and voice (smm.checks.first_comment).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from smm.errors import PublishError, SmmError

if TYPE_CHECKING:
    from smm.content import Post
    from smm.project import Project
    from smm.publish.clients.base import Client
    from smm.publish.ledger import Record

KEY = "first_comment"
PLATFORMS = frozenset({"instagram", "linkedin", "facebook", "youtube"})
# Comment lengths: Instagram's is documented with its captions; the others are what
# the platforms' apps enforce (unverified): a channel's `limits: {first_comment: N}`
# in strategy.yaml overrides them.
LIMITS = {"instagram": 2200, "linkedin": 1250, "facebook": 8000, "youtube": 10000}
UNVERIFIED = frozenset({"linkedin", "facebook", "youtube"})


def source(post: Post, channel: str) -> str | None:
    """The comment's Markdown for `channel` as written, or None."""
    v = post.get(KEY)
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, dict):
        t = v.get(channel)
        return t.strip() or None if isinstance(t, str) else None
    return None


def text_for(project: Project, post: Post, channel: str) -> str | None:
    """What goes out as the first comment on `channel`: rendered for its platform, with
    UTM tags; None when the post has none for it or the platform takes none."""
    platform = project.channels[channel].platform
    md = source(post, channel)
    if md is None or platform not in PLATFORMS:
        return None
    from smm.render import render

    r = render(md, platform)
    if "utm" in project.strategy:
        from smm.utm import tagger

        tag = tagger(project, channel)
        if tag is not None:
            r = tag.apply(r, tag.params(post, post.lang(project)))
    return r.text or None


def limit(project: Project, channel: str) -> int:
    platform = project.channels[channel].platform
    v = project.limits(channel).get(KEY)
    return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else LIMITS[platform]


def needed(rec: Record | None, max_attempts: int) -> bool:
    """Whether a run should post the comment of this published record now."""
    if rec is None or rec.state != "published" or not rec.platform_id:
        return False
    c = rec.comment
    if not c:
        return True
    return c.get("state") == "failed" and int(c.get("attempts") or 0) < max_attempts


def post_comment(ctx: Any, client: Client, post: Post, channel: str,
                 rec: Record) -> dict[str, Any] | None:
    """Claim, post and record the first comment under the published record `rec`.
    Returns the comment's record entry, or None when there is nothing to do or another
    run has it."""
    from smm.publish import ledger
    from smm.status import Rules

    text = text_for(ctx.project, post, channel)
    if text is None or not needed(rec, Rules(ctx.project).max_attempts):
        return None
    attempts = int((rec.comment or {}).get("attempts") or 0) + 1
    claim = replace(rec, comment={"state": "claimed", "claimed_at": ctx.now.isoformat(),
                                  "run": ctx.run, "attempts": attempts})
    if not ledger.swap(ctx.state, rec, claim, f"comment claimed: {rec.post_id} on {channel} "
                       f"(run {ctx.run})"):
        return None
    ctx.hook("after_comment_claim", post.id, channel)
    entry: dict[str, Any] = {"run": ctx.run, "attempts": attempts,
                             "claimed_at": ctx.now.isoformat()}
    try:
        res = client.comment(rec, text)
    except PublishError as e:
        entry.update(state="unknown" if e.maybe_posted else "failed", error=str(e))
    except Exception as e:  # an answer we did not expect: it may have taken effect
        entry.update(state="unknown", error=f"unexpected answer or error "
                                            f"({type(e).__name__}): it may have taken effect")
    else:
        entry.update(state="published", id=res.platform_id, url=res.url)
    entry["finished_at"] = ctx.now.isoformat()
    ctx.hook("before_comment_record", post.id, channel)
    final = replace(claim, comment={k: v for k, v in entry.items() if v is not None})
    written = False
    with contextlib.suppress(SmmError):
        written = ledger.swap(ctx.state, claim, final, f"comment {entry['state']}: "
                              f"{rec.post_id} on {channel} (run {ctx.run})")
    if not written:  # the claim stays: shown as claimed, then unknown; never sent again
        return {**final.comment, "note": "the outcome could not be recorded; the claim "
                "stays, and the comment is never sent again by itself"}
    return final.comment


def settle_stale(ctx: Any, rec: Record) -> None:
    """A comment claim older than the claim timeout, with no outcome: `unknown`."""
    from smm.publish import ledger
    from smm.status import Rules

    c = rec.comment or {}
    if c.get("state") != "claimed":
        return
    try:
        at = dt.datetime.fromisoformat(str(c.get("claimed_at")))
    except ValueError:
        at = None
    if at is not None and ctx.now - at < Rules(ctx.project).grace:
        return
    new = replace(rec, comment={**c, "state": "unknown", "error": "the run stopped after "
                                "claiming the first comment: check the platform"})
    ledger.swap(ctx.state, rec, new, f"comment unknown: {rec.post_id} on {rec.channel}")
