"""`smm init` for a workspace: start one, add a brand, convert a single-brand repository,
and write what smm derives from the brands (the publish and metrics workflows with their
brand matrix and per-brand credentials, and .github/CODEOWNERS).

The brand files (strategy.yaml, brand/, content/) come from the single-brand templates
(smm/templates/init), written into brands/<key>/; the files of the repository's top
(the pre-commit config, requirements, the validate and site workflows) are the
single-brand ones too, since both already cover every brand when run at the top; the
workspace's own (smm.yaml, shared/, its README and site config, the publish and metrics
workflows) come from smm/templates/workspace.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from smm import output
from smm import workspace as ws_mod
from smm.errors import UsageError
from smm.project import REVIEWER

if TYPE_CHECKING:
    from smm.project import Project

WS_TEMPLATES = "templates/workspace"
BRANDS_DIR = "brands"
# Files of the single-brand templates that belong to a brand (the rest sit at the top).
BRAND_PARTS = ("strategy.yaml", "brand/", "content/")
# Single-brand templates a workspace does not take at its top: it writes its own.
WS_OWN = ("README.md", "site/mkdocs.yml", ".github/workflows/publish.yml",
          ".github/workflows/metrics.yml")
DERIVED = (".github/workflows/publish.yml", ".github/workflows/metrics.yml",
           ".github/CODEOWNERS")
# A brand folder holds these once converted; the state seed moves with its brand.
MOVED = ("strategy.yaml", "brand", "content", "state", "schemas")
_REVIEWER = re.compile(REVIEWER)


def is_brand_file(rel: str) -> bool:
    return rel == "strategy.yaml" or rel.startswith(BRAND_PARTS[1:])


def workspace_templates() -> dict[str, Traversable]:
    from smm.commands.init import walk_templates

    return walk_templates(WS_TEMPLATES)


def check_key(key: str, opt: str = "--add-brand") -> str:
    if not ws_mod.KEY.fullmatch(key):
        raise UsageError(f"{opt} {key!r}: a brand key is lower-case letters, digits and `-` "
                         "(e.g. fernwood): it names the brand in --brand, in its "
                         "credentials SMM_<KEY>_... and in the publish matrix")
    return key


def check_reviewers(text: str | None) -> list[str]:
    if not text:
        return []
    out = [r.strip() for r in text.split(",") if r.strip()]
    for r in out:
        if not _REVIEWER.fullmatch(r):
            raise UsageError(f"--reviewers {r!r}: give GitHub users or teams as @login or "
                             "@org/team (or an email address), separated by commas")
    return out


# --- brand files ----------------------------------------------------------------------


def brand_text(rel: str, text: str, key: str, reviewers: list[str], team_style: bool) -> str:
    """A single-brand template adapted to a workspace's brand: its credentials are
    SMM_<KEY>_..., its record branch smm-state-<key>, its reviewers listed, and the
    shared Team style in its voice."""
    env = ws_mod.env_key(key)
    if rel == "strategy.yaml":
        text = text.replace("SMM_<CHANNEL>_<FIELD>", f"SMM_{env}_<CHANNEL>_<FIELD>")
        text = re.sub(r"\bSMM_([A-Z]+)_TOKEN\b", lambda m: f"SMM_{env}_{m.group(1)}_TOKEN",
                      text)
        text = re.sub(r"(state_branch:\s*)smm-state\b(?!-)", rf"\g<1>smm-state-{key}", text)
        text = _with_reviewers(text, reviewers)
    elif rel == "brand/brand.yaml" and team_style:
        text = re.sub(r"(\n\s*styles:\s*\[)", r"\1Team, ", text, count=1)
    return text


def _with_reviewers(text: str, reviewers: list[str]) -> str:
    shown = ", ".join(json.dumps(r) for r in reviewers)
    block = ("\n# Who approves changes to this brand's folder: .github/CODEOWNERS is written "
             "from\n# this list by `smm init` (GitHub users or teams, e.g. \"@acme/social\").\n"
             f"reviewers: [{shown}]\n")
    return text.rstrip("\n") + "\n" + block


def write_brand(top: Path, key: str, values: dict[str, str], reviewers: list[str],
                force: bool) -> Path:
    """brands/<key>/ from the single-brand templates. Returns the folder."""
    from smm.commands.init import render, template_files

    folder = top / BRANDS_DIR / key
    files = {rel: src for rel, src in template_files().items() if is_brand_file(rel)}
    clash = sorted(rel for rel in files if (folder / rel).exists())
    if clash and not force:
        raise UsageError(f"{folder} already holds {', '.join(clash[:5])}: nothing written; "
                         "pass --force to overwrite them")
    team = (top / "shared" / "styles" / "Team").is_dir()
    for rel, src in files.items():
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = render(src.read_text(encoding="utf-8"), values)
        dest.write_text(brand_text(rel, text, key, reviewers, team), encoding="utf-8")
    return folder


# --- the top of the workspace ---------------------------------------------------------


def write_top(top: Path, keys: list[str], team: str, values: dict[str, str],
              force: bool) -> int:
    """A new workspace's own files and the single-brand top files. Returns the count."""
    from smm.commands.init import github_values, render, template_files

    plan: dict[str, str] = {}
    for rel, src in template_files().items():
        if not is_brand_file(rel) and rel not in WS_OWN:
            text = src.read_text(encoding="utf-8")
            plan[rel] = render(text, github_values() if rel.startswith(".github/") else values)
    top_values = {**values, "TEAM": team,
                  "SITE_NAME_YAML": json.dumps(f"{team} · social", ensure_ascii=False),
                  "BRANDS": "\n".join(f"  {k}: {BRANDS_DIR}/{k}" for k in keys)}
    for rel, src in workspace_templates().items():
        if rel in DERIVED:
            continue
        plan[rel] = render(src.read_text(encoding="utf-8"), top_values)
    clash = sorted(rel for rel in plan if (top / rel).exists())
    if clash and not force:
        raise UsageError(f"{top} already holds {', '.join(clash[:5])}: nothing written; "
                         "pass --force to overwrite them")
    for rel, text in plan.items():
        dest = top / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    return len(plan)


