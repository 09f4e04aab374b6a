"""smm init DIR: scaffold a content repository that validates and publishes as it is.

The files come from smm/templates/init/ (package data). Names there avoid a leading
dot, which package-data globs skip: a path part `dot-github` is written as `.github`,
and RENAMES covers the rest. A few placeholders (__BRAND__, ...) are filled in; the
workflows are this repository's, byte for byte, except for where the smm GitHub Action
comes from (see ACTION).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import click

from smm import clock

TEMPLATES = "templates/init"
RENAMES = {"gitignore.txt": ".gitignore"}
# This repository's workflows use its action from the checkout (`uses: ./`); a content
# repository's use it from its release tag, smm.action_ref(), which a template writes
# as this placeholder. Everything else in the workflows is the same.
ACTION = "__SMM_ACTION__"
_ACTION_USE = re.compile(r"(?<=uses: )(\./|__SMM_ACTION__)(?= |$)", re.M)
_PIP_LINE = re.compile(r"(python3? -m )?pip install [^\n#]*?(?=\s*(#|$))", re.M)


def normalise_install(workflow: str) -> str:
    """A workflow with where smm comes from (the action's ref, a pip install) replaced
    by fixed tokens, so that this repository's workflows and the templates compare
    equal when only that differs."""
    return _PIP_LINE.sub("<install smm>", _ACTION_USE.sub("<smm action>", workflow))


def template_files() -> dict[str, Traversable]:
    """Destination path (relative, POSIX) -> template file."""
    return walk_templates(TEMPLATES)


def walk_templates(folder: str) -> dict[str, Traversable]:
    """Destination path (relative, POSIX) -> template file, for a folder of smm's."""
    root = resources.files("smm").joinpath(folder)
    out: dict[str, Traversable] = {}

    def walk(d: Traversable, prefix: str) -> None:
        for item in sorted(d.iterdir(), key=lambda t: t.name):
            if item.name == "__pycache__":
                continue
            name = RENAMES.get(item.name, item.name)
            if name.startswith("dot-"):
                name = "." + name[4:]
            if item.is_dir():
                walk(item, f"{prefix}{name}/")
            else:
                out[prefix + name] = item

    walk(root, "")
    return out


def _first_slot(tz: str) -> str:
    """Two weeks ahead, a weekday at 09:00: far enough to never be due by surprise."""
    from zoneinfo import ZoneInfo

    day = clock.now(ZoneInfo(tz)).date() + dt.timedelta(days=14)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return f"{day.isoformat()}T09:00"


def render(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"__{key}__", value)
    return text


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--brand", "brand_name", help="The brand's name (default: from DIRECTORY, or "
              "from the key given to --add-brand).")
@click.option("--add-brand", "add", multiple=True, metavar="KEY",
              help="Add a brand under brands/KEY to the workspace in DIRECTORY (default: "
                   "here); in a new folder, start a workspace with these brands. "
                   "Repeatable.")
@click.option("--convert", metavar="KEY",
              help="With --add-brand in a single-brand repository: move its brand into "
                   "brands/KEY (its publish record stays) and make it a workspace.")
@click.option("--reviewers", metavar="@USER,...",
              help="The added brand's reviewers (strategy.yaml `reviewers:`), who approve "
                   "changes to its folder (.github/CODEOWNERS).")
@click.option("--refresh", is_flag=True,
              help="Rewrite what a workspace derives from its brands: the publish and "
                   "metrics workflows (brand matrix, credentials) and .github/CODEOWNERS.")
@click.option("--timezone", default="UTC", show_default=True,
              help="The team's IANA timezone, e.g. Europe/Paris.")
@click.option("--lang", default="en", show_default=True, help="The posts' language.")
@click.option("--force", is_flag=True, help="Overwrite files that exist already.")
@click.option("--git/--no-git", default=True, show_default=True,
              help="Run `git init` when DIRECTORY is not inside a repository.")
