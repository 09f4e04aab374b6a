"""What every client shares: the Result, credentials from the environment, HTTP."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from smm.errors import ConfigError, CredentialsError, PublishError
from smm.project import Channel
from smm.publish.http import Http
from smm.secrets import header_safe

if TYPE_CHECKING:
    from smm.publish.ledger import Record
    from smm.publish.view import PostView


@dataclass
class Result:
    platform_id: str | None
    url: str | None
    thread_ids: list[str] = field(default_factory=list)


class _RetrySafe:
    def __repr__(self) -> str:
        return "RETRY_SAFE"


# reconcile: publishing again cannot make a duplicate (the platform has nothing, or
# its own guard -- an rkey, an Idempotency-Key -- will return what it has).
RETRY_SAFE = _RetrySafe()


class Partial(PublishError):
    """A failure after some effect: carries what a later reconcile needs (`guard`) and
    the thread ids already posted."""

    def __init__(self, cause: PublishError, *, guard: dict[str, Any] | None = None,
                 thread_ids: list[str] | None = None, maybe_posted: bool | None = None):
        # Once a part is out, the post has taken effect whatever failed next.
        maybe = cause.maybe_posted or bool(thread_ids) if maybe_posted is None else maybe_posted
        super().__init__(cause.message, status=cause.status, retry_after=cause.retry_after,
                         maybe_posted=maybe)
        self.guard = guard or {}
        self.thread_ids = thread_ids or []


class Client:
    platform: ClassVar[str] = ""
    default_api: ClassVar[str] = ""
    # secret fields this client needs, e.g. ("token",) -> SMM_<CHANNEL>_TOKEN
    secrets: ClassVar[tuple[str, ...]] = ("token",)
    # those of them sent in an HTTP header (a bearer token): None for all of them
    header_secrets: ClassVar[tuple[str, ...] | None] = None

    def __init__(self, channel: Channel, **opts: Any):
        from smm import clock

        self.channel = channel
        # The run's "now" (smm.clock): record times and key lifetimes are judged by it.
        self.now: dt.datetime = opts.pop("now", None) or clock.now()
        self.opts = opts
        self._conn: Http | None = None

    @property
    def base(self) -> str:
        return self.channel.base_url or self.default_api

    def setting(self, key: str) -> str:
        """A required id from the channel's entry in strategy.yaml (page_id, user_id)."""
        value = self.channel.config.get(key)
        if not value:
            raise ConfigError(f"channel {self.channel.id}: set {key} in strategy.yaml")
        return str(value)

    def secret(self, fld: str) -> str:
        """A credential, or CredentialsError naming the variable to set (never a value)."""
        value = self.channel.secret(fld)
        if not value:
            raise CredentialsError(
                f"channel {self.channel.id}: no credentials: set the environment variable "
                f"{self.channel.env_name(fld)} (in GitHub: a repository secret passed to "
                "the publish workflow)")
        return value

    def check_credentials(self) -> None:
        """Every credential set, and sendable: a token that cannot go in a header would
        fail once the run has claimed the post (and the platform may be half-called)."""
        in_header = self.secrets if self.header_secrets is None else self.header_secrets
        for f in self.secrets:
            value = self.secret(f)
            if f in in_header and not header_safe(value):
                raise CredentialsError(
                    f"channel {self.channel.id}: {self.channel.env_name(f)} holds a character "
                    "an HTTP header cannot carry (a space, a control character or a letter "
                    "beyond ASCII): set it again to the token exactly")

    def http(self, headers: dict[str, str] | None = None, base: str | None = None) -> Http:
        """A connection with the given auth headers; every secret of the channel is
        scrubbed from its error messages."""
        values = [v for f in self.secrets if (v := self.channel.secret(f))]
        opts = dict(self.opts)
        if "timeout" not in opts and isinstance(self.channel.config.get("timeout"), int | float):
            opts["timeout"] = float(self.channel.config["timeout"])  # strategy.yaml, seconds
        h = Http(base or self.base, headers=headers, secrets=values,
                 label=f"{self.channel.id}: ", **opts)
        self._conn = h
        return h

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def plan(self, view: PostView) -> list[str]:
        """The calls a real run makes, for the dry run."""
        return [f"POST {self.base}"]

    def publish(self, view: PostView) -> Result:
        raise NotImplementedError

    def comment(self, record: Record, text: str) -> Result:
        """Post `text` as the first comment under the published `record`
        (smm.publish.comment); the platforms that take one override this."""
        raise PublishError(f"{self.channel.id}: {self.platform} takes no first comment")

    def reconcile(self, record: Record) -> Result | _RetrySafe | None:
        """Ask the platform whether a claimed or unknown publication took effect.
        None: cannot tell; a person must look."""
        return None


def stable_key(*parts: object) -> str:
    """A key fixed by the post, channel and part: the same in every run."""
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]
