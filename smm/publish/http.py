"""HTTP for the clients: explicit timeouts, safe retries, errors free of secrets.

Whether a failed request may have taken effect decides everything downstream:
- not sent, or refused before acting (connect errors, 429, 503): retried with backoff,
  honouring Retry-After, a bounded number of times;
- maybe applied (read timeout, dropped connection, other 5xx) on a request that changes
  something: never retried here; PublishError(maybe_posted=True);
- requests with no effect or with an idempotency guard (`safe=True`: GETs, Mastodon
  with Idempotency-Key, Bluesky with a fixed rkey) are retried on any transient error;
  when the retries run out, a guarded request still reports maybe_posted: the caller
  reconciles through the same guard.
"""

from __future__ import annotations

import email.utils
import functools
import ssl
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from smm import secrets
from smm.errors import PublishError

NOT_APPLIED = (429, 503)  # the server refused before doing anything
TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=10.0)


class Http:
    """One platform's connection: base URL, auth headers and secret values to scrub."""

    def __init__(self, base: str, *, headers: dict[str, str] | None = None,
                 secrets: Iterable[str] = (), timeout: httpx.Timeout | float = TIMEOUT,
                 retries: int = 3, max_wait: float = 120.0,
                 sleep: Callable[[float], None] | None = None, label: str = ""):
        self.base = base.rstrip("/")
        self.secrets = [s for s in secrets if s]
        self.retries = retries
        self.max_wait = max_wait
        self.sleep = sleep or _sleep
        self.label = label
        try:
            self.client = httpx.Client(headers=headers or {}, timeout=timeout,
                                       follow_redirects=False, verify=_tls())
        except (UnicodeError, ValueError, TypeError) as e:  # nothing was sent
            raise PublishError(f"{label}cannot build a request ({type(e).__name__}): a "
                               "credential or header holds a character HTTP cannot send"
                               ) from None

    def close(self) -> None:
        self.client.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base + path

    def call(self, method: str, path: str, *, safe: bool = False,
             ok: Iterable[int] = (200, 201, 202), **kw: Any) -> httpx.Response:
        """The response when its status is in `ok`; PublishError otherwise."""
        url = self.url(path)
        effect = method not in ("GET", "HEAD")  # a failure after sending may have acted
        what = f"{self.label}{method} {self._clean(_no_query(url))}"
        ok = tuple(ok)
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                req = self.client.build_request(method, url, **kw)
            except (UnicodeError, ValueError, TypeError, httpx.InvalidURL) as e:
                raise PublishError(f"{what}: cannot build the request ({type(e).__name__}); "
                                   "nothing was sent") from None
            try:
                resp = self.client.send(req)
            except (httpx.LocalProtocolError, httpx.UnsupportedProtocol) as e:
                # Refused on this side, before a byte left: never "may have taken effect".
                raise PublishError(f"{what}: cannot send the request ({type(e).__name__}); "
                                   "nothing was sent") from None
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as e:
                if last:
                    raise PublishError(f"{what}: cannot connect ({type(e).__name__})") from None
                self.sleep(_backoff(attempt))
                continue
            except httpx.TransportError as e:  # sent; the answer was lost
                if safe and not last:
                    self.sleep(_backoff(attempt))
                    continue
                raise PublishError(f"{what}: no answer ({type(e).__name__})"
                                   + ("; it may have taken effect" if effect else ""),
                                   maybe_posted=effect) from None
            if resp.status_code in ok:
                return resp
            wait = _retry_after(resp)
            refused = resp.status_code in NOT_APPLIED
            transient = refused or (safe and resp.status_code >= 500)
            if transient and not last and (wait or 0) <= self.max_wait:
                self.sleep(wait if wait is not None else _backoff(attempt))
                continue
            maybe = effect and resp.status_code >= 500 and not refused
            raise PublishError(f"{what}: HTTP {resp.status_code}: {self._body(resp)}"
                               + ("; it may have taken effect" if maybe else ""),
                               maybe_posted=maybe, retry_after=wait, status=resp.status_code)
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, **kw: Any) -> Any:
        resp = self.call(method, path, **kw)
        try:
            return resp.json()
        except ValueError:
            raise PublishError(f"{self.label}{method} {_no_query(path)}: the answer is not "
                               "JSON", maybe_posted=method not in ("GET", "HEAD"),
                               status=resp.status_code) from None

    def _body(self, resp: httpx.Response) -> str:
        # Scrub before cutting (a cut could leave half a token that no longer matches)
        # and before folding spaces (a secret with a tab would no longer match).
        text = self._clean(" ".join(self._clean(resp.text).split()))[:300]
        return text or resp.reason_phrase

    def _clean(self, text: str) -> str:
        """Every form of this connection's secrets and of the environment's gone
        (smm.secrets): a server may echo a request JSON-escaped or base64-encoded."""
        return secrets.scrub(text, [*self.secrets, *secrets.values()])


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context for every client: building one costs ~50 ms."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _sleep(seconds: float) -> None:
    time.sleep(seconds * SPEED)


SPEED = 1.0  # tests scale every wait down; production never changes it


def _no_query(url: str) -> str:
    # Query strings may carry tokens on some APIs: never echo them.
    return url.split("?", 1)[0]


def _backoff(attempt: int) -> float:
    return min(30.0, 0.5 * 2**attempt)


def _retry_after(resp: httpx.Response) -> float | None:
    v = resp.headers.get("retry-after")
    if not v:
        return None
    try:
        return max(0.0, float(v))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError):
        return None
    # An HTTP date is read against the server's own Date header when it sends one: a
    # wait between two of its clocks, whatever this machine's clock or smm's "now" say.
    try:
        ref = email.utils.parsedate_to_datetime(resp.headers.get("date", ""))
    except (TypeError, ValueError):
        from smm import clock

        ref = clock.wall()
    try:
        return max(0.0, (when - ref).total_seconds())
    except TypeError:  # one naive, one aware
        return None
