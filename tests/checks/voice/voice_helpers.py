"""Small brands in temp folders, and a stand-in for the renderer (tests stay independent
of rendering details: headings lose their `#`, code its backticks, HTML comments
vanish). Vale's rules read the Markdown source; the rendered text is for the social
rules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from smm.checks.voice import load_voice
from smm.checks.voice.engine import Voice
from smm.diagnostics import Diagnostic


def plain(markdown: str) -> str:
    text = re.sub(r"^ {0,3}#{1,6}[ \t]+", "", markdown, flags=re.M)
    text = re.sub(r"^[ \t]*<!--.*?-->[ \t]*\n?", "", text, flags=re.M | re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = text.replace("`", "")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def brand(tmp: Path, styles: dict[str, dict[str, str]], voice: dict[str, Any] | None = None,
          vocab: dict[str, str] | None = None) -> tuple[Path, dict[str, Any]]:
    """brand/ under tmp: styles {Style: {Rule.yml: text}}, vocab {relpath: text}."""
    bdir = tmp / "brand"
    if bdir.exists():
        shutil.rmtree(bdir)
    for style, files in styles.items():
        d = bdir / "styles" / style
        d.mkdir(parents=True)
        for name, text in files.items():
            (d / name).write_text(text, encoding="utf-8")
    for rel, text in (vocab or {}).items():
        p = bdir / "vocab" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    cfg = {"name": "Test", "voice": voice if voice is not None else {"styles": list(styles)}}
    bdir.mkdir(parents=True, exist_ok=True)
    return bdir, cfg


def check(voice: Voice, source: str, *, channel: str = "mastodon", platform: str = "",
          lang: str = "en", sponsored: bool = False, text: str | None = None,
          line: int = 1, fields: tuple[tuple[str, str, int, int], ...] = ()
          ) -> list[Diagnostic]:
    return voice.check(plain(source) if text is None else text, channel=channel,
                       platform=platform or channel, lang=lang, sponsored=sponsored,
                       source=source, source_line=line, path="content/posts/p.md",
                       fields=fields)


def load(tmp: Path, styles: dict[str, dict[str, str]], voice: dict[str, Any] | None = None,
         vocab: dict[str, str] | None = None) -> Voice:
    bdir, cfg = brand(tmp, styles, voice, vocab)
    return load_voice(bdir, cfg)


def short(diags: list[Diagnostic]) -> list[dict[str, Any]]:
    return [{"rule": d.rule, "line": d.line, "column": d.column, "severity": d.severity,
             "message": d.message} for d in diags]
