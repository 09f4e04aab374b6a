"""Diagnostics to text (people), JSON (tools) and GitHub workflow commands (CI)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from smm.diagnostics import Diagnostic
from smm.output import style

_SEV_STYLE = {"error": ("red", "bold"), "warning": ("yellow",), "suggestion": ("cyan",)}
_GH_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def counts(diags: list[Diagnostic]) -> dict[str, int]:
    c = {"error": 0, "warning": 0, "suggestion": 0}
    for d in diags:
        c[d.severity] = c.get(d.severity, 0) + 1
    return c


def format_text(diags: list[Diagnostic], checked: int, brands: bool = False) -> str:
    """`brands`: head each file with its brand (a workspace's run)."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diags:
        by_file[d.path].append(d)
    lines: list[str] = []
    for path in sorted(by_file):
        brand = by_file[path][0].brand if brands else None
        lines.append(style(path, "bold", "blue") + (f"  [{brand}]" if brand else ""))
        for d in sorted(by_file[path]):
            where = f"{d.line}:{d.column}" if d.line else "-"
            sev = style(f"{d.severity:<10}", *_SEV_STYLE.get(d.severity, ()))
            chan = f" ({d.channel})" if d.channel else ""
            lines.append(f"  {where:<7} {sev} {d.message}  {style(d.rule + chan, 'dim')}")
            if d.fix:
                lines.append(f"  {'':<7} {'':<10} fix: use {d.fix!r}")
        lines.append("")
    c = counts(diags)
    files = len(by_file)
    plural = "" if checked == 1 else "s"
    if not diags:
        lines.append(style(f"✔ {checked} post{plural} checked, no problems", "green"))
    else:
        mark, colour = ("✖", "red") if c["error"] else ("⚠", "yellow") if c["warning"] \
            else ("✔", "green")
        lines.append(style(
            f"{mark} {c['error']} error(s), {c['warning']} warning(s), "
            f"{c['suggestion']} suggestion(s) in {files} file(s); {checked} post{plural} checked",
            colour))
    return "\n".join(lines)


def format_json(diags: list[Diagnostic]) -> list[dict[str, Any]]:
    return [d.to_json() for d in sorted(diags)]


def _esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: list[Diagnostic], brands: bool = False) -> str:
    """One workflow command a diagnostic: GitHub shows each on the line of the diff.
    `brands`: the title names the brand (a workspace's run)."""
    out = []
    for d in sorted(diags):
        props = [f"file={_esc_prop(d.path)}"]
        if d.line:
            props.append(f"line={d.line}")
            if d.column:
                props.append(f"col={d.column}")
        title = (f"{d.brand}: " if brands and d.brand else "") + d.rule \
            + (f" ({d.channel})" if d.channel else "")
        props.append(f"title={_esc_prop(title)}")
        msg = d.message + (f"\nfix: use {d.fix!r}" if d.fix else "")
        out.append(f"::{_GH_LEVEL.get(d.severity, 'warning')} {','.join(props)}::{_esc_data(msg)}")
    return "\n".join(out)
