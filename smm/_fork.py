"""A function mapped over chunks of work in forked processes, without multiprocessing.

`multiprocessing.Pool` costs a cold run about 0.1 s before the first post is checked:
importing it, starting its three helper threads, feeding its task queue. Here the
chunk numbers wait in one pipe that every worker reads (a 4-byte read from a pipe
whose writes were all 4 bytes is never split, so each chunk goes to one worker, and a
fast worker simply takes more), and each worker sends back pickled (number, result)
frames through its own pipe. The workers inherit everything they need by fork, so
neither the function nor its inputs are pickled.

A chunk whose answer never arrives (its worker raised, was killed, or could not
start) is computed here afterwards: an exception then surfaces in this process with
its traceback, and a lost worker loses no work.
"""

from __future__ import annotations

import os
import pickle
import select
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_MAX_CHUNKS = 4096  # their numbers must fit the pipe's buffer (64 KiB) before any fork


def fork_map(fn: Callable[[T], R], chunks: Sequence[T], workers: int) -> list[R]:
    """`[fn(c) for c in chunks]`, computed by up to `workers` forked processes."""
    if len(chunks) > _MAX_CHUNKS:
        raise ValueError(f"fork_map: at most {_MAX_CHUNKS} chunks")
    got: dict[int, R] = {}
    if workers > 0 and chunks and hasattr(os, "fork"):
        _run(fn, chunks, workers, got)
    return [got[i] if i in got else fn(c) for i, c in enumerate(chunks)]


def _run(fn: Callable[[T], R], chunks: Sequence[T], workers: int, got: dict[int, R]) -> None:
    queue_r, queue_w = os.pipe()
    os.write(queue_w, b"".join(i.to_bytes(4, "little") for i in range(len(chunks))))
    os.close(queue_w)  # the workers see the end of the queue once it is empty
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else a worker could inherit, and one day write, buffered output
    pids: list[int] = []
    fds: list[int] = []
    try:
        for _ in range(workers):
            r, w = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(r)
                os.close(w)
                break
            if pid == 0:
                os.close(r)
                _work(fn, chunks, queue_r, w)
            os.close(w)
            pids.append(pid)
            fds.append(r)
        os.close(queue_r)
        _collect(fds, got)
    finally:
        for pid in pids:
            os.waitpid(pid, 0)


def _work(fn: Callable[[T], R], chunks: Sequence[T], queue: int, out: int) -> None:
    """A worker's life: take chunk numbers until the queue is empty, answer each."""
    code = 1
    try:
        import gc

        gc.freeze()  # what the parent made is long-lived: never scanned again here
        while len(raw := os.read(queue, 4)) == 4:
            i = int.from_bytes(raw, "little")
            frame = pickle.dumps((i, fn(chunks[i])), pickle.HIGHEST_PROTOCOL)
            data = memoryview(len(frame).to_bytes(8, "little") + frame)
            while data:
                data = data[os.write(out, data):]
        code = 0
    finally:
        os._exit(code)  # never the parent's clean-up (atexit, buffered output)


def _collect(fds: list[int], got: dict[int, Any]) -> None:
    """Read every worker's frames until all have closed their pipes."""
    bufs = {fd: bytearray() for fd in fds}
    while bufs:
        ready, _, _ = select.select(list(bufs), [], [])
        for fd in ready:
            data = os.read(fd, 1 << 20)
            buf = bufs[fd]
            if not data:
                os.close(fd)
                del bufs[fd]  # an unfinished frame is dropped: its chunk is redone
                continue
            buf += data
            start = 0
            while len(buf) - start >= 8:
                end = start + 8 + int.from_bytes(buf[start:start + 8], "little")
                if len(buf) < end:
                    break
                i, result = pickle.loads(buf[start + 8:end])
                got[i] = result
                start = end
            del buf[:start]
