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

from smm import workspace as ws_mod
from smm import yamlio
from smm.errors import ConfigError
from smm.workspace import Workspace

STRATEGY = "strategy.yaml"
STRATEGY_KEYS = {
    "brand", "timezone", "lang", "languages", "goals", "audiences", "channels", "cadence",
    "publishing", "metrics", "kpis", "site", "frozen_now", "campaigns", "queue", "utm",
    "reviewers",
}
CAMPAIGN_KEYS = {"id", "name", "brief", "goal", "audience", "start", "end", "channels",
                 "targets"}
# A reviewer, as .github/CODEOWNERS takes one: @login, @org/team or an email address.
REVIEWER = (r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?"
            r"|[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_SKIP_DIRS = {".git", "node_modules", "venv", ".venv", "__pycache__", "site", "tests", ".tox"}


class Channel:
    """One account on one platform, as strategy.yaml names it. (Plain classes here and
    in Project: dataclasses would cost every pre-commit run its import.)"""

    __slots__ = ("id", "platform", "config", "line", "brand", "fallback")

    def __init__(self, id: str, platform: str, config: dict[str, Any], line: int = 0) -> None:
        self.id = id
        self.platform = platform
        self.config = config
        self.line = line
        # The brand's key (load_projects sets it): credentials are SMM_<BRAND>_<CHANNEL>_*,
        # with SMM_<CHANNEL>_* as well (`fallback`) only in a single-brand repository.
        self.brand = ""
        self.fallback = True

    def __repr__(self) -> str:
        return f"Channel(id={self.id!r}, platform={self.platform!r}, line={self.line})"

    def env_names(self, fld: str) -> list[str]:
        """Where a credential is read, in order: SMM_<BRAND>_<CHANNEL>_<FIELD>, then (in
        a single-brand repository only) SMM_<CHANNEL>_<FIELD>."""
        tail = self.id.upper().replace("-", "_") + "_" + fld.upper()
        names = []
        if self.brand:
            names.append("SMM_" + self.brand.upper().replace("-", "_") + "_" + tail)
        if self.fallback or not self.brand:
            names.append("SMM_" + tail)
        return names

    @property
    def env_prefix(self) -> str:
        return self.env_name("")

    def env_name(self, fld: str) -> str:
        """The variable to set, as messages name it: the brand's own in a workspace, the
        plain SMM_<CHANNEL>_<FIELD> a single-brand repository documents."""
        return self.env_names(fld)[-1]

    def secret(self, fld: str) -> str | None:
        """A credential, from the environment only (never from files)."""
        for name in self.env_names(fld):
            value = os.environ.get(name)
            if value:
                return value
        return None

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
        # Set by load_projects: the brand's key (--brand, JSON `brand`, credentials), the
        # workspace it belongs to (smm.workspace), and whether the repository holds it alone.
        self.key = ""
        self.workspace: Workspace | None = None
        self.single = True

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

    @property
    def state_branch(self) -> str:
        """The git branch of the brand's publish record and metrics: strategy.yaml's
        publishing.state_branch, else smm-state (smm-state-<brand> in a workspace, where
        each brand keeps its own)."""
        explicit = self.setting("publishing", "state_branch")
        if explicit:
            return str(explicit)
        return f"smm-state-{self.key}" if self.workspace is not None else "smm-state"

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
    """The brand roots a command covers: `--root` (a workspace's root: its brands; a
    brand's folder: that brand; else each brand below it); else the nearest folder
    upward holding strategy.yaml (that brand) or smm.yaml (the workspace's brands); else
    every brand below the working folder."""
    return _find(root, cwd)[0]


def _find(root: Path | None, cwd: Path | None) -> tuple[list[Path], Workspace | None]:
    if root is not None:
        root = root.resolve()
        if (root / ws_mod.FILE).is_file():
            ws = ws_mod.load(root)
            return list(ws.brands.values()), ws
        if (root / STRATEGY).is_file():
            return [root], _member(root)
        if not root.is_dir():
            raise ConfigError(f"--root {root}: no such folder")
        found = sorted(_below(root))
        if not found:
            raise ConfigError(f"no {STRATEGY} in {root} or below it: run `smm init {root}`")
        return found, None
    here = (cwd or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / STRATEGY).is_file():
            return [d], _member(d)
        if (d / ws_mod.FILE).is_file():
            ws = ws_mod.load(d)
            return list(ws.brands.values()), ws
    found = sorted(_below(here))
    if not found:
        raise ConfigError(
            f"no {STRATEGY} in {here}, above it or below it: "
            "run `smm init DIR` to start one, or pass --root DIR"
        )
    return found, None


def _member(root: Path) -> Workspace | None:
    """The workspace listing this brand folder, if any (never above its own repository's
    top: a repository holding one brand is a repository of its own)."""
    if (root / ".git").exists():
        return None
    top = ws_mod.find(root.parent)
    if top is None:
        return None
    ws = ws_mod.load(top)
    return ws if ws.key_of(root) is not None else None


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


def load_projects(root: Path | None, files: list[Path] | tuple[Path, ...] = ()
                  ) -> list[Project]:
    """Every brand a command covers (`find_roots`), narrowed to the brands `--brand`
    names (smm.workspace.select). `files`: what the run is about (pre-commit's staged
    files); in a workspace, when each lies in a brand's folder, only those brands are
    read. Raises ConfigError on bad config, UsageError on a --brand that names no brand
    here."""
    roots, ws = _find(root, None)
    names = ws_mod.selected()
    if ws is not None:
        pairs = [(ws.key_of(r) or r.name, r) for r in roots]
        holding = {ws.brand_of(f) for f in files}
        if files and None not in holding and not names:
            pairs = [(k, r) for k, r in pairs if k in holding]
    elif len(roots) == 1:
        pairs = [("", roots[0])]  # the key comes from the brand's name, once loaded
    else:  # several brand folders without smm.yaml: each named by its folder
        pairs = []
        for r in roots:
            key = ws_mod.slug(r.name)
            while any(key == k for k, _ in pairs):
                key += "-" + str(len(pairs))
            pairs.append((key, r))
    if names and ws is not None and all(n.lower() in dict(pairs) for n in names):
        wanted = {n.lower() for n in names}  # keys alone: the other brands are not read
        pairs = [(k, r) for k, r in pairs if k in wanted]
        names = ()
    projects = []
    for key, r in pairs:
        proj = load_project(r, ws.root if ws is not None else None)
        proj.key = key or ws_mod.slug(proj.name)
        proj.workspace = ws
        proj.single = ws is None and len(pairs) == 1
        for ch in proj.channels.values():
            ch.brand, ch.fallback = proj.key, proj.single
        projects.append(proj)
    if names:
        keep = ws_mod.resolve_names({p.key: p for p in projects}, names, lambda p: p.name)
        projects = [p for p in projects if p.key in keep]
    if ws is not None and len(projects) == len(ws.brands) > 1:
        _one_branch_each(projects)
        _credentials_apart(projects)
    return projects


def _credentials_apart(projects: list[Project]) -> None:
    """Brand `fern` with channel `wood-x` and brand `fern-wood` with channel `x` would
    both read SMM_FERN_WOOD_X_*: one brand would post with the other's account."""
    seen: dict[str, tuple[Project, str]] = {}
    for p in projects:
        for ch in p.channels.values():
            prefix = ch.env_prefix
            other = seen.setdefault(prefix, (p, ch.id))
            if other[0] is not p:
                raise ConfigError(
                    f"{p.strategy_rel}:{ch.line}: channel {ch.id!r} reads {prefix}* "
                    f"credentials, as brand {other[0].key}'s channel {other[1]!r} does: "
                    "rename one of the channels (or brands) so each has its own")


def _one_branch_each(projects: list[Project]) -> None:
    """Each brand of a workspace keeps its own state branch: two on one branch would
    race for every push, and read each other's records."""
    seen: dict[str, Project] = {}
    for p in projects:
        other = seen.setdefault(p.state_branch, p)
        if other is not p:
            line, col = p.strategy_doc.pos("publishing", "state_branch")
            raise ConfigError(
                f"{p.strategy_rel}:{line}:{col}: publishing.state_branch {p.state_branch} is "
                f"brand {other.key}'s too: each brand of a workspace keeps its own record; "
                f"delete the line (default: smm-state-{p.key}) or name another branch")


def suggest(word: str, options: list[str]) -> str:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, options, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return hint + ("known: " + ", ".join(options) if options else "none are defined")


def load_project(root: Path, top: Path | None = None) -> Project:
    """Load one brand. Raises ConfigError listing every problem found in its config.
    `top`: the workspace's root, where paths are shown from when git is not above it."""
    root = root.resolve()
    repo = repo_root_of(root)
    if top is not None and not top.is_relative_to(repo):
        repo = top
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
    revs = s.get("reviewers")
    if revs is not None:
        import re

        if not isinstance(revs, list):
            problems.append(f"{at('reviewers')}: reviewers must be a list such as "
                            "[\"@alice\", \"@acme/social\"]")
        for i, r in enumerate(revs if isinstance(revs, list) else []):
            if not isinstance(r, str) or not re.fullmatch(REVIEWER, r):
                problems.append(f"{at('reviewers', i)}: reviewer {r!r}: give a GitHub user "
                                "or team as @login or @org/team (quoted: YAML reads a bare @ "
                                "as an error), or an email address")
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
