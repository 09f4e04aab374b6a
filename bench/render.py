"""µs per smm.render call for typical posts (~200-300 characters), three ways:

- cold: nothing cached (a part's first channel in a validate run): markdown-it parses,
  unless a fast path renders the part (plain text, or inline Markdown in paragraphs);
- per channel: the part was parsed for another channel already (the parse is cached
  apart from the platform), so only the walk to this platform's text remains;
- cached: the same part and platform again (preview after validate).

    /work/venv/bin/python bench/render.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from smm import _render_md
from smm import render as r

POSTS = {
    "plain": (
        "Winter Blend is back! ☕ Roasted in small batches at our Lyon roastery, with notes "
        "of dark chocolate, fig and orange peel.\n\nOrder today at "
        "https://fernwood.example/winter and use code WINTER10 for 10% off your first bag.\n"
        "Tag us @fernwood with your brew. #WinterBlend #coffee"
    ),
    "markdown": (
        "**Winter Blend is back!** ☕ Roasted in small batches at our *Lyon* roastery, "
        "with notes of dark chocolate, fig and orange peel.\n\nRead the "
        "[brew guide](https://fernwood.example/guides/winter_blend) and order today: "
        "https://fernwood.example/winter\n\nTag us @fernwood. #WinterBlend #coffee"
    ),
    "list": (
        "Three ways to brew Winter Blend:\n\n- V60, 15 g to 250 g\n- AeroPress, inverted\n"
        "- French press, 4 minutes\n\n> Best beans in Lyon. — a customer\n\n"
        "More at https://fernwood.example/guides #coffee @fernwood"
    ),
}
PLATFORMS = ["x", "bluesky", "linkedin", "mastodon"]


def per_call(md: str, n: int, before: Callable[[], None] | None = None) -> float:
    """Best of 5 runs, µs per render."""
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            for p in PLATFORMS:
                if before:
                    before()
                r.render(md, p)
        best = min(best, (time.perf_counter() - t) / (n * len(PLATFORMS)))
    return best * 1e6


def main() -> None:
    t = time.perf_counter()
    r.render("- warm up *markdown-it*", "x")  # a list: only markdown-it renders it
    print(f"first render (imports markdown-it, regex): {(time.perf_counter() - t) * 1e3:.1f} ms")

    def cold() -> None:
        r._render.cache_clear()
        _render_md._parse.cache_clear()

    for name, md in POSTS.items():
        print(
            f"{name:9} {len(md):4} chars  cold {per_call(md, 200, cold):6.1f} µs"
            f"  per channel {per_call(md, 200, r._render.cache_clear):6.1f} µs"
            f"  cached {per_call(md, 2000):5.2f} µs"
        )


if __name__ == "__main__":
    main()
