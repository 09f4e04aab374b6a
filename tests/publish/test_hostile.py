"""Publishing with hostile inputs: secrets in every form they travel in never leak,
a secret that cannot be sent stops before anything is claimed, a request that never
left is `failed`, and an idempotency key is relied on only while the platform keeps it."""

from __future__ import annotations

import base64
import json
import os
from urllib.parse import quote, quote_plus

import httpx
import pytest
import yaml

from smm.errors import PublishError
from smm.publish.http import Http

from .conftest import Fakes, Repo, make_repo, strategy

NOW = "2026-12-01T09:05:00+01:00"
ODD = "bsky pass\t777 ünï"  # a tab and letters beyond ASCII: legal in a JSON body


def _forms(secret: str) -> list[str]:
    """The secret as text may carry it: escaped once or twice, folded, URL-encoded, and
    the middle of its base64 form at each alignment."""
    raw = secret.encode()
    once = json.dumps(secret)[1:-1]
    return [secret, once, json.dumps(once)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
            " ".join(secret.split()), quote(secret, safe=""), *(
                base64.b64encode(b"u" * lead + b":" + raw).decode()[4:-4] for lead in range(3))]


TOKEN = 'sekrit-"ma"\\8d8d8d'  # visible ASCII (a header takes it) that JSON escapes


