"""The state store: small text files on a git branch (default `smm-state`).

Publish records (`ledger/<post-id>/<channel>.yaml`) and metrics (`metrics/...`) live
here, not on the default branch, so main can stay protected and bot commits never touch
it. Everything goes through git plumbing with a throw-away index file: the user's
checked-out branch, index and work tree are never read or written.

Paths given to State are relative to the brand folder; inside the branch they carry the
brand folder's path from the repository root, so several brands share one branch.

Where to read, in order: the remote-tracking branch `origin/<branch>` (fetched on open),
the local branch, else the seed folder `<brand root>/state/` in the work tree (the
example repository ships history there so a fresh clone shows data). The first commit
starts from the seed's files, so what readers see never jumps backwards: otherwise a
post the seed records as published would look unpublished after the first write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm.errors import SmmError
from smm.project import Project

if TYPE_CHECKING:
    import git

DEFAULT_BRANCH = "smm-state"
REMOTE = "origin"
SEED = "state"
# Bot identity for state commits: CI runners have no git identity configured.
_IDENTITY = {"GIT_AUTHOR_NAME": "smm", "GIT_AUTHOR_EMAIL": "smm@users.noreply.github.com",
             "GIT_COMMITTER_NAME": "smm", "GIT_COMMITTER_EMAIL": "smm@users.noreply.github.com"}


class StateError(SmmError):
    """The state branch could not be read or written (not a git repository, the remote
    unreachable): never a lost race, which `State.commit` reports by returning False."""


class State:
    """A view of the state branch at one commit; `commit` moves it forward."""

    def __init__(self, project: Project, repo: git.Repo | None, branch: str,
                 prefix: str, remote: str | None):
        self.project = project
        self.repo = repo
        self.branch = branch
        self.prefix = prefix  # "" or "brands/acme/"
        self.remote = remote
        self.tip: str | None = None  # commit sha read from; None = seed folder
        self._blobs: dict[str, str] = {}  # branch path -> blob sha, at tip
        self._written: dict[str, str] = {}  # blob sha -> text, of blobs this process wrote
        self._seed: list[str] | None = None  # seed folder listing, made on first use

    # -- opening and refreshing ------------------------------------------------------

    @classmethod
    def open(cls, project: Project, *, fetch: bool = True) -> State:
        """The state of `project`'s brand, fetched from `origin` when there is one."""
        branch = str(project.setting("publishing", "state_branch", DEFAULT_BRANCH)
                     or DEFAULT_BRANCH)
        repo = _repo(project.repo_root)
        rel = ""
        if repo is not None:
            try:
                rel = project.root.resolve().relative_to(
                    Path(repo.working_tree_dir or project.repo_root).resolve()).as_posix()
            except ValueError:
                rel = ""
        prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
        remote = None
        if repo is not None and any(r.name == REMOTE for r in repo.remotes):
            remote = REMOTE
        st = cls(project, repo, branch, prefix, remote)
        st.refresh(fetch=fetch)
        return st

    def refresh(self, *, fetch: bool = True) -> None:
        """Fetch the branch (when a remote exists) and read from its newest commit."""
        if self.repo is None:
            return
        if fetch and self.remote:
            # No such branch on the remote yet, or offline: read what we have.
            with contextlib.suppress(SmmError):
                self._git("fetch", "--quiet", "--no-tags", self.remote,
                          f"+refs/heads/{self.branch}:{self._tracking}")
        self._load(self._resolve())

    @property
    def _tracking(self) -> str:
        return f"refs/remotes/{self.remote}/{self.branch}"

    def _resolve(self) -> str | None:
        refs = ([self._tracking] if self.remote else []) + [f"refs/heads/{self.branch}"]
        for ref in refs:
            try:
                return self._git("rev-parse", "--verify", "--quiet", ref + "^{commit}")
            except SmmError:
                continue
        return None

    def _load(self, tip: str | None) -> None:
        self.tip = tip
        self._blobs = {}
        if tip is None:
            return
        listing = self._git("ls-tree", "-r", "-z", "--full-tree", tip)
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind == "blob":
                self._blobs[path] = sha

    # -- reading ---------------------------------------------------------------------

    @property
    def seeded(self) -> bool:
        """True while reads come from the seed folder (no branch anywhere yet)."""
        return self.tip is None

    def read(self, path: str) -> str | None:
        """The text of `path` (brand-relative), or None when it does not exist."""
        path = _clean(path)
        if self.tip is None:
            try:
                with open(self.project.root / SEED / path, encoding="utf-8") as f:
                    return f.read()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                return None
        sha = self._blobs.get(self.prefix + path)
        if sha is None or self.repo is None:
            return None
        if sha in self._written:
            return self._written[sha]
        data: bytes = self.repo.odb.stream(bytes.fromhex(sha)).read()
        return data.decode("utf-8")

    def list(self, prefix: str = "") -> list[str]:
        """Brand-relative paths of every file below `prefix` (a folder or a path start)."""
        prefix = prefix.lstrip("/")
        if self.tip is None:
            if self._seed is None:  # listed once: readers call list() per post
                self._seed = sorted(_seed_files(self.project.root / SEED))
            return [p for p in self._seed if p.startswith(prefix)]
        full = self.prefix + prefix
        n = len(self.prefix)
        return sorted(p[n:] for p in self._blobs if p.startswith(full))

    # -- writing ---------------------------------------------------------------------

    def commit(self, files: dict[str, str | None], message: str) -> bool:
        """Write `files` (None deletes) as one commit on the branch and push it.

        Returns False when another writer got there first (push rejected, or the local
        branch moved): the state is then re-read, so the caller can look again and
        decide. Raises StateError when git itself fails (no repository, no remote)."""
        if self.repo is None:
            raise StateError(f"{self.project.root}: not in a git repository: the publish "
                             "record and metrics live on a git branch")
        if not files:
            return True
        old = self.tip
        base_files: dict[str, str | None] = {}
        if old is None:  # first write: carry the seed over so readers see no jump back
            for p in _seed_files(self.project.root / SEED):
                base_files[p] = (self.project.root / SEED / p).read_text(encoding="utf-8")
        base_files.update({_clean(k): v for k, v in files.items()})
        new = self._make_commit(old, base_files, message)
        if self.remote:
            try:
                self._git("push", "--quiet", "--porcelain", self.remote,
                          f"{new}:refs/heads/{self.branch}")
            except SmmError:
                self.refresh()
                if self.tip is not None and self.tip != old:
                    return False  # someone else moved the branch: a lost race
                raise
            self._set_ref(self._tracking, new, None)
            self._set_local(new)
        elif not self._set_ref(f"refs/heads/{self.branch}", new, old):
            self.refresh(fetch=False)
            return False
        # Our own commit: update the listing in place instead of listing the tree again.
        self.tip = new
        for path, text in base_files.items():
            if text is None:
                self._blobs.pop(self.prefix + path, None)
            else:
                self._blobs[self.prefix + path] = self._sha_of[path]
        return True

    def _make_commit(self, parent: str | None, files: dict[str, str | None],
                     message: str) -> str:
        fd, index = tempfile.mkstemp(prefix="smm-index-")
        os.close(fd)
        os.unlink(index)  # git wants to create it; only the name must be private
        env = {"GIT_INDEX_FILE": index}
        self._sha_of: dict[str, str] = {}
        try:
            if parent:
                self._git("read-tree", parent, env=env)
            for path, text in sorted(files.items()):
                full = self.prefix + path
                if text is None:
                    self._git("update-index", "--force-remove", "--", full, env=env)
                    continue
                sha = self._sha_of[path] = self._hash(text)
                self._git("update-index", "--add", "--cacheinfo",
                          f"100644,{sha},{full}", env=env)
            tree = self._git("write-tree", env=env)
        finally:
            for leftover in (index, index + ".lock"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        args = ["commit-tree", tree, "-m", message]
        if parent:
            args[2:2] = ["-p", parent]
        return self._git(*args, env=_IDENTITY)

    def _hash(self, text: str) -> str:
        """Write a blob in-process (no subprocess: a run writes many small records)."""
        from io import BytesIO

        from gitdb import IStream

        assert self.repo is not None
        data = text.encode("utf-8")
        sha = self.repo.odb.store(IStream("blob", len(data), BytesIO(data))).hexsha
        self._written[sha if isinstance(sha, str) else sha.decode()] = text
        return sha if isinstance(sha, str) else sha.decode()

    def _set_ref(self, ref: str, new: str, old: str | None) -> bool:
        """Compare-and-swap a ref: False when it no longer holds `old`."""
        try:
            self._git("update-ref", ref, new, old or "0" * 40)
        except SmmError:
            return False
        return True

    def _set_local(self, new: str) -> None:
        """Keep the local branch in step with the remote, unless someone has it checked
        out (moving a checked-out branch would make their work tree look changed)."""
        assert self.repo is not None
        try:
            head = self._git("symbolic-ref", "--quiet", "HEAD")
        except SmmError:
            head = ""
        if head != f"refs/heads/{self.branch}":
            self._git("update-ref", f"refs/heads/{self.branch}", new)

    def _git(self, *args: str, env: dict[str, str] | None = None) -> str:
        import git

        assert self.repo is not None
        try:
            out: str = self.repo.git.execute(
                ["git", *args], env=env, strip_newline_in_stdout=True)
        except git.GitCommandError as e:
            raise SmmError(f"git {args[0]} failed: {_stderr(e)}") from None
        return out


def _repo(path: Path) -> git.Repo | None:
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _clean(path: str) -> str:
    p = path.replace("\\", "/").lstrip("/")
    if any(seg in ("", ".", "..") for seg in p.split("/")):
        raise StateError(f"bad state path {path!r}")
    return p


def _seed_files(folder: Path) -> Iterator[str]:
    base = str(folder)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = dirpath[len(base) + 1:]
        for name in filenames:
            if not name.startswith("."):
                yield f"{rel}/{name}" if rel else name


def _stderr(e: Any) -> str:
    text = str(getattr(e, "stderr", "") or "").strip() or str(e)
    return " ".join(text.split())[:500]


def load_records(project: Project) -> list[Any]:
    """Every publish record of the brand (smm.publish.ledger.Record), for readers such
    as the site; empty when the state cannot be read."""
    import smm.publish.ledger as ledger

    try:
        return ledger.load_all(State.open(project))
    except SmmError:
        return []
