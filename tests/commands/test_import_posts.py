"""smm import buffer|hootsuite|postiz CSV: another tool's scheduled posts as post files
that validate, one post for the rows of one post, history skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

_WINTER = '"Winter Blend is back: cherry, cocoa, a long finish.",2026-12-01 09:00,scheduled,,'
BUFFER = f"""\
Channel,Profile Name,Text,Posting Time,Status,Image URL,First Comment
twitter,@fernwood,{_WINTER}
linkedin,Fernwood Coffee,{_WINTER}
instagram,fernwoodcoffee,"Inside the roastery.",2026-12-02T18:30:00+01:00,Scheduled,\
https://cdn.example.com/roast.jpg,"Shop: https://fernwood.example"
twitter,@fernwood,"Old news",2026-11-01 09:00,sent,,
myspace,fern,"Nowhere to go",2026-12-03 09:00,scheduled,,
"""

HOOTSUITE = """\
01/12/2026 09:00,"Brew guide: 15 g to 250 g, medium-fine.",https://fernwood.example/v60
24/12/2026 17:30,Closed on the 25th. Happy holidays!,
"""

POSTIZ = """\
id,group,integration,content,publishDate,state,image
p1,g1,X (fernwood),Origin notes from Huila,2026-12-05T08:00:00Z,QUEUE,
p2,g1,Bluesky fernwood.bsky.social,Origin notes from Huila,2026-12-05T08:00:00Z,QUEUE,
p3,g2,Mastodon,A draft for later,2026-12-09T08:00:00Z,DRAFT,
p4,g3,Mastodon,Published long ago,2026-10-09T08:00:00Z,PUBLISHED,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _posts(brand: Any) -> dict[str, str]:
    root = brand.root / "content/posts"
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.md"))}


def test_buffer(brand: Any, cli: Any, tmp_path: Path) -> None:
    f = _write(tmp_path, "buffer.csv", BUFFER)
    code, out, err = cli("import", "buffer", f, "--root", str(brand.root),
                         "--campaign", "winter-launch")
    assert code == 1  # the myspace row: named, the rest imported
    assert "line 6: 'myspace' is no channel of strategy.yaml: map it with --map" in err
    assert "5 rows: 2 posts wrote, 0 already there, 1 already sent or failed" in err
    posts = _posts(brand)
    winter = "2026-12/2026-12-01-winter-blend-is-back-cherry-cocoa-a-long-finish.md"
    assert list(posts) == [winter, "2026-12/2026-12-02-inside-the-roastery.md"]
    first = posts[winter]
    assert "publish_at: 2026-12-01T09:00\nchannels: [x, linkedin]\ncampaign: winter-launch\n" \
        in first  # two profiles' rows: one post
    second = posts["2026-12/2026-12-02-inside-the-roastery.md"]
    assert "#   https://cdn.example.com/roast.jpg" in second
    assert 'first_comment: "Shop: https://fernwood.example"' in second
    code, out, _ = cli("validate", "--root", str(brand.root), "--format", "json")
    rules = {d["rule"] for d in json.loads(out)}
    assert rules == {"media.required"}  # Instagram needs the image the comment names
    # Importing again adds nothing.
    code, out, err = cli("import", "buffer", f, "--root", str(brand.root),
                         "--campaign", "winter-launch", "--map", "myspace=mastodon")
    assert code == 0 and "2 already there" in err and "1 posts wrote" in err
    assert len(_posts(brand)) == 3


