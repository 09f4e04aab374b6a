"""Pull-request review on GitHub: the job summary and the sticky preview comment.

Two Markdown documents built from the same pieces: the job summary (a table of the
changed posts, their findings and schedule conflicts, then each channel's preview)
and the preview comment (the table and the previews, under a hidden marker so that
each push updates the one comment in place). Post text is written by whoever opens
the pull request, so every piece of it is escaped: in table cells and headings as
HTML entities and backslash escapes, in previews inside a code fence longer than any
run of backticks in the text. `@name` gets a zero-width space so that a preview never
pings anyone.

The annotations themselves (`::error file=...`) are smm.report's.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from smm.diagnostics import Diagnostic

if TYPE_CHECKING:
    from smm.content import Post
    from smm.platforms.base import Count
    from smm.preview import ChannelView
    from smm.project import Project

MARKER = "<!-- smm-preview -->"
COMMENT_LIMIT = 65_536  # characters: GitHub rejects longer comment bodies
SUMMARY_LIMIT = 1_048_576  # bytes: GitHub drops a longer job summary
_ICON = {"error": "❌", "warning": "⚠️", "suggestion": "💡"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MENTION = re.compile(r"@(?=\w)")

PostRef = tuple["Project", "Post"]
# What callers pass: a Post, or a lighter record of one (the validator's cache entry)
# with `.rel`, `.channels`, `.draft` and `.publish_at` (a datetime or ISO 8601 text).
AnyPostRef = tuple["Project", Any]


# --- escaping ---------------------------------------------------------------------


def md_text(text: str) -> str:
    """Untrusted text as inline Markdown that shows exactly that text: no HTML, no
    emphasis, links, table breaks or mentions."""
    s = html.escape(text, quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _MENTION.sub("@&#8203;", s)


def md_cell(text: str) -> str:
    """Untrusted text in a table cell: one line, escaped."""
    return md_text(" ".join(text.split()))


def html_text(text: str) -> str:
    """Untrusted text inside an HTML element (`<summary>`), where Markdown is off."""
    return _MENTION.sub("@&#8203;", html.escape(" ".join(text.split())))


def fenced(text: str, info: str = "text") -> str:
    """A code block that no line of `text` can close: the fence is longer than the
    longest run of backticks in it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


# --- the pieces -------------------------------------------------------------------


def format_when(post: Post, project: Project) -> str:
    if post.draft:
        return "draft (never published)"
    if post.publish_at is None:
        return "when merged"
    t = post.publish_at.astimezone(project.timezone)
    return f"{t:%a %Y-%m-%d %H:%M} {t.tzname()}"


def format_counts(counts: Iterable[Count]) -> str:
    out = []
    for c in counts:
        what = f"{c.length}/{c.limit} {c.unit}"
        if c.field != "text":
            what = f"{c.field} {what}"
        out.append(("" if c.valid else "❌ ") + what)
    return " · ".join(out) or "no limit"


def _channels_of(d: Diagnostic) -> list[str]:
    return [c for c in (d.channel or "").split(",") if c]


def _tally(diags: Sequence[Diagnostic]) -> str:
    parts = []
    for sev in ("error", "warning", "suggestion"):
        n = sum(1 for d in diags if d.severity == sev)
        if n:
            parts.append(f"{_ICON[sev]} {n}")
    return " · ".join(parts) or "✅"


def _media(view: ChannelView) -> str:
    if not view.media:
        return "—"
    items = []
    for m in view.media:
        alt = "alt ✅" if m.alt and m.alt.strip() else "⚠️ no alt"
        items.append(f"{md_cell(m.file)} ({m.kind}, {alt})")
    return "<br>".join(items)


def _where(d: Diagnostic) -> str:
    return md_text(d.path + (f":{d.line}" if d.line else "") + (f":{d.column}" if d.column else ""))


