"""A brand in a real git repository with a bare remote, its nine channels pointed at
the fake platform APIs, and publish records on the state branch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from metrics_fakeapi import FakeApis
from metrics_helpers import RECORDS, SECRETS, STRATEGY, git, record_yaml

from smm.project import Project, load_project
from smm.state import State


@pytest.fixture
def apis() -> Iterator[FakeApis]:
    with FakeApis() as f:
        yield f


@pytest.fixture
def brand(tmp_path: Path, apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Work tree (with a bare `origin`) holding the brand; records pushed to smm-state."""
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "--quiet", "-b", "main")
    git(work, "remote", "add", "origin", str(remote))
    (work / "strategy.yaml").write_text(STRATEGY.format(u=apis.url), encoding="utf-8")
    git(work, "add", "strategy.yaml")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet",
        "-m", "brand")
    project = load_project(work)
    st = State.open(project)
    assert st.commit({f"ledger/{p}/{c}.yaml": record_yaml(p, c, i, u, a)
                      for p, c, i, u, a in RECORDS}, "records")
    return project
