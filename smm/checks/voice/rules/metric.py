"""Formula rules: metric (Vale's variables and a condition) and readability (the older
form naming well-known grade formulas)."""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from types import CodeType
from typing import Any

import regex

from smm.checks.voice.markup import Block
from smm.checks.voice.rules.base import (
    COMMON_KEYS,
    Alert,
    Rule,
    RuleError,
    format_message,
    strings,
    text_value,
)
from smm.checks.voice.scope import Scope
from smm.checks.voice.text import Doc

VARIABLES = frozenset({
    "words", "sentences", "characters", "syllables", "polysyllabic_words", "complex_words",
    "long_words", "paragraphs", "pre", "list", "blockquote",
    *(f"heading_h{i}" for i in range(1, 7)),
})
_MATH = {name: getattr(math, name) for name in (
    "sqrt", "pow", "log", "log10", "log2", "exp", "floor", "ceil", "abs", "min", "max")
    if hasattr(math, name)}
_MATH.update(abs=abs, min=min, max=max, Abs=abs, Sqrt=math.sqrt, Pow=math.pow,
             Log=math.log, Log10=math.log10, Floor=math.floor, Ceil=math.ceil)
_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.Constant,
          ast.Name, ast.Load, ast.Call, ast.Attribute, ast.Add, ast.Sub, ast.Mult, ast.Div,
          ast.Mod, ast.Pow, ast.USub, ast.UAdd, ast.Gt, ast.GtE, ast.Lt, ast.LtE, ast.Eq,
          ast.NotEq, ast.And, ast.Or, ast.Not)
_HEADING = regex.compile(r"heading\.(h[1-6])")


class _Math:
    def __init__(self) -> None:
        for k, v in _MATH.items():
            setattr(self, k, v)


class FormulaError(Exception):
    """A formula that cannot be computed for a text (a number beyond any float)."""


def _pow(a: Any, b: Any) -> float:
    """`a ** b` on floats: beyond any float it raises, it never computes a huge whole
    number (`9 ** 9 ** 9 ** 9` would run for hours as integer arithmetic)."""
    try:
        return math.pow(float(a), float(b))
    except OverflowError:
        raise FormulaError("a number in the formula is too large to compute "
                           "(check its powers)") from None
    except (ValueError, ZeroDivisionError):
        raise ZeroDivisionError from None


_ENV: dict[str, Any] = {"__builtins__": {}, "math": _Math(), "__pow__": _pow}


