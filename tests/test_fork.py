"""smm._fork: work mapped over forked workers, and a cold run that uses them.

Each case runs in a process of its own: pytest's workers run threads, and forking a
threaded process is what smm itself refuses to do (smm._scan.alone)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

MAP = """
import os, sys
from smm._fork import fork_map
parent = os.getpid()
how = sys.argv[1]

def fn(chunk):
    if os.getpid() != parent:
        if how == "raise" and 7 in chunk:
            raise RuntimeError("a worker's bug")
        if how == "die" and 3 in chunk:
            os._exit(9)  # killed mid-chunk: the answer never arrives
    return [(x, x * x, "é" * x) for x in chunk]

chunks = [list(range(i, i + 5)) for i in range(0, 400, 5)]
got = fork_map(fn, chunks, int(sys.argv[2]))
want = [[(x, x * x, "é" * x) for x in c] for c in chunks]
print(got == want, len(got))
"""


def _run(code: str, *args: str) -> str:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       check=False, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_results_come_back_in_order_from_any_number_of_workers() -> None:
    for workers in ("0", "1", "2", "5"):
        assert _run(MAP, "ok", workers) == "True 80\n"


def test_a_chunk_lost_in_a_worker_is_computed_by_the_parent() -> None:
    assert _run(MAP, "raise", "2") == "True 80\n"
    assert _run(MAP, "die", "2") == "True 80\n"


def test_an_exception_raised_for_every_process_reaches_the_caller() -> None:
    code = ("from smm._fork import fork_map\n"
            "def fn(c):\n    raise ValueError(f'bad chunk {c}')\n"
            "try:\n    fork_map(fn, [1, 2, 3], 2)\nexcept ValueError as e:\n    print(e)\n")
    assert _run(code) == "bad chunk 1\n"


RUN = """
import json, sys
from pathlib import Path
import smm._fork
import smm.checks as checks
from smm.project import load_project
checks._PARALLEL_MIN = int(sys.argv[2])
real, used = smm._fork.fork_map, []
smm._fork.fork_map = lambda *a: used.append(a[2]) or real(*a)
project = load_project(Path(sys.argv[1]))
r = checks.run(project, use_cache=False)
print(json.dumps([used, r.checked, [repr(d) for d in r.diags], [list(e) for e in r.entries]],
                 default=str))
"""


def test_a_cold_run_on_forked_workers_finds_what_a_serial_run_finds(brand: Any) -> None:
    for i in range(60):
        body = "Very unique!!! " * (i % 3) + f"Post {i} about our coffee."
        brand.post(f"p{i:03}", f"---\npublish_at: 2027-03-{1 + i % 28:02}T09:{i % 60:02}\n"
                   f"channels: [x, bluesky, linkedin]\nnot_a_key: {i}\n---\n{body}\n")
    root = str(brand.root)
    serial = json.loads(_run(RUN, root, "1000000"))
    forked = json.loads(_run(RUN, root, "1"))
    assert serial[0] == [] and forked[0] == [2]  # (on a machine with 2 cores or more)
    assert forked[1:] == serial[1:]
    assert serial[1] >= 60
    assert any("not_a_key" in d for d in serial[2])  # findings travel back, not only facts


def test_chunks_cover_every_path_in_order_and_shrink() -> None:
    from smm.checks import _chunks

    for n in (1, 19, 20, 21, 400, 10_000):
        paths = [f"p{i}" for i in range(n)]
        chunks = _chunks(paths, 2)
        assert [p for c in chunks for p in c] == paths
        sizes = [len(c) for c in chunks]
        assert sizes == sorted(sizes, reverse=True)
        assert all(s >= 20 for s in sizes[:-1])
    assert len(_chunks([f"p{i}" for i in range(10_000)], 2)) < 100
    assert len(_chunks([f"p{i}" for i in range(10_000)], 2)[-2]) == 20
