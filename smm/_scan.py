"""Listing a brand's post files and reading their (mtime, size), in another process.

A pre-commit run over one post of a 10,000-post brand must still stat every post file
(a cached verdict holds only while the file is unchanged), and each stat is a system
call: about 60 ms in all; and a cold run without the cache still lists them (50 M
instructions). A forked child does it on the other core while this process imports
smm and loads the rules, and hands back the lists through a pipe. Where fork
is missing, unsafe (other threads running) or fails, the scan runs here, as before.
"""

from __future__ import annotations

import marshal
import os
import sys
from stat import S_ISREG

Stamp = tuple[int, int]  # (st_mtime_ns, st_size)


def scan(folder: str, stat: bool, prefix: str | None = None,
         odd: list[str] | None = None) -> tuple[list[str], list[Stamp] | None]:
    """Every post file under `folder` as a path string, sorted, and with `stat` their
    stamps (a file that vanished in between gets (-1, -1): never a cache hit). With
    `prefix`, the paths are given as `prefix` + the path below `folder` (a forked scan
    makes the repository-relative names the run works with, on the other core).
    `odd` receives those of them that are not regular files (links, FIFOs, devices):
    the loader looks at those before opening them (smm.content.real_file), and opens
    the others at once. With `stat`, the lstat each file gets tells (a link's stamp is
    then its target's, as before); else the directory entries do, without a system
    call."""
    found: list[str] = []
    folders = [folder]
    strange: list[str] = []
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for e in entries:  # as os.walk: symbolic links to folders are not followed
                if e.is_dir(follow_symlinks=False):
                    if not e.name.startswith("."):
                        folders.append(e.path)
                elif e.name.endswith(".md"):
                    found.append(e.path)
                    if not stat and not e.is_file(follow_symlinks=False):
                        strange.append(e.path)
    found.sort()
    stamps: list[Stamp] | None = None
    if stat:
        stamps = []
        for name in found:
            try:
                st = os.lstat(name)
                if not S_ISREG(st.st_mode):
                    strange.append(name)
                    st = os.stat(name)
                stamps.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append((-1, -1))
    if prefix is not None:
        cut = len(folder)
        found = [prefix + name[cut:] for name in found]
        strange = [prefix + name[cut:] for name in strange]
    if odd is not None:
        odd.extend(strange)
    return found, stamps


class Pending:
    """A scan under way; `result()` waits for it."""

    def __init__(self, folder: str, stat: bool, prefix: str | None = None) -> None:
        self.folder, self.stat, self.prefix = folder, stat, prefix
        self.odd: list[str] = []  # the names that are no regular file (see scan)
        self._pid = 0
        self._fd = -1
        if hasattr(os, "fork") and alone():
            self._fork()

    def _fork(self) -> None:
        try:
            r, w = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return
        if pid == 0:  # the child: scan, write, leave without any cleanup of the parent's
            code = 1
            try:
                os.close(r)
                odd: list[str] = []
                found = scan(self.folder, self.stat, self.prefix, odd)
                data = memoryview(marshal.dumps((*found, odd)))
                while data:
                    data = data[os.write(w, data):]
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self._pid, self._fd = pid, r

    def result(self) -> tuple[list[str], list[Stamp] | None]:
        if self._pid:
            got = self._collect()
            if got is not None:
                return got
        self.odd = []
        return scan(self.folder, self.stat, self.prefix, self.odd)

    def close(self) -> None:
        """Drop a scan whose result is no longer wanted (the run failed first): the
        child, blocked writing to a pipe nobody reads, ends and is reaped."""
        pid, self._pid = self._pid, 0
        if pid:
            os.close(self._fd)  # the child's write fails, and it leaves
            os.waitpid(pid, 0)

    def _collect(self) -> tuple[list[str], list[Stamp] | None] | None:
        pid, self._pid = self._pid, 0
        try:
            with open(self._fd, "rb", buffering=0) as f:
                data = f.readall()
            _, status = os.waitpid(pid, 0)
            if status != 0:
                return None
            names, stamps, odd = marshal.loads(data)
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if not (isinstance(names, list) and isinstance(odd, list)
                and (stamps is None if not self.stat else
                     isinstance(stamps, list) and len(names) == len(stamps))):
            return None
        self.odd = odd
        return names, stamps


def alone() -> bool:
    """No other thread runs (a forked child of a threaded process could inherit a lock
    held by another thread); threading is imported only by programs that use it."""
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1
