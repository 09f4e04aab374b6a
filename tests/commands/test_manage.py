"""smm list, show, move and cancel through the CLI: states from the one status model,
edits that keep the file as written, and what cancel can and cannot undo."""

from __future__ import annotations

import json
from typing import Any

import pytest

POST = "content/posts/launch.md"
WRITTEN = """\
---
# Written by hand: the comments and the layout must survive an edit.
publish_at: 2026-12-02T09:00   # Wednesday morning
channels: [x, bluesky]          # not LinkedIn: too casual
campaign: winter-launch
media:
    - file: ../media/cup.jpg    # the hero shot
      alt: 'A cup, steaming'
---
Winter Blend is here. *Taste it.*

<!-- channel: bluesky -->
Winter Blend is here, Bluesky.
"""


@pytest.fixture
def managed(brand: Any) -> Any:
    from PIL import Image

    (brand.root / "content/media").mkdir(parents=True)
    Image.new("RGB", (1200, 800), "brown").save(brand.root / "content/media/cup.jpg")
    brand.write(POST, WRITTEN)
    brand.post("old", "---\npublish_at: 2026-11-20T09:00\nchannels: [mastodon]\n"
                      "campaign: autumn\n---\nOld news.\n")
    brand.post("draft", "---\npublish_at: 2026-12-05T09:00\nchannels: [x]\ndraft: true\n"
                        "---\nNot yet.\n")
    brand.post("later", "---\npublish_at: 2026-12-10T18:00\nchannels: [linkedin, x]\n"
                        "campaign: winter-launch\n---\nLater.\n")
    return brand


