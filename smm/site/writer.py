"""The generated folder: write only what changed, remove what is no longer generated.

Writing only changed files keeps `mkdocs serve` from rebuilding on a regeneration that
changed nothing, and keeps file times meaningful for MkDocs' dirty builds.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
from pathlib import Path

from smm import secrets


class Tree:
    def __init__(self, root: Path):
        self.root = root
        self.kept: set[str] = set()
        self.changed = 0
        self.reserved: set[str] = set()  # hand-written files: generation leaves them be
        root.mkdir(parents=True, exist_ok=True)
        self._base = root.resolve()
        self._made: set[Path] = set()

    def _target(self, rel: str) -> Path:
        # Lexical normalisation, not Path.resolve(): resolving costs a system call per
        # path segment, and the folder is ours (no symlinks in it to follow).
        norm = posixpath.normpath(rel.replace("\\", "/"))
        if norm.startswith(("/", "../")) or norm in ("..", "."):  # a hostile id must not escape
            raise ValueError(f"generated path {rel!r} leaves {self.root}")
        self.kept.add(norm)
        return self._base / norm

    def _mkdir(self, d: Path) -> None:
        if d not in self._made:  # one mkdir per folder, not per file
            d.mkdir(parents=True, exist_ok=True)
            self._made.add(d)

    def write(self, rel: str, data: str | bytes) -> None:
        path = self._target(rel)
        if rel in self.reserved:
            return
        # A page may quote a publish record's error, which may quote a platform's
        # answer: no credential of this environment, in any form, reaches the site.
        raw = secrets.scrub(data).encode("utf-8") if isinstance(data, str) else data
        try:
            size = path.stat().st_size
        except OSError:  # a new file: nobody reads it yet, so it is written in place
            self._mkdir(path.parent)
            with open(path, "wb") as f:
                f.write(raw)
        else:
            with contextlib.suppress(OSError):
                if size == len(raw) and path.read_bytes() == raw:
                    return
            # Replaced whole, so `mkdocs serve` never reads half a page.
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(raw)
            os.replace(tmp, path)
        self.changed += 1

    def copy(self, rel: str, src: Path) -> str | None:
        """Copy `src` to `rel`; or, for an SVG that is more than a drawing (a script
        would run on the site's origin: smm.svgsafe), copy nothing and say why."""
        if src.suffix.lower() in (".svg", ".svgz"):
            from smm.svgsafe import problem

            try:
                why = problem(src.read_bytes()) if src.suffix.lower() == ".svg" else \
                    "a compressed SVG, which cannot be checked"
            except OSError as e:
                why = f"cannot be read ({e.strerror})"
            if why:
                return why
        path = self._target(rel)
        try:
            st, dt = src.stat(), path.stat()
            if st.st_size == dt.st_size and st.st_mtime_ns <= dt.st_mtime_ns:
                return None
        except OSError:
            pass
        self._mkdir(path.parent)
        shutil.copy2(src, path)
        self.changed += 1
        return None

    def keep(self, rel: str) -> None:
        """A file made in place by someone else (a video's poster frame): not pruned."""
        self._target(rel)

    def part(self) -> Tree:
        """A tree over the same folder for a worker process: same hand-written files
        left alone; what it writes comes back through `done` and `merge`."""
        t = Tree(self.root)
        t.reserved = set(self.reserved)
        return t

    def done(self) -> tuple[set[str], int]:
        return self.kept, self.changed

    def merge(self, done: tuple[set[str], int]) -> None:
        self.kept |= done[0]
        self.changed += done[1]

    def prune(self) -> int:
        """Delete every file not written or copied in this run; empty folders too."""
        removed = 0
        base = self._base
        for dirpath, _dirs, filenames in os.walk(base, topdown=False):
            d = Path(dirpath)
            for name in filenames:
                rel = (d / name).relative_to(base).as_posix()
                if rel not in self.kept:
                    (d / name).unlink()
                    removed += 1
            if d != base and not any(d.iterdir()):
                d.rmdir()
        self.changed += removed
        return removed
