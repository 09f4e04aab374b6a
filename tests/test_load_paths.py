"""Loading a post: the fast paths of smm.content give what the general code gives.

The schema check's common case (_plain_meta) is held to the full check on generated
front-matter; the front-matter split and the body's thread parts to the line-by-line
code they replace, kept here as the reference."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smm import content, yamlio
from smm.content import Part, load_post
from smm.project import load_project

_KEYS = ["publish_at", "channels", "campaign", "goal", "audience", "lang", "draft", "sponsored",
         "title", "tags", "link", "previous_ids", "media", "colour", "1"]
_VALUES = ["2026-12-01T09:00", "2026-12-01T09:00:00+01:00", "2026-12-01", "2026-03-29T02:30",
           "[x, bluesky]", "[x, x]", "[x, twitter]", "[]", "x, bluesky", "[1, x]", "[x, [y]]",
           "awareness", "fame", "baristas", "en", "fr", "de", "true", "no", '"no"', "~", "12",
           "[a, b]", "Café", "x"]


@st.composite
def _posts(draw: st.DrawFn) -> str:
    lines = [f"{draw(st.sampled_from(_KEYS))}: {draw(st.sampled_from(_VALUES))}"
             for _ in range(draw(st.integers(0, 7)))]
    if draw(st.booleans()):
        lines[:0] = ["channels: [x, bluesky]", "publish_at: 2026-12-01T09:00"]
    body = draw(st.sampled_from(["Hello", "", "a\n---\nb", "<!-- channel: x -->\nHi"]))
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def _outcome(brand: Any, text: str, project: Any = None) -> tuple[Any, ...]:
    post, diags = load_post(project or load_project(brand.root), brand.post("a", text))
    got = [(d.line, d.column, d.severity, d.rule, d.message) for d in diags]
    if post is None:
        return (got,)
    return got, post.channels, post.publish_at, post.fm.data


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_posts())
@example(text="---\nchannels: [x, x, bluesky]\ngoal: awareness\nlang: fr\n"
         "publish_at: on-merge\n---\nHi\n")
def test_plain_meta_equals_the_full_check(brand: Any, text: str, monkeypatch: Any) -> None:
    fast = _outcome(brand, text)
    with monkeypatch.context() as m:
        m.setattr(content, "_plain_meta", lambda *a: False)
        m.setattr(content, "_plain_seen", lambda *a: False)
        assert _outcome(brand, text) == fast, text


_FIRSTS = ["publish_at: 2026-12-01T09:00", "publish_at: 2026-12-02T10:00", "publish_at: 12",
           "title: Hi", "title: [a]", "draft: true", "draft: x", "channels: [x]", "lang: fr",
           "colour: red", "tags: [a]", "media: x"]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rest=st.lists(st.tuples(st.sampled_from(_KEYS), st.sampled_from(_VALUES)), max_size=6),
       firsts=st.lists(st.sampled_from(_FIRSTS), min_size=2, max_size=4))
@example(rest=[("channels", "[x, bluesky]"), ("goal", "awareness")],
         firsts=["publish_at: 2026-12-01T09:00", "publish_at: 2026-12-02T10:00"])
def test_plain_meta_remembered_for_the_lines_after_the_first(
        brand: Any, rest: list[tuple[str, str]], firsts: list[str], monkeypatch: Any) -> None:
    """Posts alike but for their first line: what _plain_seen remembers is what
    _plain_meta finds."""
    tail = "".join(f"\n{k}: {v}" for k, v in rest)
    texts = [f"---\n{first}{tail}\n---\nHello\n" for first in firsts]
    project = load_project(brand.root)
    fast = [_outcome(brand, t, project) for t in texts]
    with monkeypatch.context() as m:
        m.setattr(content, "_plain_seen", content._plain_meta)
        assert [_outcome(brand, t, project) for t in texts] == fast, texts


def _old_front(text: str) -> tuple[str, int, str] | None:
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    return "\n".join(lines[1:end]), end, "\n".join(lines[end + 1:])


def _old_part(lines: list[str], start: int) -> Part:
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    return Part("\n".join(lines[k:]).strip(), start + k)


def _old_thread(lines: list[str], first_line: int) -> list[Part]:
    parts: list[Part] = []
    cur: list[str] = []
    start = first_line
    for i, line in enumerate(lines):
        if line.strip() == "---":
            parts.append(_old_part(cur, start))
            cur, start = [], first_line + i + 1
        else:
            cur.append(line)
    parts.append(_old_part(cur, start))
    if len(parts) > 1:
        parts = [p for p in parts if p.text.strip() or p is not parts[-1]]
    return parts


def _old_split_body(body: str, first_line: int) -> tuple[Any, ...]:
    sections: list[tuple[list[str], int, list[str]]] = [([], first_line, [])]
    for i, text in enumerate(body.split("\n")):
        m = content._VARIANT.match(text.strip())
        if m:
            chans = [c.strip() for c in m.group(1).split(",") if c.strip()]
            sections.append((chans, first_line + i + 1, []))
        else:
            sections[-1][2].append(text)
    shared = _old_thread(sections[0][2], sections[0][1])
    variants: dict[str, list[Part]] = {}
    vlines: dict[str, int] = {}
    for chans, line, lines in sections[1:]:
        parts = _old_thread(lines, line)
        for c in chans:
            variants[c] = parts
            vlines[c] = line - 1
    return shared, variants, vlines


_LINES = ["", " ", "Hello", "---", " --- ", "----", "--- x", "x ---", "-- -", "\u2028---",
          "---\x0c", "...", "<!-- channel: x -->", "<!-- channel: x, bluesky -->", "\u2028",
          "a\x85b", "  text", "é"]


def _parts(parts: list[Part]) -> list[tuple[str, int]]:
    return [(p.text, p.line) for p in parts]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=9), st.integers(1, 20))
@example(["a", "---"], 5)
@example(["---", "---", ""], 5)
@example(["<!-- channel: x -->"], 5)
@example(["a", "", "---", "", "b", ""], 5)
@example(["", "a", "---", "b", "---", ""], 5)
@example(["a", "---", "", "---", "b"], 5)
def test_body_parts_are_the_line_by_line_ones(lines: list[str], first: int) -> None:
    body = "\n".join(lines)
    shared, variants, vlines = content.split_body(body, first)
    old_shared, old_variants, old_vlines = _old_split_body(body, first)
    assert _parts(shared) == _parts(old_shared), body
    assert {c: _parts(p) for c, p in variants.items()} == \
        {c: _parts(p) for c, p in old_variants.items()}, body
    assert vlines == old_vlines, body


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["---", "--- ", "...", "a: b", "", "----", "x"]), max_size=6),
       st.sampled_from(["", "\n", "\nbody", "\nbody\n"]))
def test_front_matter_split_is_the_line_by_line_one(lines: list[str], tail: str) -> None:
    text = "\n".join(lines) + tail
    got = content._split_front("a.md", text)
    want = _old_front(text)
    assert (None if isinstance(got, content.Diagnostic) else got) == want, text


def test_dst_check_is_the_round_trip_through_utc() -> None:
    """_when's check (combine, two conversions, a same-zone comparison) finds exactly
    the wall-clock times replace() and a UTC round trip find missing."""
    for name in ("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia"):
        tz = zoneinfo.ZoneInfo(name)
        t = dt.datetime(2026, 1, 1)
        while t.year == 2026:
            local = dt.datetime.combine(t, t.time(), tz)
            old = t.replace(tzinfo=tz)
            assert (local, local.fold) == (old, old.fold)
            missing = old.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != t
            assert (local.astimezone(dt.UTC).astimezone(tz) != local) == missing, (name, t)
            t += dt.timedelta(minutes=30)


def test_dst_check_is_astimezone_in_two_calls() -> None:
    """_when's utcoffset and fromutc are what astimezone(UTC).astimezone(tz) calls: the
    same wall-clock time back, for every half hour of a year in zones with odd rules."""
    for name in ("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia",
                 "Asia/Kathmandu"):
        tz = zoneinfo.ZoneInfo(name)
        t = dt.datetime(2026, 1, 1)
        while t.year == 2026:
            local = dt.datetime.combine(t, t.time(), tz)
            back = tz.fromutc(local - tz.utcoffset(local))  # type: ignore[operator]
            want = local.astimezone(dt.UTC).astimezone(tz)
            assert (back, back.fold, back.tzinfo) == (want, want.fold, want.tzinfo), (name, t)
            t += dt.timedelta(minutes=30)


class _Zone:
    def __init__(self, tz: zoneinfo.ZoneInfo) -> None:
        self.timezone = tz


_ZONES = st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC",
                          "Asia/Kathmandu", "America/St_Johns", "Europe/Dublin"])
_DIGITS = st.sampled_from("0123456789")


@st.composite
def _when_texts(draw: st.DrawFn) -> str:
    """Mostly the usual form, dddd-dd-ddTdd:dd, with a character changed now and then."""
    text = list(f"{draw(st.integers(1, 9999)):04d}-{draw(st.integers(1, 12)):02d}-"
                f"{draw(st.integers(1, 28)):02d}T{draw(st.integers(0, 24)):02d}:"
                f"{draw(st.integers(0, 59)):02d}")
    for _ in range(draw(st.integers(0, 2))):
        text[draw(st.integers(0, 15))] = draw(st.sampled_from("0-T: .,+Zt_W5"))
    return "".join(text) + draw(st.sampled_from(["", "", ":00", ":30.5", "+01:00", " ", "Z"]))


@settings(max_examples=2000, deadline=None)
@given(_when_texts(), _ZONES)
@example("2026-03-29T02:30", "Europe/Paris")
@example("0001-01-01T00:00", "Europe/Paris")
@example("2029-W37-2T09:00", "UTC")
@example("2029-09-11 09:00", "UTC")
@example("2029-09-11T09.00", "UTC")
def test_schedule_facts_are_datetimes_own(text: str, zone: str) -> None:
    """The isoformat, timestamp and day _when keeps for the schedule are the datetime's."""
    post = content.Post("p", "/r/p.md", "p.md", yamlio.Located({"publish_at": text}), "", 3, [])
    project = _Zone(zoneinfo.ZoneInfo(zone))
    try:
        v = dt.datetime.fromisoformat(text.strip())
        if v.tzinfo is None:
            want = dt.datetime.combine(v, v.time(), project.timezone)
            want.astimezone(dt.UTC)  # overflows where the year 1 or 9999 ends
    except (ValueError, OverflowError):
        return
    diags: list[Any] = []
    when = content._when(project, post, text, diags)  # type: ignore[arg-type]
    if when is None or post.facts is None:
        assert when is None or when.tzinfo is not project.timezone
        return
    assert post.facts == (when, when.isoformat(), when.timestamp(),
                          when.astimezone(project.timezone).date().toordinal(),
                          project.timezone), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "a", ".", "..", "/", "//", "./", "a/", "/.a", "b.md"]),
                max_size=6))
