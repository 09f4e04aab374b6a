"""Pull-request review: annotations, the job summary, the sticky preview comment.

The comment is exercised against a fake GitHub REST API on 127.0.0.1 that speaks the
documented requests and responses (Link-header pagination, 403 for a read-only token).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from smm import github
from smm.github import MARKER

WRITE_TOKEN = "ghs_writeTOKEN0123456789"
READ_TOKEN = "ghs_readonlyTOKEN0123456789"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
HUMAN = {"login": "octocat", "type": "User"}


class FakeGitHub:
    """Issue comments of one repository, as GitHub's REST API serves them."""

    page_size = 2  # small, so that a handful of comments spans several pages

    def __init__(self) -> None:
        self.comments: dict[int, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, str | None]] = []
        self.next_id = 1000
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api/v3"  # a GitHub Enterprise-style base path

    def add(self, body: str, user: dict[str, str], number: int = 7) -> int:
        with self.lock:
            self.next_id += 1
            cid = self.next_id
            self.comments[cid] = {"id": cid, "body": body, "user": user, "issue": number,
                                  "html_url": f"https://github.invalid/o/r/pull/{number}"
                                              f"#issuecomment-{cid}"}
            return cid

    def ours(self) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["body"].startswith(MARKER)
                and c["user"] == BOT]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, data: object, headers: dict[str, str] | None = None
                      ) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def _auth(self) -> str | None:
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ")
                if token not in (WRITE_TOKEN, READ_TOKEN):
                    self._send(401, {"message": "Bad credentials"})
                    return None
                return token

            def _body(self) -> dict[str, Any]:
                n = int(self.headers.get("Content-Length") or 0)
                data: dict[str, Any] = json.loads(self.rfile.read(n) or b"{}")
                return data

            def _route(self, method: str) -> None:
                u = urlparse(self.path)
                fake.requests.append((method, u.path, u.query or None))
                token = self._auth()
                if token is None:
                    return
                m = re.fullmatch(r"/api/v3/repos/o/r/issues/(\d+)/comments", u.path)
                if m and method == "GET":
                    return self._list(int(m.group(1)), u)
                if m and method == "POST":
                    if token == READ_TOKEN:
                        return self._send(403, {"message": "Resource not accessible by "
                                                           "integration"})
                    cid = fake.add(self._body()["body"], BOT, int(m.group(1)))
                    return self._send(201, fake.comments[cid])
                m = re.fullmatch(r"/api/v3/repos/o/r/issues/comments/(\d+)", u.path)
                if m and int(m.group(1)) in fake.comments:
                    if token == READ_TOKEN:
                        return self._send(403, {"message": "Resource not accessible by "
                                                           "integration"})
                    cid = int(m.group(1))
                    if method == "PATCH":
                        fake.comments[cid]["body"] = self._body()["body"]
                        return self._send(200, fake.comments[cid])
                    if method == "DELETE":
                        del fake.comments[cid]
                        self.send_response(204)
                        self.end_headers()
                        return None
                return self._send(404, {"message": "Not Found"})

            def _list(self, number: int, u: Any) -> None:
                q = parse_qs(u.query)
                page = int(q.get("page", ["1"])[0])
                size = min(int(q.get("per_page", ["30"])[0]), fake.page_size)
                items = sorted((c for c in fake.comments.values() if c["issue"] == number),
                               key=lambda c: c["id"])
                chunk = items[(page - 1) * size: page * size]
                headers = {}
                if page * size < len(items):
                    host = self.headers["Host"]
                    headers["Link"] = (f'<http://{host}{u.path}?per_page={size}&page='
                                       f'{page + 1}>; rel="next"')
                self._send(200, [{k: v for k, v in c.items() if k != "issue"}
                                 for c in chunk], headers)

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

            def do_PATCH(self) -> None:
                self._route("PATCH")

            def do_DELETE(self) -> None:
                self._route("DELETE")

        return Handler


