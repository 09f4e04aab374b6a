"""Range checks of strategy.yaml's and brand.yaml's settings, where they are loaded.

Every value a command reads later (a cadence, a catch-up window, the state branch, the
languages) is checked here once, with its file, line and a fix: read later with a
wrong type or out of range, it would crash a run that has nothing to do with it, or be
replaced silently by a default (`catch_up: banana` meant 24 hours).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

At = Callable[..., str]  # a key path -> "file:line:column"

# String tests rather than regular expressions: this module is loaded on every run, and
# compiling a pattern costs more than checking a strategy's few values.
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NAME = _WORD | frozenset("_-")
CADENCE_KEYS = ("max_per_day", "min_gap", "severity")
# publishing: durations (the longest each may sensibly be) and the rest
_PUBLISHING_TIMES = {"catch_up": timedelta(days=31), "claim_timeout": timedelta(days=7)}
_MAX_PER_DAY = 1000
_MAX_GAP = timedelta(days=31)
_MAX_ATTEMPTS = 100
ALT_TEXT = ("required", "warning", "off")


def lang_ok(value: object) -> bool:
    """A language code as BCP 47 writes it (en, fr, pt-BR, zh-Hant): it becomes part of
    file names, API fields and the site's pages."""
    if not isinstance(value, str):
        return False
    first, *rest = value.replace("_", "-").split("-")
    return (2 <= len(first) <= 3 and first.isascii() and first.isalpha()
            and all(1 <= len(r) <= 8 and r.isascii() and r.isalnum() for r in rest))


def branch_ok(value: object) -> bool:
    """A git branch name git accepts (git check-ref-format), kept to the plain forms:
    the state branch is pushed to and fetched by name."""
    if not isinstance(value, str) or not value or ".." in value:
        return False
    return all(part and part[0] in _WORD or part[:1] == "_" for part in value.split("/")) \
        and _NAME.union(".", "/").issuperset(value) and not value.endswith((".", ".lock")) \
        and not any(p.endswith(".lock") for p in value.split("/"))


def id_ok(value: object) -> bool:
    """An id that names files and environment variables: letters, digits, - and _,
    a letter or digit first."""
    return isinstance(value, str) and value[:1] in _WORD and _NAME.issuperset(value)


def _duration(value: Any, longest: timedelta) -> timedelta | None:
    from smm.project import parse_duration

    d = parse_duration(value)
    return d if d is not None and timedelta(0) < d <= longest else None


def _days(d: timedelta) -> str:
    return f"{d.days}d"


