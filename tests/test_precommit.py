"""The hooks, run by the real pre-commit in temporary git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # smm and ruff from this venv
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("SMM_DEBUG", None)
    return env


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                   check=True, capture_output=True)


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "pre-commit"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_own_config_blocks_a_bad_post(brand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This repository's .pre-commit-config.yaml, in a fresh repository: a post over
    X's limit cannot be committed; fixed, it can."""
    root = brand.root
    shutil.copy(REPO / ".pre-commit-config.yaml", root / ".pre-commit-config.yaml")
    brand.post("ok", "---\nchannels: [x]\npublish_at: on-merge\n---\nHello from the roastery.\n")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    env = _env(tmp_path)
    r = _pre_commit(root, env, "run", "--all-files")
    assert r.returncode == 0, r.stdout + r.stderr
    bad = brand.post("long", "---\nchannels: [x]\n"
                     "publish_at: on-merge\n---\n" + "word " * 80 + "\n")
    _git(root, "add", str(bad))
    r = _pre_commit(root, env, "run", "--files", str(bad.relative_to(root)))
    assert r.returncode == 1
    assert "content/posts/long.md" in r.stdout and "length.x" in r.stdout
    bad.write_text("---\nchannels: [x]\npublish_at: on-merge\n---\nShort now.\n")
    r = _pre_commit(root, env, "run", "--files", str(bad.relative_to(root)))
    assert r.returncode == 0, r.stdout


def test_hook_offered_to_other_repositories(brand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`.pre-commit-hooks.yaml` through `pre-commit try-repo`, which builds smm into a
    fresh virtualenv the way a user's pre-commit does. Installing needs the packages:
    offline, from the wheelhouse that .ci/run prepares (SMM_WHEELHOUSE)."""
    wheels = os.environ.get("SMM_WHEELHOUSE")
    if not wheels or not Path(wheels).is_dir():
        pytest.skip("SMM_WHEELHOUSE (a folder of wheels for smm's dependencies) is not set; "
                    ".ci/run prepares it")
    root = brand.root
    brand.post("long", "---\nchannels: [bluesky]\npublish_at: on-merge\n---\n" + "é" * 301 + "\n")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    env = _env(tmp_path)
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=wheels)
    r = _pre_commit(root, env, "try-repo", str(REPO), "smm-validate", "--all-files")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "length.bluesky" in r.stdout
