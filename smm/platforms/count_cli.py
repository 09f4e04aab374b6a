"""What `smm count` prints: a text's primary count on one platform."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smm import platforms
from smm.platforms.base import merged_limits


def count_text(platform: str, text: str, overrides: Mapping[str, Any] | None = None
               ) -> dict[str, Any]:
    """{platform, length, limit, unit, valid} of the platform's first (primary) count;
    `valid` holds only when every count fits and no text rule is an error. Platforms
    with several counts (Bluesky: graphemes and bytes) add them all under "counts"."""
    plat = platforms.get(platform)
    limits = merged_limits(plat.defaults, overrides)
    counts = plat.count(text, limits)
    errors = [i for i in plat.check_text(text, limits) if i.severity == "error"]
    first = counts[0]
    out: dict[str, Any] = {"platform": platform, "length": first.length, "limit": first.limit,
                           "unit": first.unit,
                           "valid": all(c.valid for c in counts) and not errors}
    if first.note:
        out["note"] = first.note
    if len(counts) > 1:
        out["counts"] = [{"field": c.field, "length": c.length, "limit": c.limit,
                          "unit": c.unit, "valid": c.valid} for c in counts]
    return out
