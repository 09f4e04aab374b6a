"""Diagnostic: one finding about one place in one file. Everything checks produce."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "suggestion")


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the repository root, forward slashes
    line: int  # 1-based; 0 when the finding concerns the whole file
    column: int  # 1-based; 0 when unknown
    severity: str  # error | warning | suggestion
    rule: str  # e.g. "length.x", "yaml.syntax", "Fernwood.Hype"
    message: str  # says what is wrong and how to fix it
    channel: str | None = None
    fix: str | None = field(default=None, compare=False)  # a replacement, where one is known

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diags)