@pytest.fixture
def fake_gh() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    fake.thread.start()
    # Other people's comments first, one of them quoting our marker: never ours to edit.
    fake.add("Looks good to me", HUMAN)
    fake.add(MARKER + " pasted by a person", HUMAN)
    fake.add("Please check the date", HUMAN)
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def write_event(tmp_path: Path, *, fork: bool = False, sha: str = "a" * 40) -> Path:
    head = "someone/r" if fork else "o/r"
    event = {"number": 7, "pull_request": {
        "number": 7, "head": {"sha": sha, "repo": {"full_name": head}},
        "base": {"ref": "main", "repo": {"full_name": "o/r"}}}}
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


@pytest.fixture
def actions_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_gh: FakeGitHub
                ) -> pytest.MonkeyPatch:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_API_URL", fake_gh.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(write_event(tmp_path)))
    monkeypatch.setenv("GITHUB_TOKEN", WRITE_TOKEN)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return monkeypatch


# --- the REST client and the sticky comment, directly ------------------------------


def test_comment_created_once_then_updated_in_place(fake_gh: FakeGitHub,
                                                    actions_env: pytest.MonkeyPatch) -> None:
    pr = github.pull_request_from_env()
    assert pr == github.PullRequest("o/r", 7, "a" * 40, False)
    with github.GitHub(WRITE_TOKEN) as gh:
        first = github.upsert_comment(gh, pr, MARKER + "\nfirst")
        second = github.upsert_comment(gh, pr, MARKER + "\nsecond")
        third = github.upsert_comment(gh, pr, MARKER + "\nsecond")
    assert first.action == "created"
    assert (second.action, second.comment_id) == ("updated", first.comment_id)
    assert (third.action, third.comment_id) == ("unchanged", first.comment_id)
    assert [c["body"] for c in fake_gh.ours()] == [MARKER + "\nsecond"]
    # The person's comment holding the marker is left alone.
    assert any(c["body"].endswith("pasted by a person") for c in fake_gh.comments.values())
    methods = [m for m, _, _ in fake_gh.requests]
    assert methods.count("POST") == 1 and methods.count("PATCH") == 1


def test_comments_are_read_across_pages(fake_gh: FakeGitHub,
                                        actions_env: pytest.MonkeyPatch) -> None:
    for i in range(7):
        fake_gh.add(f"chatter {i}", HUMAN)
    ours = fake_gh.add(MARKER + "\nold", BOT)  # on the last page of six
    pr = github.PullRequest("o/r", 7)
    with github.GitHub(WRITE_TOKEN) as gh:
        assert len(gh.comments("o/r", 7)) == 11
        out = github.upsert_comment(gh, pr, MARKER + "\nnew")
    assert (out.action, out.comment_id) == ("updated", ours)
    gets = [q for m, _, q in fake_gh.requests if m == "GET"]
    assert gets[0] == "per_page=100" and gets[-1] == "per_page=2&page=6"
    assert len(fake_gh.ours()) == 1


def test_duplicates_from_a_race_are_removed(fake_gh: FakeGitHub,
                                            actions_env: pytest.MonkeyPatch) -> None:
    keep = fake_gh.add(MARKER + "\nrun 1", BOT)
    fake_gh.add(MARKER + "\nrun 2", BOT)
    with github.GitHub(WRITE_TOKEN) as gh:
        out = github.upsert_comment(gh, github.PullRequest("o/r", 7), MARKER + "\nrun 3")
    assert out.comment_id == keep
    assert [c["id"] for c in fake_gh.ours()] == [keep]


def test_read_only_token_raises_forbidden(fake_gh: FakeGitHub,
                                          actions_env: pytest.MonkeyPatch) -> None:
    with github.GitHub(READ_TOKEN) as gh, pytest.raises(github.GitHubError) as e:
        github.upsert_comment(gh, github.PullRequest("o/r", 7), MARKER + "\nx")
    assert e.value.forbidden
    assert READ_TOKEN not in str(e.value)


