"""Read brand.yaml's voice section, the style folders and the vocabularies; compile
every rule once. Errors name the file and line (VoiceConfigError)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smm import yamlio
from smm.checks.voice import config as cfgmod
from smm.checks.voice.errors import VoiceConfigError
from smm.checks.voice.rules import TYPES, UNSUPPORTED, Rule, RuleError
from smm.checks.voice.rules.base import COMMON_KEYS
from smm.checks.voice.rules.vocab import Avoid, Terms
from smm.diagnostics import Diagnostic

__all__ = ["VoiceConfigError", "load_rule", "load_style", "parse_config"]


def repo_root(brand_dir: Path) -> Path:
    for d in (brand_dir, *brand_dir.parents):
        if (d / ".git").exists():
            return d
    return brand_dir.parent


def rel(path: Path, root: Path) -> str:
    # Without resolving when the path is plainly under the root: a realpath() for each
    # of a style's rule files is a tenth of loading the voice.
    if not (path.is_absolute() and root.is_absolute()) or ".." in path.parts:
        path, root = path.resolve(), root.resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_config(brand_dir: Path, brand_cfg: Mapping[str, Any], root: Path
                 ) -> tuple[cfgmod.VoiceConfig, Any]:
    from smm.checks.voice.social import Social

    section = brand_cfg.get("voice") if isinstance(brand_cfg, Mapping) else None
    if section is not None and not isinstance(section, Mapping):
        section = {"__bad__": section}
    try:
        if section and "__bad__" in section:
            raise cfgmod.Bad("'voice' must be a mapping (styles, vocab, rules, channels, "
                             "languages, social)", ())
        conf = cfgmod.parse(section)
        social = Social(conf.social)
    except cfgmod.Bad as e:
        path = brand_dir / "brand.yaml"
        line = _brand_line(path, e.where)
        raise VoiceConfigError(f"voice: {e.message}", path=rel(path, root), line=line) from None
    return conf, social


def _brand_line(path: Path, where: tuple[str | int, ...]) -> int | None:
    try:
        doc = yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlio.YamlError):
        return None
    full = ("voice", *where)
    pos = doc.keys.get(full) or doc.pos(*full)
    return pos[0]


def cache_key(brand_dir: Path, brand_cfg: Mapping[str, Any], conf: cfgmod.VoiceConfig
              ) -> tuple[Any, ...]:
    stamps: list[tuple[str, int, int]] = []
    dirs = [brand_dir / "styles" / s for s in conf.all_styles()]
    dirs += [brand_dir / "vocab" / v for v in conf.all_vocab() or ["."]]
    for d in dirs:
        try:
            with os.scandir(d) as it:
                for e in it:
                    if e.is_file():
                        st = e.stat()
                        stamps.append((e.path, st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((str(d), -1, -1))
    voice = brand_cfg.get("voice") if isinstance(brand_cfg, Mapping) else None
    # repr, not json.dumps: the same file gives the same text, without importing json
    return (str(brand_dir.resolve()), repr(voice),
            tuple(sorted(stamps)))


def load_vocab(brand_dir: Path, folder: str, root: Path) -> tuple[list[str], list[str], str]:
    """(accepted, rejected, path of accept.txt) for one vocabulary folder."""
    from smm.checks.voice.rules.base import compile_re

    base = brand_dir / "vocab" / (folder if folder not in (".", "") else "")
    out: list[list[str]] = []
    for name in ("accept.txt", "reject.txt"):
        path = base / name
        terms: list[str] = []
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            out.append(terms)
            continue
        except (OSError, UnicodeDecodeError) as e:
            raise VoiceConfigError(f"cannot read the vocabulary: {e}", path=rel(path, root)) \
                from None
        for i, line in enumerate(text.splitlines(), 1):
            term = line.strip()
            if not term or term.startswith("#"):
                continue
            try:
                compile_re(term, ())
            except RuleError as e:
                raise VoiceConfigError(e.message, path=rel(path, root), line=i) from None
            terms.append(term)
        out.append(terms)
    return out[0], out[1], rel(base / "accept.txt", root)


def load_style(brand_dir: Path, style: str, accepted: list[str], root: Path
               ) -> tuple[dict[str, Rule], list[Diagnostic]]:
    folder = brand_dir / "styles" / style
    if not folder.is_dir():
        path = brand_dir / "brand.yaml"
        raise VoiceConfigError(
            f"voice: style {style!r} has no folder {rel(folder, root)}/; create it or remove "
            "the style from voice.styles", path=rel(path, root),
            line=_brand_line(path, ("styles",)))
    rules: dict[str, Rule] = {}
    notes: list[Diagnostic] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    for path in files:
        name = f"{style}.{path.stem}"
        rule, note = load_rule(path, name, accepted, root)
        if rule is not None:
            rules[name] = rule
        if note is not None:
            notes.append(note)
    return rules, notes


def load_rule(path: Path, name: str, accepted: list[str], root: Path
              ) -> tuple[Rule | None, Diagnostic | None]:
    rpath = rel(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        doc = yamlio.load(text, memo=root)  # parsed once, then kept (smm._docmemo)
    except (OSError, UnicodeDecodeError) as e:
        raise VoiceConfigError(f"cannot read the rule: {e}", path=rpath) from None
    except yamlio.YamlError as e:
        raise VoiceConfigError(e.message, path=rpath, line=e.line) from None
    data = doc.data
    if not isinstance(data, dict):
        raise VoiceConfigError("a rule file must be a mapping of keys (extends, message, ...)",
                               path=rpath, line=1)
    ext = data.get("extends")
    if ext is None:
        raise VoiceConfigError("Missing the required 'extends' key.", path=rpath, line=1)
    ext = str(ext)
    if ext in UNSUPPORTED:
        line, col = doc.pos("extends")
        return None, Diagnostic(
            rpath, line, col, "warning", "Voice.Unsupported",
            f"{name}: '{ext}' rules are not supported by smm's voice engine; this rule is "
            "not checked.")
    cls = TYPES.get(ext)
    if cls is None:
        kinds = sorted([*TYPES, *UNSUPPORTED])
        raise VoiceConfigError(f"'extends' key must be one of {kinds}; got {ext!r}.",
                               path=rpath, line=doc.pos("extends")[0])
    if "message" not in data:
        raise VoiceConfigError("Missing the required 'message' key.", path=rpath, line=1)
    for key in data:
        if key not in cls.KEYS:
            line = (doc.keys.get((str(key),)) or doc.pos(str(key)))[0]
            hint = "`code` is deprecated; use `scope: raw` instead" if key == "code" else \
                f"a {ext} rule takes {', '.join(sorted(cls.KEYS - COMMON_KEYS))} and " \
                f"{', '.join(sorted(COMMON_KEYS))}"
            raise VoiceConfigError(f"unknown key {key!r}: {hint}.", path=rpath, line=line)
    try:
        if getattr(cls, "needs_paths", False):  # spelling: dictionaries and word lists
            rule = cls(name, data, rpath, 1, accepted,  # type: ignore[call-arg]
                       styles=path.parent.parent, root=root, cache=root / ".smm-cache")
        else:
            rule = cls(name, data, rpath, 1, accepted)  # type: ignore[call-arg]
    except RuleError as e:
        where = e.where
        pos = doc.keys.get(where) if where else None
        if pos is None or (len(where) > 1 and isinstance(where[-1], int)):
            pos = doc.pos(*where) if where else (1, 1)
        raise VoiceConfigError(e.message, path=rpath, line=pos[0]) from None
    rule.line = doc.pos("extends")[0]
    note = None
    if getattr(rule, "vale_only", None):
        line, col = doc.pos("scope")
        note = Diagnostic(rpath, line, col, "warning", "Voice.Unsupported",
                          f"{name}: scope {', '.join(rule.vale_only)} names a part of a page "
                          "smm has no block for (a post's Markdown shows no such element); "
                          "that part of the scope never matches.")
    elif getattr(rule, "pos", "") or getattr(rule, "view", ""):
        key = "pos" if getattr(rule, "pos", "") else "in"
        line, col = doc.pos(key)
        note = Diagnostic(rpath, line, col, "warning", "Voice.Unsupported",
                          f"{name}: '{key}' is not supported by smm and is ignored.")
    return rule, note


def vocab_rules(brand_dir: Path, folders: list[str], root: Path
                ) -> tuple[list[str], list[Rule]]:
    accepted: list[str] = []
    rules: list[Rule] = []
    for f in folders:
        acc, rej, path = load_vocab(brand_dir, f, root)
        accepted += acc
        try:
            if any(not t.startswith("(?i)") for t in acc):
                rules.append(Terms(acc, path))
            if rej:
                rules.append(Avoid(rej, path.replace("accept.txt", "reject.txt")))
        except RuleError as e:
            raise VoiceConfigError(e.message, path=path) from None
    return accepted, rules
