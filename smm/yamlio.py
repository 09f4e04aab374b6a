"""YAML in, with a line and column for every value.

Reading uses libyaml's composer (PyYAML's C binding, ~0.05 ms for a post's
front-matter, 50x faster than ruamel.yaml's pure-Python round-trip loader, which
matters when pre-commit validates thousands of posts) and turns the node tree into
plain Python values plus a map from key paths to positions. Writing files a person
edits (smm new, smm init, previous_ids updates) uses ruamel.yaml, which keeps
comments and key order.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from smm import _yamlfast

if TYPE_CHECKING:
    from pathlib import Path

    import yaml

# PyYAML is imported only when smm._yamlfast steps aside (or for load_plain): the
# import alone costs a pre-commit run 100 M instructions.


def _loader() -> type:
    import yaml

    # the C composer when libyaml is there, the pure one otherwise
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str | int, ...]


class YamlError(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Located:
    """A loaded document: `data`, and `marks[path] = (line, column)` (1-based) for the
    value at each key path, `keys[path]` for the key itself.

    A plain class, not a dataclass: one is made per post, and the generated __init__
    with its default factories costs twice this one. The lines `key: value` that
    smm._yamlfast reads are kept as `rows`, one for each line from the first (its
    (key, value, column, item columns), or None), and enter marks and keys when these
    are first asked for: most posts only ever need one position (publish_at's), which
    pos finds in the rows."""

    __slots__ = ("data", "_marks", "_keys", "line_offset", "rows", "rest")

    def __init__(self, data: Any, marks: dict[KeyPath, tuple[int, int]] | None = None,
                 keys: dict[KeyPath, tuple[int, int]] | None = None,
                 line_offset: int = 0) -> None:
        self.data = data
        self._marks = {} if marks is None else marks
        self._keys = {} if keys is None else keys
        self.line_offset = line_offset
        self.rows: list[tuple[str, Any, int, tuple[int, ...] | None] | None] | None = None
        # The text after the first line when every line is `key: value` (smm._yamlfast):
        # two such documents with the same rest hold the same keys and values but the
        # first, which their first line holds. A key for what callers derive from them.
        self.rest: str | None = None

    @property
    def marks(self) -> dict[KeyPath, tuple[int, int]]:
        if self.rows:
            self._unfold()
        return self._marks

    @property
    def keys(self) -> dict[KeyPath, tuple[int, int]]:
        if self.rows:
            self._unfold()
        return self._keys

    def _unfold(self) -> None:
        rows, self.rows = self.rows or [], None
        marks, keys = self._marks, self._keys
        line = self.line_offset
        for row in rows:
            line += 1
            if row is None:
                continue
            key, _, col, cols = row
            if () not in marks:  # the first key is a row's (else a block's, marked)
                marks[()] = (line, 1)
            keys[(key,)] = (line, 1)
            marks[(key,)] = (line, col)
            for k, c in enumerate(cols or ()):
                marks[(key, k)] = (line, c)

    def pos(self, *path: str | int) -> tuple[int, int]:
        """Best known position for a path: the value's, else the nearest parent's."""
        if self.rows:
            if len(path) == 1:
                line = self.line_offset
                for row in self.rows:
                    line += 1
                    if row is not None and row[0] == path[0]:
                        return line, row[2]
            self._unfold()
        marks = self._marks
        p: KeyPath = tuple(path)
        while p:
            if p in marks:
                return marks[p]
            p = p[:-1]
        return marks.get((), (1 + self.line_offset, 1))

    def key_pos(self, *path: str | int) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.pos(*path)


def load(text: str, line_offset: int = 0, *, memo: Path | None = None) -> Located:
    """Parse one YAML document. Raises YamlError with a 1-based position. `memo`: a
    brand folder whose .smm-cache keeps parsed configuration files (smm._docmemo)."""
    if memo is not None and not line_offset:
        from smm import _docmemo

        docs = _docmemo.docs(memo)
        hit = docs.get(text)
        if hit is not None:
            return Located(hit[0], hit[1], hit[2], line_offset)
        out = load(text, line_offset)
        docs.put(text, (out.data, out.marks, out.keys))
        return out
    out = Located(None, None, None, line_offset)
    if _yamlfast.load(text, line_offset, out):  # the usual flat front-matter
        return out
    import yaml

    try:
        loader = _loader()(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        msg = " ".join(x for x in (e.context, e.problem) if x) or "invalid YAML"
        ctx = e.context_mark
        if ctx is not None and mark is not None and ctx.line != mark.line:
            # An unclosed bracket or quote is noticed where the file ends; the place to
            # fix is where it opened.
            msg += f" (it started at line {ctx.line + 1 + line_offset}, column {ctx.column + 1})"
        raise YamlError(f"invalid YAML: {msg}", line, col) from None
    except yaml.YAMLError as e:  # reader errors: control characters and the like
        raise YamlError(f"invalid YAML: {e}", 1 + line_offset, 1) from None
    except RecursionError:  # the pure-Python composer (no libyaml) on deep nesting
        raise YamlError(f"invalid YAML: values nested more than {MAX_DEPTH} deep",
                        1 + line_offset, 1) from None
    if node is None:
        return out
    out.data = _convert(node, (), out, line_offset, _Budget())
    return out


# Bounds on what a document may expand to. An alias (`*name`) stands for its anchor's
# whole value: nine levels of nine aliases each ("billion laughs") expand a few lines
# into 387 M values, and `&a [*a]` into an endless one. No file people write needs more
# than a few aliases, or values nested more than a few levels deep.
MAX_ALIASED = 10_000  # values reached through aliases, in all
MAX_DEPTH = 100  # values nested in values


class _Budget:
    """What _convert spends: values reached through aliases, the collections being
    converted (a cycle), the collections already converted (an alias's anchor)."""

    __slots__ = ("aliased", "open", "done")

    def __init__(self) -> None:
        self.aliased = 0
        self.open: set[int] = set()
        self.done: set[int] = set()


def _convert(node: yaml.Node, path: KeyPath, out: Located, off: int, budget: _Budget,
             alias: bool = False) -> Any:
    import yaml

    line, col = node.start_mark.line + 1 + off, node.start_mark.column + 1
    out._marks[path] = (line, col)
    if alias:
        budget.aliased += 1
        if budget.aliased > MAX_ALIASED:
            raise YamlError(f"the aliases (*name) of this document expand to more than "
                            f"{MAX_ALIASED:,} values (this one among those they repeat): "
                            "write the values out, or use fewer aliases", line, col)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    key = id(node)
    if key in budget.open:
        raise YamlError("an alias (*name) refers to the value that holds it, which would "
                        "never end: remove the alias", line, col)
    if len(path) >= MAX_DEPTH:
        raise YamlError(f"values nested more than {MAX_DEPTH} deep: flatten them", line, col)
    # A collection met again is an alias of it: what it holds is counted from there.
    alias = alias or key in budget.done
    budget.open.add(key)
    try:
        return _collection(node, path, out, off, budget, alias)
    finally:
        budget.open.discard(key)
        budget.done.add(key)


def _collection(node: yaml.Node, path: KeyPath, out: Located, off: int, budget: _Budget,
                alias: bool) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise YamlError(
                    "a key must be plain text", knode.start_mark.line + 1 + off,
                    knode.start_mark.column + 1,
                )
            key = _scalar(knode)
            if isinstance(key, _dt.date | _dt.datetime) or key is None:
                key = knode.value
            if key in result:
                raise YamlError(
                    f"duplicate key {key!r}", knode.start_mark.line + 1 + off,
                    knode.start_mark.column + 1,
                )
            kpath = (*path, str(key) if not isinstance(key, int | bool) else key)
            out._keys[kpath] = (knode.start_mark.line + 1 + off, knode.start_mark.column + 1)
            result[key] = _convert(vnode, kpath, out, off, budget, alias)
        return result
    assert isinstance(node, yaml.SequenceNode)
    return [_convert(v, (*path, i), out, off, budget, alias) for i, v in enumerate(node.value)]


def _scalar(node: yaml.ScalarNode) -> Any:
    import yaml

    tag = node.tag
    value = node.value
    if tag == "tag:yaml.org,2002:str":
        return value
    try:
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:int":
            return int(value.replace("_", ""), 0) if not value.startswith("0") or value == "0" \
                else _construct(node)
        if tag == "tag:yaml.org,2002:float":
            return float(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:null":
            return None
        return _construct(node)
    except (ValueError, yaml.YAMLError):
        return value  # odd scalars stay text; the schema check then names the field


_constructor: Any = None  # stateless for scalars: made once, reused


def _construct(node: yaml.ScalarNode) -> Any:
    global _constructor
    if _constructor is None:
        import yaml

        _constructor = yaml.constructor.SafeConstructor()
    return _constructor.construct_object(node, deep=True)


def load_plain(text: str) -> Any:
    """Plain values without positions, through libyaml (about 20x faster than
    yaml.safe_load's pure-Python parser): for machine-written files such as publish
    records, read by the thousand. Raises yaml.YAMLError. A document with aliases is
    read as `load` reads it, within the same bounds: PyYAML shares an alias's value
    rather than copying it, but whatever walks the value later would not."""
    import yaml

    if "*" in text and "&" in text:  # machine-written files hold no aliases
        try:
            return load(text).data
        except YamlError as e:
            raise yaml.YAMLError(f"line {e.line}: {e.message}") from None
    return yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader either way


def dump_roundtrip(data: Any) -> str:
    """Dump with ruamel.yaml (block style, key order kept): files meant for people."""
    import io

    from ruamel.yaml import YAML

    y = YAML()
    y.default_flow_style = False
    y.width = 100
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()
