"""Front-matter texts a platform shows besides the body, for the voice's `alt` and
`title` scopes: each media item's `alt:` (for the channels it goes to) and the post's
`title:`, with the line and column of their first character in the post file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

Field = tuple[str, str, int, int]  # (scope, text, line, column)


def post_fields(post: Any, channel: str) -> tuple[Field, ...]:
    """The fields of `post` shown on `channel` (empty for most posts: no media alt text
    and no title)."""
    out: list[Field] = []
    media = post.media
    title = post.meta.get("title") if post.meta else None
    if not media and not isinstance(title, str):
        return ()
    lines: list[str] | None = None
    wanted: list[tuple[str, str, tuple[str | int, ...]]] = []
    if isinstance(title, str) and title.strip():
        wanted.append(("title", title, ("title",)))
    for i, m in enumerate(media):
        if m.alt and (m.channels is None or channel in m.channels):
            wanted.append(("alt", m.alt, ("media", i, "alt")))
    for scope, text, key in wanted:
        line, col = post.pos(*key)
        if lines is None:
            lines = _lines(post)
        # A quoted value's text starts after its quote.
        if lines is not None and 0 < line <= len(lines):
            raw = lines[line - 1]
            if col - 1 < len(raw) and raw[col - 1] in "'\"":
                col += 1
        out.append((scope, text, line, col))
    return tuple(out)


def _lines(post: Any) -> list[str] | None:
    try:
        return Path(post.path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError, AttributeError, TypeError):
        return None
