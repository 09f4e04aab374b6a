"""smm._scan: the listing and stat of post files, in a forked child or here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from smm._scan import Pending, scan


def _tree(root: Path) -> str:
    for rel in ("2027-01/a.md", "2027-01/b.md", "2027-02/c.md", "notes.txt", ".hidden/d.md"):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(rel * 3)
    return str(root)


def test_scan_lists_posts_sorted_with_their_stamps(tmp_path: Path) -> None:
    folder = _tree(tmp_path)
    names, stamps = scan(folder, True)
    assert names == [f"{folder}/2027-01/a.md", f"{folder}/2027-01/b.md", f"{folder}/2027-02/c.md"]
    assert stamps == [(os.stat(n).st_mtime_ns, os.stat(n).st_size) for n in names]
    assert scan(folder, False) == (names, None)
    # With a prefix: the names the run works with, relative to the repository.
    rels, stamps2 = scan(folder, True, "content/posts")
    assert rels == ["content/posts/2027-01/a.md", "content/posts/2027-01/b.md",
                    "content/posts/2027-02/c.md"] and stamps2 == stamps


CHILD = """
import marshal, sys
from smm import _scan
if sys.argv[2] == "fail":  # the child cannot write its answer: the parent scans itself
    marshal.dumps = None
stat = sys.argv[2] != "nostat"
p = _scan.Pending(sys.argv[1], stat, "posts")
forked = p._pid != 0
odd = []
print(forked, p.result() == _scan.scan(sys.argv[1], stat, "posts", odd) and p.odd == odd)
"""


def test_the_forked_scan_answers_as_the_scan_here(tmp_path: Path) -> None:
    """In a process of its own (pytest's workers run threads, so no fork there)."""
    folder = _tree(tmp_path)
    os.mkfifo(tmp_path / "2027-01/pipe.md")
    for how in ("ok", "fail", "nostat"):
        r = subprocess.run([sys.executable, "-c", CHILD, folder, how], capture_output=True,
                           text=True, check=True)
        assert (r.stdout, r.stderr) == ("True True\n", "")


def test_no_fork_while_other_threads_run(tmp_path: Path) -> None:
    import threading

    folder = _tree(tmp_path)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        p = Pending(folder, True)
        assert p._pid == 0 and p.result() == scan(folder, True)
    finally:
        stop.set()
        t.join()


CLOSED = """
import os, sys
from smm import _scan
p = _scan.Pending(sys.argv[1], True)
pid = p._pid
p.close()
p.close()  # twice: nothing left to do
try:
    os.waitpid(pid, os.WNOHANG)
    print("child still ours")
except ChildProcessError:
    print("reaped", p.result() == _scan.scan(sys.argv[1], True))
"""


def test_a_dropped_scan_leaves_no_child_behind(tmp_path: Path) -> None:
    """A run that fails before reading the scan (a bad rule file) closes it: the child
    is reaped at once, not left blocked on a pipe until the program ends."""
    folder = _tree(tmp_path)
    for i in range(3000):  # more than a pipe's buffer holds: the child would block
        (tmp_path / "2027-03").mkdir(exist_ok=True)
        (tmp_path / "2027-03" / f"post-with-a-long-name-{i:05}.md").write_text("x")
    r = subprocess.run([sys.executable, "-c", CLOSED, folder], capture_output=True,
                       text=True, check=True)
    assert (r.stdout, r.stderr) == ("reaped True\n", "")


def test_scan_names_what_is_no_regular_file(tmp_path: Path) -> None:
    """Links, FIFOs and folder links among the posts are listed (the checks report
    them) and named apart: the loader looks at those before opening them."""
    folder = _tree(tmp_path)
    os.mkfifo(tmp_path / "2027-01/pipe.md")
    os.symlink("a.md", tmp_path / "2027-01/link.md")
    os.symlink("/dev/zero", tmp_path / "2027-02/zero.md")
    odd: list[str] = []
    names, _ = scan(folder, True, "content/posts", odd)
    assert sorted(odd) == ["content/posts/2027-01/link.md", "content/posts/2027-01/pipe.md",
                           "content/posts/2027-02/zero.md"]
    assert set(odd) <= set(names) and len(names) == 6
