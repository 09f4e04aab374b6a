"""The console script leaves with os._exit after main(): what it prints still arrives
whole, exit codes and exit handlers are kept, and a closed pipe is no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

# Buffered output, as on most machines (this one may set PYTHONUNBUFFERED).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_output_exit_code_and_exit_handlers_survive(brand: Any) -> None:
    for i in range(40):  # more than one buffer of output: the last one is flushed by entry()
        brand.post(f"p{i:02}", "---\nchannels: [x]\nnot_a_key: 1\n"
                   "publish_at: on-merge\n---\n" + "long " * 80 + "\n")
    code = ("import atexit, sys; atexit.register(lambda: print('handler ran'));"
            " from smm.cli import entry; entry()")
    r = subprocess.run([sys.executable, "-c", code, "validate", "--root", str(brand.root),
                        "--format", "json", "--no-cache"], capture_output=True, text=True, env=ENV)
    assert r.returncode == 1
    out, last = r.stdout.rsplit("\n", 2)[0], r.stdout.rsplit("\n", 2)[1]
    found = json.loads(out)
    assert len({d["path"] for d in found}) == 40 and len(out) > 8192
    assert (last, r.stderr) == ("handler ran", "")  # printed after main(): flushed too
    r = subprocess.run([sys.executable, "-m", "smm", "--version"], capture_output=True,
                       text=True)
    assert (r.returncode, r.stdout.startswith("smm")) == (0, True)


def test_a_closed_pipe_is_no_traceback(brand: Any) -> None:
    for i in range(40):
        brand.post(f"p{i:02}", "---\nchannels: [x]\npublish_at: on-merge\n---\n"
                   + "long " * 80 + "\n")
    p = subprocess.Popen([sys.executable, "-m", "smm", "validate", "--root", str(brand.root),
                          "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(10)
    p.stdout.close()  # as `smm validate | head -c 10` does
    err = p.stderr.read().decode()
    assert p.wait() == 1 and "Traceback" not in err
