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
    """Every brand the command covers (narrowed by --brand). Raises ConfigError (exit 2)
    on bad config."""
    from smm.project import load_projects

    return load_projects(root)


def project(root: Path | None, *, path: Path | None = None,
            channel: str | None = None) -> Project:
    """Exactly one brand (commands that write, such as `smm new`, or read one file):
    the only one covered; else the brand holding `path`; else the only brand with
    `channel`; else the person is asked (on a terminal) or told to pass --brand."""
    from smm.errors import UsageError

    found = projects(root)
    if len(found) == 1:
        return found[0]
    if path is not None:
        target = path.resolve()
        hits = [p for p in found if target.is_relative_to(p.root.resolve())]
        if hits:
            return max(hits, key=lambda p: len(p.root.parts))
        raise UsageError(f"{path}: not inside any brand's folder here ("
                         + ", ".join(f"{p.key}: {p.rel(p.root)}" for p in found) + ")")
    if channel is not None:
        hits = [p for p in found if channel in p.channels]
        if len(hits) == 1:
            return hits[0]
        found = hits or found
    return ask(found)


def ask(found: list[Project]) -> Project:
    """Which brand? Asked on a terminal; elsewhere (CI, scripts) a usage error saying
    how to pick one."""
    import sys

    from smm.errors import UsageError

    keys = [p.key for p in found]
    if sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty():
        for i, p in enumerate(found, 1):
            click.echo(f"  {i}. {p.key}  ({p.name})", err=True)
        choice = click.prompt("Which brand? (number or key)", err=True,
                              type=click.Choice([*keys, *map(str, range(1, len(keys) + 1))]),
                              show_choices=False)
        return found[keys.index(choice)] if choice in keys else found[int(choice) - 1]
    raise UsageError(f"several brands here ({', '.join(keys)}): pick one with "
                     f"--brand {keys[0]}")


def shows_brand(found: list[Project]) -> bool:
    """Whether text output gets a brand column: in a workspace, or above several brands."""
    return len(found) > 1 or any(p.workspace is not None for p in found)