def finding_line(d: Diagnostic) -> str:
    rule = d.rule + (f", {d.channel}" if d.channel else "")
    msg = md_cell(d.message)
    return f"- {_ICON.get(d.severity, '⚠️')} {_where(d)} — {msg} ({md_text(rule)})"


def _zone_header(projects: Sequence[Project]) -> str:
    zones = {p.timezone.key for p in projects}
    return f"Scheduled ({md_cell(zones.pop())})" if len(zones) == 1 else "Scheduled"


def post_table(projects: Sequence[Project], posts: Sequence[PostRef],
               diags: Sequence[Diagnostic]) -> list[str]:
    """One row a post and channel: when, length against each limit, thread, media."""
    from smm.preview import channel_views

    lines = [f"| Post | Channel | {_zone_header(projects)} | State | Length | Thread | Media "
             "| Findings |", "|:--|:--|:--|:--|:--|--:|:--|:--|"]
    states = _states(posts, diags)
    for project, post in posts:
        mine = [d for d in diags if d.path == post.rel]
        views = channel_views(project, post)
        if not views:
            lines.append(f"| {md_cell(post.rel)} | — | {md_cell(format_when(post, project))} "
                         f"| — | — | — | — | {_tally(mine)} |")
        for view in views:
            counts = [format_counts(p.counts) for p in view.parts]
            length = "<br>".join(f"{i + 1}: {c}" for i, c in enumerate(counts)) \
                if len(counts) > 1 else (counts[0] if counts else "—")
            found = [d for d in mine if view.channel.id in _channels_of(d)]
            lines.append(
                f"| {md_cell(post.rel)} | {md_cell(view.label)} ({md_cell(view.channel.id)}) "
                f"| {md_cell(format_when(post, project))} "
                f"| {states.get((post.id, view.channel.id), '—')} | {length} | {len(view.parts)} "
                f"| {_media(view)} | {_tally(found)} |")
    return lines


def _states(posts: Sequence[PostRef], diags: Sequence[Diagnostic]
            ) -> dict[tuple[str, str], str]:
    """Each post × channel's state from smm.status, as `smm status` and the site tell it
    (the record read offline: a pull request's run never fetches)."""
    from smm import status
    from smm.errors import SmmError
    from smm.publish import due, ledger
    from smm.state import State

    out: dict[tuple[str, str], str] = {}
    blocked = status.blocked_by(diags)
    for project in {id(p): p for p, _ in posts}.values():
        mine = [post for p, post in posts if p is project]
        try:
            st: State | None = State.open(project, fetch=False)
        except SmmError:
            st = None

        def find(ids: Sequence[str], ch: str, st: State | None = st) -> Any:
            return ledger.find(st, list(ids), ch) if st is not None else None
        for s in status.classify(project, mine, find, project.now(),
                                 renames=due.renamed_from(project), blocked=blocked):
            out[s.key] = s.state + (" ⚠️" if s.attention else "")
    return out


def post_preview(project: Project, post: Post, *, open_: bool = False) -> list[str]:
    """Each channel's rendered text as the platform will show it, part by part."""
    from smm.preview import channel_views

    views = channel_views(project, post)
    names = ", ".join(v.label for v in views) or "no channels"
    lines = [f"<details{' open' if open_ else ''}><summary><b>{html_text(post.title)}</b> · "
             f"{html_text(post.rel)} · {html_text(names)}</summary>", ""]
    for view in views:
        mark = "✅" if view.valid else "❌"
        variant = " · variant" if view.is_variant else ""
        lines += [f"#### {mark} {md_text(view.label)} ({md_text(view.channel.id)}){variant}", ""]
        for part in view.parts:
            if len(view.parts) > 1:
                lines += [f"Part {part.index + 1}/{len(view.parts)} · "
                          f"{format_counts(part.counts)}", ""]
            else:
                lines += [format_counts(part.counts), ""]
            lines += [fenced(part.rendered.text), ""]
            for issue in part.issues:
                lines.append(f"- {_ICON.get(issue.severity, '⚠️')} {md_cell(issue.message)} "
                             f"({md_text(issue.rule)})")
            if part.issues:
                lines.append("")
        for m in view.media:
            alt = f"alt: {md_cell(m.alt)}" if m.alt and m.alt.strip() else "⚠️ no alt text"
            lines.append(f"- 🖼️ {md_cell(m.file)} ({m.kind}) — {alt}")
        if view.media:
            lines.append("")
    lines += ["</details>", ""]
    return lines


