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
    marshal.dumps((5, "wrong fingerprint", {}, True, {})),
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
    version, fp, entries, ok, lits = marshal.loads(cache.read_bytes())
    rel = "content/posts/a.md"
    mtime, size, fields = entries[rel]
    entries[rel] = (mtime, size, fields[:5])  # right mtime and size, truncated facts
    cache.write_bytes(marshal.dumps((version, fp, entries, ok, lits)))
    code, out2, err = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, err) == (1, "")
    assert [d["rule"] for d in json.loads(out2)] == [d["rule"] for d in json.loads(out)]


def test_results_come_from_the_cache_until_the_file_changes(brand, cli) -> None:  # type: ignore[no-untyped-def]
    post = brand.post("a", "---\nchannels: [x]\n---\n" + "d" * 300 + "\n")
    _old(post)
    cli("validate", "--root", brand.root)
    cache = brand.root / ".smm-cache/posts.bin"
    version, fp, entries, ok, lits = marshal.loads(cache.read_bytes())
    rel = "content/posts/a.md"
    # A cached verdict is trusted as it stands: doctor it and the run reports it.
    mtime, size, fields = entries[rel]
    e = list(fields)
    e[9] = tuple(d[:5] + ("doctored",) + d[6:] for d in e[9])
    entries[rel] = (mtime, size, tuple(e))
    cache.write_bytes(marshal.dumps((version, fp, entries, ok, lits)))
    _, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert [d["message"] for d in json.loads(out)] == ["doctored"]
    post.write_text("---\nchannels: [x]\n---\n" + "e" * 300 + "\n")
    _old(post)
    os.utime(post, (time.time() - 30, time.time() - 30))
    _, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert [d["message"] for d in json.loads(out)] != ["doctored"]


def _doctor_literals(cache) -> None:  # type: ignore[no-untyped-def]
    """Make every voice rule's literal screen one no text holds."""
    version, fp, entries, ok, lits = marshal.loads(cache.read_bytes())
    lits = {p: (("\x00never\x00",), (0,)) for p in lits}
    cache.write_bytes(marshal.dumps((version, fp, {}, ok, lits)))


def test_what_the_cache_says_about_rules_holds_only_for_this_checkout(example) -> None:  # type: ignore[no-untyped-def]
    """A cache from elsewhere (committed, say) must not decide what the voice checks:
    the fingerprint holds the brand files' times, which a checkout sets anew. Each run
    is its own process, as on a commit (in one process the rules stay loaded)."""
    import subprocess
    import sys

    post = "content/posts/2026-11/2026-11-05-pour-over-brew-guide.md"

    def validate() -> str:
        return subprocess.run([sys.executable, "-m", "smm", "validate", post, "--format",
                               "json"], cwd=example.root, capture_output=True, text=True).stdout

    for f in [example.root / "strategy.yaml", *(example.root / "brand").rglob("*")]:
        _old(f)
    assert "Fernwood.Hedging" in validate()
    cache = example.root / ".smm-cache/posts.bin"
    _doctor_literals(cache)
    assert "Fernwood.Hedging" not in validate()  # trusted: same files, same times
    _doctor_literals(cache)
    os.utime(example.root / "brand" / "brand.yaml")  # as a fresh checkout would
    assert "Fernwood.Hedging" in validate()
