"""What the last site generation made from which inputs, so the next one redoes only
what changed: a post page whose post, records, metrics and state are as before is left
as it is; publish records are read again only where their file changed; KPIs, their
charts and CSV files only when the metrics history, the records or the day changed.

Kept in site/_generated/.smm-cache (git-ignored, beside the pages it describes) as
`marshal` data of plain values (never code, never pickle: a foreign file is read as
data or ignored). Everything is keyed by a fingerprint of smm's own code and the
brand's configuration, so a change to either starts afresh.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from smm import __version__
from smm.project import Project

_VERSION = 1
NAME = ".smm-cache"


def digest(value: Any) -> str:
    """A short stable hash of a plain value's repr."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def _code() -> list[tuple[str, int, int]]:
    """smm's own files (what renders the pages): their sizes and times."""
    base = Path(__file__).resolve().parents[1]
    out = []
    for dirpath, _dirs, files in os.walk(base):
        for name in files:
            if name.endswith((".py", ".j2", ".css", ".js", ".yml", ".yaml")):
                p = os.path.join(dirpath, name)
                with contextlib.suppress(OSError):
                    st = os.stat(p)
                    out.append((p[len(str(base)):], st.st_mtime_ns, st.st_size))
    return sorted(out)


def fingerprint(project: Project, extra: Any = None) -> str:
    """What every page depends on: smm's code and version, Python's, strategy.yaml,
    brand/brand.yaml and the site's configuration."""
    parts: list[Any] = [_VERSION, __version__, sys.version, _code(), extra]
    for rel in ("strategy.yaml", "brand/brand.yaml", "site/mkdocs.yml"):
        try:
            parts.append((rel, (project.root / rel).read_bytes()))
        except OSError:
            parts.append((rel, None))
    return digest(parts)


_PARTS = ("ledger", "pages", "kpi", "ics")


class Memo:
    """The cache, in one file per part (publish records, page keys, KPIs, calendar
    events), each read whole and written only when it changed."""

    def __init__(self, folder: Path, fp: str, data: dict[str, Any] | None = None):
        self.folder = folder
        self.fp = fp
        data = data or {}
        self.ledger: dict[str, tuple[str, Any]] = data.get("ledger") or {}
        self.pages: dict[str, str] = data.get("pages") or {}
        self.kpi: dict[str, Any] = data.get("kpi") or {}
        self.ics: dict[str, str] = data.get("ics") or {}  # a post's events, by its key
        self._same = dict(data)  # what was read, to tell what changed

    @classmethod
    def load(cls, folder: Path, fp: str) -> Memo:
        data: dict[str, Any] = {}
        for part in _PARTS:
            try:
                raw = marshal.loads((folder / f"{NAME}-{part}").read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                continue
            # Another smm, another configuration: nothing in it is ours to reuse.
            if isinstance(raw, tuple) and len(raw) == 3 and raw[:2] == (_VERSION, fp):
                data[part] = raw[2]
        return cls(folder, fp, data)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for part in _PARTS:
            value = getattr(self, part)
            if part in self._same and self._same[part] == value:
                continue  # as read: not written again
            path = self.folder / f"{NAME}-{part}"
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(marshal.dumps((_VERSION, self.fp, value)))
            os.replace(tmp, path)


# -- plain values for the KPI results (dataclasses of smm.metrics.kpi) ---------------

_KINDS = ("smm.metrics.",)  # the modules whose dataclasses may be rebuilt from the cache


def pack(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        cls = type(v)
        return ("@dc", cls.__module__, cls.__qualname__,
                {f.name: pack(getattr(v, f.name)) for f in dataclasses.fields(v)})
    if isinstance(v, dt.datetime):
        return ("@dt", v.isoformat())
    if isinstance(v, dt.date):
        return ("@d", v.isoformat())
    if isinstance(v, list):
        return [pack(x) for x in v]
    if isinstance(v, tuple):
        return ("@t", [pack(x) for x in v])
    if isinstance(v, dict):
        return {k: pack(x) for k, x in v.items()}
    return v


def unpack(v: Any) -> Any:
    if isinstance(v, tuple) and v and isinstance(v[0], str) and v[0].startswith("@"):
        tag = v[0]
        if tag == "@dc":
            _tag, module, name, fields = v
            if not module.startswith(_KINDS):
                raise ValueError(f"not a cached kind: {module}.{name}")
            cls: Any = sys.modules[module]
            for part in name.split("."):
                cls = getattr(cls, part)
            return cls(**{k: unpack(x) for k, x in fields.items()})
        if tag == "@dt":
            return dt.datetime.fromisoformat(v[1])
        if tag == "@d":
            return dt.date.fromisoformat(v[1])
        if tag == "@t":
            return tuple(unpack(x) for x in v[1])
    if isinstance(v, list):
        return [unpack(x) for x in v]
    if isinstance(v, dict):
        return {k: unpack(x) for k, x in v.items()}
    return v