def add_to_yaml(top: Path, key: str, folder: str) -> None:
    """Add `key: folder` as the last entry of smm.yaml's `brands:` block, leaving every
    other line (and comment) where it is; a flow-style mapping is rewritten by ruamel."""
    path = top / ws_mod.FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head = next((i for i, ln in enumerate(lines) if re.match(r"brands:\s*(#.*)?$", ln)), None)
    if head is not None:
        last = head
        for i in range(head + 1, len(lines)):
            ln = lines[i]
            if not ln.strip() or ln.lstrip().startswith("#"):
                continue
            if not ln[0].isspace():
                break
            last = i
        indent = lines[last][:len(lines[last]) - len(lines[last].lstrip())] \
            if last > head else "  "
        if not lines[last].endswith("\n"):
            lines[last] += "\n"
        lines.insert(last + 1, f"{indent}{key}: {folder}\n")
        path.write_text("".join(lines), encoding="utf-8")
        return
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.width = 100
    data = y.load("".join(lines))
    data["brands"][key] = folder
    with open(path, "w", encoding="utf-8") as f:
        y.dump(data, f)


def keep_state_branch(strategy: Path) -> bool:
    """A converted brand keeps its record where it is (branch smm-state, no folder
    prefix): say so in its strategy.yaml, since a workspace's default is per brand.
    False when the file names a branch already."""
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.width = 100
    data = y.load(strategy.read_text(encoding="utf-8"))
    pub = data.get("publishing")
    if isinstance(pub, dict) and pub.get("state_branch"):
        return False
    if isinstance(pub, dict):
        pub["state_branch"] = "smm-state"
    else:
        data["publishing"] = {"state_branch": "smm-state"}
    with open(strategy, "w", encoding="utf-8") as f:
        y.dump(data, f)
    return True


def move_brand(top: Path, key: str) -> Path:
    """Move the single brand at `top` into brands/<key>/ (its strategy, brand, content,
    state seed and schemas), keeping its publish record on branch smm-state."""
    folder = top / BRANDS_DIR / key
    if folder.exists():
        raise UsageError(f"--convert {key}: {folder} exists already: pick another key")
    folder.mkdir(parents=True)
    for name in MOVED:
        src = top / name
        if src.exists():
            shutil.move(str(src), str(folder / name))
    keep_state_branch(folder / "strategy.yaml")
    return folder


# --- derived files --------------------------------------------------------------------


def secret_fields(platform: str) -> list[str]:
    """The credentials a platform's channel reads (publishing, then metrics)."""
    import importlib

    try:
        module = importlib.import_module(f"smm.publish.clients.{platform}")
    except ImportError:
        return []
    fields = list(module.Client.secrets)
    if platform == "youtube":
        fields.append("api_key")  # metrics can read public numbers with an API key alone
    return fields


