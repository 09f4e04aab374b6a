"""A workspace: several brands in one repository, listed in `smm.yaml` at its root.

The single-brand layout (strategy.yaml, brand/ and content/ at the top) stays the
default. A workspace names each brand and its folder, each folder a complete brand
(its own strategy.yaml, brand/ and content/):

    brands:
      fernwood: brands/fernwood
      lune: brands/lune
    shared: shared        # optional (this is the default): styles/ and vocab/ for all

A brand's key (`fernwood`) is how commands name it (`--brand fernwood`), what JSON
output carries as `brand`, the `<BRAND>` of its credentials
(`SMM_FERNWOOD_MASTODON_TOKEN`) and the suffix of its state branch
(`smm-state-fernwood`): each brand keeps its own publish record, so one brand's run
never waits on, or races with, another's.

Which brands a command covers: `--brand NAME` (repeatable) narrows to those, else all
the brands of where it runs (see smm.project.find_roots). The choice is per run, like
smm.clock's "now": `select()` sets it, `main()` clears it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from smm.errors import ConfigError, UsageError

FILE = "smm.yaml"
KEYS = ("brands", "shared")
DEFAULT_SHARED = "shared"
# A brand key: a GitHub Actions matrix value, a folder name and, upper-cased with `-`
# as `_`, part of an environment variable's name.
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# Folders of the team's site next to the brands' sections: no brand may take their name.
RESERVED = frozenset({"calendar", "assets", "search"})

_selected: tuple[str, ...] = ()


def select(names: tuple[str, ...] | list[str]) -> None:
    """The brands this run is narrowed to (`--brand`, repeatable or comma-separated);
    empty: every brand. Names are checked when the brands are loaded."""
    global _selected
    out: list[str] = []
    for n in names:
        out += [p.strip() for p in str(n).split(",") if p.strip()]
    _selected = tuple(dict.fromkeys(out))


def selected() -> tuple[str, ...]:
    return _selected


def env_key(key: str) -> str:
    """A brand key as it appears in environment variable names: FERNWOOD, LUNE_THE."""
    return key.upper().replace("-", "_")


def slug(name: str) -> str:
    """A brand key made from a name: lower case, runs of anything else as one `-`."""
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:40].strip("-") or "brand"


class Workspace:
    """smm.yaml, read: the brands (key -> folder, in the file's order) and the shared
    folder of voice styles and vocabularies."""

    __slots__ = ("root", "brands", "shared", "lines")

    def __init__(self, root: Path, brands: dict[str, Path], shared: Path,
                 lines: dict[str, int] | None = None) -> None:
        self.root = root
        self.brands = brands
        self.shared = shared
        self.lines = lines or {}  # brand key -> its line in smm.yaml

    def __repr__(self) -> str:
        return f"Workspace(root={self.root!r}, brands={list(self.brands)!r})"

    @property
    def path(self) -> Path:
        return self.root / FILE

    def key_of(self, folder: Path) -> str | None:
        """The key of the brand whose folder this is, or None."""
        folder = folder.resolve()
        for key, path in self.brands.items():
            if path == folder:
                return key
        return None

    def brand_of(self, path: Path) -> str | None:
        """The key of the brand holding `path` (a post, a media file), or None."""
        path = path.resolve()
        for key, folder in self.brands.items():
            if path.is_relative_to(folder):
                return key
        return None


def load(root: Path) -> Workspace:
    """Read `root/smm.yaml`. Raises ConfigError naming file, line and fix."""
    from smm import yamlio

    root = root.resolve()
    path = root / FILE
    rel = FILE
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{rel}: not UTF-8 text (byte {e.start}): save the file as UTF-8"
                          ) from None
    except OSError as e:
        raise ConfigError(f"{rel}: cannot read it: {e.strerror or e}") from None
    try:
        doc = yamlio.load(text, memo=root)  # kept parsed in .smm-cache/: no PyYAML import
    except yamlio.YamlError as e:
        raise ConfigError(f"{rel}:{e.line}:{e.column}: {e.message}") from None
    data = doc.data

    def at(*keys: str | int) -> str:
        line, col = doc.pos(*keys)
        return f"{rel}:{line}:{col}"

    example = "brands: {fernwood: brands/fernwood, lune: brands/lune}"
    if not isinstance(data, dict):
        raise ConfigError(f"{rel}:1:1: must be a mapping such as `{example}`")
    problems: list[str] = []
    for k in data:
        if k not in KEYS:
            from smm.project import suggest

            line, col = doc.key_pos(str(k))
            problems.append(f"{rel}:{line}:{col}: unknown key {k!r}: "
                            + suggest(str(k), list(KEYS)))
    raw = data.get("brands")
    brands: dict[str, Path] = {}
    lines: dict[str, int] = {}
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{at('brands') if 'brands' in data else rel + ':1:1'}: `brands:` "
                        f"must map each brand's key to its folder, e.g. `{example}`")
        raw = {}
    for key, folder in raw.items():
        where = at("brands", key)
        if not isinstance(key, str) or not KEY.fullmatch(key):
            problems.append(f"{where}: brand key {key!r}: use lower-case letters, digits "
                            "and `-` (it names the brand in --brand, in credentials such as "
                            "SMM_<BRAND>_MASTODON_TOKEN and in the publish matrix)")
            continue
        if key in RESERVED:
            problems.append(f"{where}: brand key {key!r} names a page of the team's site "
                            f"({', '.join(sorted(RESERVED))}): pick another key")
            continue
        if not isinstance(folder, str) or not folder.strip():
            problems.append(f"{where}: brand {key!r}: give its folder, e.g. "
                            f"`{key}: brands/{key}`")
            continue
        target = _inside(root, folder)
        if target is None:
            problems.append(f"{where}: brand {key!r}: {folder!r} must be a folder inside "
                            "the repository, relative to smm.yaml, e.g. brands/" + key)
            continue
        if not (target / "strategy.yaml").is_file():
            problems.append(f"{where}: brand {key!r}: no strategy.yaml in {folder}: run "
                            f"`smm init --add-brand {key}` or fix the folder")
            continue
        for other, p in brands.items():
            if p == target or p.is_relative_to(target) or target.is_relative_to(p):
                problems.append(f"{where}: brand {key!r}: its folder {folder} overlaps "
                                f"brand {other!r}'s: give each brand a folder of its own")
                break
        else:
            brands[key] = target
            lines[key] = doc.pos("brands", key)[0]
    shared_raw = data.get("shared", DEFAULT_SHARED)
    shared = _inside(root, shared_raw) if isinstance(shared_raw, str) else None
    if shared is None:
        problems.append(f"{at('shared')}: shared must be a folder inside the repository, "
                        f"relative to smm.yaml (default: {DEFAULT_SHARED})")
        shared = root / DEFAULT_SHARED
    if problems:
        raise ConfigError("\n".join(problems))
    return Workspace(root, brands, shared, lines)


def _inside(root: Path, folder: str) -> Path | None:
    f = folder.strip()
    if not f or f.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", f) or "\\" in f:
        return None
    target = (root / f).resolve()
    if target != root and not target.is_relative_to(root):
        return None
    if target == root:
        return None
    return target


def find(start: Path) -> Path | None:
    """The workspace root at or above `start` (the folder holding smm.yaml), stopping at
    the repository's top (a folder holding .git); None outside any workspace."""
    d = start
    while True:
        if os.path.isfile(os.path.join(d, FILE)):
            return d
        if os.path.exists(os.path.join(d, ".git")) or d.parent == d:
            return None
        d = d.parent


def shared_dir(brand_dir: Path) -> Path | None:
    """The workspace's shared folder for a brand's brand/ folder, if it is in one: where
    the voice looks for a style or vocabulary the brand does not hold itself."""
    if os.path.exists(os.path.join(brand_dir.parent, ".git")):
        return None  # a brand at its repository's top is in no workspace
    root = find(brand_dir.parent.parent)
    if root is None:
        return None
    try:
        ws = _cached(root)
    except ConfigError:
        return None  # reported by whatever loads the brands
    return ws.shared if ws.key_of(brand_dir.parent) is not None else None


_LOADED: dict[tuple[str, int], Workspace] = {}


def _cached(root: Path) -> Workspace:
    path = root / FILE
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        stamp = -1
    key = (str(path), stamp)
    if key not in _LOADED:
        _LOADED[key] = load(root)
    return _LOADED[key]


def style_dir(brand_dir: Path, style: str) -> Path:
    """A voice style's folder: the brand's own (brand/styles/<Style>) when it has one,
    else the workspace's shared one. Never another brand's."""
    own = brand_dir / "styles" / style
    if own.is_dir():
        return own
    shared = shared_dir(brand_dir)
    if shared is not None and (shared / "styles" / style).is_dir():
        return shared / "styles" / style
    return own


def vocab_dir(brand_dir: Path, folder: str) -> Path:
    """A vocabulary folder (brand/vocab/<Name>, `.` for brand/vocab itself): the brand's
    own, else the workspace's shared one (shared/vocab/<Name>)."""
    name = folder if folder not in (".", "") else ""
    own = brand_dir / "vocab" / name
    if not name or own.is_dir():
        return own
    shared = shared_dir(brand_dir)
    if shared is not None and (shared / "vocab" / name).is_dir():
        return shared / "vocab" / name
    return own


def resolve_names(brands: dict[str, Any], names: tuple[str, ...], names_of: Any
                  ) -> list[str]:
    """The keys `names` (from --brand) stand for among `brands` (key -> object),
    matching a key, or a brand's display name (names_of(obj)), case-insensitively.
    Raises UsageError naming the brands there are."""
    out: list[str] = []
    for name in names:
        low = name.lower()
        hit = next((k for k in brands if k.lower() == low), None)
        if hit is None:
            hit = next((k for k, v in brands.items()
                        if str(names_of(v)).lower() == low or slug(str(names_of(v))) == low),
                       None)
        if hit is None:
            from smm.project import suggest

            raise UsageError(f"--brand {name}: no such brand here: "
                             + suggest(low, sorted(brands)))
        if hit not in out:
            out.append(hit)
    return out


FLOWS = (".github/workflows/publish.yml", ".github/workflows/metrics.yml")


def matrix_findings(ws: Workspace, repo_root: Path) -> list[Any]:
    """The publish and metrics workflows `smm init` wrote fan out one job a brand: a
    brand smm.yaml lists and their matrix lacks would never be published. Said as an
    error on the workflow's matrix line (a workflow without a brand matrix, written by
    hand, is left alone)."""
    from smm import yamlio
    from smm.diagnostics import Diagnostic

    out = []
    brands = list(ws.brands)
    for rel in FLOWS:
        path = ws.root / rel
        try:
            doc = yamlio.load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yamlio.YamlError):
            continue
        jobs = doc.data.get("jobs") if isinstance(doc.data, dict) else None
        for name, job in (jobs or {}).items() if isinstance(jobs, dict) else ():
            strategy = job.get("strategy") if isinstance(job, dict) else None
            matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
            listed = matrix.get("brand") if isinstance(matrix, dict) else None
            if not isinstance(listed, list) or listed == brands:
                continue
            line, col = doc.pos("jobs", name, "strategy", "matrix", "brand")
            missing = [b for b in brands if b not in listed]
            extra = [str(b) for b in listed if b not in brands]
            said = "; ".join(x for x in (
                f"lacks {', '.join(missing)} (never published)" if missing else "",
                f"lists {', '.join(extra)}, not in smm.yaml" if extra else "") if x)
            try:
                shown = path.relative_to(repo_root).as_posix()
            except ValueError:
                shown = rel
            out.append(Diagnostic(
                shown, line, col, "error", "workspace.matrix",
                f"the brand matrix {said or 'is out of order'}: run `smm init --refresh` "
                "to write it from smm.yaml"))
    return out
