"""The publish record: one small YAML file a post and channel on the state branch,
`ledger/<post-id>/<channel>.yaml`.

States: `claimed` (a run owns it and may be calling the API), `published`, `failed`
(known not to have taken effect), `missed` (fell due outside the catch-up window) and
`unknown` (may have taken effect: reconciled by asking the platform, or left for a
person). Writes are compare-and-swap on the record a run last read, so two runs never
both think they own a post.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from smm import secrets
from smm.content import YEARS
from smm.state import State
from smm.yamlio import load_plain

PREFIX = "ledger/"
STATES = ("claimed", "published", "failed", "missed", "unknown")
DONE = ("published", "missed")


@dataclass
class Record:
    post_id: str
    channel: str
    state: str
    platform_id: str | None = None
    url: str | None = None
    thread_ids: list[str] = field(default_factory=list)
    claimed_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    run: str | None = None
    attempts: int = 0
    error: str | None = None
    content_hash: str | None = None
    # What a later run needs to reconcile: idempotency keys, rkeys, container ids.
    guard: dict[str, Any] = field(default_factory=dict)
    # The first comment's own claim and outcome (smm.publish.comment): state, run,
    # attempts, claimed_at, finished_at, id, url, error.
    comment: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return path_for(self.post_id, self.channel)

    def dump(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v not in (None, [], {})}
        for k in ("claimed_at", "finished_at"):
            if isinstance(data.get(k), dt.datetime):
                data[k] = data[k].isoformat()
        # An error may quote a platform's answer, which may echo a credential: the
        # record is pushed to a branch anyone with read access sees.
        for k in ("error", "url"):
            if isinstance(data.get(k), str):
                data[k] = secrets.scrub(data[k])
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    @classmethod
    def load(cls, text: str) -> Record | None:
        """None for a file that is not a record (a person edited it badly): reported by
        `status` rather than crashing a run."""
        try:
            data = load_plain(text)
        except yaml.YAMLError:
            return None
        if not isinstance(data, dict) or data.get("state") not in STATES \
                or not isinstance(data.get("post_id"), str) \
                or not isinstance(data.get("channel"), str):
            return None
        known = {f for f in cls.__dataclass_fields__}
        kw = {k: v for k, v in data.items() if k in known}
        for k in ("claimed_at", "finished_at"):
            kw[k] = _when(kw.get(k))
        ids = kw.get("thread_ids")
        kw["thread_ids"] = [str(x) for x in ids] if isinstance(ids, list) else []
        if "attempts" in kw and not (isinstance(kw["attempts"], int)
                                     and not isinstance(kw["attempts"], bool)
                                     and 0 <= kw["attempts"] <= 10**6):
            kw["attempts"] = 0
        kw["guard"] = kw.get("guard") if isinstance(kw.get("guard"), dict) else {}
        kw["comment"] = kw.get("comment") if isinstance(kw.get("comment"), dict) else {}
        for k in ("platform_id", "url", "run", "error", "content_hash"):
            if kw.get(k) is not None:
                kw[k] = str(kw[k])
        try:
            return cls(**kw)
        except TypeError:
            return None


def _when(v: Any) -> dt.datetime | None:
    """A record's time, aware; None when unreadable, or so far off that time zones and
    calendars would overflow on it (smm.content.YEARS)."""
    if isinstance(v, str):
        try:
            v = dt.datetime.fromisoformat(v)
        except ValueError:
            return None
    if not isinstance(v, dt.datetime) or not YEARS[0] <= v.year <= YEARS[1]:
        return None
    return v if v.tzinfo else v.replace(tzinfo=dt.UTC)


def path_for(post_id: str, channel: str) -> str:
    return f"{PREFIX}{post_id}/{channel}.yaml"


def read(state: State, post_id: str, channel: str) -> Record | None:
    text = state.read(path_for(post_id, channel))
    return Record.load(text) if text is not None else None


def find(state: State, ids: list[str], channel: str) -> Record | None:
    """The record of a post under its id or any id it had before a rename."""
    for pid in ids:
        rec = read(state, pid, channel)
        if rec is not None:
            return rec
    return None


def load_all(state: State) -> list[Record]:
    out: list[Record] = []
    for path in state.list(PREFIX):
        text = state.read(path) if path.endswith(".yaml") else None
        rec = Record.load(text) if text is not None else None
        if rec is not None:
            out.append(rec)
    return out


def swap(state: State, expect: Record | None, new: Record, message: str,
         *, tries: int = 8) -> bool:
    """Write `new` only while the stored record still equals `expect` (compare-and-swap
    over git pushes). False when someone else changed it first: they own it now."""
    for _ in range(tries):
        cur = read(state, new.post_id, new.channel)
        if _ident(cur) != _ident(expect):
            return False
        # A claim is a lock only once the remote has it: never kept back locally.
        if state.commit({new.path: new.dump()}, message, keep=new.state != "claimed"):
            return True
        # The push lost to another writer (any file): re-read and look again.
    return False


def _ident(r: Record | None) -> tuple[Any, ...] | None:
    if r is None:
        return None
    c = r.comment
    return (r.state, r.run, r.attempts, r.claimed_at,
            c.get("state"), c.get("run"), c.get("attempts")) if c else \
        (r.state, r.run, r.attempts, r.claimed_at)


def content_hash(parts: list[str], media: list[tuple[str, str | None]]) -> str:
    """What was sent, fingerprinted: an edit after publishing changes it."""
    h = hashlib.sha256()
    for p in parts:
        h.update(b"P" + p.encode("utf-8") + b"\0")
    for f, alt in media:
        h.update(b"M" + f.encode("utf-8") + b"\0" + (alt or "").encode("utf-8") + b"\0")
    return "sha256:" + h.hexdigest()[:32]
