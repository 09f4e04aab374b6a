"""The state store: small text files on a git branch (default `smm-state`).

Publish records (`ledger/<post-id>/<channel>.yaml`) and metrics (`metrics/...`) live
here, not on the default branch, so main can stay protected and bot commits never touch
it. Everything goes through git plumbing with a throw-away index file: the user's
checked-out branch, index and work tree are never read or written.

Paths given to State are relative to the brand folder; inside the branch they carry the
brand folder's path from the repository root, so several brands share one branch.

Where to read, in order: the local branch when it holds commits the remote lacks (a
push that failed, or `--no-push`: they go out with the next push), the remote-tracking
branch `origin/<branch>` (fetched on open), the local branch, else the seed folder
`<brand root>/state/` in the work tree (the example repository ships history there so
a fresh clone shows data). The first commit starts from the seed's files, so what
readers see never jumps backwards: otherwise a post the seed records as published
would look unpublished after the first write.

Every write is a commit on the branch, pushed to `origin` unless the State was opened
with `push=False` (`--no-push`). A push that fails for any reason but a lost race keeps
the commit on the local branch (nothing recorded is lost; the next run pushes it) and
raises one StateError naming the remote and the way out. `report()` says what a run
wrote: branch, commits, remote, pushed or kept.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm import files as repo_files
from smm.errors import SmmError
from smm.project import Project

if TYPE_CHECKING:
    import git

DEFAULT_BRANCH = "smm-state"
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id of a tree with nothing
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
                 prefix: str, remote: str | None, push: bool = True):
        self.project = project
        self.repo = repo
        self.branch = branch
        self.prefix = prefix  # "" or "brands/acme/"
        self.remote = remote
        self.push = push
        self.ahead = False  # the local branch holds commits the remote lacks
        self.made: list[str] = []  # commits this process wrote, oldest first
        self.pushed = False  # the remote has every commit this process wrote
        self.push_error: str | None = None
        self.tip: str | None = None  # commit sha read from; None = seed folder
        self._blobs: dict[str, str] = {}  # branch path -> blob sha, at tip
        self._written: dict[str, str] = {}  # blob sha -> text, of blobs this process wrote
        self._seed: list[str] | None = None  # seed folder listing, made on first use

    # -- opening and refreshing ------------------------------------------------------

    @classmethod
    def open(cls, project: Project, *, fetch: bool = True, push: bool = True) -> State:
        """The state of `project`'s brand, fetched from `origin` when there is one.
        `push=False`: commits stay on the local branch (`--no-push`)."""
        branch = project.state_branch
        repo = _repo(project.repo_root)
        rel = ""
        # A workspace's brand has a branch of its own (smm.workspace): no prefix needed.
        if repo is not None and project.workspace is None:
            try:
                rel = project.root.resolve().relative_to(
                    Path(repo.working_tree_dir or project.repo_root).resolve()).as_posix()
            except ValueError:
                rel = ""
        prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
        remote = None
        if repo is not None and any(r.name == REMOTE for r in repo.remotes):
            remote = REMOTE
        st = cls(project, repo, branch, prefix, remote, push)
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
        local = self._rev(f"refs/heads/{self.branch}")
        tracking = self._rev(self._tracking) if self.remote else None
        self.ahead = False
        if tracking is None or local is None or local == tracking:
            return tracking or local
        if self._is_ancestor(tracking, local):  # kept commits: they go with the next push
            self.ahead = True
            return local
        if self._is_ancestor(local, tracking):
            return tracking
        # Both moved: another run pushed while ours kept commits. Ours are replayed on
        # the remote's tip (files the remote did not touch since; the remote's wins where
        # both wrote, a lost race as any other) and go out with the next push.
        replayed = self._replay(local, tracking)
        self.ahead = replayed != tracking
        return replayed

    def _rev(self, ref: str) -> str | None:
        try:
            return self._git("rev-parse", "--verify", "--quiet", ref + "^{commit}")
        except SmmError:
            return None

    def _is_ancestor(self, old: str, new: str) -> bool:
        try:
            self._git("merge-base", "--is-ancestor", old, new)
        except SmmError:
            return False
        return True

    def _replay(self, local: str, tracking: str) -> str:
        try:
            base = self._git("merge-base", local, tracking)
        except SmmError:  # no common commit (two first writes): all of ours is new
            base = _EMPTY_TREE
        ours = self._changed(base, local)
        theirs = set(self._changed(base, tracking))
        files: dict[str, str | None] = {}
        for path, sha in ours.items():
            if path in theirs or not path.startswith(self.prefix):
                continue
            files[path[len(self.prefix):]] = None if sha is None else self._blob(sha)
        if not files:
            self._set_ref(f"refs/heads/{self.branch}", tracking, local)
            return tracking
        new = self._make_commit(tracking, files, "replay commits a failed push kept")
        self._set_ref(f"refs/heads/{self.branch}", new, local)
        return new

    def _changed(self, a: str, b: str) -> dict[str, str | None]:
        """Paths that differ between two commits -> the blob in `b` (None: deleted)."""
        out: dict[str, str | None] = {}
        for line in self._git("diff-tree", "-r", "-z", "--no-renames", a, b).split("\0:"):
            meta, _, path = line.lstrip(":").partition("\0")
            fields = meta.split()
            if len(fields) >= 5 and path:
                out[path.rstrip("\0")] = None if fields[4] == "D" else fields[3]
        return out

    def _blob(self, sha: str) -> str:
        assert self.repo is not None
        data: bytes = self.repo.odb.stream(bytes.fromhex(sha)).read()
        return data.decode("utf-8")

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
            try:  # a regular file inside the repository, nothing else (smm.files)
                return repo_files.read_text(self.project.root / SEED / path,
                                       self.project.repo_root, "state files")
            except (OSError, UnicodeDecodeError):  # absent, a FIFO, a link out: no record
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

    def commit(self, files: dict[str, str | None], message: str, *, keep: bool = True) -> bool:
        """Write `files` (None deletes) as one commit on the branch and push it.

        Returns False when another writer got there first (push rejected, or the local
        branch moved): the state is then re-read, so the caller can look again and
        decide. Raises StateError when git itself fails (no repository) or the push
        fails otherwise (a read-only or unreachable remote): the commit then stays on the
        local branch for the next push, unless `keep` is False (a claim, which is only
        worth anything once the remote has it)."""
        if self.repo is None:
            raise StateError(f"{self.project.root}: not in a git repository: the publish "
                             "record and metrics live on a git branch")
        if not files:
            return True
        old = self.tip
        base_files: dict[str, str | None] = {}
        if old is None:  # first write: carry the seed over so readers see no jump back
            for p in _seed_files(self.project.root / SEED):
                with contextlib.suppress(OSError, UnicodeDecodeError):  # as read() skips it
                    base_files[p] = repo_files.read_text(self.project.root / SEED / p,
                                                    self.project.repo_root, "state files")
        base_files.update({_clean(k): v for k, v in files.items()})
        new = self._make_commit(old, base_files, message)
        if self.remote and self.push:
            try:
                self._git("push", "--quiet", "--porcelain", self.remote,
                          f"{new}:refs/heads/{self.branch}")
            except SmmError as e:
                before = self._rev(self._tracking)
                with contextlib.suppress(SmmError):
                    self._git("fetch", "--quiet", "--no-tags", self.remote,
                              f"+refs/heads/{self.branch}:{self._tracking}")
                if self._rev(self._tracking) != before or (
                        self._rev(self._tracking) not in (None, old) and not self.ahead):
                    self.refresh(fetch=False)
                    return False  # someone else moved the branch: a lost race
                self._push_failed(new, old, base_files, keep, e)
            else:
                self._set_ref(self._tracking, new, None)
                self._set_local(new)
                self.pushed, self.ahead = True, False
        elif not self._move_local(new, old):
            self.refresh(fetch=False)
            return False
        else:
            self.ahead = self.remote is not None
        self._advance(new, base_files)
        return True

    def _advance(self, new: str, files: dict[str, str | None]) -> None:
        # Our own commit: update the listing in place instead of listing the tree again.
        self.tip = new
        self.made.append(new)
        for path, text in files.items():
            if text is None:
                self._blobs.pop(self.prefix + path, None)
            else:
                self._blobs[self.prefix + path] = self._sha_of[path]

    def _push_failed(self, new: str, old: str | None, files: dict[str, str | None],
                     keep: bool, error: SmmError) -> None:
        """A push refused for another reason than a race: keep the commit locally (the
        next run pushes it) and say so in one line, naming the remote and the way out."""
        where = f"{self.remote} ({self.remote_url()})"
        why = _reason(error)
        if keep and self._move_local(new, old):
            self._advance(new, files)
            self.ahead, self.pushed = True, False
            self.push_error = (f"could not push branch {self.branch} to {where}: {why}. "
                               f"Commit {new[:7]} is kept on the local branch "
                               f"{self.branch}: the next run in this clone pushes it, or "
                               f"run `git push {self.remote} {self.branch}` once the remote "
                               "accepts it")
        else:
            self.push_error = (f"could not push branch {self.branch} to {where}: {why}. "
                               "Nothing was written; fix access to the remote and run again")
        raise StateError(self.push_error)

    def _move_local(self, new: str, old: str | None) -> bool:
        """Point the local branch at `new`, a child of `old`, unless the branch moved
        past `old` meanwhile (another writer here: a lost race)."""
        ref = f"refs/heads/{self.branch}"
        cur = self._rev(ref)
        if cur is not None and cur != old and (old is None or not self._is_ancestor(cur, old)):
            return False
        return self._set_ref(ref, new, cur)

    def remote_url(self) -> str:
        """The remote's URL with any user or token taken out (it is printed)."""
        import re

        if not self.remote:
            return ""
        try:
            url = self._git("remote", "get-url", self.remote)
        except SmmError:
            return self.remote
        return re.sub(r"(?<=//)[^/@]*@", "", url)

    def report(self) -> dict[str, Any]:
        """What this process wrote: for the output of every command that writes."""
        return {"branch": self.branch, "commits": len(self.made),
                "commit": self.made[-1] if self.made else None,
                "remote": self.remote, "url": self.remote_url() if self.remote else None,
                "pushed": bool(self.made) and self.pushed and not self.ahead,
                "kept_locally": self.ahead, "error": self.push_error}

    def describe(self) -> str:
        """report() in one line, for a person."""
        r = self.report()
        if not r["commits"]:
            held = (f"; {self.branch} still holds commits not pushed to {self.remote}"
                    if self.ahead else "")
            return f"state branch {self.branch}: nothing new written{held}"
        head = (f"recorded on branch {self.branch}: {r['commits']} commit(s), now at "
                f"{str(r['commit'])[:7]}")
        if not self.remote:
            return head + f", local only (no remote `{REMOTE}`)"
        if r["pushed"]:
            return head + f", pushed to {self.remote} ({r['url']})"
        why = "--no-push" if not self.push else "the push failed"
        return (head + f", kept locally, not pushed ({why}): the next run pushes it, or "
                f"`git push {self.remote} {self.branch}`")

    def push_kept(self) -> bool:
        """Push commits an earlier run kept locally; True when there were some and the
        remote took them. Raises StateError when it still refuses (nothing is lost)."""
        if not (self.ahead and self.remote and self.push and self.tip):
            return False
        try:
            self._git("push", "--quiet", "--porcelain", self.remote,
                      f"{self.tip}:refs/heads/{self.branch}")
        except SmmError as e:
            self.push_error = (f"could not push branch {self.branch} to {self.remote} "
                               f"({self.remote_url()}): "
                               f"{_reason(e)}. Its commits "
                               "stay on the local branch for the next run")
            raise StateError(self.push_error) from None
        self._set_ref(self._tracking, self.tip, None)
        self.ahead, self.pushed = False, True
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


def _reason(error: SmmError) -> str:
    """Why git refused, in a few words: the remote's own message, else git's error line,
    without the quoting GitPython wraps around stderr."""
    text = str(error).split(" failed: ", 1)[-1].strip()
    text = text.removeprefix("stderr:").strip().strip("'").strip()
    said = [p.strip() for p in text.split("remote:")[1:] if p.strip()]
    if said:
        return " ".join(s.split(" error:")[0].split(" To ")[0] for s in said).strip()[:200]
    for mark in ("fatal:", "error:"):
        if mark in text:
            return text.split(mark, 1)[1].strip().split(" error:")[0][:200]
    return text[:200]


def load_records(project: Project) -> list[Any]:
    """Every publish record of the brand (smm.publish.ledger.Record), for readers such
    as the site; empty when the state cannot be read."""
    import smm.publish.ledger as ledger

    try:
        return ledger.load_all(State.open(project))
    except SmmError:
        return []
