"""Emoji sequences (UTS #51): a flag, a keycap, or pictographs with their presentation
selector, skin tone, tag sequence and ZWJ joins, each one symbol on screen.

Built from the `regex` module's Unicode properties rather than a list of known emoji
(twitter-text's, or the `emoji` package's): the grammar covers emoji newer than any list,
e.g. 🐦‍🔥 (Unicode 15.1) and 🫱🏽‍🫲🏿, and follows `regex` as it tracks Unicode. `regex` is
imported only when a text holds a character that can start an emoji.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from smm.platforms._common import latin1

# Every character that can start an emoji sequence lies in these ranges: © ®, the
# symbol blocks U+203C–U+2B55 (which also hold the keycap mark U+20E3), three CJK
# symbols, and the SMP emoji planes. Texts without one skip the `regex` import.
_MAYBE = re.compile("[\xa9\xae\u203c-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001ffff]")

_ELEMENT = r"\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?"
_PATTERN = (
    r"\p{Regional_Indicator}{2}"  # a flag
    r"|[#*0-9]\uFE0F?\u20E3"  # a keycap
    rf"|{_ELEMENT}(?:[\U000E0020-\U000E007E]+\U000E007F)?(?:\u200D{_ELEMENT})*"
)


@functools.cache
def _emoji_re() -> Any:
    import regex

    return regex.compile(_PATTERN)


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) code-point spans of the emoji sequences in `text`."""
    if text.isascii() or (
            "\xa9" not in text and "\xae" not in text and latin1(text)):  # (_MAYBE's
        return []  # only characters below U+0100)
    if not _MAYBE.search(text):
        return []
    return [m.span() for m in _emoji_re().finditer(text)]
