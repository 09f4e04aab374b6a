"""Hostile and broken input, generated: smm never hangs, never crashes, never leaks a
secret and never lets a broken post pass.

A generator makes post files (and links, FIFOs, media) of every kind the reliability
probe found to break something: YAML alias bombs and nesting, values out of range,
media that cannot be followed or decoded, special files, empty rendered texts, control
characters, markup aimed at the site, secrets in their encoded forms; and strategy.yaml
values of any type. Hypothesis draws repositories of them, and each run of `smm
validate`, `smm preview` and `smm site build` is held to:

- no crash: exit 0, 1 or 2, never "internal error" or a traceback;
- no hang: a watchdog ends any run after WATCHDOG seconds of wall time, and a run may
  use at most BUDGET seconds of CPU (wall time on a shared machine says little);
- every finding in a post file with its line; each broken post has an error, and the
  run exits 1 (2 for configuration);
- the site builds, showing the good post and naming each post it cannot show;
- no form of the planted secret, and no raw control character, in any output.

`FIGURES` counts cases, crashes, hangs and leaks; `pytest -s` prints them.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BUDGET = 5.0  # CPU seconds a run may use
WATCHDOG = 30.0  # wall seconds before a run counts as hung
SECRET = 'fz-s3cr3t\t"ünï"+/=?&'  # a value every escape changes
FIGURES = {"cases": 0, "runs": 0, "crashes": 0, "hangs": 0, "leaks": 0, "slow": 0}
HEAD = "---\npublish_at: {at}\nchannels: [x, bluesky]\n"
WHEN = "2099-12-{day:02d}T{hour:02d}:{minute:02d}"  # far from TEST_NOW: no schedule noise


class Hang(BaseException):
    """Raised by the watchdog (a BaseException: no `except Exception` swallows it)."""


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """End the block after `seconds` of wall time, even inside a blocking system call,
    and hand the timer back to whoever had it (pytest-timeout)."""
    def ring(signum: int, frame: Any) -> None:
        raise Hang()

    before = signal.signal(signal.SIGALRM, ring)
    left, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    t0 = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
        if left:
            signal.setitimer(signal.ITIMER_REAL, max(0.01, left - (time.monotonic() - t0)),
                             interval)


# -- the generator ---------------------------------------------------------------------

@dataclass
class Case:
    """One hostile post file: how to make it, and whether it is broken (None: it may
    or may not be, as with a random value, but must never crash anything)."""

    name: str
    make: Callable[[Path, str], None]  # (repository root, post name) -> writes it
    broken: bool | None
    category: str
    checks: list[str] = field(default_factory=list)  # extra output checks


def _post(root: Path, name: str, text: str | bytes) -> None:
    p = root / "content/posts" / f"{name}.md"
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")


def _media(root: Path, name: str, data: bytes | None = None) -> str:
    d = root / "content/media"
    d.mkdir(parents=True, exist_ok=True)
    if data is not None:
        (d / name).write_bytes(data)
    return f"../media/{name}"


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def _laughs(levels: int, key: str) -> str:
    out = [f"{key}0: &{key}0 [x, x, x, x, x, x, x, x, x]"]
    out += [f"{key}{i}: &{key}{i} [" + ", ".join([f"*{key}{i - 1}"] * 9) + "]"
            for i in range(1, levels)]
    return "\n".join(out) + "\n"


def cases(draw: Callable[[Any], Any], at: str) -> list[Case]:
    """Every kind of hostile post, its parameters drawn with `draw`."""
    head = HEAD.format(at=at)
    year = draw(st.sampled_from([1, 2, 1969, 9001, 9998, 9999]))
    offset = draw(st.sampled_from(["", "Z", "+14:00", "-14:00", "+00:00"]))
    levels = draw(st.integers(6, 12))  # 9 ** 5 values and more: past the bound
    depth = draw(st.integers(101, 900))
    value = draw(VALUES)
    key = draw(st.sampled_from(["publish_at", "channels", "media", "previous_ids", "tags",
                                "draft", "lang", "title", "goal", "link", "sponsored",
                                "content_warning", "campaign"]))
    control = draw(st.sampled_from(["\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\r", "\u202e",
                                    "\x9b31m", "\x00", "\x85", "\u2028"]))
    markup = draw(st.sampled_from([
        "<script>alert(1)</script>", "{{ 7 * 7 }}", "{% raw %}x{% endraw %}",
        "[click](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<!--", "-->",
        "&lt;script&gt;", "]]>", "\"><svg onload=alert(1)>"]))
    planted = draw(st.sampled_from(forms(SECRET)))
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    def media_post(file: str, extra: str = "") -> Callable[[Path, str], None]:
        def make(root: Path, name: str) -> None:
            _post(root, name, head + f"media:\n  - file: {json.dumps(file)}\n    alt: a\n"
                  + extra + "---\nWith media\n")
        return make

    def fifo_media(root: Path, name: str) -> None:
        d = root / "content/media"
        d.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkfifo(d / f"{name}.png")
        media_post(f"../media/{name}.png")(root, name)

    def loop_media(root: Path, name: str) -> None:
        d = root / "content/media"
        d.mkdir(parents=True, exist_ok=True)
        os.symlink(f"{name}-b.png", d / f"{name}-a.png")
        os.symlink(f"{name}-a.png", d / f"{name}-b.png")
        media_post(f"../media/{name}-a.png")(root, name)

    def special(kind: str) -> Callable[[Path, str], None]:
        def make(root: Path, name: str) -> None:
            posts = root / "content/posts"
            posts.mkdir(parents=True, exist_ok=True)
            p = posts / f"{name}.md"
            if kind == "fifo":
                os.mkfifo(p)
            elif kind == "zero":
                os.symlink("/dev/zero", p)
            elif kind == "outside":
                out = root.parent / f"outside-{name}.md"
                out.write_text(head + "---\nNever reviewed\n")
                os.symlink(out, p)
            elif kind == "dangling":
                os.symlink(f"{name}-gone.md", p)
            elif kind == "folder":
                (posts / f"{name}-dir.md").mkdir()
                os.symlink(f"{name}-dir.md", p)
            elif kind == "huge":
                p.write_text(head + "---\n" + "word " * 260_000)
        return make

    def text(t: str | bytes) -> Callable[[Path, str], None]:
        return lambda root, name: _post(root, name, t)

    return [
        Case("alias bomb", text(head + _laughs(levels, "a") + "---\nBoom\n"), True, "yaml"),
        Case("alias in channels", text(
            "---\npublish_at: " + at + "\nchannels: &c [x, *c]\n---\nHi\n"), True, "yaml"),
        Case("self alias", text(head + "tags: &t [*t]\n---\nHi\n"), True, "yaml"),
        Case("deep flow", text(head + "tags: " + "[" * depth + "]" * depth + "\n---\nHi\n"),
             True, "recursion"),
        Case("deep block", text(head + "tags:\n" + "".join(
            " " * (i + 1) + "-\n" for i in range(min(depth, 400))) + "---\nHi\n"),
             True, "recursion"),
        Case("any value", text("---\n" + yaml.safe_dump(
            {"publish_at": at, "channels": ["x"], key: value}, allow_unicode=True)
            + "---\nHi\n"), None, "types"),
        Case("year out of range", text(
            f"---\npublish_at: {year:04d}-12-31T23:59:59{offset}\nchannels: [x]\n---\nHi\n"),
             True, "range"),
        Case("quoted date", text(f"---\npublish_at: '{at[:10]}'\nchannels: [x]\n---\nHi\n"),
             True, "range"),
        Case("no channels", text(f"---\npublish_at: {at}\nchannels: []\n---\nHi\n"),
             True, "range"),
        Case("unknown variant", text(head + "---\nHi\n\n<!-- channel: nope -->\nYo\n"),
             True, "range"),
        Case("empty variant", text(head + "---\nHi\n\n<!-- channel: bluesky -->\n"),
             True, "empty"),
        Case("comment only", text(head + "---\n<!-- nothing -->\n"), True, "empty"),
        Case("media channels", media_post(_media_path(), "    channels: 5\n"), True, "range"),
        Case("media NUL", media_post("a\0.png"), True, "media"),
        Case("media loop", loop_media, True, "media"),
        Case("media FIFO", fifo_media, True, "media"),
        Case("media bomb", lambda root, name: media_post(
            _media(root, f"{name}.png", _png(20000, 20000)))(root, name), True, "media"),
        Case("media svg script", lambda root, name: media_post(
            _media(root, f"{name}.svg", svg.encode()))(root, name), True, "svg"),
        Case("media html", lambda root, name: media_post(
            _media(root, f"{name}.html", b"<script>alert(1)</script>"))(root, name),
             True, "svg"),
        Case("post FIFO", special("fifo"), True, "special"),
        Case("post /dev/zero", special("zero"), True, "special"),
        Case("post outside", special("outside"), True, "special"),
        Case("post dangling", special("dangling"), True, "special"),
        Case("post folder link", special("folder"), True, "special"),
        Case("post huge", special("huge"), True, "special"),
        Case("not UTF-8", text(head.encode() + b"---\nCaf\xe9\n"), True, "special"),
        Case("NUL in post", text(head + "---\nHi\0there\n"), True, "special"),
        Case("control in title", text(head + f"title: {json.dumps('T' + control)}\n---\n"
                                      f"Body {control.strip(chr(0))}\n"), None, "control"),
        Case("markup for the site", text(head + f"title: {json.dumps(markup)}\n"
                                         f"campaign: c{abs(hash(markup)) % 97}\n---\n"
                                         f"{markup} and more\n"), False, "site",
             checks=["no-script"]),
        Case("planted secret", text(head + f"title: {json.dumps('Key ' + planted)}\n---\n"
                                    f"Our token is {planted}\n"), None, "secret"),
    ]


def _media_path() -> str:
    return "../media/ok.png"


def forms(secret: str) -> list[str]:
    raw = secret.encode()
    once = json.dumps(secret)[1:-1]
    return [secret, once, json.dumps(once)[1:-1], quote(secret, safe=""),
            " ".join(secret.split()),
            *(base64.b64encode(b"u" * lead + b":" + raw).decode()[4:-4] for lead in range(3))]


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                    st.floats(allow_nan=True), st.text(max_size=30), st.dates(),
                    st.datetimes(), st.binary(max_size=10).map(lambda b: b.decode("latin-1")))
VALUES = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=10)


# -- the runs ---------------------------------------------------------------------------

def run(cli: Any, *args: Any) -> tuple[int, str, str]:
    """One command, under the watchdog and the CPU budget; counted in FIGURES."""
    FIGURES["runs"] += 1
    c0 = time.process_time()
    try:
        with watchdog(WATCHDOG):
            code, out, err = cli(*args)
    except Hang:
        FIGURES["hangs"] += 1
        raise AssertionError(f"hung: smm {' '.join(map(str, args))}") from None
    used = time.process_time() - c0
    if used > BUDGET:
        FIGURES["slow"] += 1
    assert used <= BUDGET, f"{used:.1f} s of CPU: smm {' '.join(map(str, args))}"
    if code not in (0, 1, 2) or "internal error" in err or "Traceback" in out + err:
        FIGURES["crashes"] += 1
        raise AssertionError(f"crashed ({code}): smm {' '.join(map(str, args))}\n{err}")
    blob = out + err
    leaked = [f for f in forms(SECRET) if f in blob]
    if leaked:
        FIGURES["leaks"] += 1
        raise AssertionError(f"leaked {leaked!r}: smm {' '.join(map(str, args))}")
    raw = [c for c in ("\x1b]", "\x1b[2J", "\r", "\u202e", "\x9b", "\x07") if c in blob]
    assert not raw, f"raw control characters {raw!r}: smm {' '.join(map(str, args))}"
    return code, out, err


def check_repo(root: Path, chosen: list[Case], cli: Any, tmp: Path, site: bool) -> None:
    """Write the cases and a good post into the brand at `root`, then hold validate,
    preview and (with `site`) site build to the rules above."""
    _media(root, "ok.png", _png(1200, 900))
    _post(root, "good", HEAD.format(at=WHEN.format(day=1, hour=9, minute=0))
          + "---\nThe good post\n")
    names = []
    for i, case in enumerate(chosen):
        name = f"case{i:02d}"
        case.make(root, name)
        names.append((name, case))
        FIGURES["cases"] += 1
    code, out, _ = run(cli, "validate", "--root", root, "--format", "json", "--no-cache")
    diags = json.loads(out)
    rels = {f"content/posts/{n}.md" for n, _ in names} | {"content/posts/good.md"}
    for d in diags:
        assert d["line"] >= 1 and d["path"] in rels | {d["path"]}, d
    errors = {d["path"] for d in diags if d["severity"] == "error"}
    assert "content/posts/good.md" not in errors, [d for d in diags
                                                     if d["path"].endswith("good.md")]
    for name, case in names:
        if case.broken:
            assert f"content/posts/{name}.md" in errors, (case.name, diags)
    assert code == (1 if errors else 0), (code, errors)
    for name, _case in names:
        path = root / "content/posts" / f"{name}.md"
        if os.path.lexists(path):
            run(cli, "preview", path, "--root", root)
    if site:
        out_dir = tmp / "site"
        code, _, err = run(cli, "site", "build", "--root", root, "--out", out_dir)
        assert code == 0, err
        html = "\n".join(p.read_text(errors="replace") for p in out_dir.rglob("*.html"))
        assert "The good post" in html
        for raw in ("<script>alert(1)", "<img src=x onerror", "<svg onload"):
            assert raw not in html, raw  # markup from posts only ever escaped
        assert "Never reviewed" not in html
        for f in forms(SECRET):
            assert f not in html, f
        media = [p for p in out_dir.rglob("*") if "media" in p.parts and p.is_file()]
        assert not [p for p in media if p.suffix in (".html", ".htm", ".xml")]
        assert not [p for p in media if p.suffix == ".svg" and b"<script" in p.read_bytes()]
        loaded_not = [n for n, c in names if c.category in ("special", "yaml", "recursion")]
        for n in loaded_not:
            assert f"content/posts/{n}.md" in err, (n, err)


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_X_ACCESS_TOKEN", SECRET)


# FUZZ_SCALE=N runs N times the examples, drawn afresh (a longer hunt, by hand); the
# suite's own runs draw the same examples every time.
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
_SETTINGS = dict(deadline=None, derandomize=SCALE == 1, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow, HealthCheck.data_too_large])


def _fresh(brand: Any, tmp_path: Path, tag: str) -> Path:
    import shutil

    root = tmp_path / f"repo-{tag}"
    shutil.copytree(brand.root, root)
    return root


@pytest.mark.timeout(600)
def test_every_category_at_once(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each kind of hostile post once, in one repository: validate, preview, site."""
    draw = _Defaults()
    chosen = cases(draw, WHEN.format(day=2, hour=9, minute=0))
    check_repo(brand.root, chosen, cli, tmp_path, site=True)
    assert FIGURES["crashes"] == FIGURES["hangs"] == FIGURES["leaks"] == 0


