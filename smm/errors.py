"""The exceptions smm raises, in one tree.

SmmError                  base of everything smm raises on purpose
├── ConfigError           bad configuration (strategy.yaml, brand/, rule files): exit 2
├── UsageError            bad command-line usage: exit 2
└── PublishError          a platform call failed; carries whether it may have taken effect
    └── CredentialsError  a channel's SMM_<CHANNEL>_<FIELD> variable is missing

Problems found *in content* are never exceptions: they are Diagnostics (smm.diagnostics),
so that one bad post never stops the others from being checked.
"""

from __future__ import annotations


class SmmError(Exception):
    """Base class; `str()` is a message fit for a person, never holding a secret."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class ConfigError(SmmError):
    exit_code = 2


class UsageError(SmmError):
    exit_code = 2


class PublishError(SmmError):
    """`maybe_posted` is True when the request may have reached the platform and taken
    effect (timeout, dropped connection, 5xx after the body was sent): such a failure
    must never be retried blindly."""

    def __init__(
        self,
        message: str,
        *,
        maybe_posted: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ):
        super().__init__(message)
        self.maybe_posted = maybe_posted
        self.retry_after = retry_after
        self.status = status


class CredentialsError(PublishError):
    pass