def test_fork_event_is_recognised(tmp_path: Path) -> None:
    env = {"GITHUB_EVENT_PATH": str(write_event(tmp_path, fork=True)),
           "GITHUB_REPOSITORY": "o/r"}
    pr = github.pull_request_from_env(env)
    assert pr is not None and pr.fork
    assert github.pull_request_from_env({}) is None


# --- escaping -------------------------------------------------------------------


def test_markdown_escaping_of_untrusted_text() -> None:
    hostile = "<script>alert(1)</script> | *bold* [x](javascript:y) `code` & @octocat"
    assert github.md_cell(hostile + "\nnext") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\[x\\](javascript:y) "
        "\\`code\\` &amp; @&#8203;octocat next")
    assert github.fenced("a\n```\nb ````") == "`````text\na\n```\nb ````\n`````"
    assert github.html_text('<b a="1">@x</b>') == "&lt;b a=&quot;1&quot;&gt;@&#8203;x&lt;/b&gt;"


def test_workflow_command_escaping() -> None:
    assert github.workflow_command("notice", "100% done\r\nok", "a: b, c") == \
        "::notice title=a%3A b%2C c::100%25 done%0D%0Aok"


# --- the job summary and the annotations, against exact text -------------------------

NEW_POST = """\
---
publish_at: 2031-03-04T09:00
channels: [x, mastodon]
media:
  - file: ../media/cup.png
    alt: A <cup> | of `tea` & @octocat
---
Hi <script>alert(1)</script> | *bold* & 100% for @octocat

---

\\`\\`\\`\\`

Second part
"""

OLD_POST = "---\npublish_at: 2031-03-04T08:00\nchannels: [x]\n---\nAlready on main.\n"


def make_review(brand: Any) -> Any:
    """A brand in git: one post on main, one added on a branch, and an image."""
    from PIL import Image

    (brand.root / "content" / "media").mkdir(parents=True)
    Image.new("RGB", (1200, 675), "white").save(brand.root / "content/media/cup.png")
    brand.post("old", OLD_POST)
    brand.git("init", "-q", "-b", "main")
    brand.git("add", "-A")
    brand.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "main")
    brand.post("new", NEW_POST)
    return brand


EXPECTED_SUMMARY = """\
## smm: changed posts

**1 changed post** · findings: ⚠️ 2

| Post | Channel | Scheduled (Europe/Paris) | State | Length | Thread | Media | Findings |
|:--|:--|:--|:--|:--|--:|:--|:--|
| content/posts/new.md | X (x) | Tue 2031-03-04 09:00 CET | scheduled | 1: 55/280 weighted<br>\
2: 17/280 weighted | 2 | ../media/cup.png (image, alt ✅) | ⚠️ 2 |
| content/posts/new.md | Mastodon (mastodon) | Tue 2031-03-04 09:00 CET | scheduled | \
1: 55/500 graphemes<br>2: 17/500 graphemes | 2 | ../media/cup.png (image, alt ✅) | ⚠️ 1 |

### Findings

- ⚠️ content/posts/new.md:8:4 — Avoid '&lt;script&gt;' \\| here (Brand.Hype, x,mastodon)

### Schedule

- ⚠️ content/posts/new.md:2:14 — x: 1h after content/posts/old.md; keep 2h (schedule.cadence, x)
- Already scheduled on the same day and channel:
  - content/posts/new.md shares x on 2031-03-04 with content/posts/old.md (08:00 CET)

### Preview

<details open><summary><b>Hi &lt;script&gt;alert(1)&lt;/script&gt; | bold &amp; 100% for \
@&#8203;octocat</b> · content/posts/new.md · X, Mastodon</summary>

#### ✅ X (x)

Part 1/2 · 55/280 weighted

```text
Hi <script>alert(1)</script> | bold & 100% for @octocat
```

Part 2/2 · 17/280 weighted

`````text
````

Second part
`````

- 🖼️ ../media/cup.png (image) — alt: A &lt;cup&gt; \\| of \\`tea\\` &amp; @&#8203;octocat

#### ✅ Mastodon (mastodon)

Part 1/2 · 55/500 graphemes

```text
Hi <script>alert(1)</script> | bold & 100% for @octocat
```

Part 2/2 · 17/500 graphemes

`````text
````

Second part
`````

- 🖼️ ../media/cup.png (image) — alt: A &lt;cup&gt; \\| of \\`tea\\` &amp; @&#8203;octocat

</details>

"""