def test_a_secret_never_leaks_in_any_form(repo: Repo, fakes: Fakes, cli, tmp_path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_BLUESKY_PASSWORD", ODD)
    fakes["bluesky"].password = ODD
    monkeypatch.setenv("SMM_MASTODON_TOKEN", TOKEN)
    fakes["mastodon"].token = TOKEN
    repo.post("a", "bluesky, mastodon", "Echo chamber")
    repo.commit()
    fakes["bluesky"].fault("createSession", "echo")
    fakes["mastodon"].fault("*", "echo")
    outputs = []
    for args in (["publish", "--now", NOW], ["publish", "--now", NOW, "--format", "json"],
                 ["status"], ["status", "--format", "json"],
                 ["site", "build", "--out", str(tmp_path / "site")]):
        code, out, err = cli(*args)
        outputs.append(out + err)
    blob = "\n".join(outputs) + "\n".join(repo.ledger().values())
    blob += "\n".join(p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*")
                      if p.is_file() and p.suffix in (".html", ".md", ".ics", ".json", ".csv"))
    blob += "\n".join(p.read_text(errors="replace")
                      for p in (repo.root / "site").rglob("*.md"))
    assert "bad request" in blob and "authorization" in blob  # the echoes were reported...
    for form in _forms(ODD) + _forms(TOKEN):
        assert form not in blob, form  # ...without the credential, in any form


@pytest.mark.parametrize("wrap", [
    lambda s: json.dumps({"body": json.dumps({"password": s})}),  # a JSON request, quoted
    lambda s: "form: password=" + quote_plus(s),
    lambda s: "seen: Basic " + base64.b64encode(b"fern:" + s.encode()).decode(),
    lambda s: "folded: " + " ".join(s.split()),
])
def test_an_answer_quoting_a_secret_is_scrubbed(wrap) -> None:  # type: ignore[no-untyped-def]
    http = Http("http://127.0.0.1:9", secrets=[ODD])
    try:
        text = http._body(httpx.Response(400, text=wrap(ODD)))
    finally:
        http.close()
    assert "***" in text
    for form in _forms(ODD):
        assert form not in text, (form, text)


@pytest.mark.parametrize("lead", [0, 1, 2])
def test_basic_auth_and_base64_forms_are_scrubbed(lead: int) -> None:
    from smm.secrets import scrub

    secret = "hunter2-correct-horse"
    header = "Basic " + base64.b64encode(b"u" * lead + b"ser:" + secret.encode()).decode()
    out = scrub(f"echo: {header}", [secret])
    assert "***" in out
    for form in _forms(secret):
        assert form not in out


def test_a_token_that_cannot_go_in_a_header_stops_before_the_claim(
        repo: Repo, fakes: Fakes, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SMM_MASTODON_TOKEN", "tökén-8d8d8d")
    repo.post("a", "mastodon, x", "Two channels")
    repo.commit()
    code, out, err = cli("publish", "--now", NOW, "--format", "json")
    got = {r["channel"]: r for r in json.loads(out)["results"]}
    assert code == 1
    assert got["mastodon"]["state"] == "failed" and "SMM_MASTODON_TOKEN" in got["mastodon"][
        "error"]
    assert "tökén" not in out + err
    assert got["x"]["state"] == "published"
    assert fakes["mastodon"].log == []
    rec = yaml.safe_load(repo.ledger()["ledger/posts/a/mastodon.yaml"])
    assert rec["state"] == "failed" and rec["attempts"] == 0


@pytest.mark.parametrize("how", ["url", "header"])
def test_a_request_that_never_left_is_not_maybe_posted(fakes: Fakes, how: str) -> None:
    http = Http(fakes["x"].url, retries=0)
    try:
        with pytest.raises(PublishError) as e:
            if how == "url":
                http.call("POST", "http://exa mple.invalid\x00/x", json={})
            else:
                http.call("POST", "/2/tweets", json={}, headers={"X-Bad": "a\nb"})
        assert e.value.maybe_posted is False and "nothing was sent" in e.value.message
    finally:
        http.close()
    assert fakes["x"].log == []
    with pytest.raises(PublishError) as e:
        Http(fakes["x"].url, headers={"Authorization": "Bearer tökén"})
    assert e.value.maybe_posted is False


def test_an_empty_rendered_text_is_never_sent(repo: Repo, fakes: Fakes, cli) -> None:  # type: ignore[no-untyped-def]
    repo.post("a", "mastodon", "<!-- nothing to say -->")
    repo.commit()
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    res = json.loads(out)["results"]
    assert code == 1 and res[0]["state"] == "failed" and "empty" in res[0]["error"]
    assert fakes["mastodon"].log == []


@pytest.mark.parametrize(("later", "window", "resent"), [
    ("2026-12-01T09:40:00+01:00", None, True),  # within Mastodon's hour: the key guards
    ("2026-12-01T10:30:00+01:00", None, False),  # past it: a person decides
    ("2026-12-01T09:40:00+01:00", "4m", False),  # a server keeping keys 5 minutes
])
def test_an_idempotency_key_is_relied_on_only_while_kept(
        tmp_path, fakes: Fakes, cli, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        later: str, window: str | None, resent: bool) -> None:
    from .conftest import SECRETS

    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    chan = {"key_window": window} if window else {}
    repo = make_repo(tmp_path, strategy(fakes, {"catch_up": "24h", "claim_timeout": "5m"},
                                        mastodon=chan))
    monkeypatch.chdir(repo.root)
    repo.post("a", "mastodon", "Said once")
    repo.commit()
    # The status is made, every answer is lost: the outcome is unknown.
    fakes["mastodon"].fault("/api/v1/statuses", "drop", "drop", "drop", "drop")
    code, out, _ = cli("publish", "--now", NOW, "--format", "json")
    assert json.loads(out)["results"][0]["state"] == "unknown"
    # The platform forgets keys at its own pace: here, at once (the worst case).
    if not resent:
        fakes["mastodon"].keys.clear()
    code, out, _ = cli("publish", "--now", later, "--format", "json")
    res = json.loads(out)["results"][0]
    posts = [r for r in fakes["mastodon"].log if r.path == "/api/v1/statuses"]
    if resent:
        assert res["state"] == "published" and len(posts) == 5
    else:
        assert res["state"] == "unknown" and len(posts) == 4  # nothing sent again
    assert fakes["mastodon"].created == ["Said once"]


def test_environment_settings_are_not_taken_for_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    from smm import output

    monkeypatch.setenv("SMM_NOW", "2026-12-01T09:00")
    assert output.redact("at 2026-12-01T09:00") == "at 2026-12-01T09:00"
    assert os.environ["SMM_NOW"]


def test_status_codes_of_httpx_errors_are_known() -> None:
    # The request-side errors Http treats as "nothing was sent" exist in this httpx.
    assert issubclass(httpx.LocalProtocolError, httpx.TransportError)
    assert issubclass(httpx.UnsupportedProtocol, httpx.TransportError)