def _list(cli: Any, *args: str) -> list[dict[str, Any]]:
    code, out, err = cli("list", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_list_states_are_the_status_models(managed: Any, cli: Any) -> None:
    root = str(managed.root)
    rows = _list(cli, "--root", root)
    assert [r["post_id"] for r in rows] == ["posts/old", "posts/launch", "posts/draft",
                                            "posts/later"]
    code, out, _ = cli("status", "--root", root, "--format", "json")
    status = {(r["post_id"], r["channel"]): r["state"] for r in json.loads(out)}
    listed = {(r["post_id"], c): st for r in rows for c, st in r["channels"].items()}
    assert listed == status
    assert status[("posts/old", "mastodon")] == "missed"  # a week late, never sent
    assert {r["post_id"]: r["state"] for r in rows} == {
        "posts/old": "missed", "posts/launch": "scheduled", "posts/draft": "draft",
        "posts/later": "scheduled"}


def test_list_filters(managed: Any, cli: Any) -> None:
    root = ("--root", str(managed.root))
    ids = lambda *a: [r["post_id"] for r in _list(cli, *root, *a)]  # noqa: E731
    assert ids("--campaign", "winter-launch") == ["posts/launch", "posts/later"]
    assert ids("--channel", "linkedin") == ["posts/later"]
    rows = _list(cli, *root, "--channel", "x,bluesky", "--campaign", "winter-launch")
    assert [list(r["channels"]) for r in rows] == [["bluesky", "x"], ["x"]]
    assert ids("--state", "draft") == ["posts/draft"]
    assert ids("--state", "attention") == ["posts/old"]
    assert ids("--from", "2026-12-02", "--to", "2026-12-05") == ["posts/launch", "posts/draft"]
    assert ids("--from", "2026-12-02T09:01") == ["posts/draft", "posts/later"]
    assert ids("--to", "2026-11-30") == ["posts/old"]
    code, out, err = cli("list", *root)
    assert code == 0 and "posts/launch  #winter-launch" in out and "4 posts" in err
    code, _, err = cli("list", *root, "--channel", "myspace")
    assert code == 2 and "unknown channel 'myspace'" in err
    code, _, err = cli("list", *root, "--from", "tomorrow")
    assert code == 2 and "--from" in err


def test_list_covers_every_brand_below(tmp_path: Any, cli: Any) -> None:
    for name in ("Alpha", "Beta"):
        root = tmp_path / name.lower()
        (root / "content/posts").mkdir(parents=True)
        (root / "strategy.yaml").write_text(
            f"brand: {name}\ntimezone: UTC\nchannels:\n  x: {{platform: x}}\n")
        (root / f"content/posts/{name[0].lower()}.md").write_text(
            "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n---\nHi.\n")
    rows = _list(cli, "--root", str(tmp_path))
    assert sorted((r["brand"], r["post_id"]) for r in rows) == [
        ("Alpha", "posts/a"), ("Beta", "posts/b")]


def test_show_text_and_json(managed: Any, cli: Any) -> None:
    code, out, err = cli("show", "launch", "--root", str(managed.root), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["post_id"] == "posts/launch" and data["campaign"] == "winter-launch"
    assert [(c["channel"], c["state"]) for c in data["channels"]] == [
        ("bluesky", "scheduled"), ("x", "scheduled")]
    code, out, _ = cli("show", POST, "--root", str(managed.root))
    assert code == 0 and "bluesky" in out and "scheduled" in out
    code, _, err = cli("show", "nope", "--root", str(managed.root))
    assert code == 2 and "no post 'nope'" in err


def test_show_gives_each_channels_result(example: Any, cli: Any) -> None:
    """A published post of the example: links, ids and metrics from the state."""
    code, out, _ = cli("show", "2026-11-02-huila-origin", "--root", str(example.root),
                       "--format", "json")
    assert code == 0
    chans = {c["channel"]: c for c in json.loads(out)["channels"]}
    assert set(chans) == {"bluesky", "mastodon", "threads", "x"}
    assert all(c["state"] == "published" and c["url"].startswith("https://")
               for c in chans.values())
    assert chans["x"]["metrics"]["views"] > 0


def test_move_edits_only_publish_at(managed: Any, cli: Any) -> None:
    path = managed.root / POST
    code, out, err = cli("move", "launch", "--at", "2026-12-03T10:30+01:00",
                         "--root", str(managed.root))
    assert code == 0, err
    assert "2026-12-02T09:00+01:00 -> 2026-12-03T10:30" in out
    assert "Commit and merge" in err
    assert path.read_text() == WRITTEN.replace("2026-12-02T09:00   #", "2026-12-03T10:30   #")
    rows = _list(cli, "--root", str(managed.root), "--campaign", "winter-launch")
    assert rows[0]["publish_at"] == "2026-12-03T10:30:00+01:00"
    code, out, err = cli("move", POST, "--at", "on-merge", "--root", str(managed.root))
    assert code == 0 and "publish_at: on-merge           # Wednesday morning\n" in path.read_text()
    code, out, err = cli("validate", "--root", str(managed.root), POST)
    assert code == 0, out + err


def test_move_warns_about_the_past_and_cadence(managed: Any, cli: Any) -> None:
    root = str(managed.root)
    code, _, err = cli("move", "launch", "--at", "2026-12-10T17:00", "--root", root)
    assert code == 0
    assert "posts/later" in err and "cadence gap" in err  # x: min_gap 2h
    code, _, err = cli("move", "launch", "--at", "2026-11-01T09:00", "--root", root)
    assert code == 0 and "in the past" in err
    code, _, err = cli("move", "launch", "--root", root)
    assert code == 2 and "--at" in err


def test_cancel_makes_a_draft_and_says_so(managed: Any, cli: Any) -> None:
    path = managed.root / POST
    code, out, err = cli("cancel", "launch", "--root", str(managed.root))
    assert code == 0, err
    assert "x: will not be sent" in out and "bluesky: will not be sent" in out
    text = path.read_text()
    assert text.startswith(WRITTEN.split("---\nWinter")[0])  # everything above kept
    assert "draft: true  # cancelled 2026-11-27 (smm cancel)\n---\nWinter Blend" in text
    assert _list(cli, "--root", str(managed.root), "--campaign", "winter-launch")[0][
        "state"] == "draft"
    code, out, _ = cli("cancel", "launch", "--root", str(managed.root))
    assert code == 0 and "a draft already" in out and path.read_text() == text


def test_cancel_of_a_published_post_explains_what_it_cannot_undo(example: Any, cli: Any
                                                                  ) -> None:
    root = str(example.root)
    path = example.root / "content/posts/2026-11/2026-11-02-huila-origin.md"
    before = path.read_text()
    code, out, err = cli("cancel", "2026-11-02-huila-origin", "--root", root)
    assert code == 1
    assert "nothing left to cancel" in out and path.read_text() == before
    assert err.count("smm cannot take a post back") == 4
    assert "https://x.com/fernwood/status/" in err


def test_cancel_of_a_partly_published_post(example: Any, cli: Any) -> None:
    """Published on some channels, not on another (added after it went out): the rest is
    cancelled, and the published ones are named as out of reach."""
    f = example.root / "content/posts/2026-11/2026-11-02-huila-origin.md"
    f.write_text(f.read_text().replace("channels: [", "channels: [linkedin, ", 1))
    code, out, err = cli("cancel", "2026-11-02-huila-origin", "--root", str(example.root))
    assert code == 1
    assert "cancelled (draft: true)" in out and "linkedin: was never sent" in out
    assert err.count("cannot take a post back") == 4


@pytest.mark.parametrize("args", [["move", "launch", "--at", "soon"],
                                  ["cancel", "posts/nothing"], ["show", "content/posts"]])
def test_bad_input_is_exit_2_without_traceback(managed: Any, cli: Any, args: list[str]) -> None:
    code, _, err = cli(*args, "--root", str(managed.root))
    assert code == 2 and err.startswith("smm: ") and "Traceback" not in err
