"""The per-file cache: reused when nothing changed, ignored when damaged or foreign."""

from __future__ import annotations

import json
import marshal
import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.cache import Cache


def _old(path) -> None:  # type: ignore[no-untyped-def]
    old = time.time() - 60  # outside the racy window, so results are cached
    os.utime(path, (old, old))


def _read(cache):  # type: ignore[no-untyped-def]
    """(version, fingerprint, voice_ok, literals, {rel: [stamp, day, id, fields]})."""
    version, fp, ok, lits, table = marshal.loads(cache.read_bytes())
    rows = {rel: [stamp, day, pid, marshal.loads(blob)]
            for rel, stamp, day, pid, blob in zip(*table, strict=True)}
    return version, fp, ok, lits, rows


def _write(cache, version, fp, ok, lits, rows) -> None:  # type: ignore[no-untyped-def]
    names = sorted(rows)
    cols = [tuple(rows[n][k] for n in names) for k in range(3)]
    blobs = tuple(marshal.dumps(rows[n][3]) for n in names)
    cache.write_bytes(marshal.dumps((version, fp, ok, lits, (tuple(names), *cols, blobs))))


@pytest.mark.parametrize("damage", [
    b"not marshal at all",
    marshal.dumps([1, 2, 3]),
    marshal.dumps((6, "wrong fingerprint", True, {}, ((), (), (), (), ()))),
    b"",
])
def test_a_damaged_cache_is_ignored(brand, cli, damage: bytes) -> None:  # type: ignore[no-untyped-def]
    _old(brand.post("a", "---\nchannels: [x]\npublish_at: on-merge\n---\n" + "d" * 300 + "\n"))
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    cache = brand.root / ".smm-cache/posts.bin"
    assert code == 1 and cache.is_file()
    cache.write_bytes(damage)
    code, out2, err = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, out2, err) == (1, out, "")


@pytest.mark.parametrize("column, value", [
    (0, 7), (1, "stamp"), (1, (None, None)), (2, None), (2, "day"), (3, 5), (3, None),
    (4, "not bytes"), (4, 12)])
def test_a_cached_value_of_the_wrong_type_only_means_reading_again(  # type: ignore[no-untyped-def]
        brand, cli, column: int, value: object) -> None:
    """The cache's columns are not type-checked on load (that costs pre-commit 13 M
    instructions): a foreign value is never taken for a stamp, day, id or entry."""
    for name in ("a", "b"):
        _old(brand.post(name, "---\nchannels: [x]\npublish_at: on-merge\n---\n" + "d" * 300 + "\n"))
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    cache = brand.root / ".smm-cache/posts.bin"
    version, fp, ok, lits, table = marshal.loads(cache.read_bytes())
    cols = [list(c) for c in table]
    cols[column][0] = value
    cache.write_bytes(marshal.dumps((version, fp, ok, lits, tuple(map(tuple, cols)))))
    for args in ((), (brand.root / "content/posts/b.md",)):
        code2, out2, err = cli("validate", "--root", brand.root, "--format", "json", *args)
        assert (code2, err) == (code, "")
        assert json.loads(out2) == [d for d in json.loads(out)
                                    if not args or d["path"].endswith("b.md")]


def test_an_entry_of_the_wrong_shape_is_checked_again(brand, cli) -> None:  # type: ignore[no-untyped-def]
    post = brand.post("a", "---\nchannels: [x]\npublish_at: on-merge\n---\n" + "d" * 300 + "\n")
    _old(post)
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    cache = brand.root / ".smm-cache/posts.bin"
    version, fp, ok, lits, rows = _read(cache)
    rel = "content/posts/a.md"
    rows[rel][3] = rows[rel][3][:5]  # right mtime and size, truncated facts
    _write(cache, version, fp, ok, lits, rows)
    code, out2, err = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, err) == (1, "")
    assert [d["rule"] for d in json.loads(out2)] == [d["rule"] for d in json.loads(out)]


def test_results_come_from_the_cache_until_the_file_changes(brand, cli) -> None:  # type: ignore[no-untyped-def]
    post = brand.post("a", "---\nchannels: [x]\npublish_at: on-merge\n---\n" + "d" * 300 + "\n")
    _old(post)
    cli("validate", "--root", brand.root)
    cache = brand.root / ".smm-cache/posts.bin"
    version, fp, ok, lits, rows = _read(cache)
    rel = "content/posts/a.md"
    # A cached verdict is trusted as it stands: doctor it and the run reports it.
    e = list(rows[rel][3])
    e[9] = tuple(d[:5] + ("doctored",) + d[6:] for d in e[9])
    rows[rel][3] = tuple(e)
    _write(cache, version, fp, ok, lits, rows)
    _, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert [d["message"] for d in json.loads(out)] == ["doctored"]
    post.write_text("---\nchannels: [x]\npublish_at: on-merge\n---\n" + "e" * 300 + "\n")
    _old(post)
    os.utime(post, (time.time() - 30, time.time() - 30))
    _, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert [d["message"] for d in json.loads(out)] != ["doctored"]


