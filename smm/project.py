"""Find the brand root(s), load strategy.yaml and brand/brand.yaml into a Project.

Configuration problems are fatal for the brand they belong to (exit 2): they are
collected, all of them, and raised together as one ConfigError naming file and line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smm import yamlio
from smm.errors import ConfigError

STRATEGY = "strategy.yaml"
STRATEGY_KEYS = {
    "brand", "timezone", "lang", "languages", "goals", "audiences", "channels", "cadence",
    "publishing", "metrics", "kpis", "site", "frozen_now", "campaigns", "queue", "utm",
}
CAMPAIGN_KEYS = {"id", "name", "brief", "goal", "audience", "start", "end", "channels",
                 "targets"}
_SKIP_DIRS = {".git", "node_modules", "venv", ".venv", "__pycache__", "site", "tests", ".tox"}


class Channel:
    """One account on one platform, as strategy.yaml names it. (Plain classes here and
    in Project: dataclasses would cost every pre-commit run its import.)"""

    __slots__ = ("id", "platform", "config", "line")

    def __init__(self, id: str, platform: str, config: dict[str, Any], line: int = 0) -> None:
        self.id = id
        self.platform = platform
        self.config = config
        self.line = line

    def __repr__(self) -> str:
        return f"Channel(id={self.id!r}, platform={self.platform!r}, line={self.line})"

    @property
    def env_prefix(self) -> str:
        return "SMM_" + self.id.upper().replace("-", "_") + "_"

    def env_name(self, fld: str) -> str:
        return self.env_prefix + fld.upper()

    def secret(self, fld: str) -> str | None:
        """A credential, from the environment only (never from files)."""
        return os.environ.get(self.env_name(fld)) or None

    @property
    def base_url(self) -> str | None:
        for key in ("api", "service", "instance", "url"):
            if self.config.get(key):
                return str(self.config[key]).rstrip("/")
        return None

    @property
    def overrides(self) -> dict[str, Any]:
        lim = self.config.get("limits")
        return dict(lim) if isinstance(lim, dict) else {}


class Campaign:
    """A campaign planned in strategy.yaml: what it is for, when, where, and the results
    it aims at (`targets`: metric and number, over the whole campaign)."""

    def __init__(self, id: str, name: str, brief: str, goal: str | None,
                 audience: str | None, start: date | None, end: date | None,
                 channels: list[str], targets: list[tuple[str, float]]) -> None:
        self.id = id
        self.name = name
        self.brief = brief
        self.goal = goal
        self.audience = audience
        self.start = start
        self.end = end
        self.channels = channels
        self.targets = targets

    def __repr__(self) -> str:
        return f"Campaign(id={self.id!r})"


class Project:
    """One brand: its folder, strategy.yaml (and where each value sits in it),
    brand/brand.yaml, channels, timezone and default language."""

    def __init__(self, root: Path, repo_root: Path, strategy: dict[str, Any],
                 strategy_doc: yamlio.Located, brand: dict[str, Any],
                 channels: dict[str, Channel], timezone: ZoneInfo, lang: str) -> None:
        self.root = root  # the brand folder holding strategy.yaml
        self.repo_root = repo_root  # the git work tree holding it (or root, outside git)
        self.strategy = strategy
        self.strategy_doc = strategy_doc
        self.brand = brand
        self.channels = channels
        self.timezone = timezone
        self.lang = lang
        self._limits: dict[str, dict[str, Any]] = {}

    def __repr__(self) -> str:
        return f"Project(root={self.root!r})"

    @property
    def name(self) -> str:
        return str(self.strategy.get("brand") or self.brand.get("name") or self.root.name)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def posts_dir(self) -> Path:
        return self.root / "content" / "posts"

    # The repo root rel() last saw, and str() of it + "/": made once, not per call.
    _rel_base: tuple[Path | None, str] = (None, "")

    def rel(self, path: Path) -> str:
        """Path relative to the repository root, as diagnostics and git show it."""
        s = str(path)
        known = self._rel_base
        if known[0] is not self.repo_root:
            known = self._rel_base = (self.repo_root, str(self.repo_root) + "/")
        base = known[1]
        if s.startswith(base) and "/." not in s[len(base) - 1:]:
            return s[len(base):]  # the common case, without a resolve() per file
        try:
            return path.resolve().relative_to(self.repo_root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def strategy_rel(self) -> str:
        return self.rel(self.root / STRATEGY)

    def ids(self, section: str) -> list[str]:
        items = self.strategy.get(section) or []
        return [str(i["id"]) for i in items if isinstance(i, dict) and "id" in i]

    @property
    def languages(self) -> list[str]:
        langs = self.strategy.get("languages") or [self.lang]
        return [str(x) for x in langs]

    def limits(self, channel_id: str) -> dict[str, Any]:
        """The channel's limits: its platform's table with strategy.yaml's overrides."""
        if channel_id not in self._limits:
            from smm import platforms
            from smm.platforms.base import merged_limits

            ch = self.channels[channel_id]
            self._limits[channel_id] = merged_limits(
                platforms.get(ch.platform).defaults, ch.overrides
            )
        return self._limits[channel_id]

    def cadence(self, channel_id: str) -> dict[str, Any]:
        c = (self.strategy.get("cadence") or {}).get(channel_id)
        return c if isinstance(c, dict) else {}

    def now(self) -> datetime:
        """smm's one "now" (smm.clock) in this brand's timezone: --now, SMM_NOW, the
        strategy's `frozen_now`, else the wall clock."""
        from smm import clock

        return clock.now(self.timezone, self.strategy.get("frozen_now"))

    def setting(self, section: str, key: str, default: Any = None) -> Any:
        sec = self.strategy.get(section)
        return sec.get(key, default) if isinstance(sec, dict) else default

    @property
    def campaigns(self) -> list[Campaign]:
        """The campaigns strategy.yaml plans (checked by load_project)."""
        out = []
        for c in self.strategy.get("campaigns") or []:
            if not isinstance(c, dict) or not isinstance(c.get("id"), str):
                continue
            targets = [(str(t["metric"]), float(t["target"])) for t in c.get("targets") or []
                       if isinstance(t, dict) and _number(t.get("target"))]
            out.append(Campaign(
                c["id"], str(c.get("name") or c["id"]), str(c.get("brief") or "").strip(),
                _opt_str(c.get("goal")), _opt_str(c.get("audience")), _date(c.get("start")),
                _date(c.get("end")), [str(x) for x in c.get("channels") or []], targets))
        return out


