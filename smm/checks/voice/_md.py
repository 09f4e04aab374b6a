"""markdown-it for the voice's view of Markdown (smm.checks.voice.markup): GitHub's
flavour as Vale reads it (tables, strikethrough), imported only when a post has
Markdown syntax."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

_md: Any = None


def _parser() -> Any:
    global _md
    if _md is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"linkify": False})
        md.enable(["table", "strikethrough"])
        md.disable("text_join")  # escapes and entities as their own tokens
        _md = md
    return _md


def block_tokens(src: str) -> list[Token]:
    """Block tokens of `src` (inline tokens keep their raw content): no inline parse."""
    md = _parser()
    tokens: list[Token] = []
    md.block.parse(src, md, {}, tokens)
    return tokens


@lru_cache(maxsize=512)
def inline_tokens(content: str) -> tuple[Token, ...]:
    """The inline children of one block's content."""
    got = _parser().parseInline(content)
    return tuple(got[0].children or ()) if got else ()
