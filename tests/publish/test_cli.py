"""`smm publish` and `smm status` through the CLI: dry run, missing credentials,
retries, unknown outcomes and their reconciliation, and no secret anywhere."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import SECRETS, Fakes, Repo

NOW = "2026-12-01T09:05:00+01:00"
IMAGE = "media:\n  - file: ../media/cup.jpg\n    alt: A cup\n"


def test_dry_run_shows_what_would_be_sent_and_sends_nothing(
        repo: Repo, fakes: Fakes, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SMM_X_ACCESS_TOKEN")
    repo.post("a", "x, bluesky", "Hello **there** #coffee\n\n---\n\nPart two", media=IMAGE)
    repo.post("later", "x", "Not yet", at="2026-12-24T09:00:00+01:00")
    repo.commit()
    code, out, _ = cli("publish", "--dry-run", "--now", NOW, "--format", "json")
    assert code == 0
    res = {r["channel"]: r for r in json.loads(out)["results"]}
    assert set(res) == {"x", "bluesky"}
    assert res["x"]["state"] == "would-publish"
    assert res["x"]["detail"]["parts"] == ["Hello there #coffee", "Part two"]
    assert res["x"]["detail"]["media"] == [{"file": "content/media/cup.jpg", "alt": "A cup",
                                            "kind": "image"}]
    assert any("/2/tweets" in c for c in res["x"]["detail"]["calls"])
    assert res["x"]["note"] == "missing credentials: SMM_X_ACCESS_TOKEN"
    assert any("rkey=" in c for c in res["bluesky"]["detail"]["calls"])
    assert all(not f.log for f in fakes.values()) and repo.ledger() == {}
    code, out, _ = cli("publish", "--dry-run", "--now", NOW)
    assert "│ Hello there #coffee" in out and "alt: A cup" in out


def test_missing_credentials_fail_clearly_and_others_go_on(
        repo: Repo, fakes: Fakes, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SMM_MASTODON_TOKEN")
    repo.post("a", "mastodon, x", "Two channels")
    repo.commit()
    code, out, err = cli("publish", "--now", NOW)
    assert code == 1
    assert "set the environment variable SMM_MASTODON_TOKEN" in out
    assert "published" in out and fakes["x"].created == ["Two channels"]
    assert fakes["mastodon"].log == []
    rec = yaml.safe_load(repo.ledger()["ledger/posts/a/mastodon.yaml"])
    assert rec["state"] == "failed" and rec["attempts"] == 0
    monkeypatch.setenv("SMM_MASTODON_TOKEN", SECRETS["SMM_MASTODON_TOKEN"])
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00")
    assert code == 0 and fakes["mastodon"].created == ["Two channels"]


def test_rate_limit_is_retried_and_lost_answers_are_reconciled(
        repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("a", "mastodon, bluesky, x", "Busy day")
    repo.commit()
    fakes["mastodon"].fault("/api/v1/statuses", "429", "drop", "drop", "drop", "drop")
    fakes["bluesky"].fault("createRecord", "500", "500", "500", "500")
    fakes["x"].fault("/2/tweets", "429", "drop")
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    got = {r["channel"]: r for r in json.loads(out)["results"]}
    assert code == 1
    assert {c: r["state"] for c, r in got.items()} == {
        "mastodon": "unknown", "bluesky": "unknown", "x": "unknown"}
    assert fakes["x"].created == ["Busy day"]  # it took effect; the answer was lost
    code, out, _ = cli("status", "--format", "json", "--now", NOW)
    assert {r["channel"]: r["state"] for r in json.loads(out)} == {
        "mastodon": "unknown", "bluesky": "unknown", "x": "unknown"}
    # Next run: Bluesky (rkey) and Mastodon (Idempotency-Key) settle by asking; X cannot.
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00", "--format", "json")
    got = {r["channel"]: r for r in json.loads(out)["results"]}
    assert got["mastodon"]["state"] == got["bluesky"]["state"] == "published"
    assert got["x"]["state"] == "unknown" and got["x"]["carried"] and code == 0
    assert fakes.duplicates() == {}
    assert [len(fakes[c].created) for c in ("mastodon", "bluesky", "x")] == [1, 1, 1]
    # A third run cannot settle X either; it says so, without failing run after run.
    code, out, _ = cli("publish", "--now", "2026-12-01T09:40:00+01:00", "--format", "json")
    assert code == 0 and [(r["state"], r["carried"]) for r in json.loads(out)["results"]] == [
        ("unknown", True)]
    code, out, _ = cli("status", "--now", "2026-12-01T09:30:00+01:00")
    assert "unknown (1)" in out and "published (2)" in out and "set `state:`" in out


def test_retry_after_is_honoured(repo: Repo, fakes: Fakes, cli,  # type: ignore[no-untyped-def]
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("smm.publish.http._sleep", waits.append)
    repo.post("a", "linkedin", "Patience")
    repo.commit()
    fakes["linkedin"].fault("/rest/posts", "429")
    code, _, _ = cli("publish", "--now", NOW)
    assert code == 0 and waits == [0.0]  # the fake says Retry-After: 0
    assert fakes["linkedin"].created == ["Patience"]


def test_missed_outside_the_window_and_drafts(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("old", "x", "Two days late", at="2026-11-29T09:00:00+01:00")
    repo.write("content/posts/draft.md", "---\nchannels: [x]\ndraft: true\n"
               "publish_at: on-merge\n---\nNot yet\n")
    repo.post("now", "x", "Right on time", at=None)
    repo.commit()
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    got = {r["post_id"]: r["state"] for r in json.loads(out)["results"]}
    assert got == {"posts/old": "missed", "posts/now": "published"} and code == 0
    assert fakes["x"].created == ["Right on time"]


def test_renamed_post_keeps_its_record(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("first-name", "x", "Named once")
    repo.commit()
    assert cli("publish", "--now", NOW)[0] == 0
    (repo.root / "content/posts/first-name.md").unlink()
    repo.write("content/posts/new-name.md", "---\npublish_at: 2026-12-01T09:00:00+01:00\n"
               "channels: [x]\nprevious_ids: [posts/first-name]\n---\nNamed once\n")
    repo.commit()
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00", "--format", "json")
    assert code == 0 and json.loads(out)["results"] == []
    assert fakes["x"].created == ["Named once"]


def test_no_secret_in_any_output_or_record(repo: Repo, fakes: Fakes, cli,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    repo.post("a", "x, linkedin, bluesky, mastodon, facebook, instagram, threads, hook",
              "Leaky APIs", media=IMAGE)
    repo.commit()
    for name, f in fakes.items():
        if name in ("youtube", "tiktok"):
            continue
        f.fault("*", "echo", "echo", "echo", "echo")
    outputs = []
    for args in (["publish", "--dry-run", "--now", NOW], ["publish", "--now", NOW],
                 ["publish", "--now", NOW, "--format", "json"], ["status"],
                 ["status", "--format", "json"]):
        code, out, err = cli(*args)
        outputs.append(out + err)
    monkeypatch.setenv("SMM_DEBUG", "")
    blob = "\n".join(outputs) + "\n".join(repo.ledger().values())
    assert "bad request" in blob  # the echoing API's answers were reported...
    secrets = [*SECRETS.values(), "jwt-access-3e3e3e", "sekrit-hook-2a2a2a"]
    for s in filter(None, secrets):
        assert s not in blob, s  # ...without a single credential


def test_edits_after_publishing_are_flagged_not_sent(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    from smm.content import load_posts
    from smm.project import load_project
    from smm.publish.edits import published_edits

    repo.post("a", "x, mastodon", "Original words")
    repo.commit()
    assert cli("publish", "--now", NOW)[0] == 0
    project = load_project(repo.root)
    assert published_edits(project, load_posts(project)[0]) == []
    repo.post("a", "x, mastodon", "Better words")
    repo.commit()
    warnings = published_edits(project, load_posts(project)[0])
    assert [(w.channel, w.severity, w.rule) for w in warnings] == [
        ("x", "warning", "publish.edited"), ("mastodon", "warning", "publish.edited")]
    assert "edits won't be sent" in warnings[0].message
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00", "--format", "json")
    assert code == 0 and json.loads(out)["results"] == []
    assert fakes["x"].created == ["Original words"]


def test_a_post_with_front_matter_errors_is_never_sent(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.write("content/posts/typo.md", "---\npublish_at: next tuesday\nchannels: [x]\n---\n"
               "Too soon\n")
    repo.commit()
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    res = json.loads(out)["results"]
    assert code == 1 and res[0]["state"] == "failed" and "smm validate" in res[0]["error"]
    assert fakes["x"].log == []


def test_git_rename_keeps_the_record_without_previous_ids(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("draft-name", "mastodon", "Moved but the same post")
    repo.commit()
    assert cli("publish", "--now", NOW)[0] == 0
    (repo.root / "content/posts/2026").mkdir(parents=True)
    repo.git("mv", "content/posts/draft-name.md", "content/posts/2026/final-name.md")
    repo.commit("rename")
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00", "--format", "json")
    assert code == 0 and json.loads(out)["results"] == []
    assert fakes["mastodon"].created == ["Moved but the same post"]


def test_unreachable_api_fails_as_not_posted_and_retries_are_bounded(
        tmp_path, fakes: Fakes, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import socket

    from .conftest import make_repo, strategy

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    s.close()  # nothing listens there now: connections are refused
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    r = make_repo(tmp_path, strategy(fakes, x={"api": closed}))
    r.post("a", "x", "Nobody home")
    r.commit()
    monkeypatch.chdir(r.root)
    states = []
    for minute in (10, 20, 30, 40):
        code, out, _ = cli("publish", "--now", f"2026-12-01T09:{minute}:00+01:00",
                           "--format", "json")
        states.append([(x["state"], code) for x in json.loads(out)["results"]])
    assert states == [[("failed", 1)]] * 3 + [[]]  # three attempts (max_attempts), then none
    rec = yaml.safe_load(r.ledger()["ledger/posts/a/x.yaml"])
    assert rec["state"] == "failed" and rec["attempts"] == 3 and "cannot connect" in rec["error"]
    code, out, _ = cli("status", "--now", "2026-12-01T09:50:00+01:00")
    assert "failed (1)" in out


def test_a_malformed_answer_is_unknown_and_others_go_on(repo: Repo, fakes: Fakes, cli,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    x = fakes["x"]
    real = x.handle

    def broken(req):  # type: ignore[no-untyped-def]
        status, body, headers = real(req)
        return (status, {"unexpected": True}, headers) if req.path == "/2/tweets" else (
            status, body, headers)
    monkeypatch.setattr(x, "handle", broken)
    repo.post("a", "x, mastodon", "Odd answers")
    repo.commit()
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    got = {r["channel"]: r["state"] for r in json.loads(out)["results"]}
    assert code == 1 and got == {"x": "unknown", "mastodon": "published"}


def test_publish_says_what_it_recorded_and_where(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("a", "mastodon", "Recorded where?")
    repo.commit()
    code, out, _ = cli("publish", "--now", NOW)
    assert code == 0
    tip = repo.git("rev-parse", "smm-state", cwd=repo.origin).strip()
    # a claim and an outcome: two commits, both on origin
    assert (f"recorded on branch smm-state: 2 commit(s), now at {tip[:7]}, pushed to origin "
            f"({repo.origin})") in out
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    assert json.loads(out)["state"][0]["commits"] == 0


def test_a_refused_outcome_is_kept_and_pushed_by_the_next_run(
        repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    """The post went out, then the remote refused the push of its record: the record is
    kept on the local branch (never lost, never sent twice) and the next run pushes it."""
    from smm.publish import run

    repo.post("a", "mastodon", "Kept record")
    repo.commit()
    hook = repo.origin / "hooks" / "pre-receive"

    def refuse(point: str, post_id: str, channel: str) -> None:
        if point == "before_record":
            hook.write_text("#!/bin/sh\necho 'read-only' >&2\nexit 1\n")
            hook.chmod(0o755)
    run.HOOKS.append(refuse)
    try:
        code, out, err = cli("publish", "--now", NOW)
    finally:
        run.HOOKS.remove(refuse)
    assert code == 1 and fakes["mastodon"].created == ["Kept record"], out + err
    assert "could not push branch smm-state to origin" in out + err
    assert "kept locally, not pushed (the push failed)" in out
    remote = yaml.safe_load(repo.ledger()["ledger/posts/a/mastodon.yaml"])
    assert remote["state"] == "claimed"
    hook.unlink()
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00+01:00")
    assert code == 0 and fakes["mastodon"].created == ["Kept record"]  # not sent again
    assert yaml.safe_load(repo.ledger()["ledger/posts/a/mastodon.yaml"])["state"] == \
        "published"