def test_job_summary_exact_text(brand: Any) -> None:
    from smm.content import load_posts
    from smm.diagnostics import Diagnostic
    from smm.project import load_project

    make_review(brand)
    project = load_project(brand.root)
    posts, problems = load_posts(project)
    assert problems == []
    new = next(p for p in posts if p.rel == "content/posts/new.md")
    diags = [
        Diagnostic("content/posts/new.md", 8, 4, "warning", "Brand.Hype",
                   "Avoid '<script>' | here", "x,mastodon"),
        Diagnostic("content/posts/new.md", 2, 14, "warning", "schedule.cadence",
                   "x: 1h after content/posts/old.md; keep 2h", "x"),
    ]
    text = github.job_summary([project], [(project, new)], diags,
                              [(project, p) for p in posts])
    assert text == EXPECTED_SUMMARY


def test_job_summary_without_changes(brand: Any) -> None:
    from smm.project import load_project

    project = load_project(brand.root)
    assert github.job_summary([project], [], [], []) == (
        "## smm: changed posts\n\n**0 changed posts** · findings: ✅\n\nNo post changed.\n\n")


def test_validate_github_format_escapes_workflow_commands(
        brand: Any, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`%`, CR and LF in a message, and `,` and `:` in a file name, as GitHub wants them."""
    brand.post("a,b:c%", '---\nchannels: [x]\nmedia:\n  - file: "100%\\r\\nmissing.jpg"\n'
                         '    alt: A cup\npublish_at: on-merge\n---\nHi there.\n')
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = cli("validate", "--root", brand.root, "--format", "github")
    assert code == 1
    assert out == (
        "::error file=content/posts/a%2Cb%3Ac%25.md,line=4,col=11,title=media.missing::"
        "100%25%0D%0Amissing.jpg does not exist (looked for content/posts/100%25%0D%0A"
        "missing.jpg): fix the path, relative to this post\n")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## smm: changed posts\n\n**1 changed post** · findings: ❌ 1\n")
    assert "- ❌ content/posts/a,b:c%.md:4:11 — 100% missing.jpg does not exist" in text


def test_validate_changed_since_summarises_only_the_branch(
        brand: Any, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    make_review(brand)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = cli("validate", "--root", brand.root, "--format", "github",
                       "--changed-since", "main", "--now", "2031-01-01T00:00:00+00:00")
    text = summary.read_text(encoding="utf-8")
    assert "**1 changed post**" in text
    assert "| content/posts/new.md | X (x) | Tue 2031-03-04 09:00 CET |" in text
    assert "| content/posts/old.md |" not in text  # context only, not a changed post
    assert "content/posts/new.md shares x on 2031-03-04 with content/posts/old.md" in text


# --- smm github comment, end to end against the fake API -----------------------------


def test_comment_command_creates_then_updates(
        brand: Any, cli: Any, fake_gh: FakeGitHub, actions_env: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    make_review(brand)
    args = ("github", "comment", "--root", brand.root, "--changed-since", "main")
    code, out, err = cli(*args)
    assert code == 0, out + err
    assert out.startswith("::notice title=smm preview comment::preview comment created: ")
    [ours] = fake_gh.ours()
    assert ours["body"].startswith(MARKER + "\n## smm preview for aaaaaaa\n")
    assert "| content/posts/new.md | X (x) | Tue 2031-03-04 09:00 CET |" in ours["body"]
    assert "Hi <script>" not in ours["body"].split("```text")[0]  # escaped outside code

    # A second push: new text and a new head commit, the same comment edited in place.
    brand.post("new", NEW_POST.replace("Hi <script>", "Hello <script>"))
    actions_env.setenv("GITHUB_EVENT_PATH", str(write_event(tmp_path, sha="b" * 40)))
    code, out, err = cli(*args)
    assert code == 0, out + err
    assert "preview comment updated" in out
    [again] = fake_gh.ours()
    assert again["id"] == ours["id"]
    assert "## smm preview for bbbbbbb" in again["body"] and "Hello &lt;script&gt;" in again["body"]

    code, out, _ = cli(*args)  # a re-run of the same commit changes nothing
    assert "preview comment unchanged" in out
    methods = [m for m, _, _ in fake_gh.requests]
    assert (methods.count("POST"), methods.count("PATCH")) == (1, 1)
    assert WRITE_TOKEN not in out + err


def test_comment_command_read_only_token_skips_cleanly(
        brand: Any, cli: Any, fake_gh: FakeGitHub, actions_env: pytest.MonkeyPatch) -> None:
    make_review(brand)
    actions_env.setenv("GITHUB_TOKEN", READ_TOKEN)
    code, out, err = cli("github", "comment", "--root", brand.root, "--changed-since", "main")
    assert code == 0
    assert out.startswith("::notice title=smm preview comment::the token may not comment "
                          "here (403)")
    assert fake_gh.ours() == []
    assert READ_TOKEN not in out + err


def test_comment_command_skips_forks_without_calling_the_api(
        brand: Any, cli: Any, fake_gh: FakeGitHub, actions_env: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    actions_env.setenv("GITHUB_EVENT_PATH", str(write_event(tmp_path, fork=True)))
    code, out, _ = cli("github", "comment", "--root", brand.root)
    assert code == 0
    assert "pull request from a fork" in out
    assert fake_gh.requests == []


def test_comment_command_needs_a_token(brand: Any, cli: Any,
                                       actions_env: pytest.MonkeyPatch) -> None:
    actions_env.delenv("GITHUB_TOKEN")
    code, _, err = cli("github", "comment", "--root", brand.root)
    assert code == 2 and "GITHUB_TOKEN is not set" in err


def test_no_changed_post_creates_no_comment(
        brand: Any, cli: Any, fake_gh: FakeGitHub, actions_env: pytest.MonkeyPatch) -> None:
    make_review(brand)
    brand.git("add", "-A")
    brand.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "all")
    code, out, _ = cli("github", "comment", "--root", brand.root, "--changed-since", "HEAD")
    assert code == 0 and "preview comment skipped" in out
    assert fake_gh.ours() == []


def test_comment_fits_githubs_size_limit(brand: Any) -> None:
    from smm.content import load_posts
    from smm.project import load_project

    text = "Fresh beans from the roastery, brewed slowly and shared with friends. " * 6
    for i in range(40):
        brand.post(f"p{i:02}", "---\nchannels: [x, mastodon, bluesky, linkedin]\n"
                   f"publish_at: on-merge\n---\n{text}\n")
    project = load_project(brand.root)
    posts, _ = load_posts(project)
    refs = [(project, p) for p in posts]
    body = github.comment_body([project], refs, [], refs)
    assert len(body) <= github.COMMENT_LIMIT
    assert body.count("<details>") < 40
    assert "preview(s) left out to fit GitHub's comment size._" in body
    assert body.count("| content/posts/p") == 160  # the table keeps every post and channel


def test_comment_with_a_huge_table_is_cut(brand: Any) -> None:
    from smm.content import load_posts
    from smm.project import load_project

    for i in range(450):
        brand.post(f"p{i:03}", "---\nchannels: [x, mastodon]\npublish_at: on-merge\n---\nShort.\n")
    project = load_project(brand.root)
    posts, _ = load_posts(project)
    refs = [(project, p) for p in posts]
    body = github.comment_body([project], refs, [], refs)
    assert body.startswith(MARKER) and len(body) <= github.COMMENT_LIMIT
    assert "_Cut to fit GitHub's comment size._" in body
