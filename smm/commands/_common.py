"""Options and helpers every command shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from smm.project import Project

F = TypeVar("F", bound=Callable[..., Any])


def root_option(f: F) -> F:
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Brand folder holding strategy.yaml (default: nearest upward; above "
             "several brands: all of them).",
    )(f)


def format_option(*choices: str) -> Callable[[F], F]:
    def deco(f: F) -> F:
        return click.option("--format", "fmt", type=click.Choice(list(choices)),
                            default=choices[0], show_default=True,
                            help="Output format.")(f)
    return deco


def no_push_option(f: F) -> F:
    return click.option(
        "--no-push", is_flag=True,
        help="Commit to the state branch but do not push it; the next run without "
             "--no-push (or `git push origin smm-state`) sends the kept commits.")(f)


def projects(root: Path | None) -> list[Project]:
    """Every brand the command covers. Raises ConfigError (exit 2) on bad config."""
    from smm.project import load_projects

    return load_projects(root)


def project(root: Path | None) -> Project:
    """Exactly one brand (commands that write, such as `smm new`)."""
    from smm.errors import UsageError

    found = projects(root)
    if len(found) > 1:
        names = ", ".join(str(p.root) for p in found)
        raise UsageError(f"several brands here ({names}): pick one with --root")
    return found[0]
