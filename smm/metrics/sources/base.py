"""What every metrics source shares: an HTTP client that retries reads and turns
failures into messages fit for a person (never holding a credential)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import httpx

from smm.errors import SmmError
from smm.project import Channel

T = TypeVar("T")

# Reads are idempotent, so 429 and 5xx are retried; a Retry-After longer than this is
# not waited out (a daily job should fail that channel and let the next run catch up).
MAX_ATTEMPTS = 3
MAX_WAIT = 30.0


class MetricsError(SmmError):
    """A channel's metrics could not be read (credentials, HTTP error, bad response)."""


@dataclass
class PostRef:
    """A published post on one channel, as a source needs it."""

    post_id: str
    platform_id: str
    url: str
    age_days: int | None = None  # days since it went out (X hides some metrics after 30)


@dataclass
class Fetched:
    """What a source read: raw metrics per post id and for the account, plus problems
    with single posts (a deleted post must not fail its channel)."""

    posts: dict[str, dict[str, float]] = field(default_factory=dict)
    account: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


    def index(self, posts: Sequence[PostRef], key: Callable[[PostRef], str | None],
              missing: str) -> dict[str, PostRef]:
        """Posts by the platform key a batch API takes; a post without one is a
        warning (`missing` says what it lacks), not a failure of the channel."""
        out: dict[str, PostRef] = {}
        for p in posts:
            k = key(p)
            if k:
                out[k] = p
            else:
                self.warnings.append(f"{p.post_id}: {missing}")
        return out


class Fetch(Protocol):
    """Each source module's `fetch`: read one channel's post and account metrics."""

    def __call__(self, channel: Channel, posts: Sequence[PostRef],
                 progress: Progress) -> Fetched: ...


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def number(value: Any) -> float | None:
    """A count from JSON: numbers, or digit strings (YouTube sends strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def numbers(obj: Mapping[str, Any] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in (obj or {}).items():
        n = number(v)
        if n is not None:
            out[str(k)] = n
    return out


class Api:
    """httpx.Client around one channel's base URL."""

    def __init__(self, channel: Channel, base_url: str, *, headers: Mapping[str, str] | None = None,
                 params: Mapping[str, str] | None = None, timeout: float = 20.0,
                 sleep: Any = time.sleep):
        self.channel = channel
        self.base = base_url.rstrip("/")
        try:
            self.client = httpx.Client(timeout=timeout, headers=dict(headers or {}))
        except (UnicodeError, ValueError, TypeError):  # the channel's other sources go on
            raise MetricsError(f"a credential in {channel.env_prefix}* holds a character an "
                               "HTTP header cannot carry (a space, a control character or a "
                               "letter beyond ASCII): set it again to the token exactly"
                               ) from None
        self.params = dict(params or {})
        self.sleep = sleep

    def close(self) -> None:
        self.client.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base + path

    def get(self, path: str, params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
            **kw: Any) -> Any:
        return self.request("GET", path, params=params, **kw)

    def request(self, method: str, path: str, *, params: Any = None, json: Any = None,
                headers: Mapping[str, str] | None = None, ok404: bool = False) -> Any:
        if isinstance(params, Mapping) or params is None:
            merged: Any = {**self.params, **(params or {})}
        else:
            merged = [*self.params.items(), *params]
        what = f"{method} {path.split('?')[0]}"
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                r = self.client.request(method, self.url(path), params=merged or None,
                                        json=json, headers=headers)
            except httpx.TimeoutException:
                if attempt < MAX_ATTEMPTS:
                    continue
                raise MetricsError(f"{what}: no answer from {self.base} (timed out)") from None
            except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as e:
                raise MetricsError(f"{what}: cannot reach {self.base}: "
                                   f"{type(e).__name__}") from None
            if r.status_code == 404 and ok404:
                return None
            if (r.status_code == 429 or r.status_code >= 500) and attempt < MAX_ATTEMPTS:
                wait = _retry_after(r.headers.get("retry-after"), attempt)
                if wait <= MAX_WAIT:
                    self.sleep(wait)
                    continue
            if r.status_code >= 400:
                raise MetricsError(f"{what}: HTTP {r.status_code}{_detail(r)}"
                                   + _hint(r.status_code, self.channel))
            try:
                return r.json()
            except ValueError:
                raise MetricsError(f"{what}: the answer is not JSON") from None
        raise MetricsError(f"{what}: gave up after {MAX_ATTEMPTS} attempts")  # pragma: no cover


def _retry_after(value: str | None, attempt: int) -> float:
    try:
        return max(0.0, float(value)) if value is not None else 2.0 ** attempt
    except ValueError:
        return 2.0 ** attempt


def _detail(r: httpx.Response) -> str:
    """A short reason from the platform's error body, which shapes vary by platform."""
    try:
        body = r.json()
    except ValueError:
        return ""
    msg: Any = None
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            msg = err.get("message") or err.get("code")
        elif isinstance(err, str):
            msg = body.get("message") or body.get("error_description") or err
        msg = msg or body.get("detail") or body.get("title") or body.get("message")
        errs = body.get("errors")
        if not msg and isinstance(errs, list) and errs and isinstance(errs[0], dict):
            msg = errs[0].get("message") or errs[0].get("detail")
    return f" ({str(msg)[:200]})" if msg else ""


def _hint(status: int, channel: Channel) -> str:
    if status in (401, 403):
        return (f": check the credentials in {channel.env_prefix}* and that they allow "
                "reading insights")
    return ""


def need(channel: Channel, fld: str, *fallbacks: str) -> str:
    """A required credential, or a MetricsError saying which variable to set. Field
    names are the publisher's (smm/publish/clients), so one secret serves both jobs."""
    for f in (fld, *fallbacks):
        value = channel.secret(f)
        if value:
            return value
    raise MetricsError(f"no credentials: set {channel.env_name(fld)}")


def base_url(channel: Channel, default: str) -> str:
    return channel.base_url or default


def ensure_dict(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MetricsError(f"{what}: unexpected answer (not a JSON object)")
    return data
