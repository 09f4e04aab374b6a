"""The `smm` command line: `main`, and the registry of commands it dispatches to.

Each command lives in smm/commands/<module>.py as a click command named `command`,
loaded on first use by the click group in smm._cli_click; the static registry below
holds the names and one-line help, so `smm --help` and `smm validate` import only
what they need (the pre-commit path stays fast).
Exit codes (contract): 0 success, 1 problems found or a publication failed,
2 bad usage or bad configuration.

pre-commit calls `smm validate FILE...` on every commit: that exact form (files, no
options) runs without click, which is a third of the imports of that path; any
other form, and `--help`, goes through click as usual.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

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
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 and args[0] == "validate" and not any(a.startswith("-") for a in args):
        from pathlib import Path

        from smm.commands._validate import run

        return _guarded(lambda: run(tuple(Path(a) for a in args[1:])))
    from smm._cli_click import click_main

    return _guarded(lambda: click_main(args))


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