def _opt_str(v: Any) -> str | None:
    return str(v) if isinstance(v, str) and v else None


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _check_campaigns(s: dict[str, Any], at: Any, channels: dict[str, Channel],
                     problems: list[str]) -> None:
    """What a campaign plan may hold, each value checked (ids by load_project)."""
    def listed(key: str) -> list[Any]:  # load_project names a section that is no list
        v = s.get(key)
        return v if isinstance(v, list) else []

    goals = {g.get("id") for g in listed("goals") if isinstance(g, dict)}
    auds = {a.get("id") for a in listed("audiences") if isinstance(a, dict)}
    items = s.get("campaigns")
    for i, c in enumerate(items if isinstance(items, list) else []):
        if not isinstance(c, dict):
            continue
        for key in c:
            if key not in CAMPAIGN_KEYS:
                problems.append(f"{at('campaigns', i, key)}: unknown campaign key {key!r}: "
                                + suggest(str(key), sorted(CAMPAIGN_KEYS)))
        for key, known in (("goal", goals), ("audience", auds)):
            if key in c and c[key] not in known:
                problems.append(f"{at('campaigns', i, key)}: unknown {key} {c[key]!r}: "
                                + suggest(str(c[key]), sorted(str(k) for k in known)))
        for key in ("start", "end"):
            if key in c and _date(c[key]) is None:
                problems.append(f"{at('campaigns', i, key)}: {key} must be a date such as "
                                "2026-12-01")
        first, last = _date(c.get("start")), _date(c.get("end"))
        if first and last and last < first:
            problems.append(f"{at('campaigns', i, 'end')}: the campaign ends before it starts")
        chans = c.get("channels")
        if chans is not None:
            if not isinstance(chans, list):
                problems.append(f"{at('campaigns', i, 'channels')}: channels must be a list "
                                "of channel ids")
            else:
                for j, ch in enumerate(chans):
                    if ch not in channels:
                        problems.append(f"{at('campaigns', i, 'channels', j)}: unknown "
                                        f"channel {ch!r}: "
                                        + suggest(str(ch), sorted(channels)))
        targets = c.get("targets")
        if targets is not None and not isinstance(targets, list):
            problems.append(f"{at('campaigns', i, 'targets')}: targets must be a list such "
                            "as [{metric: impressions, target: 30000}]")
        for j, t in enumerate(targets if isinstance(targets, list) else []):
            if not isinstance(t, dict) or not isinstance(t.get("metric"), str) \
                    or not _number(t.get("target")):
                problems.append(f"{at('campaigns', i, 'targets', j)}: a target is "
                                "{metric: impressions, target: 30000}")