def command(directory: Path | None, brand_name: str | None, add: tuple[str, ...],
            convert: str | None, reviewers: str | None, refresh: bool, timezone: str,
            lang: str, force: bool, git: bool) -> int:
    """Scaffold a content repository in DIRECTORY: strategy, brand and a starter voice
    style, an example post, the GitHub workflows and the pre-commit config.

    Several brands, one repository: `--add-brand KEY` (repeatable) starts a workspace
    (smm.yaml listing brands/KEY/, each a complete brand) or adds brands to one;
    `--convert KEY` makes a single-brand repository a workspace first."""
    import subprocess
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from smm import output
    from smm.errors import UsageError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--timezone {timezone!r}: use an IANA name such as Europe/Paris"
                         ) from None
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
        raise UsageError(f"--lang {lang!r}: use a language code such as en, fr or pt-BR")
    if add or refresh or convert:
        from smm.commands.init_workspace import run

        return run(directory or Path("."), brand_name=brand_name, add=add, convert=convert,
                   reviewers=reviewers, refresh=refresh, timezone=timezone, lang=lang,
                   force=force, git=git)
    if directory is None:
        raise UsageError("say where: `smm init DIR` (or `smm init --add-brand KEY` in a "
                         "workspace)")
    if reviewers:
        raise UsageError("--reviewers goes with --add-brand (a workspace's brand); a "
                         "single brand lists them in strategy.yaml `reviewers:`")
    directory = directory.resolve()
    _not_below_a_repository(directory)
    name = (brand_name or directory.name.replace("-", " ").replace("_", " ").title()).strip()
    if not name or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in name):
        raise UsageError("--brand: give the brand's name on one line, without control "
                         "characters")
    files = template_files()
    existing = sorted(rel for rel in files if (directory / rel).exists())
    if existing and not force:
        shown = ", ".join(existing[:5]) + (", ..." if len(existing) > 5 else "")
        raise UsageError(f"{directory} already holds {shown}: nothing written; pass "
                         "--force to overwrite them")
    values = values_for(name, timezone, lang)
    github = github_values()
    for rel, src in files.items():
        dest = directory / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8")
        # .github/: only where smm's action comes from (the rest is GitHub's syntax).
        dest.write_text(render(text, github if rel.startswith(".github/") else values),
                        encoding="utf-8")
    if git and not any((d / ".git").exists() for d in (directory, *directory.parents)):
        # `main`, the branch the publish and site workflows run from.
        subprocess.run(["git", "init", "-q", "-b", "main", str(directory)], check=False)
    output.out(f"Created {len(files)} files in {directory}. Next:")
    output.out(f"  cd {directory}")
    output.out("  smm validate            # the example post passes")
    output.out("  pre-commit install      # validate before each commit")
    output.out("Then edit strategy.yaml (channels, goals, cadence) and brand/brand.yaml, and "
               "set each channel's SMM_<CHANNEL>_<FIELD> secrets in the repository settings.")
    return 0


def values_for(name: str, timezone: str, lang: str) -> dict[str, str]:
    """The placeholders of the templates, for one brand."""
    from smm import DIST, __version__, action_ref, git_pin

    return {"BRAND_YAML": _yaml_safe(name), "TITLE_YAML": _yaml_safe(f"Hello from {name}"),
            "SITE_NAME_YAML": _yaml_safe(f"{name} · social"),
            "BRAND_REGEX": re.escape(name),  # vocabulary lines are regular expressions
            "BRAND": name, "TIMEZONE": timezone, "LANG": lang,
            "PUBLISH_AT": _first_slot(timezone), "SMM_VERSION": __version__,
            "SMM_PIN": git_pin(), "SMM_DIST": DIST, "SMM_ACTION": action_ref()}


def github_values() -> dict[str, str]:
    """The placeholders of the workflows: only where smm's action comes from (the rest
    is GitHub's own syntax)."""
    from smm import REPOSITORY, action_ref

    return {"SMM_ACTION": action_ref(), "SMM_REPOSITORY": REPOSITORY}


def _yaml_safe(name: str) -> str:
    """The brand name as it is placed in `brand: __BRAND__`: quoted when YAML would read
    it as something other than that text."""
    import json

    if re.fullmatch(r"[A-Za-z][\w .'&-]*", name) and not name.endswith(" "):
        return name
    return json.dumps(name, ensure_ascii=False)


def _not_below_a_repository(directory: Path) -> None:
    """A single brand's scaffold belongs at a repository's top: GitHub reads workflows
    and pre-commit its config only there. Inside a workspace or another repository,
    say how to add a brand instead."""
    from smm import workspace
    from smm.errors import UsageError

    top = workspace.find(directory)
    if top is not None:
        raise UsageError(f"{directory} is inside the workspace {top} (smm.yaml): add a "
                         f"brand with `smm init {top} --add-brand KEY`")
    for d in directory.parents:
        if (d / ".git").exists():
            raise UsageError(
                f"{directory} is inside the git repository {d}: GitHub reads workflows and "
                "pre-commit its config only at a repository's top. Keep several brands "
                f"side by side with `smm init {d} --add-brand KEY` (it can --convert a "
                "brand already at the top), or init a folder of its own")

