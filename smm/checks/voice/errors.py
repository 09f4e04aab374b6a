"""VoiceConfigError, kept apart so that importing it loads nothing else."""

from __future__ import annotations

from smm.errors import ConfigError


class VoiceConfigError(ConfigError):
    """A bad rule file, vocabulary or `voice:` section: `path` and `line` say where."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message, path=path, line=line)