def test_normal_names_are_paths_own(parts: list[str]) -> None:
    name = "".join(parts)
    if content._normal(name):
        assert str(Path(name)) == name, name


def test_a_name_loads_as_its_path(brand: Any) -> None:
    """load_post given a file name, plain or not, gives what it gives the Path."""
    project = load_project(brand.root)
    brand.post("a", "---\nchannels: [x, twitter]\npublish_at: 2026-12-01T09:00\n---\nHi\n")
    base = str(brand.root)
    for name in (f"{base}/content/posts/a.md", f"{base}//content/posts/./a.md",
                 f"{base}/content/posts/../posts/a.md", f"{base}/content/posts/b.md",
                 f"{base}/content/posts/a.md/"):
        got = load_post(project, name)
        want = load_post(project, Path(name))
        assert got[1] == want[1], name
        if want[0] is None:
            assert got[0] is None
            continue
        assert got[0] is not None and got[0].path == want[0].path
        assert (got[0].id, got[0].rel, got[0].publish_at, got[0].facts) == \
            (want[0].id, want[0].rel, want[0].publish_at, want[0].facts)


def _media_tree() -> Path:
    """A real folder with a file, a folder, a link to each and a dangling link."""
    import os
    import tempfile

    root = Path(os.path.realpath(tempfile.mkdtemp(prefix="smm-media-paths-")))
    (root / "content" / "posts" / "2026").mkdir(parents=True)
    (root / "content" / "media").mkdir()
    (root / "content" / "media" / "a.png").write_bytes(b"png")
    (root / "content" / "media" / "link.png").symlink_to("a.png")
    (root / "content" / "shortcut").symlink_to("media")
    (root / "content" / "media" / "gone.png").symlink_to("nowhere.png")
    return root


