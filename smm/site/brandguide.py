"""The brand guide's data: palette, fonts, voice, and each voice rule in plain words.

Rules are Vale-format YAML files under brand/styles/<Style>/; a stakeholder should not
need to know Vale, so each rule is retold as a sentence with its words as examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from smm.project import Project
from smm.yamlio import load_plain

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]{1,120}$")
_MAX_EXAMPLES = 12


def hex_colour(value: Any) -> str | None:
    """The value when it is a #hex colour; anything else could carry CSS into a style."""
    return value if isinstance(value, str) and _HEX.match(value.strip()) else None


def font_stack(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and _FONT.match(value.strip()) else None


@dataclass
class Swatch:
    name: str
    hex: str
    use: str
    text: str  # a readable text colour on it


@dataclass
class Rule:
    style: str
    name: str
    level: str
    kind: str
    summary: str  # the rule in plain words
    message: str
    examples: list[tuple[str, str]] = field(default_factory=list)  # (avoid, write)
    link: str | None = None


def swatches(brand: dict[str, Any]) -> list[Swatch]:
    out = []
    for c in brand.get("colours") or brand.get("colors") or []:
        if not isinstance(c, dict) or not hex_colour(c.get("hex")):
            continue
        h = str(c["hex"]).strip()
        out.append(Swatch(str(c.get("name") or h), h, str(c.get("use") or ""),
                          hex_colour(c.get("text")) or _readable_on(h)))
    return out


def _readable_on(h: str) -> str:
    h = h.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return "#111111" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def fonts(brand: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(role, family, CSS stack) for each font the brand names."""
    out = []
    for role, f in (brand.get("fonts") or {}).items():
        if not isinstance(f, dict):
            continue
        fam = font_stack(f.get("family"))
        if not fam:
            continue
        fb = font_stack(f.get("fallback")) or "sans-serif"
        out.append((str(role), fam, f'"{fam}", {fb}'))
    return out


def voice(brand: dict[str, Any]) -> dict[str, Any]:
    """brand.yaml's voice section (or its top-level tone and vocabulary, the older form)."""
    v = brand.get("voice")
    src = v if isinstance(v, dict) else brand
    tone = src.get("tone") or []
    vocab = src.get("vocabulary") or {}
    prefer = [(str(p.get("use")), str(p.get("instead_of")))
              for p in (vocab.get("prefer") or []) if isinstance(p, dict)]
    avoid = [str(a) for a in (vocab.get("avoid") or [])]
    policies = []
    for key in ("hashtags", "emoji", "accessibility"):
        sec = src.get(key, brand.get(key))
        if isinstance(sec, dict) and sec.get("policy"):
            policies.append((key.title(), str(sec["policy"])))
    return {"tone": [tone] if isinstance(tone, str) else [str(t) for t in tone],
            "prefer": prefer, "avoid": avoid, "policies": policies,
            "description": str(src.get("description") or "")}


def rules(project: Project) -> list[Rule]:
    out: list[Rule] = []
    styles = project.root / "brand" / "styles"
    if not styles.is_dir():
        return out
    for path in sorted(styles.rglob("*.y*ml")):
        rule = _rule(styles, path, project.repo_root)
        if rule:
            out.append(rule)
    return out


def _rule(styles: Path, path: Path, repo: Path) -> Rule | None:
    from smm import files

    try:  # a regular file of the repository (a FIFO would block the build for ever)
        data = load_plain(files.read_text(path, repo, "rule files"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the validator reports broken rule files; the guide just skips them
    if not isinstance(data, dict):
        return None
    rel = path.relative_to(styles)
    kind = str(data.get("extends") or "existence")
    message = str(data.get("message") or "")
    desc = str(data.get("description") or "")
    examples: list[tuple[str, str]] = []
    toks = data.get("tokens")  # the validator reports a rule's wrong types
    tokens = [str(t) for t in toks] if isinstance(toks, list) else []
    swap = _mapping(data.get("swap"))
    if kind == "substitution":
        examples = [(_plain(k), str(v).split("|")[0]) for k, v in swap.items()]
        summary = "Write the word on the right instead of the one on the left."
    elif kind == "existence":
        examples = [(_plain(t), "") for t in tokens]
        summary = "Leave these out."
    elif kind == "occurrence":
        n, what = data.get("max"), data.get("token", "")
        summary = (f"At most {n} of {_plain(str(what))!r}" if n is not None
                   else f"At least {data.get('min')} of {_plain(str(what))!r}") + \
            f" per {data.get('scope', 'text')}."
    elif kind == "repetition":
        summary = "Don't repeat a word twice in a row."
    elif kind == "capitalization":
        summary = f"Use {data.get('match', 'sentence case')} capitalisation."
    elif kind == "consistency":
        examples = [(_plain(str(k)), _plain(str(v)))
                    for k, v in _mapping(data.get("either")).items()]
        summary = "Pick one spelling and keep to it."
    elif kind == "conditional":
        summary = "When the first form appears, the second must too (e.g. define an " \
                  "acronym the first time)."
    else:
        summary = f"A {kind} rule."
    if desc:
        summary = desc.strip() + (" " + summary if summary and kind in (
            "substitution", "existence", "consistency") else "")
    return Rule(style=rel.parts[0] if len(rel.parts) > 1 else "", name=path.stem,
                level=str(data.get("level") or "suggestion"), kind=kind, summary=summary,
                message=message.replace("%s", "…"), examples=examples[:_MAX_EXAMPLES],
                link=data.get("link") if isinstance(data.get("link"), str) else None)


def _mapping(v: Any) -> dict[Any, Any]:
    return v if isinstance(v, dict) else {}


def _plain(pattern: str) -> str:
    """A Vale token regex as a reader would write the word: drop the regex furniture."""
    s = re.sub(r"\\b|\(\?i\)|\^|\$", "", pattern)
    s = re.sub(r"\(\?:([^)]*)\)", r"\1", s)
    s = s.replace("\\", "")
    return s.replace("|", " / ").strip()
