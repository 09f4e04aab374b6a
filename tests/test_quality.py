"""The codebase stays ruff-clean and mypy-clean: CI fails otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff() -> None:
    r = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=REPO, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr


def test_commands_import_lazily() -> None:
    """`smm --help` and the pre-commit path must not pay for what they do not use."""
    code = ("import sys, smm.cli, smm.commands.validate; "
            "heavy = [m for m in ('httpx', 'git', 'mkdocs', 'jinja2', 'PIL', 'markdown_it', "
            "'pygal', 'icalendar') if m in sys.modules]; print(heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_precommit_call_imports_no_more_than_it_needs(brand) -> None:  # type: ignore[no-untyped-def]
    """pre-commit's `smm validate FILE` on a plain upcoming post: no click, no parser
    for Markdown it does not need, nothing for publishing, the site or git; and from
    the second run on (configuration parsed once, smm._docmemo), no PyYAML, and no regex
    when the post's verdict is in the cache."""
    post = brand.post("a", "---\npublish_at: 2099-01-01T09:00\nchannels: [x, bluesky]\n---\n"
                           "Our Winter Blend is back. https://example.com #Coffee\n")
    code = ("import sys; from smm.cli import main; rc = main(['validate', sys.argv[1]]); "
            "print(rc, sorted(m for m in ('click', 'httpx', 'git', 'mkdocs', 'jinja2', 'PIL', "
            "'markdown_it', 'ruamel', 'pygal', 'icalendar', 'subprocess', 'hashlib', 'json', "
            "'multiprocessing') if m in sys.modules))")
    # A developer's commit: no credentials in the environment (CI's own SMM_* paths, such
    # as the wheelhouse, would be scrubbed from output as if they were secrets).
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMM_") or k == "SMM_NOW"}
    r = subprocess.run([sys.executable, "-c", code, str(post)], capture_output=True, text=True,
                       check=True, cwd=brand.root, env=env)
    assert r.stdout.strip().splitlines()[-1] == "0 []", r.stdout + r.stderr
    # From the second run on, with the post unchanged (an hour old, so its time can be
    # trusted), its verdict comes from the cache: no regex module either.
    os.utime(post, (time.time() - 3600,) * 2)
    subprocess.run([sys.executable, "-c", code, str(post)], check=True, cwd=brand.root,
                   capture_output=True, env=env)
    code = code.replace("'multiprocessing'", "'multiprocessing', 'yaml', 'regex'")
    r = subprocess.run([sys.executable, "-c", code, str(post)], capture_output=True, text=True,
                       check=True, cwd=brand.root, env=env)
    assert r.stdout.strip().splitlines()[-1] == "0 []", r.stdout + r.stderr