def env_block(projects: list[Project], indent: int = 10) -> str:
    """Each brand's credentials, given to its own matrix job only: anywhere else the
    expression is empty, so no job ever holds another brand's secrets."""
    pad = " " * indent
    lines: list[str] = []
    for p in projects:
        seen: set[str] = set()
        for ch in p.channels.values():
            for fld in secret_fields(ch.platform):
                name = ch.env_names(fld)[0]
                if name in seen:
                    continue
                seen.add(name)
                lines.append(f"{pad}{name}: ${{{{ matrix.brand == '{p.key}' && "
                             f"secrets.{name} || '' }}}}")
    return "\n".join(lines) or f"{pad}# (no channels with credentials yet)"


def workflows(projects: list[Project]) -> dict[str, str]:
    """The publish and metrics workflows of a workspace, for exactly these brands."""
    from smm.commands.init import github_values, render

    values = {**github_values(), "MATRIX": json.dumps([p.key for p in projects]),
              "ENV": env_block(projects)}
    return {rel: render(src.read_text(encoding="utf-8"), values)
            for rel, src in workspace_templates().items()
            if rel.startswith(".github/workflows/")}


def codeowners(projects: list[Project], top: Path) -> str:
    """CODEOWNERS from each brand's `reviewers`: a change to a brand's folder needs one
    of its reviewers; smm.yaml and shared/ (which every brand reads) any brand's."""
    lines = ["# Written by `smm init` from each brand's `reviewers:` in its strategy.yaml;",
             "# `smm init --refresh` writes it again. With branch protection's \"Require",
             "# review from Code Owners\", a change to a brand's folder needs one of its",
             "# reviewers' approval.", ""]
    everyone: list[str] = []
    for p in projects:
        rel = p.root.resolve().relative_to(top.resolve()).as_posix()
        revs = [str(r) for r in p.strategy.get("reviewers") or []]
        everyone += [r for r in revs if r not in everyone]
        if revs:
            lines.append(f"/{rel}/ {' '.join(revs)}")
        else:
            lines.append(f"# /{rel}/ has no reviewers yet: add `reviewers:` to its "
                         "strategy.yaml")
    if everyone:
        lines += ["", "# Read by every brand: any brand's reviewer may approve.",
                  f"/{ws_mod.FILE} {' '.join(everyone)}", f"/shared/ {' '.join(everyone)}"]
    return "\n".join(lines) + "\n"


def write_derived(top: Path) -> list[str]:
    """Write the derived files from the workspace's brands. Returns what changed."""
    from smm.project import load_projects

    projects = load_projects(top)
    files = workflows(projects)
    files[".github/CODEOWNERS"] = codeowners(projects, top)
    changed = []
    for rel, text in files.items():
        dest = top / rel
        if dest.is_file() and dest.read_text(encoding="utf-8") == text:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        changed.append(rel)
    return changed


def say_next(top: Path, keys: list[str], converted: str | None) -> None:
    output.out(f"Workspace {top}: brands " + ", ".join(keys) + ". Next:")
    output.out(f"  cd {top}")
    output.out("  smm validate            # every brand; --brand KEY for one")
    output.out("  pre-commit install      # validate before each commit")
    env = ", ".join(f"SMM_{ws_mod.env_key(k)}_<CHANNEL>_<FIELD>" for k in keys[:2])
    output.out(f"Each brand's credentials are repository secrets named {env}, ...; add "
               "`reviewers:` to each strategy.yaml, then `smm init --refresh`.")
    if converted:
        output.out(f"The brand moved to {BRANDS_DIR}/{converted}/ and keeps its publish "
                   "record (branch smm-state). Rename its secrets SMM_<CHANNEL>_<FIELD> to "
                   f"SMM_{ws_mod.env_key(converted)}_<CHANNEL>_<FIELD>: a workspace reads "
                   "no unprefixed credentials.")


# --- the command ----------------------------------------------------------------------