def test_hootsuite_bulk_file_without_header(brand: Any, cli: Any, tmp_path: Path) -> None:
    f = _write(tmp_path, "bulk.csv", HOOTSUITE)
    code, _, err = cli("import", "hootsuite", f, "--root", str(brand.root))
    assert code == 1 and "no channel in the file: pass --channels" in err
    code, out, err = cli("import", "hootsuite", f, "--root", str(brand.root),
                         "--channels", "x,mastodon", "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    # 24/12 can only be day-first: the file's dates are read so.
    assert [(w["publish_at"], w["channels"]) for w in got["written"]] == [
        ("2026-12-01T09:00:00+01:00", ["x", "mastodon"]),
        ("2026-12-24T17:30:00+01:00", ["x", "mastodon"])]
    text = _posts(brand)["2026-12/2026-12-01-brew-guide-15-g-to-250-g-medium-fine.md"]
    assert text.endswith("Brew guide: 15 g to 250 g, medium-fine.\n\n"
                         "https://fernwood.example/v60\n")
    assert cli("validate", "--root", str(brand.root))[0] == 0


def test_ambiguous_dates_ask_for_the_order(brand: Any, cli: Any, tmp_path: Path) -> None:
    f = _write(tmp_path, "bulk.csv", "01/12/2026 09:00,Hello,\n")
    code, _, err = cli("import", "hootsuite", f, "--root", str(brand.root), "--channels", "x")
    assert code == 1 and "--date-order dmy or mdy" in err
    code, out, _ = cli("import", "hootsuite", f, "--root", str(brand.root), "--channels", "x",
                       "--date-order", "mdy", "--format", "json", "--dry-run")
    assert json.loads(out)["written"][0]["publish_at"].startswith("2026-01-12T09:00")
    assert _posts(brand) == {}  # a dry run writes nothing


def test_postiz_groups_and_states(brand: Any, cli: Any, tmp_path: Path) -> None:
    f = _write(tmp_path, "postiz.csv", POSTIZ)
    code, out, err = cli("import", "postiz", f, "--root", str(brand.root), "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["history"] == 1
    assert [(w["publish_at"], w["channels"], w["draft"]) for w in got["written"]] == [
        ("2026-12-05T08:00:00+00:00", ["x", "bluesky"], False),
        ("2026-12-09T08:00:00+00:00", ["mastodon"], True)]
    text = _posts(brand)["2026-12/2026-12-05-origin-notes-from-huila.md"]
    assert "publish_at: 2026-12-05T09:00\n" in text  # UTC, written in the strategy's zone
    assert "draft: true" in _posts(brand)["2026-12/2026-12-09-a-draft-for-later.md"]


@pytest.mark.parametrize("csv_text, fragment", [
    ("a,b,c\n1,2,3\n", "not a buffer export: no column for text or time"),
    ("", "holds no rows"),
])
def test_not_an_export(brand: Any, cli: Any, tmp_path: Path, csv_text: str,
                       fragment: str) -> None:
    f = _write(tmp_path, "x.csv", csv_text)
    code, _, err = cli("import", "buffer", f, "--root", str(brand.root))
    assert code == 2 and fragment in err


def test_bad_options(brand: Any, cli: Any, tmp_path: Path) -> None:
    f = _write(tmp_path, "bulk.csv", HOOTSUITE)
    root = ("--root", str(brand.root))
    assert "unknown channel 'myspace'" in cli("import", "hootsuite", f, *root, "--channels",
                                              "myspace")[2]
    assert "NAME=CHANNEL" in cli("import", "hootsuite", f, *root, "--map", "oops")[2]
    code, _, err = cli("import", "hootsuite", tmp_path / "none.csv", *root)
    assert code == 2 and "no such file" in err
    (tmp_path / "latin.csv").write_bytes("01/12/2026 09:00,Caf\xe9,\n".encode("latin-1"))
    code, _, err = cli("import", "hootsuite", tmp_path / "latin.csv", *root)
    assert code == 2 and "not UTF-8" in err


def test_every_format_is_documented() -> None:
    """docs/import-formats.md names every column alias of every importer, the post
    importers' and the metrics importers'."""
    from smm.importposts import COLUMNS
    from smm.metrics.importers import LAYOUTS

    doc = (Path(__file__).resolve().parents[2] / "docs/import-formats.md").read_text()
    for tool, cols in COLUMNS.items():
        assert f"smm import {tool}" in doc
        for names in cols.values():
            for n in names:
                assert f"`{n}`" in doc, (tool, n)
    for lay in LAYOUTS:
        assert f"`{lay.name}`" in doc
        for col in lay.signature:
            assert f"`{col}`" in doc.lower(), (lay.name, col)