def _int_in(value: Any, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def check(s: dict[str, Any], at: At, channels: Any) -> list[str]:
    """Problems with strategy.yaml's settings (beyond the channels and ids, which
    smm.project checks), each "file:line:col: what and how to fix it"."""
    out: list[str] = []
    lang = s.get("lang")
    if isinstance(lang, str) and not lang_ok(lang):
        out.append(f"{at('lang')}: lang {lang!r} is not a language code such as en or pt-BR")
    langs = s.get("languages")
    if langs is not None:
        if not isinstance(langs, list) or not langs:
            out.append(f"{at('languages')}: languages must be a list of language codes, "
                       "e.g. [en, fr]")
        else:
            out += [f"{at('languages', i)}: {v!r} is not a language code such as en or pt-BR"
                    for i, v in enumerate(langs) if not lang_ok(v)]
    out += _cadence(s.get("cadence"), at, channels)
    out += _publishing(s.get("publishing"), at)
    metrics = s.get("metrics")
    if metrics is not None and not isinstance(metrics, dict):
        out.append(f"{at('metrics')}: metrics must be a mapping, e.g. {{window: 30d}}")
    elif isinstance(metrics, dict) and "window" in metrics \
            and _duration(metrics["window"], timedelta(days=3660)) is None:
        out.append(f"{at('metrics', 'window')}: window must be a duration such as 30d")
    for section in ("goals", "audiences"):
        items = s.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            for key, what in (("kpis", "a list of KPIs, e.g. [{metric: impressions, "
                                       "target: 60000, per: month}]"),
                              ("channels", "a list of channel ids, e.g. [x, linkedin]")):
                v = item.get(key)
                if v is not None and not isinstance(v, list):
                    out.append(f"{at(section, i, key)}: {key} must be {what}")
            chans = item.get("channels")
            if isinstance(chans, list):
                out += [f"{at(section, i, 'channels', k)}: unknown channel {c!r}"
                        for k, c in enumerate(chans) if not isinstance(c, str)
                        or c not in channels]
    kpis = s.get("kpis")
    if kpis is not None and not isinstance(kpis, list):
        out.append(f"{at('kpis')}: kpis must be a list of KPIs, e.g. "
                   "[{metric: followers, target: 8000, goal: awareness}]")
    return out


def _cadence(cad: Any, at: At, channels: Any) -> list[str]:
    if cad is None:
        return []
    if not isinstance(cad, dict):
        return [f"{at('cadence')}: cadence must be a mapping of channel id to rules, e.g. "
                "{x: {max_per_day: 4, min_gap: 2h}}"]
    out = []
    for cid, rules in cad.items():
        if cid not in channels:
            continue  # smm.project names it
        if not isinstance(rules, dict):
            out.append(f"{at('cadence', cid)}: the cadence of {cid} must be a mapping, e.g. "
                       "{max_per_day: 4, min_gap: 2h}")
            continue
        for key in rules:
            if key not in CADENCE_KEYS:
                from smm.project import suggest

                out.append(f"{at('cadence', cid, str(key))}: unknown cadence key {key!r}: "
                           + suggest(str(key), list(CADENCE_KEYS)))
        if "max_per_day" in rules and not _int_in(rules["max_per_day"], 1, _MAX_PER_DAY):
            out.append(f"{at('cadence', cid, 'max_per_day')}: max_per_day must be a whole "
                       f"number from 1 to {_MAX_PER_DAY}")
        gap = rules.get("min_gap")
        if gap is not None and _duration(gap, _MAX_GAP) is None:
            out.append(f"{at('cadence', cid, 'min_gap')}: min_gap must be a duration such as "
                       f"2h, 90m or 1d, at most {_days(_MAX_GAP)}")
        if "severity" in rules and rules["severity"] not in ("error", "warning"):
            out.append(f"{at('cadence', cid, 'severity')}: severity must be error or warning")
    return out


def _publishing(pub: Any, at: At) -> list[str]:
    if pub is None:
        return []
    if not isinstance(pub, dict):
        return [f"{at('publishing')}: publishing must be a mapping, e.g. {{catch_up: 24h}}"]
    out = []
    for key, longest in _PUBLISHING_TIMES.items():
        if key in pub and _duration(pub[key], longest) is None:
            out.append(f"{at('publishing', key)}: {key} must be a duration such as 24h, "
                       f"more than 0 and at most {_days(longest)}")
    if "max_attempts" in pub and not _int_in(pub["max_attempts"], 1, _MAX_ATTEMPTS):
        out.append(f"{at('publishing', 'max_attempts')}: max_attempts must be a whole number "
                   f"from 1 to {_MAX_ATTEMPTS}")
    if "state_branch" in pub and not branch_ok(pub["state_branch"]):
        out.append(f"{at('publishing', 'state_branch')}: state_branch must be a git branch "
                   "name such as smm-state (letters, digits, - _ . /, no ..)")
    return out


def check_brand(b: dict[str, Any], at: At) -> list[str]:
    """Problems with brand.yaml's settings outside `voice:` (smm.checks.voice owns it)."""
    out = []
    acc = b.get("accessibility")
    if acc is not None:
        if not isinstance(acc, dict):
            out.append(f"{at('accessibility')}: accessibility must be a mapping, e.g. "
                       "{alt_text: required}")
        elif "alt_text" in acc and acc["alt_text"] not in ALT_TEXT:
            out.append(f"{at('accessibility', 'alt_text')}: alt_text must be one of "
                       + ", ".join(ALT_TEXT))
    for key in ("name", "tagline", "logo"):
        if b.get(key) is not None and not isinstance(b[key], str):
            out.append(f"{at(key)}: {key} must be text")
    for key in ("colours", "colors"):
        if b.get(key) is not None and not isinstance(b[key], list):
            out.append(f"{at(key)}: {key} must be a list such as "
                       "[{name: Forest, hex: \"#2F4F3A\", use: primary}]")
    if b.get("fonts") is not None and not isinstance(b["fonts"], dict):
        out.append(f"{at('fonts')}: fonts must be a mapping such as "
                   "{body: {family: Inter}}")
    return out


def _kinds() -> dict[str, set[str]]:
    """Every limit key of every platform (`media.x` for the media ones) -> the kinds
    of value its defaults hold: what a channel's `limits:` may set it to."""
    from smm import platforms

    seen: dict[str, set[str]] = {}

    def add(key: str, v: Any) -> None:
        kind = ("none" if v is None else "bool" if isinstance(v, bool) else
                "number" if isinstance(v, int | float) else "list" if isinstance(v, list)
                else "text" if isinstance(v, str) else "other")
        seen.setdefault(key, set()).add(kind)

    for name in platforms.names():
        for k, v in platforms.get(name).defaults.items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    add(f"{k}.{k2}", v2)
            else:
                add(k, v)
    return seen


def check_limits(limits: dict[str, Any], at: At, cid: str) -> list[str]:
    """A channel's `limits:` overrides, each a value of its kind (a number within a
    trillion, true/false, a list of names, `video`)."""
    kinds = _kinds()
    out = []
    nested = {k.split(".")[0] for k in kinds if "." in k}  # media: a mapping of limits
    items: list[tuple[tuple[str, ...], str, Any]] = [
        ((k,), f"{k}", v) for k, v in limits.items()
        if not (isinstance(v, dict) and k in nested)]
    items += [((k, k2), f"{k}.{k2}", v2) for k, v in limits.items()
              if isinstance(v, dict) and k in nested for k2, v2 in v.items()]
    for path, key, v in items:
        where = at("channels", cid, "limits", *path)
        # A name no platform's table has may be one a check reads on its own (a first
        # comment's length): its value must still be one a limit can hold.
        allowed = kinds.get(key) or {"number", "bool", "list", "none"}
        ok = (v is None and "none" in allowed
              or isinstance(v, bool) and "bool" in allowed
              or isinstance(v, int | float) and not isinstance(v, bool) and "number" in allowed
              and -1e12 <= v <= 1e12
              or isinstance(v, list) and "list" in allowed and all(isinstance(x, str) for x in v)
              or v == "video" and "text" in allowed)
        if not ok:
            what = {"number": "a number", "bool": "true or false",
                    "list": "a list of names", "none": "null (no limit)",
                    "text": "`video`"}
            out.append(f"{where}: {key} must be "
                       + " or ".join(what[k] for k in sorted(allowed) if k in what))
    return out


def check_channel(cfg: dict[str, Any], at: At, cid: str) -> list[str]:
    """A channel's settings that smm reads besides its platform and ids."""
    out = []
    if not id_ok(cid):
        out.append(f"{at('channels', cid)}: channel id {cid!r}: use letters, digits, - and _ "
                   "(it names files on the state branch and SMM_<CHANNEL>_* variables)")
    if isinstance(cfg.get("limits"), dict):
        out += check_limits(cfg["limits"], at, cid)
    timeout = cfg.get("timeout")
    if timeout is not None and not (isinstance(timeout, int | float) and not isinstance(
            timeout, bool) and 0 < timeout <= 3600):
        out.append(f"{at('channels', cid, 'timeout')}: timeout must be a number of seconds "
                   "from 1 to 3600")
    if "key_window" in cfg and _duration(cfg["key_window"], timedelta(hours=1)) is None:
        out.append(f"{at('channels', cid, 'key_window')}: key_window must be a duration such "
                   "as 4m, at most 1h (how long the server keeps an Idempotency-Key)")
    return out