def run(directory: Path, *, brand_name: str | None, add: tuple[str, ...], convert: str | None,
        reviewers: str | None, refresh: bool, timezone: str, lang: str, force: bool,
        git: bool) -> int:
    """`smm init` with --add-brand, --convert or --refresh (smm.commands.init)."""
    import subprocess

    from smm.commands.init import values_for
    from smm.project import STRATEGY

    top = directory.resolve()
    keys = [check_key(k) for k in dict.fromkeys(add)]
    revs = check_reviewers(reviewers)
    if convert is not None:
        check_key(convert, "--convert")
        if convert in keys:
            raise UsageError(f"--convert {convert}: --add-brand names it too: the converted "
                             "brand keeps its files, pick another key for the new one")
    if brand_name is not None and len(keys) != 1:
        raise UsageError("--brand names one brand: give it with a single --add-brand KEY")
    if revs and not keys:
        raise UsageError("--reviewers goes with --add-brand KEY: the reviewers of that brand")
    is_ws = (top / ws_mod.FILE).is_file()
    is_single = (top / STRATEGY).is_file() and not is_ws
    if not keys and not convert:  # --refresh alone
        if not is_ws:
            raise UsageError(f"--refresh: no {ws_mod.FILE} in {top}: it rewrites a "
                             "workspace's derived files; start one with --add-brand KEY")
        changed = write_derived(top)
        output.out("Rewrote " + ", ".join(changed) if changed else "Up to date: nothing "
                   "to rewrite.")
        return 0
    if convert is not None and not is_single:
        raise UsageError(f"--convert {convert}: {top} holds no single brand (no "
                         f"{STRATEGY} at its top) to move")
    if is_single and convert is None:
        raise UsageError(f"{top} holds a single brand ({STRATEGY} at its top): pass "
                         "--convert KEY to move it into brands/KEY and make the "
                         "repository a workspace, then add brands beside it")
    existing: list[str] = []
    if is_ws:
        existing = list(ws_mod.load(top).brands)
        taken = [k for k in keys if k in existing]
        if taken:
            raise UsageError(f"--add-brand {taken[0]}: the workspace has that brand already")
    elif not is_single:
        above = ws_mod.find(top.parent) if top.parent != top else None
        if above is not None:
            raise UsageError(f"{top} is inside the workspace {above}: add brands there, "
                             f"`smm init {above} --add-brand KEY`")
    for k in keys:
        if (top / BRANDS_DIR / k).exists() and not force:
            raise UsageError(f"--add-brand {k}: {top / BRANDS_DIR / k} exists already: "
                             "nothing written; pass --force to overwrite its files")
    new_ws = not is_ws and not is_single
    team = brand_name if new_ws and brand_name and len(keys) > 1 else top.name
    if new_ws:
        write_top(top, keys, team.replace("-", " ").replace("_", " ").title(),
                  values_for(team, timezone, lang), force)
    converted = None
    if is_single and convert is not None:
        convert_files(top, convert, values_for(top.name, timezone, lang), force)
        converted = convert
    for k in keys:
        name = (brand_name or k.replace("-", " ").title()).strip()
        if not name or any(c in name for c in "\r\n"):
            raise UsageError("--brand: give the brand's name on one line")
        write_brand(top, k, values_for(name, timezone, lang), revs, force)
        if not new_ws:
            add_to_yaml(top, k, f"{BRANDS_DIR}/{k}")
    changed = write_derived(top)
    if git and new_ws and not any((d / ".git").exists() for d in (top, *top.parents)):
        subprocess.run(["git", "init", "-q", "-b", "main", str(top)], check=False)
    if new_ws or converted:
        say_next(top, [*existing, *([converted] if converted else []), *keys], converted)
    else:
        output.out(f"Added {', '.join(f'{BRANDS_DIR}/{k}/' for k in keys)}; rewrote "
                   + (", ".join(changed) or "nothing else") + ".")
        output.out("Set its credentials as repository secrets named "
                   + ", ".join(f"SMM_{ws_mod.env_key(k)}_<CHANNEL>_<FIELD>" for k in keys)
                   + ".")
    return 0


def convert_files(top: Path, key: str, values: dict[str, str], force: bool) -> None:
    """A single-brand repository becomes a workspace of one brand, `key`: its brand
    moves into brands/<key>/, smm.yaml and the workspace's own files are written at the
    top (the pre-commit config and other top files are left as they are)."""
    from smm.commands.init import render

    folder = move_brand(top, key)
    plan: dict[str, str] = {}
    for rel, src in workspace_templates().items():
        if rel in DERIVED or rel in ("site/mkdocs.yml",):
            continue  # the brand's own site config serves the workspace's site as is
        if rel == "README.md" and (top / rel).exists():
            continue
        plan[rel] = render(src.read_text(encoding="utf-8"), {
            **values, "TEAM": top.name, "BRANDS": f"  {key}: {BRANDS_DIR}/{key}"})
    for rel, text in plan.items():
        dest = top / rel
        if dest.exists() and not force and rel != ws_mod.FILE:
            continue  # a shared style the repository has already: kept
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    if not (folder / "strategy.yaml").is_file():
        raise UsageError(f"{folder}: the move left no strategy.yaml: check the folder")