class _Defaults:
    """A `draw` giving each strategy's simplest value (hypothesis' own choice)."""

    def __call__(self, strategy: Any) -> Any:
        from hypothesis import find

        return find(strategy, lambda _: True)


@settings(max_examples=25 * SCALE, **_SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
@pytest.mark.timeout(600)
def test_generated_repositories(brand, cli, tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    """Hypothesis draws a few hostile posts a repository, with their parameters."""
    tmp = tmp_path_factory.mktemp("fuzz")
    root = _fresh(brand, tmp, "r")
    minute = data.draw(st.integers(0, 59))
    every = cases(data.draw, WHEN.format(day=3, hour=10, minute=minute))
    picks = data.draw(st.lists(st.integers(0, len(every) - 1), min_size=2, max_size=5,
                               unique=True))
    site = data.draw(st.booleans())
    check_repo(root, [every[i] for i in picks], cli, tmp, site)


STRATEGY_KEYS = [("cadence",), ("cadence", "x"), ("cadence", "x", "min_gap"),
                 ("cadence", "x", "max_per_day"), ("languages",), ("lang",), ("timezone",),
                 ("publishing",), ("publishing", "catch_up"), ("publishing", "state_branch"),
                 ("publishing", "max_attempts"), ("goals",), ("goals", 0, "kpis"),
                 ("audiences", 0, "channels"), ("channels", "x", "limits"),
                 ("channels", "x", "timeout"), ("kpis",), ("metrics",), ("channels", "x"),
                 ("campaigns",), ("site",), ("brand",), ("queue",), ("utm",)]


# Values that were read unchecked somewhere: each is put at each place in turn.
HOSTILE_VALUES = [5, -1, 10**30, 1.5, True, None, "banana", "99999999999999999h", "-5h",
                  "../../x", "", [1, 2], [], {"a": 1}, [[[]]], "2026-12-01"]


@pytest.mark.timeout(600)
def test_every_strategy_value_everywhere(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i, where in enumerate(STRATEGY_KEYS):
        for j, value in enumerate(HOSTILE_VALUES):
            _strategy_case(brand, cli, tmp_path / f"s{i}-{j}", where, value, preview=False)


@settings(max_examples=60 * SCALE, **_SETTINGS)  # type: ignore[arg-type]
@given(where=st.sampled_from(STRATEGY_KEYS), value=VALUES)
@pytest.mark.timeout(600)
def test_generated_strategy_values(brand, cli, tmp_path_factory, where, value) -> None:  # type: ignore[no-untyped-def]
    """Any value anywhere in strategy.yaml: a finding with file and line, or accepted;
    never a crash."""
    _strategy_case(brand, cli, tmp_path_factory.mktemp("strategy"), where, value)


def _strategy_case(brand: Any, cli: Any, tmp: Path, where: tuple[Any, ...], value: Any,
                   preview: bool = True) -> None:
    root = _fresh(brand, tmp, "s")
    doc = yaml.safe_load((root / "strategy.yaml").read_text())
    node = doc
    for k in where[:-1]:
        node = node.setdefault(k, {}) if isinstance(node, dict) else node[k]
    node[where[-1]] = value
    (root / "strategy.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    _post(root, "good", "---\npublish_at: 2099-12-01T09:00\nchannels: [bluesky]\n---\nHi\n")
    FIGURES["cases"] += 1
    code, out, err = run(cli, "validate", "--root", root)
    if code == 2:
        assert "strategy.yaml:" in err, err
    if not preview:
        return
    code, out, err = run(cli, "preview", root / "content/posts/good.md", "--root", root)
    if code == 2:
        assert "strategy.yaml:" in err or "smm:" in err, err


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    """Printed when the module's tests are done (pytest -s shows it)."""
    yield
    print("\nhostile fuzz figures:", json.dumps(FIGURES))


LEDGER_FIELDS = ["state", "post_id", "channel", "attempts", "claimed_at", "finished_at",
                 "thread_ids", "guard", "url", "platform_id", "error", "run", "content_hash"]
LEDGER_VALUES = [5, -1, "banana", [1], {"a": 1}, None, True, "0001-01-01T00:00:00+14:00",
                 "9999-12-31T23:59:59-14:00", "javascript:alert(1)", 10**30]
METRIC_ROWS = ["0001-01-01,,,followers,f,5", "9999-12-31,,,followers,f,5",
               "2026-11-01,,,followers,f,inf", "2026-11-01,,,followers,f,nan",
               "2026-11-01,,,followers,f,1e999", "2026-11-01,,,impressions,f,-5", "banana",
               "2026-13-45,,,followers,f,1", ",,,,,", "2026-11-01,x,1,views,v,3,extra"]


@pytest.mark.timeout(600)
def test_hostile_state_files(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The state branch is a repository's file too (read here from its seed folder):
    publish records and metrics history of any shape never crash status, publish,
    kpi or the site."""
    _post(brand.root, "good", "---\npublish_at: 2026-11-01T09:00\nchannels: [x, bluesky]\n"
          "---\nThe good post\n")
    ledger = brand.root / "state/ledger/posts/good"
    ledger.mkdir(parents=True)
    base = {"state": "published", "post_id": "posts/good", "channel": "x"}
    for i, (fld, value) in enumerate((f, v) for f in LEDGER_FIELDS for v in LEDGER_VALUES):
        (ledger / "x.yaml").write_text(yaml.safe_dump({**base, fld: value}))
        (ledger / "bluesky.yaml").write_text(yaml.safe_dump(
            {**base, "state": "unknown", "channel": "bluesky", fld: value}))
        FIGURES["cases"] += 1
        run(cli, "status", "--root", brand.root)
        run(cli, "publish", "--dry-run", "--root", brand.root)
        if i % 11 == 0:  # a site build a field: they cost the most
            code, _, err = run(cli, "site", "build", "--root", brand.root, "--out",
                               tmp_path / "site")
            assert code == 0, err
    metrics = brand.root / "state/metrics/x"
    metrics.mkdir(parents=True)
    for row in METRIC_ROWS:
        (metrics / "2026-11.csv").write_text(
            "date,post_id,platform_id,metric,raw_metric,value\n" + row + "\n")
        FIGURES["cases"] += 1
        code, _, err = run(cli, "kpi", "--root", brand.root)
        if code == 2:
            assert "metrics/x/2026-11.csv:2" in err, err
    code, _, err = run(cli, "site", "build", "--root", brand.root, "--out", tmp_path / "site")
    assert code == 0, err
