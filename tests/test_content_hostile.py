"""Hostile and broken posts: each is a finding with its file and line, never a crash,
a hang or a post that validates and then publishes something else."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

import pytest

HEAD = "---\npublish_at: 2099-12-01T09:00:00+01:00\nchannels: [x, mastodon]\n"


def findings(cli, *args: str) -> tuple[int, list[dict]]:  # type: ignore[no-untyped-def]
    code, out, err = cli("validate", "--format", "json", "--no-cache", *args)
    assert "internal error" not in err and "Traceback" not in err, err
    return code, json.loads(out)


def rules_at(diags: list[dict], path: str) -> list[tuple[str, int]]:
    return [(d["rule"], d["line"]) for d in diags if d["path"] == path]


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59:59-14:00",
                                  "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59+14:00",
                                  "'9999-12-31T23:59'", "1969-12-31T23:00:00Z"])
def test_publish_at_out_of_range(brand, cli, when: str) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", f"---\nchannels: [x]\npublish_at: {when}\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    assert ("frontmatter.publish_at", 3) in rules_at(diags, "content/posts/a.md")
    code, out, err = cli("preview", brand.root / "content/posts/a.md", "--root", brand.root)
    assert "internal error" not in err


@pytest.mark.parametrize("when", ["'2099-12-01'", '"2099-12-01"', "'20991201'"])
def test_a_quoted_date_without_time_is_an_error(brand, cli, when: str) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", f"---\npublish_at: {when}\nchannels: [x]\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    got = [d for d in diags if d["rule"] == "frontmatter.publish_at"]
    assert got and got[0]["line"] == 2 and "has no time" in got[0]["message"]


def test_quoted_date_and_time_still_reads(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\npublish_at: '2099-12-01T00:00'\nchannels: [x]\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    assert not [d for d in diags if d["severity"] == "error"], diags


def test_empty_channels_is_an_error(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\npublish_at: 2099-12-01T09:00\nchannels: []\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    assert ("frontmatter.channels", 3) in rules_at(diags, "content/posts/a.md")


def test_media_channels_are_checked(brand, cli) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    (brand.root / "content/media").mkdir(parents=True)
    Image.new("RGB", (1200, 900)).save(brand.root / "content/media/a.jpg")
    brand.post("a", HEAD + "media:\n  - file: ../media/a.jpg\n    alt: An image\n"
               "    channels: 5\n  - file: ../media/a.jpg\n    alt: Again\n"
               "    channels: [x, nope]\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    got = rules_at(diags, "content/posts/a.md")
    assert ("frontmatter.type", 7) in got
    assert ("frontmatter.channel", 10) in got
    assert code == 1


def test_a_variant_for_an_unknown_channel_is_an_error(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", HEAD + "---\nHello\n\n<!-- channel: nope -->\nBonjour\n")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    got = [d for d in diags if d["rule"] == "variant.channel"]
    assert got and got[0]["severity"] == "error" and got[0]["line"] == 7


@pytest.mark.parametrize("body, line", [
    ("<!-- nothing -->\n", 5),  # renders to nothing on every channel
    ("Hello\n\n<!-- channel: mastodon -->\n", 7),  # an empty variant
    ("<!-- channel: mastodon -->\nOnly for Mastodon\n", 5),  # x gets nothing
])
def test_empty_rendered_text_is_an_error(brand, cli, body: str, line: int) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", HEAD + "---\n" + body)
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    assert ("body.empty", line) in rules_at(diags, "content/posts/a.md"), diags
    code, out, err = cli("preview", brand.root / "content/posts/a.md", "--root", brand.root)
    assert code == 1


def test_media_paths_that_cannot_be_followed(brand, cli) -> None:  # type: ignore[no-untyped-def]
    media = brand.root / "content/media"
    media.mkdir(parents=True)
    os.symlink("loop2.png", media / "loop1.png")
    os.symlink("loop1.png", media / "loop2.png")
    os.mkfifo(media / "pipe.png")
    brand.post("a", HEAD + 'media:\n  - file: "a\\0.png"\n    alt: x\n'
               "  - file: ../media/loop1.png\n    alt: x\n"
               "  - file: ../media/pipe.png\n    alt: x\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    got = rules_at(diags, "content/posts/a.md")
    assert ("media.file", 5) in got and ("media.file", 7) in got
    assert ("media.type", 9) in got


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def test_an_image_claiming_too_many_pixels(brand, cli) -> None:  # type: ignore[no-untyped-def]
    (brand.root / "content/media").mkdir(parents=True)
    (brand.root / "content/media/bomb.png").write_bytes(_png_header(20000, 20000))
    brand.post("a", HEAD + "media:\n  - file: ../media/bomb.png\n    alt: x\n---\nHello\n")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    assert ("media.size", 5) in rules_at(diags, "content/posts/a.md")


@pytest.mark.timeout(30)
def test_special_files_among_posts_are_refused_unopened(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    posts = brand.root / "content/posts"
    brand.post("good", HEAD + "---\nHello\n")
    os.mkfifo(posts / "fifo.md")
    os.symlink("/dev/zero", posts / "zero.md")
    outside = tmp_path / "outside.md"
    outside.write_text(HEAD + "---\nNot reviewed\n")
    os.symlink(outside, posts / "outside.md")
    os.symlink("nowhere.md", posts / "dangling.md")
    brand.write("shared/inside.md", HEAD.replace("09:00", "15:00") + "---\nLinked in\n")
    os.symlink("../../shared/inside.md", posts / "inside.md")  # inside the repository: fine
    (posts / "folder.md").mkdir()
    os.symlink("folder.md", posts / "dirlink.md")
    code, diags = findings(cli, "--root", brand.root)
    assert code == 1
    by = {d["path"]: d for d in diags if d["severity"] == "error"}
    assert by["content/posts/fifo.md"]["rule"] == "file.type"
    assert by["content/posts/zero.md"]["rule"] == "file.outside"
    assert by["content/posts/outside.md"]["rule"] == "file.outside"
    assert by["content/posts/dangling.md"]["rule"] == "file.read"
    assert by["content/posts/dirlink.md"]["rule"] == "file.type"
    assert "content/posts/inside.md" not in by and "content/posts/good.md" not in by
    assert all(d["line"] == 1 for d in by.values())
    for name in ("fifo.md", "zero.md", "outside.md"):
        code, out, err = cli("preview", posts / name, "--root", brand.root)
        assert code == 1 and "Not reviewed" not in out, out
    code, out, err = cli("site", "build", "--root", brand.root, "--out", tmp_path / "site")
    assert code == 0, err
    assert "Not reviewed" not in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.html"))


def test_validate_a_link_out_or_nowhere_is_an_error(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside.md"
    outside.write_text(HEAD + "---\nHello\n")
    posts = brand.root / "content/posts"
    posts.mkdir(parents=True)
    os.symlink(outside, posts / "out.md")
    os.symlink(tmp_path / "gone.md", posts / "gone.md")
    os.symlink(outside, brand.root / "top.md")
    for link in (posts / "out.md", posts / "gone.md", brand.root / "top.md"):
        code, diags = findings(cli, "--root", brand.root, str(link))
        assert code == 1, link
        assert diags and diags[0]["rule"].startswith("file."), diags
    code, out, err = cli("validate", "--root", brand.root, str(posts / "missing.md"))
    assert code == 2 and "no such file" in err


def test_a_huge_post_file_is_refused(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", HEAD + "---\n" + "word " * 300_000)
    code, diags = findings(cli, "--root", brand.root)
    assert ("file.size", 1) in rules_at(diags, "content/posts/a.md")
