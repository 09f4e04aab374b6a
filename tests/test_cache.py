"""The per-file cache: reused when nothing changed, ignored when damaged or foreign."""

from __future__ import annotations

import json
import marshal
import os
import time

import pytest


def _old(path) -> None:  # type: ignore[no-untyped-def]
    old = time.time() - 60  # outside the racy window, so results are cached
    os.utime(path, (old, old))


@pytest.mark.parametrize("damage", [
    b"not marshal at all",
    marshal.dumps([1, 2, 3]),
    marshal.dumps((4, "wrong fingerprint", {}, True)),
    b"",
])
def test_a_damaged_cache_is_ignored(brand, cli, damage: bytes) -> None:  # type: ignore[no-untyped-def]
    _old(brand.post("a", "---\nchannels: [x]\n---\n" + "d" * 300 + "\n"))
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    cache = brand.root / ".smm-cache/posts.bin"
    assert code == 1 and cache.is_file()
    cache.write_bytes(damage)
    code, out2, err = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, out2, err) == (1, out, "")


def test_an_entry_of_the_wrong_shape_is_checked_again(brand, cli) -> None:  # type: ignore[no-untyped-def]
    post = brand.post("a", "---\nchannels: [x]\n---\n" + "d" * 300 + "\n")
    _old(post)
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    cache = brand.root / ".smm-cache/posts.bin"
    version, fp, entries, ok = marshal.loads(cache.read_bytes())
    rel = "content/posts/a.md"
    mtime, size, fields = entries[rel]
    entries[rel] = (mtime, size, fields[:5])  # right mtime and size, truncated facts
    cache.write_bytes(marshal.dumps((version, fp, entries, ok)))
    code, out2, err = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, err) == (1, "")
    assert [d["rule"] for d in json.loads(out2)] == [d["rule"] for d in json.loads(out)]


def test_results_come_from_the_cache_until_the_file_changes(brand, cli) -> None:  # type: ignore[no-untyped-def]
    post = brand.post("a", "---\nchannels: [x]\n---\n" + "d" * 300 + "\n")
    _old(post)
    cli("validate", "--root", brand.root)
    cache = brand.root / ".smm-cache/posts.bin"
    version, fp, entries, ok = marshal.loads(cache.read_bytes())
    rel = "content/posts/a.md"
    # A cached verdict is trusted as it stands: doctor it and the run reports it.
    mtime, size, fields = entries[rel]
    e = list(fields)
    e[9] = tuple(d[:5] + ("doctored",) + d[6:] for d in e[9])
    entries[rel] = (mtime, size, tuple(e))
    cache.write_bytes(marshal.dumps((version, fp, entries, ok)))
    _, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert [d["message"] for d in json.loads(out)] == ["doctored"]
    post.write_text("---\nchannels: [x]\n---\n" + "e" * 300 + "\n")
    _old(post)
    os.utime(post, (time.time() - 30, time.time() - 30))
    _, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert [d["message"] for d in json.loads(out)] != ["doctored"]