_TREE = _media_tree()
_PARTS = ["..", ".", "", "media", "a.png", "link.png", "shortcut", "gone.png", "posts",
          "2026", "missing", "content", "a.png/.."]


@settings(max_examples=500, deadline=None)
@given(folder=st.sampled_from(["content/posts/2026/", "content/posts/", "", "content/"]),
       parts=st.lists(st.sampled_from(_PARTS), max_size=7))
@example(folder="content/posts/2026/", parts=["..", "..", "media", "a.png"])
def test_media_path_walk_agrees_with_resolve(folder: str, parts: list[str]) -> None:
    """content._under (a media file's real path from the post's folder, one lstat a
    part) gives what Path.resolve() and is_file() give, or leaves the case to them."""
    import stat

    base = str(_TREE) + "/"
    file = "/".join(parts)
    if file.startswith("/"):
        return  # an absolute path: _media resolves it
    found = content._under(base, folder + file)
    if found is None:
        return
    target = (Path(base + folder) / file).resolve()
    assert found[0] == str(target)
    assert (found[1] is not None and stat.S_ISREG(found[1].st_mode)) == target.is_file()


def test_media_paths_found_either_way(brand: Any) -> None:
    """A post's media, found by the walk and by resolve() (a link on the way), load alike."""
    (brand.root / "content" / "media").mkdir(parents=True)
    (brand.root / "content" / "media" / "a.png").write_bytes(b"png")
    (brand.root / "content" / "pics").symlink_to("media")
    text = ("---\nchannels: [x]\nmedia:\n  - {file: ../media/a.png, alt: A}\n"
            "  - {file: ../pics/a.png, alt: A}\n  - {file: ../media/b.png}\n"
            "  - {file: ../../../x.png}\npublish_at: on-merge\n---\nHi\n")
    post, diags = load_post(load_project(brand.root), brand.post("a", text))
    assert post is not None
    real = brand.root.resolve() / "content" / "media" / "a.png"
    assert [m.path for m in post.media] == [real, real]
    assert [d.rule for d in diags] == ["media.missing", "media.outside"]
