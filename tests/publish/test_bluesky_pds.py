"""Publishing to the reference Bluesky PDS (npm @atproto/pds with @did-plc/server) on
loopback: a thread with an image, a link and a hashtag, read back with getRecord; a
second run sends nothing. Skipped, saying why, where node or the install is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import JPEG, Repo, make_repo

pytestmark = pytest.mark.pds
START = Path(__file__).parent / "pds" / "start.js"


@pytest.fixture(scope="module")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cache = Path(os.environ.get("SMM_PDS_DIR") or Path.home() / ".cache" / "smm-pds")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the reference PDS needs node >= 20")
    mods = cache / "node_modules"
    if not (mods / "@atproto" / "pds").is_dir() or not (mods / "@did-plc" / "server").is_dir():
        pytest.skip(f"the reference PDS is not installed in {cache}: run "
                    f"`npm install --prefix {cache} @atproto/pds@0.4 @did-plc/server` "
                    "(or set SMM_PDS_DIR)")
    data = tmp_path_factory.mktemp("pds")
    env = {**os.environ, "NODE_PATH": str(mods)}
    proc = subprocess.Popen([node, str(START), str(data)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            pytest.fail(f"the PDS did not start: {err[-2000:]}")
        url = json.loads(line)["pds"]
        for _ in range(100):
            try:
                if httpx.get(f"{url}/xrpc/_health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _account(url: str, handle: str, password: str) -> str:
    r = httpx.post(f"{url}/xrpc/com.atproto.server.createAccount", timeout=30, json={
        "handle": handle, "email": f"{handle.split('.')[0]}@example.com",
        "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["did"])


def test_thread_with_image_link_tag_and_mention(pds: str, tmp_path: Path, cli,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    password = "pds-pass-9f8e7d6c"
    did = _account(pds, "fern.test", password)
    alice = _account(pds, "alice.test", "alice-pass-1234")
    monkeypatch.setenv("SMM_BLUESKY_PASSWORD", password)
    monkeypatch.delenv("GITHUB_RUN_ID", raising=False)
    import yaml

    doc = {"brand": "PDS", "timezone": "UTC", "lang": "en",
           "channels": {"bluesky": {"platform": "bluesky", "handle": "fern.test",
                                    "service": pds, "timeout": 20}}}
    repo: Repo = make_repo(tmp_path, yaml.safe_dump(doc))
    repo.write("content/media/cup.jpg", JPEG)
    body = ("Crème brûlée notes ☕ in the new roast: read "
            "https://example.com/guides/huila-washed-process-2026 #fernwood, "
            "thanks @alice.test\n\n---\n\nPart two: 93°C, 1:16. #brewing")
    repo.post("pds-thread", "bluesky", body, at="2026-12-01T09:00:00Z",
              media="media:\n  - file: ../media/cup.jpg\n    alt: A cup on an oak table\n")
    repo.commit()
    monkeypatch.chdir(repo.root)
    code, out, err = cli("publish", "--now", "2026-12-01T09:10:00Z", "--format", "json")
    assert code == 0, out + err
    res = json.loads(out)["results"]
    assert [r["state"] for r in res] == ["published"]
    rec = yaml.safe_load(repo.ledger()["ledger/posts/pds-thread/bluesky.yaml"])
    uris = rec["thread_ids"]
    assert len(uris) == 2 and uris[0].startswith(f"at://{did}/app.bsky.feed.post/")

    def get(uri: str) -> dict:  # type: ignore[type-arg]
        repo_did, coll, rkey = uri.removeprefix("at://").split("/")
        r = httpx.get(f"{pds}/xrpc/com.atproto.repo.getRecord", timeout=10,
                      params={"repo": repo_did, "collection": coll, "rkey": rkey})
        assert r.status_code == 200, r.text
        return r.json()["value"]  # type: ignore[no-any-return]

    first, second = get(uris[0]), get(uris[1])
    text = first["text"]
    assert text.startswith("Crème brûlée notes ☕") and "#fernwood" in text
    raw = text.encode("utf-8")
    seen = {}
    for f in first["facets"]:
        feat = f["features"][0]
        piece = raw[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode("utf-8")
        seen[feat["$type"].split("#")[1]] = (piece, feat)
    assert seen["link"][1]["uri"] == "https://example.com/guides/huila-washed-process-2026"
    assert seen["link"][0].startswith("example.com/")  # the visible, shortened text
    assert seen["tag"] == ("#fernwood", {"$type": "app.bsky.richtext.facet#tag",
                                         "tag": "fernwood"})
    assert seen["mention"][0] == "@alice.test" and seen["mention"][1]["did"] == alice
    img = first["embed"]["images"][0]
    assert img["alt"] == "A cup on an oak table" and img["image"]["mimeType"] == "image/jpeg"
    assert first["langs"] == ["en"]
    assert second["reply"]["root"]["uri"] == uris[0]
    assert second["reply"]["parent"]["uri"] == uris[0]
    assert second["facets"][0]["features"][0]["tag"] == "brewing"

    # Run again: nothing due, nothing new in the repository.
    code, out, _ = cli("publish", "--now", "2026-12-01T09:20:00Z", "--format", "json")
    assert code == 0 and json.loads(out)["results"] == []
    listed = httpx.get(f"{pds}/xrpc/com.atproto.repo.listRecords", timeout=10, params={
        "repo": did, "collection": "app.bsky.feed.post"}).json()["records"]
    assert len(listed) == 2

    # Even a lost record (the claim survives, the outcome does not) does not post twice:
    # the rkeys are fixed, so reconciling finds both parts.
    monkeypatch.setenv("SMM_BLUESKY_PASSWORD", password)
    from smm.project import load_project
    from smm.publish import ledger
    from smm.state import State

    st = State.open(load_project(repo.root))
    r = ledger.read(st, "posts/pds-thread", "bluesky")
    assert r is not None
    import dataclasses
    import datetime as dt

    stale = dataclasses.replace(r, state="claimed", url=None, thread_ids=[],
                                claimed_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))
    assert st.commit({stale.path: stale.dump()}, "simulate a crash after the API call")
    code, out, _ = cli("publish", "--now", "2026-12-01T09:40:00Z", "--format", "json")
    res = json.loads(out)["results"]
    assert code == 0 and [(x["state"], x["note"]) for x in res] == [
        ("published", "reconciled: the platform has it")]
    listed = httpx.get(f"{pds}/xrpc/com.atproto.repo.listRecords", timeout=10, params={
        "repo": did, "collection": "app.bsky.feed.post"}).json()["records"]
    assert len(listed) == 2