def as_posts(items: Iterable[AnyPostRef]) -> list[PostRef]:
    """Posts to preview: records that are not Post objects are loaded from their file
    (one that no longer loads is left out; its findings still show)."""
    from smm.content import load_post

    out: list[PostRef] = []
    for project, item in items:
        if hasattr(item, "shared"):
            out.append((project, item))
            continue
        post, _ = load_post(project, project.repo_root / item.rel)
        if post is not None:
            out.append((project, post))
    return out


def _when(item: Any) -> dt.datetime | None:
    if getattr(item, "draft", False):
        return None
    when = getattr(item, "publish_at", None)
    if isinstance(when, str):
        try:
            when = dt.datetime.fromisoformat(when)
        except ValueError:
            return None
    return when if isinstance(when, dt.datetime) and when.tzinfo else None


def _neighbours(posts: Sequence[PostRef], all_posts: Sequence[AnyPostRef]) -> list[str]:
    """Posts already scheduled on the same day and channel as a changed one: the
    context a reviewer needs to judge the cadence."""
    changed = {post.rel for _, post in posts}
    lines: list[str] = []
    for project, post in posts:
        mine = _when(post)
        if mine is None:
            continue
        day = mine.astimezone(project.timezone).date()
        for other_project, other in all_posts:
            theirs = _when(other)
            if other.rel in changed or theirs is None or other_project.root != project.root:
                continue
            shared = [c for c in other.channels if c in post.channels]
            if shared and theirs.astimezone(project.timezone).date() == day:
                t = theirs.astimezone(project.timezone)
                lines.append(f"  - {md_text(post.rel)} shares {md_text(', '.join(shared))} on "
                             f"{day.isoformat()} with {md_text(other.rel)} "
                             f"({t:%H:%M} {t.tzname()})")
    return lines


def _headline(posts: Sequence[PostRef], diags: Sequence[Diagnostic]) -> str:
    n = len(posts)
    return f"**{n} changed post{'' if n == 1 else 's'}** · findings: {_tally(diags)}"


def review_sections(posts: Sequence[PostRef], diags: Sequence[Diagnostic],
                    all_posts: Sequence[AnyPostRef]) -> list[str]:
    """Every finding, then the schedule: conflicts with posts already scheduled (the
    `schedule.*` findings) and the posts that share a changed post's day and channel."""
    lines: list[str] = []
    found = [d for d in diags if not d.rule.startswith("schedule.")]
    if found:
        lines += ["### Findings", "", *(finding_line(d) for d in sorted(found)), ""]
    sched = [d for d in diags if d.rule.startswith("schedule.")]
    near = _neighbours(posts, all_posts)
    if sched or near:
        lines += ["### Schedule", ""]
        lines += [finding_line(d) for d in sorted(sched)]
        if near:
            lines += ["- Already scheduled on the same day and channel:", *near]
        lines.append("")
    return lines


def _fit(head: list[str], posts: Sequence[PostRef], budget: int, where: str) -> list[str]:
    """The head, then each post's preview while they fit `budget` (UTF-8 bytes, which
    is never less than GitHub's count of characters); past it, a note. A head that does
    not fit alone (hundreds of posts in one pull request) is cut too."""
    def size(lines: list[str]) -> int:
        return sum(len(s.encode()) + 1 for s in lines)

    used = size(head)
    if used > budget:
        kept: list[str] = []
        used = 0
        for line in head:
            used += len(line.encode()) + 1
            if used > budget:
                break
            kept.append(line)
        return [*kept, "", f"_Cut to fit GitHub's {where} size._", ""]
    lines = list(head)
    for i, (project, post) in enumerate(posts):
        block = post_preview(project, post, open_=len(posts) <= 3)
        used += size(block)
        if used > budget:
            lines += [f"_{len(posts) - i} preview(s) left out to fit GitHub's {where} size._",
                      ""]
            break
        lines += block
    return lines


