"""The `smm` command line: `main`, and the registry of commands it dispatches to.

Each command lives in smm/commands/<module>.py as a click command named `command`,
loaded on first use by the click group in smm._cli_click; the static registry below
holds the names and one-line help, so `smm --help` and `smm validate` import only
what they need (the pre-commit path stays fast).
Exit codes (contract): 0 success, 1 problems found or a publication failed,
2 bad usage or bad configuration.

pre-commit calls `smm validate FILE...` on every commit, and CI `smm validate` with
a few options: those plain forms run without click, which is a third of the imports
of that path; any other form, and `--help`, goes through click as usual.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("smm.commands.init", "Scaffold a new content repository."),
    "new": ("smm.commands.new", "Create a post file with valid front-matter."),
    "validate": ("smm.commands.validate", "Check posts: platform rules and brand voice."),
    "count": ("smm.commands.count", "A text's length the way a platform counts it."),
    "preview": ("smm.commands.preview", "Show each channel's rendered text, counts and thread."),
    "publish": ("smm.commands.publish", "Publish every due, unpublished post; record each result."),
    "status": ("smm.commands.status", "Scheduled, published, failed and unknown posts."),
    "metrics": ("smm.commands.metrics", "Pull or import metrics snapshots."),
    "kpi": ("smm.commands.kpi", "KPIs per goal against the strategy's targets."),
    "site": ("smm.commands.site", "Build or serve the stakeholder site."),
    "schema": ("smm.commands.schema", "Write JSON Schemas for front-matter and strategy.yaml."),
    "github": ("smm.commands.github", "Pull-request preview comment and job summary."),
    "list": ("smm.commands.list", "Posts with each channel's state, filtered."),
    "show": ("smm.commands.show", "One post: its state and results on each channel."),
    "move": ("smm.commands.move", "Reschedule a post (edits its publish_at in place)."),
    "cancel": ("smm.commands.cancel", "Keep a post from going out (makes it a draft)."),
    "queue": ("smm.commands.queue", "Coming posting slots per channel, filled and free."),
    "besttimes": ("smm.commands.besttimes", "Engagement by weekday and hour per channel."),
    "media": ("smm.commands.media", "Fit images to each platform (crop, convert, compress)."),
    "import": ("smm.commands.import_", "Posts from Buffer, Hootsuite or Postiz (CSV)."),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from smm import clock

    clock.set_now(None)  # each run starts on SMM_NOW or the clock: --now is per run
    fast = _validate_args(args)
    if fast is not None:
        from pathlib import Path

        from smm.commands._validate import run

        paths, opts = fast
        root = opts.get("--root")
        return _guarded(lambda: run(
            tuple(Path(a) for a in paths), str(opts.get("--format", "text")),
            _str(opts.get("--changed-since")), _str(opts.get("--now")),
            "--no-cache" in opts, Path(root) if isinstance(root, str) else None))
    from smm._cli_click import click_main

    return _guarded(lambda: click_main(args))


_VALUED = {"--root", "--format", "--changed-since", "--now"}


def _validate_args(args: list[str]) -> tuple[list[str], dict[str, str | bool]] | None:
    """`smm validate` in the plain forms pre-commit and CI use (files, and each option
    at most once as `--opt VALUE`), read without click: click is a third of the
    imports of that path. None for any other form (help, `--opt=value`, a bad value,
    an unknown option), which click reads, and explains when wrong."""
    if not args or args[0] != "validate":
        return None
    paths: list[str] = []
    opts: dict[str, str | bool] = {}
    rest = iter(args[1:])
    for a in rest:
        if a in opts:
            return None
        if a in _VALUED:
            value = next(rest, None)
            if value is None or value.startswith("-") or not value:
                return None
            opts[a] = value
        elif a == "--no-cache":
            opts[a] = True
        elif a.startswith("-") or not a:
            return None
        else:
            paths.append(a)
    root = opts.get("--root")
    if opts.get("--format", "text") not in ("text", "json", "github") or (
            isinstance(root, str) and os.path.exists(root) and not os.path.isdir(root)):
        return None
    return paths, opts


def _str(value: str | bool | None) -> str | None:
    return value if isinstance(value, str) else None


def entry() -> NoReturn:
    """The `smm` console script and `python -m smm`: main(), then leave without taking
    the interpreter apart. Python's own exit frees every module and object one by one
    (28 M instructions, 7% of a pre-commit run on 10,000 posts); the system takes the
    memory back at once. Exit handlers still run and output is flushed first."""
    code = main()
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`smm validate | head`)
            code = code or 1
    os._exit(code)


def _guarded(call: Callable[[], int]) -> int:
    """Exit codes for what a command raises; no traceback unless SMM_DEBUG is set."""
    from smm import output
    from smm.errors import SmmError

    try:
        return call()
    except SmmError as e:
        output.err(f"smm: {e}")
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:  # a bug of ours: say so plainly, no traceback unless asked
        if os.environ.get("SMM_DEBUG"):
            raise
        output.err(f"smm: internal error: {type(e).__name__}: {e}\n"
                   "This is a bug in smm; rerun with SMM_DEBUG=1 for details and report it.")
        return 2
