"""The state store: git plumbing on a branch, never the user's checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from smm.project import load_project
from smm.state import State, StateError, load_records

STRATEGY = "brand: B\ntimezone: UTC\nchannels:\n  x: {platform: x}\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def make(tmp_path: Path, brand_dir: str = "", remote: bool = True,
         strategy: str = STRATEGY) -> Path:
    work = tmp_path / "work"
    brand = work / brand_dir if brand_dir else work
    brand.mkdir(parents=True)
    (brand / "strategy.yaml").write_text(strategy)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "init")
    if remote:
        git(tmp_path, "init", "-q", "--bare", "origin.git")
        git(work, "remote", "add", "origin", str(tmp_path / "origin.git"))
        git(work, "push", "-q", "origin", "main")
    return brand


def test_write_read_list_delete_and_checkout_untouched(tmp_path: Path) -> None:
    brand = make(tmp_path)
    (brand / "scratch.txt").write_text("uncommitted work")
    git(brand, "add", "scratch.txt")  # staged: the index must survive
    head = git(brand, "rev-parse", "HEAD")
    st = State.open(load_project(brand))
    assert st.read("ledger/a/x.yaml") is None and st.list("ledger/") == []
    assert st.commit({"ledger/a/x.yaml": "state: published\n", "metrics/x/2026-12.csv": "d\n"},
                     "first")
    assert st.read("ledger/a/x.yaml") == "state: published\n"
    again = State.open(load_project(brand))
    assert again.list("ledger/") == ["ledger/a/x.yaml"]
    assert again.list() == ["ledger/a/x.yaml", "metrics/x/2026-12.csv"]
    assert again.commit({"ledger/a/x.yaml": None}, "delete")
    assert State.open(load_project(brand)).list("ledger/") == []
    assert git(brand, "rev-parse", "HEAD") == head
    assert git(brand, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(brand, "status", "--porcelain") == "A  scratch.txt"
    assert git(tmp_path / "origin.git", "branch", "--list", "smm-state")


def test_a_lost_race_returns_false_and_rereads(tmp_path: Path) -> None:
    brand = make(tmp_path)
    a = State.open(load_project(brand))
    b = State.open(load_project(brand))
    assert a.commit({"ledger/p/x.yaml": "state: claimed\nrun: a\n"}, "a claims")
    assert b.commit({"ledger/p/x.yaml": "state: claimed\nrun: b\n"}, "b claims") is False
    assert b.read("ledger/p/x.yaml") == "state: claimed\nrun: a\n"  # re-read after losing


def test_brand_in_a_subfolder_is_prefixed(tmp_path: Path) -> None:
    brand = make(tmp_path, "brands/acme")
    st = State.open(load_project(brand))
    assert st.prefix == "brands/acme/"
    assert st.commit({"ledger/p/x.yaml": "state: missed\n"}, "m")
    names = git(tmp_path / "origin.git", "ls-tree", "-r", "--name-only", "smm-state")
    assert names == "brands/acme/ledger/p/x.yaml"
    assert State.open(load_project(brand)).list("ledger/") == ["ledger/p/x.yaml"]


def test_seed_folder_until_the_first_write_then_carried_over(tmp_path: Path) -> None:
    brand = make(tmp_path)
    seed = brand / "state" / "ledger" / "old"
    seed.mkdir(parents=True)
    (seed / "x.yaml").write_text("post_id: old\nchannel: x\nstate: published\n")
    st = State.open(load_project(brand))
    assert st.seeded and st.list("ledger/") == ["ledger/old/x.yaml"]
    assert [r.state for r in load_records(load_project(brand))] == ["published"]
    assert st.commit({"ledger/new/x.yaml": "state: claimed\n"}, "first write")
    again = State.open(load_project(brand))
    assert not again.seeded
    assert again.list("ledger/") == ["ledger/new/x.yaml", "ledger/old/x.yaml"]


def test_without_a_remote_the_local_branch_is_compare_and_swapped(tmp_path: Path) -> None:
    brand = make(tmp_path, remote=False)
    a = State.open(load_project(brand))
    b = State.open(load_project(brand))
    assert a.commit({"f": "1"}, "a")
    assert b.commit({"f": "2"}, "b") is False and b.read("f") == "1"
    assert git(brand, "rev-parse", "--abbrev-ref", "HEAD") == "main"


def test_configured_branch_and_outside_git(tmp_path: Path) -> None:
    brand = make(tmp_path, strategy=STRATEGY + "publishing: {state_branch: records}\n")
    st = State.open(load_project(brand))
    assert st.commit({"f": "x"}, "c") and st.branch == "records"
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "strategy.yaml").write_text(STRATEGY)
    st = State.open(load_project(lone))
    assert st.read("f") is None
    with pytest.raises(StateError, match="not in a git repository"):
        st.commit({"f": "x"}, "c")
    with pytest.raises(StateError):
        st.read("../escape")
