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
