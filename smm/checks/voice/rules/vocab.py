"""Vale's vocabulary rules: accepted terms keep their exact case (Vale.Terms), rejected
terms are errors (Vale.Avoid)."""

from __future__ import annotations

from smm.checks.voice.markup import Block
from smm.checks.voice.rules.base import (
    Alert,
    LiteralScan,
    compile_re,
    format_message,
    is_phrase,
    lazy_rx,
    literal,
    rx,
)
from smm.checks.voice.text import Doc


class Terms(LiteralScan):
    kind = "substitution"

    def __init__(self, accepted: list[str], path: str) -> None:
        super().__init__("Vale.Terms", {"message": "Use '%s' instead of '%s'.",
                                        "level": "error"}, path, 1)
        # The longest first, as Vale: "Coffee Lab" is tried before "Coffee".
        self.terms = sorted((t for t in accepted if not t.startswith("(?i)")),
                            key=len, reverse=True)
        groups = "|".join(f"({t})" for t in self.terms)
        self.pattern = compile_re(rf"(?i)(?m)\b(?:{groups})\b", ("accept",))
        self.gate(self.pattern.pattern)
        self.exact = [None if is_phrase(t) else
                      lazy_rx(f"^(?:{t})$") if literal(t) else rx(f"^(?:{t})$")
                      for t in self.terms]

    def run_from(self, block: Block, doc: Doc, pos: int) -> list[Alert]:
        out: list[Alert] = []
        for m in self.pattern.finditer(block.text, pos):
            i = (m.lastindex or 1) - 1
            observed = m.group()
            term, exact = self.terms[i], self.exact[i]
            ok = observed == term if exact is None else bool(exact.match(observed))
            if not ok:
                out.append(Alert(m.start(), m.end(),
                                 format_message(self.message, term, observed),
                                 term if exact is None else None))
        return out


class Avoid(LiteralScan):
    kind = "existence"

    def __init__(self, rejected: list[str], path: str) -> None:
        super().__init__("Vale.Avoid", {"message": "Avoid using '%s'.", "level": "error"},
                         path, 1)
        rejected = sorted(rejected, key=len, reverse=True)
        self.pattern = compile_re(rf"(?m)\b(?:{'|'.join(rejected)})\b", ("reject",))
        self.gate(self.pattern.pattern)

    def run_from(self, block: Block, doc: Doc, pos: int) -> list[Alert]:
        return [Alert(m.start(), m.end(), format_message(self.message, m.group()))
                for m in self.pattern.finditer(block.text, pos) if m.end() > m.start()]
