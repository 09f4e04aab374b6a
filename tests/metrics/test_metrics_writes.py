"""Commands that write to git say what they wrote: the branch, the commit, the remote;
--no-push keeps the commit local; a refused push is one clear line, and the commit it
could not send is kept and pushed by the next run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from metrics_helpers import git

from smm.cli import main
from smm.project import Project

EXPORTS = Path(__file__).parent / "exports"


def _import(brand: Project, *extra: str) -> int:
    return main(["metrics", "import", str(EXPORTS / "x_tweet_activity.csv"), "--channel", "x",
                 "--date", "2026-11-27", "--root", str(brand.root), *extra])


def _remote_tip(brand: Project) -> str:
    return git(brand.root.parent / "remote.git", "rev-parse", "smm-state").strip()


def _read_only(brand: Project, on: bool) -> None:
    hook = brand.root.parent / "remote.git" / "hooks" / "pre-receive"
    if on:
        hook.write_text("#!/bin/sh\necho 'permission denied: read-only remote' >&2\nexit 1\n")
        hook.chmod(0o755)
    else:
        hook.unlink()


def test_import_prints_branch_commit_and_remote(brand: Project,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(brand) == 0
    out = capsys.readouterr().out
    tip = _remote_tip(brand)
    assert (f"recorded on branch smm-state: 1 commit(s), now at {tip[:7]}, pushed to origin "
            f"({brand.root.parent / 'remote.git'})") in out
    assert _import(brand, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == {"branch": "smm-state", "commits": 0, "commit": None,
                             "remote": "origin", "url": str(brand.root.parent / "remote.git"),
                             "pushed": False, "kept_locally": False, "error": None}


def test_no_push_keeps_the_commit_until_a_later_run(brand: Project,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = _remote_tip(brand)
    assert _import(brand, "--no-push") == 0
    out = capsys.readouterr().out
    local = git(brand.root, "rev-parse", "refs/heads/smm-state").strip()
    assert _remote_tip(brand) == before != local
    assert (f"now at {local[:7]}, kept locally, not pushed (--no-push): the next run pushes "
            "it, or `git push origin smm-state`") in out
    # A later run pushes the kept commit, though it has nothing new of its own.
    assert _import(brand) == 0
    assert _remote_tip(brand) == local
    assert "nothing new written" in capsys.readouterr().out


def test_a_read_only_remote_is_one_line_and_loses_nothing(
        brand: Project, capsys: pytest.CaptureFixture[str]) -> None:
    before = _remote_tip(brand)
    _read_only(brand, True)
    assert _import(brand) == 1
    out, err = capsys.readouterr()
    local = git(brand.root, "rev-parse", "refs/heads/smm-state").strip()
    assert _remote_tip(brand) == before != local
    (line,) = [ln for ln in err.splitlines() if ln.startswith("smm: ")]
    assert line.startswith(f"smm: could not push branch smm-state to origin "
                           f"({brand.root.parent / 'remote.git'}): ")
    assert "read-only remote" in line and f"Commit {local[:7]} is kept" in line
    assert "git push origin smm-state" in line and "Traceback" not in err
    assert "kept locally, not pushed (the push failed)" in out
    # What was imported is still there to read, from the local branch.
    assert _import(brand) == 1  # still refused: nothing new, the kept commit waits
    assert "0 new value(s)" in capsys.readouterr().out
    _read_only(brand, False)
    assert _import(brand) == 0
    capsys.readouterr()
    assert _remote_tip(brand) == local
