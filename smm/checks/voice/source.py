"""The Markdown body of a post: its sections, positions, and in-post switches.

Vale's rules read the Markdown itself (smm.checks.voice.markup), so their findings
carry exact source offsets. The social rules read each channel's *rendered* text (what
the platform shows); one of their findings is placed this way:

1. Only the body section the channel reads is searched: its `<!-- channel: ... -->`
   variant when it has one, otherwise the shared body (before any variant).
2. The matched string is looked up there exactly; the n-th occurrence in the rendered
   text maps to the n-th occurrence in the source (the last one when the source has
   fewer, e.g. a word that rendering added).
3. Failing that, the same case-insensitively; then the match's first word (a phrase
   may be split by Markdown markers such as `**`).
4. Failing that, the first line of that section (for the shared body: the body's
   first line), column 1. Findings about the whole text (a metric, an occurrence
   `min`, the social counts) are placed there too.

A body without an HTML comment has neither channel variants nor switches.

In-post switches, as in Vale: `<!-- vale off -->` / `<!-- vale on -->` for every rule,
`<!-- vale Style.Rule = NO -->` / `= YES` for one rule (`<!-- vale Style = NO -->` for a
whole style). A finding is dropped when its source position is inside an off region.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from smm.checks.voice.markup import Markup

_VARIANT = regex.compile(r"^[ \t]*<!--\s*channel:\s*([\w\-, ]+?)\s*-->[ \t]*$", regex.M)
_SWITCH = regex.compile(r"<!--\s*vale\s+(.*?)\s*-->", regex.S)
_RULE_SWITCH = regex.compile(r"^([\w\-]+(?:\.[\w\-]+)?)\s*=\s*(YES|NO)$", regex.I)
_FIRST_WORD = regex.compile(r"[\p{L}\p{N}]+")


class Switch:
    __slots__ = ("offset", "target", "on")

    def __init__(self, offset: int, target: str | None, on: bool) -> None:
        self.offset = offset
        self.target = target  # None: every rule; "Style" or "Style.Rule"
        self.on = on


class Section:
    """A part of the body (shared, or one channel's variant) and what was parsed of it."""

    __slots__ = ("start", "end", "line", "_markup")

    def __init__(self, start: int, end: int, line: int) -> None:
        self.start = start
        self.end = end
        self.line = line  # 1-based file line of the section's first line
        self._markup: Markup | None = None


class Source:
    """A post body, parsed once and shared by the checks of all its channels."""

    def __init__(self, source: str, source_line: int) -> None:
        self.text = source
        self.line = source_line
        self._starts: list[int] | None = None  # line starts, once many findings ask
        self._asked = 0
        self.variants: dict[str, Section] = {}
        self.switches: list[Switch] = []
        # Variant marks and switches are HTML comments.
        if "<!--" in source:
            self.switches = self._switches(source)
            self.shared, self.variants = self._sections(source)
        else:
            self.shared = Section(0, len(source), source_line)

    # --- positions --------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """(file line, column) of a source offset. Counted when asked (findings are
        few) rather than from a table of line starts built for every body."""
        self._asked += 1
        if self._asked > 16:  # a body with many findings: a table of line starts
            starts = self._line_starts()
            k = bisect_right(starts, offset) - 1
            return self.line + k, offset - starts[k] + 1
        text = self.text
        return (self.line + text.count("\n", 0, offset),
                offset - text.rfind("\n", 0, offset))

    def section(self, channel: str) -> Section:
        return self.variants.get(channel, self.shared)

    def locate(self, sec: Section, rendered: str, start: int, end: int) -> int:
        """Source offset for the rendered span [start, end): see the module docstring."""
        match = rendered[start:end].strip()
        if match:
            lead = len(rendered[start:end]) - len(rendered[start:end].lstrip())
            start += lead
            nth = rendered.count(match, 0, start)
            hit = self._find(sec, match, nth, False)
            if hit < 0:
                hit = self._find(sec, match, _count_ci(rendered, match, start), True)
            if hit < 0:
                w = _FIRST_WORD.search(match)
                if w and w.group() != match:
                    word = w.group()
                    ws = start + w.start()
                    hit = self._find(sec, word, rendered.count(word, 0, ws), False)
                    if hit < 0:
                        hit = self._find(sec, word, _count_ci(rendered, word, ws), True)
            if hit >= 0:
                return hit
        return self.section_start(sec)

    def section_start(self, sec: Section) -> int:
        """The section's first non-blank line (the body's first line when shared)."""
        i = sec.start
        while i < sec.end and self.text[i] in " \t\n":
            i += 1
        if i >= sec.end:
            return sec.start
        return self.text.rfind("\n", 0, i) + 1

    def _find(self, sec: Section, s: str, nth: int, ci: bool) -> int:
        text = self.text
        last = -1
        if not ci:
            pos = text.find(s, sec.start, sec.end)
            k = 0
            while pos >= 0:
                if k == nth:
                    return pos
                last, k = pos, k + 1
                pos = text.find(s, pos + len(s), sec.end)
            return last
        pat = regex.compile(regex.escape(s), regex.I | regex.V0)
        for k, m in enumerate(pat.finditer(text, sec.start, sec.end)):
            last = m.start()
            if k == nth:
                break
        return last

    # --- switches ---------------------------------------------------------------
    @staticmethod
    def _switches(source: str) -> list[Switch]:
        if "vale" not in source:
            return []
        out = []
        for m in _SWITCH.finditer(source):
            body = m.group(1).strip()
            low = body.lower()
            if low in ("off", "on"):
                out.append(Switch(m.start(), None, low == "on"))
                continue
            r = _RULE_SWITCH.match(body)
            if r:
                out.append(Switch(m.start(), r.group(1), r.group(2).upper() == "YES"))
        return out

    def is_off(self, rule: str, offset: int) -> bool:
        if not self.switches:
            return False
        all_on = True
        mine = True  # the latest switch naming this rule or its style wins
        style = rule.split(".", 1)[0]
        for s in self.switches:
            if s.offset > offset:
                break
            if s.target is None:
                all_on = s.on
            elif s.target == rule or s.target == style:
                mine = s.on
        return not (all_on and mine)

    # --- Markdown structure -----------------------------------------------------
    def _sections(self, source: str) -> tuple[Section, dict[str, Section]]:
        marks = list(_VARIANT.finditer(source))
        shared = Section(0, marks[0].start() if marks else len(source), self.line)
        variants: dict[str, Section] = {}
        for i, m in enumerate(marks):
            start = m.end() + 1 if m.end() < len(source) else m.end()
            end = marks[i + 1].start() if i + 1 < len(marks) else len(source)
            sec = Section(start, end, self.position(start)[0])
            for c in m.group(1).split(","):
                if c.strip():
                    variants[c.strip()] = sec
        return shared, variants

    def markup(self, sec: Section, mentions: bool) -> Markup:
        """Vale's view of the section (smm.checks.voice.markup), made once."""
        got = sec._markup
        if got is None or got.mentions != mentions:
            from smm.checks.voice.markup import Markup

            got = sec._markup = Markup(self.text, sec.start, sec.end, mentions)
        return got

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            text = self.text
            starts = [0]
            i = text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._starts = starts
        return self._starts


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(a <= offset < b for a, b in spans)


def _count_ci(text: str, s: str, end: int) -> int:
    return len(regex.findall(regex.escape(s), text[:end], regex.I | regex.V0))