def _doctor_literals(cache) -> None:  # type: ignore[no-untyped-def]
    """Make every voice rule's literal screen one no text holds."""
    version, fp, ok, lits, _ = _read(cache)
    lits = {p: (("\x00never\x00",), (0,)) for p in lits}
    _write(cache, version, fp, ok, lits, {})


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


def _at(when: str) -> str:
    return f"---\npublish_at: {when}\nchannels: [x]\n---\nA post.\n"


def test_a_one_file_run_meets_cached_posts_near_it(brand, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A scoped run unpacks only the cached posts within reach of the file in scope,
    and still judges that file against them; one whose cached entry is damaged is read
    from its file instead."""
    a = brand.post("a", _at("2027-03-01T09:00"))
    b = brand.post("b", _at("2027-03-01T09:00"))
    far = brand.post("far", _at("2027-09-01T09:00"))
    for p in (a, b, far):
        _old(p)
    cli("validate", "--root", brand.root)  # caches all three
    monkeypatch.chdir(brand.root)  # as pre-commit runs it: the brand found from here
    cache = brand.root / ".smm-cache/posts.bin"
    from smm.cache import Cache

    unpacked: list[str] = []
    get = Cache.get
    monkeypatch.setattr(Cache, "get", lambda self, rel, *a, **k: (
        unpacked.append(rel), get(self, rel, *a, **k))[1])
    a.write_text(_at("2027-03-01T09:00").replace("A post", "An edited post"))
    code, out, _ = cli("validate", str(a), "--format", "json")
    assert [d["rule"] for d in json.loads(out)] == ["schedule.collision"]
    assert sorted(set(unpacked)) == ["content/posts/a.md", "content/posts/b.md"]
    version, fp, ok, lits, rows = _read(cache)
    rows["content/posts/b.md"][3] = ("doctored",)  # near: read from the file
    _write(cache, version, fp, ok, lits, rows)
    code, out, _ = cli("validate", str(a), "--format", "json")
    assert [d["rule"] for d in json.loads(out)] == ["schedule.collision"]
    b.write_text(_at("2027-03-02T09:00"))  # moved away since it was cached
    assert cli("validate", str(a), "--format", "json")[:2] == (0, "[]\n")


rows_st = st.dictionaries(st.sampled_from([f"content/posts/{c}.md" for c in "abcdefgh"]),
                          st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(cached=rows_st, on_disk=rows_st)
def test_known_sees_what_a_row_by_row_comparison_sees(cached: dict, on_disk: dict) -> None:
    """Cache.known lines the cached columns up with the run's files (as they are when
    the files are the same, through an index otherwise); either way it must agree with
    comparing row by row."""
    cache = Cache.__new__(Cache)
    names = sorted(cached)
    cache._cols = (tuple(names), tuple(cached[n] for n in names),
                   tuple(len(n) * 10 + i for i, n in enumerate(names)),
                   tuple(f"id-{n[14]}" for n in names), tuple(b"" for _ in names))
    cache._index = None
    rels = sorted(on_disk)
    stamps = [on_disk[r] for r in rels]
    known, changed = cache.known(rels, stamps)
    same = [cached.get(r) == on_disk[r] for r in rels]
    assert known.mask == same
    assert changed == [i for i, ok in enumerate(same) if not ok]
    assert known.ids() == {f"id-{r[14]}" for r, ok in zip(rels, same, strict=True) if ok}
    day = {n: len(n) * 10 + i for i, n in enumerate(names)}
    for want in (set(day.values()), set()):
        for skip in (set(), set(rels[:2])):
            assert known.near(want, skip) == [i for i, r in enumerate(rels) if same[i]
                                              and day.get(r) in want and r not in skip]
    assert cache._all_alive == set(cached).issubset(on_disk)


def test_rows_stay_sorted_as_posts_come_and_go(brand, cli) -> None:  # type: ignore[no-untyped-def]
    """known()'s fast path needs the cached rows in the order of the run's sorted list."""
    cache = brand.root / ".smm-cache/posts.bin"
    for name in ("m", "z", "a", "k"):
        _old(brand.post(name, "---\nchannels: [x]\npublish_at: on-merge\n---\nHello.\n"))
        code, _, _ = cli("validate", "--root", brand.root)
        names = marshal.loads(cache.read_bytes())[4][0]
        assert code == 0 and list(names) == sorted(names) and f"content/posts/{name}.md" in names
    (brand.root / "content/posts/m.md").unlink()
    cli("validate", "--root", brand.root)
    names = marshal.loads(cache.read_bytes())[4][0]
    assert list(names) == [f"content/posts/{n}.md" for n in "akz"]