MAX_DURATION = timedelta(days=3660)  # ten years: beyond, a duration is a typo


def parse_duration(value: Any) -> timedelta | None:
    """'2h', '90m', '1d', '45s', '1h30m' or a number of seconds; None when unreadable,
    negative, or longer than MAX_DURATION (a timedelta's range ends far sooner than a
    number's: `99999999999999999h` overflowed it)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        total = float(value)
    elif not isinstance(value, str) or not value.strip():
        return None
    else:
        import re

        total = 0.0
        pos = 0
        s = value.strip().replace(" ", "")
        for m in re.finditer(r"(\d+(?:\.\d+)?)([dhms])", s):
            if m.start() != pos:
                return None
            total += float(m.group(1)) * {"d": 86400, "h": 3600, "m": 60, "s": 1}[m.group(2)]
            pos = m.end()
        if pos != len(s) or not pos:
            return None
    if not 0 <= total <= MAX_DURATION.total_seconds():  # and not NaN
        return None
    return timedelta(seconds=total)


def find_roots(root: Path | None = None, cwd: Path | None = None) -> list[Path]:
    """The brand roots a command covers: `--root` (or, above several brands, each brand
    below it); else the nearest folder upward holding strategy.yaml; else every brand
    below the working folder."""
    if root is not None:
        root = root.resolve()
        if (root / STRATEGY).is_file():
            return [root]
        if not root.is_dir():
            raise ConfigError(f"--root {root}: no such folder")
        found = sorted(_below(root))
        if not found:
            raise ConfigError(f"no {STRATEGY} in {root} or below it: run `smm init {root}`")
        return found
    here = (cwd or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / STRATEGY).is_file():
            return [d]
    found = sorted(_below(here))
    if not found:
        raise ConfigError(
            f"no {STRATEGY} in {here}, above it or below it: "
            "run `smm init DIR` to start one, or pass --root DIR"
        )
    return found


def _below(top: Path, depth: int = 3) -> Iterator[Path]:
    if depth < 0:
        return
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.is_dir() and not e.name.startswith(".") and e.name not in _SKIP_DIRS:
            sub = Path(e.path)
            if (sub / STRATEGY).is_file():
                yield sub
            else:
                yield from _below(sub, depth - 1)


def repo_root_of(path: Path) -> Path:
    for d in (path, *path.parents):
        if (d / ".git").exists():
            return d
    return path


def _read_yaml(path: Path, rel: str, problems: list[str], root: Path) -> yamlio.Located | None:
    from smm import files

    try:  # a regular file inside the repository: a FIFO or /dev/zero would never end
        text = files.read_text(path, repo_root_of(root), "configuration files")
    except FileNotFoundError:
        return None
    except files.Refused as e:
        problems.append(f"{rel}: {e.message}")
        return None
    except UnicodeDecodeError as e:
        problems.append(f"{rel}: not UTF-8 text (byte {e.start}): save the file as UTF-8")
        return None
    try:
        return yamlio.load(text, memo=root)
    except yamlio.YamlError as e:
        problems.append(f"{rel}:{e.line}:{e.column}: {e.message}")
        return None


def load_projects(root: Path | None) -> list[Project]:
    """Every brand a command covers (`find_roots`). Raises ConfigError on bad config."""
    return [load_project(r) for r in find_roots(root)]


def suggest(word: str, options: list[str]) -> str:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, options, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return hint + ("known: " + ", ".join(options) if options else "none are defined")


def load_project(root: Path) -> Project:
    """Load one brand. Raises ConfigError listing every problem found in its config."""
    root = root.resolve()
    repo = repo_root_of(root)
    problems: list[str] = []

    def rel(p: Path) -> str:
        try:
            return p.relative_to(repo).as_posix()
        except ValueError:
            return p.as_posix()

    srel = rel(root / STRATEGY)
    doc = _read_yaml(root / STRATEGY, srel, problems, root)
    if doc is None and not problems:
        raise ConfigError(f"{srel}: missing: every brand root holds a strategy.yaml")
    if problems or doc is None:
        raise ConfigError("\n".join(problems))
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{srel}:1: must be a mapping of keys (brand, timezone, channels, ...)")
    s: dict[str, Any] = doc.data

    def at(*path: str | int) -> str:
        line, col = doc.pos(*path)
        return f"{srel}:{line}:{col}"

    for key in s:
        if key not in STRATEGY_KEYS:
            line, col = doc.key_pos(str(key))
            problems.append(
                f"{srel}:{line}:{col}: unknown key {key!r}: "
                + suggest(str(key), sorted(STRATEGY_KEYS))
            )
    tzname = s.get("timezone")
    tz = ZoneInfo("UTC")
    if not isinstance(tzname, str):
        problems.append(f"{at('timezone')}: timezone is required, "
                        "an IANA name such as Europe/Paris")
    else:
        try:
            tz = ZoneInfo(tzname)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"{at('timezone')}: unknown timezone {tzname!r}: use an IANA name "
                            "such as Europe/Paris or America/New_York")
    lang = s.get("lang", "en")
    if not isinstance(lang, str):
        problems.append(f"{at('lang')}: lang must be a language code such as en")
        lang = "en"

    frozen = s.get("frozen_now")
    if frozen is not None:
        from smm import clock
        from smm.errors import SmmError

        try:
            clock.parse(frozen.isoformat() if isinstance(frozen, datetime) else str(frozen),
                        tz, "frozen_now")
        except SmmError as e:
            problems.append(f"{at('frozen_now')}: {e.message}; or delete the line to run "
                            "on the clock")
    channels = _load_channels(s, doc, at, problems)
    for section in ("goals", "audiences", "campaigns"):
        items = s.get(section, [])
        if not isinstance(items, list):
            problems.append(f"{at(section)}: {section} must be a list of items with an id")
            continue
        seen: set[str] = set()
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                problems.append(f"{at(section, i)}: each of {section} needs an `id:`")
            elif item["id"] in seen:
                problems.append(f"{at(section, i, 'id')}: duplicate id {item['id']!r}")
            else:
                seen.add(item["id"])
    _check_campaigns(s, at, channels, problems)
    cad = s.get("cadence") or {}
    if isinstance(cad, dict):
        for cid in cad:
            if cid not in channels:
                problems.append(f"{at('cadence', cid)}: cadence for unknown channel {cid!r}: "
                                + suggest(str(cid), sorted(channels)))
    from smm import settings

    problems += settings.check(s, at, channels)
    if "queue" in s:  # posting slots (smm.slots); imported only for a brand that has them
        from smm.slots import queue_problems

        problems += queue_problems(s, at, channels)
    if "utm" in s:  # UTM tagging of links (smm.utm)
        from smm.utm import utm_problems

        problems += utm_problems(s, at, channels)
    if problems:
        raise ConfigError("\n".join(problems))

    brand: dict[str, Any] = {}
    bdoc = _read_yaml(root / "brand" / "brand.yaml", rel(root / "brand" / "brand.yaml"), problems,
                      root)
    if problems:
        raise ConfigError("\n".join(problems))
    if bdoc is not None and isinstance(bdoc.data, dict):
        brand = bdoc.data
        brel = rel(root / "brand" / "brand.yaml")

        def bat(*path: str | int) -> str:
            line, col = bdoc.pos(*path)
            return f"{brel}:{line}:{col}"

        problems += settings.check_brand(brand, bat)
        if problems:
            raise ConfigError("\n".join(problems))
    return Project(root, repo, s, doc, brand, channels, tz, lang)


def _load_channels(s: dict[str, Any], doc: yamlio.Located, at: Any,
                   problems: list[str]) -> dict[str, Channel]:
    from smm import platforms

    raw = s.get("channels")
    channels: dict[str, Channel] = {}
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{at('channels')}: channels is required: a mapping of channel id to "
                        "{platform: ..., ...}")
        return channels
    for cid, cfg in raw.items():
        if not isinstance(cfg, dict):
            problems.append(f"{at('channels', cid)}: channel {cid!r} must be a mapping with "
                            "`platform:`")
            continue
        plat = cfg.get("platform")
        if plat not in platforms.REGISTRY:
            problems.append(f"{at('channels', cid, 'platform')}: channel {cid!r}: unknown "
                            f"platform {plat!r}: " + suggest(str(plat), platforms.names()))
            continue
        if "limits" in cfg and not isinstance(cfg["limits"], dict):
            problems.append(f"{at('channels', cid, 'limits')}: limits must be a mapping, "
                            "e.g. {text: 1000}")
        from smm import settings

        problems += settings.check_channel(cfg, at, str(cid))
        channels[str(cid)] = Channel(str(cid), str(plat), dict(cfg), doc.pos("channels", cid)[0])
    return channels
