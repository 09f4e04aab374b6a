"""Vale's check types, one class each. `TYPES` maps `extends:` to its class."""

from __future__ import annotations

from smm.checks.voice.rules.base import Alert, Rule, RuleError
from smm.checks.voice.rules.document import Capitalization, Conditional, Consistency
from smm.checks.voice.rules.match import Existence, Occurrence, Repetition, Substitution
from smm.checks.voice.rules.metric import Metric, Readability
from smm.checks.voice.rules.spelling import Spelling

TYPES: dict[str, type[Rule]] = {
    "existence": Existence,
    "substitution": Substitution,
    "occurrence": Occurrence,
    "repetition": Repetition,
    "consistency": Consistency,
    "conditional": Conditional,
    "capitalization": Capitalization,
    "metric": Metric,
    "readability": Readability,
    "spelling": Spelling,
}
# Valid in Vale, not run by smm: reported once per rule as Voice.Unsupported. A
# `sequence` rule needs Vale's part-of-speech tagger (prose's trained model), a
# `script` rule its Tengo interpreter.
UNSUPPORTED = ("sequence", "script")

__all__ = ["TYPES", "UNSUPPORTED", "Alert", "Rule", "RuleError"]
