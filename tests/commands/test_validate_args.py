"""`smm validate`'s plain forms are read without click (smm.cli._validate_args): every
form must do exactly what click's reading of it does, and any other form goes to click."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from smm.cli import _guarded, _validate_args, main


def _both(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[Any, Any]:
    from smm._cli_click import click_main

    capsys.readouterr()
    fast = main(args), *capsys.readouterr()
    slow = _guarded(lambda: click_main(args)), *capsys.readouterr()
    return fast, slow


def test_fast_forms_do_what_click_does(brand: Any, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    brand.post("a", "---\npublish_at: 2027-01-05T09:00\nchannels: [x]\n---\n" + "a" * 300 + "\n")
    brand.post("b", "---\npublish_at: 2027-01-05T09:00\nchannels: [x]\n---\nShort b.\n")
    brand.post("c", "---\npublish_at: 2020-01-05T09:00\nchannels: [x, bluesky]\nbad: 1\n---\nC\n")
    brand.git("init", "-q", "-b", "main")
    brand.git("add", ".")
    brand.git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")
    brand.post("d", "---\nchannels: [x]\npublish_at: on-merge\n---\nNew d.\n")
    monkeypatch.chdir(brand.root)
    r, a = str(brand.root), "content/posts/a.md"
    forms = [
        ["validate"], ["validate", a], ["validate", a, "content/posts/b.md"],
        ["validate", "--root", r], ["validate", "--root", r, "--no-cache"],
        ["validate", "--format", "json"], ["validate", "--format", "github", a],
        ["validate", a, "--no-cache", "--format", "json", "--root", r],
        ["validate", "--now", "2019-06-01T00:00:00+00:00", "--format", "json"],
        ["validate", "--now", "not a time"], ["validate", "--changed-since", "HEAD"],
        ["validate", "--changed-since", "no-such-ref"], ["validate", "--root", r + "/nope"],
        ["validate", "content/posts/missing.md"],
    ]
    for args in forms:
        assert _validate_args(args) is not None, args
        fast, slow = _both(capsys, args)
        assert fast == slow, args


@pytest.mark.parametrize("args", [
    ["validate", "--help"], ["validate", "-h"], ["validate", "--format=json"],
    ["validate", "--format", "xml"], ["validate", "--root"], ["validate", "--format"],
    ["validate", "--no-cache", "--no-cache"], ["validate", "--root", "a", "--root", "b"],
    ["validate", "--verbose"], ["validate", "--", "x.md"], ["validate", ""],
    ["validate", "--root", "--no-cache"], ["count", "x"], [], ["--version"],
])
def test_other_forms_are_left_to_click(args: list[str]) -> None:
    assert _validate_args(args) is None


def test_a_root_that_is_a_file_is_left_to_click(tmp_path: Any) -> None:
    f = tmp_path / "strategy.yaml"
    f.write_text("x")
    assert _validate_args(["validate", "--root", str(f)]) is None
    assert _validate_args(["validate", "--root", str(tmp_path)]) is not None


def test_ci_form_imports_no_click(brand: Any) -> None:
    """CI's `smm validate --root DIR --format github` (and the README's run)."""
    brand.post("a", "---\nchannels: [x]\npublish_at: on-merge\n---\nHello.\n")
    code = ("import sys; from smm.cli import main; rc = main(sys.argv[1:]); "
            "print(rc, 'click' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code, "validate", "--root", str(brand.root),
                        "--no-cache", "--format", "github"], capture_output=True, text=True,
                       check=True)
    assert r.stdout.strip().splitlines()[-1] == "0 False", r.stdout + r.stderr