class _Bounded(ast.NodeTransformer):
    """Every number a float and every `**` a call to _pow: a formula's operands stay
    bounded (floats overflow to an error at once; whole numbers would grow)."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            return ast.copy_location(ast.Call(ast.Name("__pow__", ast.Load()),
                                              [node.left, node.right], []), node)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return ast.copy_location(ast.Constant(float(node.value)), node)
        return node


def compile_formula(expr: str, where: tuple[str, ...], extra: frozenset[str] = frozenset()
                    ) -> CodeType:
    """A formula (tengo syntax, as Vale writes it) checked against a whitelist of
    arithmetic, comparisons, the metric variables and `math.*` functions, with bounded
    operands (see _Bounded)."""
    src = " ".join(expr.split()).replace("&&", " and ").replace("||", " or ")
    if len(src) > 2000:
        raise RuleError(f"formula too long ({len(src)} characters); keep it under 2000",
                        where)
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as e:
        raise RuleError(f"invalid formula {expr.strip()!r}: {e.msg}", where) from None
    except (RecursionError, MemoryError, ValueError):
        raise RuleError(f"formula {expr.strip()[:60]!r}... is nested too deeply", where) \
            from None
    for node in ast.walk(tree):
        if not isinstance(node, _NODES):
            raise RuleError(f"formula {expr.strip()!r}: {type(node).__name__} is not allowed",
                            where)
        if isinstance(node, ast.Name) and node.id not in VARIABLES | extra | {"math"}:
            raise RuleError(f"formula {expr.strip()!r}: unknown variable {node.id!r}; use "
                            f"{', '.join(sorted(VARIABLES))}", where)
        if isinstance(node, ast.Attribute) and (
                not isinstance(node.value, ast.Name) or node.value.id != "math"
                or node.attr not in _MATH):
            raise RuleError(f"formula {expr.strip()!r}: only math.{{{', '.join(_MATH)}}} "
                            "functions are allowed", where)
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Attribute):
            raise RuleError(f"formula {expr.strip()!r}: call math functions as math.sqrt(x)",
                            where)
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise RuleError(f"formula {expr.strip()!r}: only numbers are allowed", where)
        if isinstance(node, ast.Constant) and isinstance(node.value, int) \
                and node.value.bit_length() > 1000:
            raise RuleError(f"formula {expr.strip()[:60]!r}: a number is too large", where)
    tree = ast.fix_missing_locations(_Bounded().visit(tree))
    try:
        return compile(tree, "<formula>", "eval")
    except (RecursionError, MemoryError, ValueError):
        raise RuleError(f"formula {expr.strip()[:60]!r}... is nested too deeply", where) \
            from None


def evaluate(code: CodeType, params: dict[str, float]) -> Any:
    return eval(code, _ENV, params)  # noqa: S307 - the tree was whitelisted above


def _trial(code: CodeType, names: tuple[str, ...], where: tuple[str, ...]) -> None:
    """Evaluate a formula once with every variable at 1 and 100: a formula that
    overflows whatever the text (`9 ** 9 ** 9 ** 9`) is an error in the rule file."""
    for v in (1.0, 100.0):
        try:
            evaluate(code, dict.fromkeys(names, v))
        except FormulaError as e:
            raise RuleError(f"formula: {e}", where) from None
        except OverflowError:
            raise RuleError("formula: a number in it is too large to compute (check its "
                            "powers)", where) from None
        except (ZeroDivisionError, ValueError, TypeError, NameError):
            pass


class Metric(Rule):
    kind = "metric"
    whole_doc = True
    KEYS = COMMON_KEYS | {"formula", "condition"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        formula = _HEADING.sub(r"heading_\1", text_value(data, "formula"))
        condition = text_value(data, "condition")
        if not formula.strip():
            raise RuleError("a metric rule needs a 'formula'", ("formula",))
        if not condition.strip():
            raise RuleError("a metric rule needs a 'condition', e.g. '> 8.0'", ("condition",))
        self.formula = compile_formula(formula, ("formula",))
        self.condition = compile_formula(f"__res__ {condition}", ("condition",),
                                         frozenset({"__res__"}))
        # The variables the formulas read (and `words`, for the empty-text test): only
        # those are counted.
        self.names = ("words", *sorted(
            {n for c in (self.formula, self.condition) for n in c.co_names} & VARIABLES
            - {"words"}))
        _trial(self.formula, self.names, ("formula",))
        self.scope = Scope("summary")

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        src = getattr(doc, "summary_doc", doc)
        counts = doc.counts() if hasattr(doc, "counts") else None
        params = src.values(self.names, counts)
        if not params["words"]:
            return []
        for k in self.names:  # whole-number counts too: `**` and math take floats
            params[k] = float(params.get(k, 0.0))
        try:
            res = float(evaluate(self.formula, params))
            params["__res__"] = res
            hit = evaluate(self.condition, params)
        except (ZeroDivisionError, ValueError, TypeError):
            return []
        except OverflowError:
            raise FormulaError("a number in the formula is too large to compute") from None
        if hit:
            return [Alert(0, 0, format_message(self.message, f"{res:.2f}"), whole=True)]
        return []


def _fk(m: dict[str, float]) -> float:
    return 0.39 * (m["words"] / m["sentences"]) + 11.8 * (m["syllables"] / m["words"]) - 15.59


def _fog(m: dict[str, float]) -> float:
    return 0.4 * ((m["words"] / m["sentences"]) + 100 * (m["complex_words"] / m["words"]))


def _cl(m: dict[str, float]) -> float:
    letters = m["characters"] / m["words"] * 100
    sents = m["sentences"] / m["words"] * 100
    return 0.0588 * letters - 0.296 * sents - 15.8


def _smog(m: dict[str, float]) -> float:
    return 1.0430 * math.sqrt(m["polysyllabic_words"] * 30 / m["sentences"]) + 3.1291


def _ari(m: dict[str, float]) -> float:
    return 4.71 * (m["characters"] / m["words"]) + 0.5 * (m["words"] / m["sentences"]) - 21.43


GRADES: dict[str, Callable[[dict[str, float]], float]] = {
    "Flesch-Kincaid": _fk, "Gunning Fog": _fog, "Coleman-Liau": _cl, "SMOG": _smog,
    "Automated Readability": _ari,
}


def flesch_kincaid_grade(m: dict[str, float]) -> float:
    return _fk(m)


def kandel_moles_ease(m: dict[str, float]) -> float:
    """Flesch reading ease adapted to French (Kandel & Moles): higher is easier."""
    return 207 - 1.015 * (m["words"] / m["sentences"]) - 73.6 * (m["syllables"] / m["words"])


def flesch_ease(m: dict[str, float]) -> float:
    return 206.835 - 1.015 * (m["words"] / m["sentences"]) - 84.6 * (m["syllables"] / m["words"])


class Readability(Rule):
    kind = "readability"
    whole_doc = True
    KEYS = COMMON_KEYS | {"metrics", "grade"}

    def __init__(self, name: str, data: dict[str, Any], path: str, line: int,
                 accepted: list[str]) -> None:
        super().__init__(name, data, path, line)
        names = strings(data, "metrics")
        if not names:
            raise RuleError(f"'metrics' must list some of {', '.join(GRADES)}", ("metrics",))
        for i, n in enumerate(names):
            if n not in GRADES:
                raise RuleError(f"unknown metric {n!r}; use {', '.join(GRADES)}",
                                ("metrics", i))
        self.funcs = [GRADES[n] for n in names]
        self.metric_names = names
        grade = data.get("grade")
        if isinstance(grade, bool) or not isinstance(grade, int | float):
            raise RuleError("'grade' must be a number, e.g. 8", ("grade",))
        self.grade = float(grade)
        self.scope = Scope("summary")

    def run(self, block: Block, doc: Doc) -> list[Alert]:
        src = getattr(doc, "summary_doc", doc)
        m = src.metrics(doc.counts() if hasattr(doc, "counts") else None)
        if not m["words"]:
            return []
        try:
            score = sum(f(m) for f in self.funcs) / len(self.funcs)
        except (ZeroDivisionError, ValueError):
            return []
        if score > self.grade:
            return [Alert(0, 0, format_message(self.message, f"{score:.2f}"), whole=True)]
        return []