def job_summary(projects: Sequence[Project], posts_changed: Sequence[AnyPostRef],
                diags: Sequence[Diagnostic], all_posts: Sequence[AnyPostRef]) -> str:
    """The job summary of `smm validate --format github`: a table of the changed posts,
    every finding, conflicts with the posts already scheduled, and each channel's
    preview (pull requests from forks get no comment: this is their preview)."""
    posts_changed = as_posts(posts_changed)
    lines = ["## smm: changed posts", "", _headline(posts_changed, diags), ""]
    if not posts_changed:
        lines += ["No post changed.", ""]
    else:
        lines += [*post_table(projects, posts_changed, diags), ""]
    lines += review_sections(posts_changed, diags, all_posts)
    if posts_changed:
        lines += ["### Preview", ""]
    return "\n".join(_fit(lines, posts_changed, SUMMARY_LIMIT - 4_000, "job summary")) + "\n"


def comment_body(projects: Sequence[Project], posts_changed: Sequence[AnyPostRef],
                 diags: Sequence[Diagnostic], all_posts: Sequence[AnyPostRef] = (), *,
                 head_sha: str | None = None) -> str:
    """The sticky comment: the marker first (how the next run finds it), the table,
    then previews for as many posts as fit GitHub's size limit (the job summary, which
    allows far more, has the rest)."""
    posts_changed = as_posts(posts_changed)
    short = f" for {md_text(head_sha[:7])}" if head_sha else ""
    lines = [MARKER, f"## smm preview{short}", "", _headline(posts_changed, diags), ""]
    if not posts_changed:
        lines += ["No post changed in this pull request.", ""]
        return "\n".join(lines)
    lines += [*post_table(projects, posts_changed, diags), ""]
    lines += review_sections(posts_changed, diags, all_posts)
    lines = _fit(lines, posts_changed, COMMENT_LIMIT - 1_000, "comment")
    lines.append("<sub>Updated on each push by `smm github comment`; the job summary of the "
                 "validate run has every preview.</sub>")
    return "\n".join(lines)


# --- the REST API -----------------------------------------------------------------


class GitHubError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(f"GitHub API {status}: {message}")
        self.status = status

    @property
    def forbidden(self) -> bool:
        """A read-only token (fork, Dependabot) or a job without pull-requests: write."""
        return self.status in (401, 403)


@dataclass
class PullRequest:
    repo: str  # owner/name of the base repository
    number: int
    head_sha: str | None = None
    fork: bool = False


def pull_request_from_env(env: dict[str, str] | None = None) -> PullRequest | None:
    """The pull request this run is about, from GITHUB_REPOSITORY and the event file."""
    import json

    env = dict(os.environ if env is None else env)
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            event: dict[str, Any] = json.load(f)
    except (OSError, ValueError):
        return None
    pr = event.get("pull_request")
    if not isinstance(pr, dict) or not isinstance(pr.get("number"), int):
        return None
    base = ((pr.get("base") or {}).get("repo") or {}).get("full_name")
    head = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
    repo = env.get("GITHUB_REPOSITORY") or base
    if not isinstance(repo, str):
        return None
    # A deleted fork leaves head.repo null: treat it as a fork, its token is read-only.
    fork = head != (base or repo)
    return PullRequest(repo, pr["number"], (pr.get("head") or {}).get("sha"), fork)


