"""Reading a repository's files as regular files inside it, and nothing else.

Every file of a repository may be hostile: a FIFO blocks a read for ever, a device
(`/dev/zero`, through a link) never ends one, and a link out of the repository would
show or publish a file nobody reviewed. Posts, media and configuration files are held
to the same rule: a regular file, or a link to one, inside the repository; anything
else is refused before it is opened.
"""

from __future__ import annotations

import os
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISLNK, S_ISREG, S_ISSOCK

# No link followed and no wait at opening: a regular file was asked for.
OPEN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class Refused(OSError):
    """A file that is no regular file inside the repository, or too large. `rule`
    names the finding (file.type, file.outside, file.read, file.size)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message
        self.strerror = message


def real_file(name: str, st: os.stat_result, root: str, what: str) -> str:
    """The real path of `name` (whose lstat is `st`) when it is a regular file inside
    `root` (a real path), through links; else Refused saying what it is."""
    if S_ISLNK(st.st_mode):
        real = os.path.realpath(name)
        if not real.startswith(root.rstrip("/") + "/"):
            raise Refused("file.outside", f"this is a link to {real}, outside the "
                          f"repository: keep {what} inside it")
        try:
            st = os.stat(real)
        except OSError as e:
            raise Refused("file.read", f"this is a link to {real}, which cannot be read "
                          f"({e.strerror}): fix or remove the link") from None
        name = real
    if not S_ISREG(st.st_mode):
        raise Refused("file.type", f"this is {kind(st.st_mode)}, not a regular file: {what} "
                      "must be plain files")
    return name


def kind(mode: int) -> str:
    if S_ISDIR(mode):
        return "a folder"
    if S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if S_ISCHR(mode) or S_ISBLK(mode):
        return "a device"
    if S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_bytes(name: str, root: str, what: str, limit: int, checked: bool = False) -> bytes:
    """The bytes of `name`, a regular file inside `root` (a link followed to one), at
    most `limit` of them; Refused otherwise. `checked`: the caller knows it is a regular
    file (a scan saw it): no lstat; the flags and the bound still hold should it have
    changed since. os.read, not open(): no file object, a third of the cost."""
    if not checked:
        st = os.lstat(name)
        if not S_ISREG(st.st_mode):
            name = real_file(name, st, root, what)
    fd = os.open(name, OPEN)
    try:
        raw = os.read(fd, 65536)
        while more := os.read(fd, 65536):  # to the end, as FileIO.readall
            raw += more
            if len(raw) > limit:
                raise Refused("file.size", f"the file is larger than {limit >> 20} MB: it is "
                              f"not one of the {what}")
    finally:
        os.close(fd)
    return raw


def read_text(path: os.PathLike[str] | str, root: os.PathLike[str] | str, what: str,
              limit: int = 8 << 20) -> str:
    """read_bytes as UTF-8 text (UnicodeDecodeError as open() would raise it); `root`
    need not be resolved."""
    return read_bytes(os.fspath(path), os.path.realpath(root), what, limit).decode("utf-8")