class GitHub:
    """The few REST calls the preview comment needs. The token is sent in a header
    and never appears in a message."""

    def __init__(self, token: str, base_url: str | None = None, *,
                 transport: httpx.BaseTransport | None = None, timeout: float = 30.0):
        base = (base_url or os.environ.get("GITHUB_API_URL") or "https://api.github.com")
        self.client = httpx.Client(
            base_url=base.rstrip("/"), timeout=timeout, transport=transport,
            headers={"Authorization": f"Bearer {token}",
                     "Accept": "application/vnd.github+json",
                     "X-GitHub-Api-Version": "2022-11-28",
                     "User-Agent": "smm-preview"})

    def __enter__(self) -> GitHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def _call(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            r = self.client.request(method, url, **kw)
        except httpx.HTTPError as e:
            raise GitHubError(0, f"{method} failed: {type(e).__name__}") from None
        if r.status_code >= 400:
            try:
                msg = str(r.json().get("message", ""))
            except ValueError:
                msg = r.text[:200]
            raise GitHubError(r.status_code, f"{method} {r.url.path}: {msg}")
        return r

    def comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        """Every comment of the pull request, following the Link header's pages."""
        out: list[dict[str, Any]] = []
        url: str | None = f"/repos/{repo}/issues/{number}/comments"
        params: dict[str, Any] | None = {"per_page": 100}
        pages = 0
        while url and pages < 100:  # 10,000 comments: beyond that, a loop, not a PR
            r = self._call("GET", url, params=params)
            out.extend(r.json())
            url = r.links.get("next", {}).get("url")
            if url and httpx.URL(url).host != self.client.base_url.host:
                raise GitHubError(0, "the next page is on another host: not sending the "
                                     "token there")
            params = None  # the next URL carries its own query
            pages += 1
        return out

    def create(self, repo: str, number: int, body: str) -> dict[str, Any]:
        r = self._call("POST", f"/repos/{repo}/issues/{number}/comments", json={"body": body})
        data: dict[str, Any] = r.json()
        return data

    def update(self, repo: str, comment_id: int, body: str) -> dict[str, Any]:
        r = self._call("PATCH", f"/repos/{repo}/issues/comments/{comment_id}",
                       json={"body": body})
        data: dict[str, Any] = r.json()
        return data

    def delete(self, repo: str, comment_id: int) -> None:
        self._call("DELETE", f"/repos/{repo}/issues/comments/{comment_id}")


def is_ours(comment: dict[str, Any], author: str | None = None) -> bool:
    """Our comment: it starts with the marker and a bot wrote it (or `author`), so a
    person who pastes the marker into a comment of theirs does not get it overwritten."""
    body = comment.get("body") or ""
    user = comment.get("user") or {}
    by = user.get("login") == author if author else user.get("type") == "Bot"
    return body.startswith(MARKER) and by


@dataclass
class Outcome:
    action: str  # created | updated | unchanged | skipped
    comment_id: int | None = None
    url: str | None = None


def upsert_comment(gh: GitHub, pr: PullRequest, body: str, *, author: str | None = None,
                   create: bool = True) -> Outcome:
    """Create the preview comment once, then edit it in place. Duplicates left by a
    race (two runs that both found none) are deleted, keeping the oldest."""
    ours = [c for c in gh.comments(pr.repo, pr.number) if is_ours(c, author)]
    if not ours:
        if not create:
            return Outcome("skipped")
        c = gh.create(pr.repo, pr.number, body)
        return Outcome("created", c.get("id"), c.get("html_url"))
    keep = min(ours, key=lambda c: int(c["id"]))
    for extra in ours:
        if extra is not keep:
            gh.delete(pr.repo, int(extra["id"]))
    if keep.get("body") == body:
        return Outcome("unchanged", keep["id"], keep.get("html_url"))
    c = gh.update(pr.repo, int(keep["id"]), body)
    return Outcome("updated", keep["id"], c.get("html_url") or keep.get("html_url"))


def workflow_command(level: str, message: str, title: str = "smm") -> str:
    """`::notice title=...::message` with GitHub's escaping."""
    def data(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    prop = data(title).replace(":", "%3A").replace(",", "%2C")
    return f"::{level} title={prop}::{data(message)}"
