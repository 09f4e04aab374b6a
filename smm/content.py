"""Posts: Markdown files with YAML front-matter, loaded into Post objects.

Every problem in a file becomes a Diagnostic with path, line and column; a file that
cannot be read at all yields no Post, and the others are loaded all the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from smm import files, yamlio
from smm.diagnostics import Diagnostic
from smm.project import Project, suggest

ON_MERGE = "on-merge"  # publish_at that sends a post when it is merged

FIELDS: dict[str, str] = {  # key -> what it must be, as said in messages
    "publish_at": "an ISO 8601 date and time, e.g. 2026-12-01T09:00:00+01:00, or on-merge",
    "channels": "a list of channel ids from strategy.yaml, e.g. [x, linkedin]",
    "campaign": "a campaign id, e.g. winter-launch",
    "goal": "a goal id from strategy.yaml",
    "audience": "an audience id from strategy.yaml",
    "lang": "a language code, e.g. en or fr",
    "draft": "true or false",
    "sponsored": "true or false",
    "title": "text (YouTube and TikTok titles, the site's heading)",
    "tags": "a list of words (YouTube tags)",
    "link": "a URL (Facebook link preview)",
    "content_warning": "text (Mastodon content warning)",
    "previous_ids": "a list of ids this post had before a rename",
    "media": "a list of {file: ..., alt: ...}",
    "first_comment": "text, or channel: text for each channel (Instagram, LinkedIn, "
                     "Facebook, YouTube)",
}
MEDIA_KEYS = {"file", "alt", "channels", "title", "focus"}
_VARIANT = re.compile(r"^<!--\s*channel:\s*([\w\-, ]+?)\s*-->\s*$")


# Plain classes, not dataclasses: every pre-commit run imports this module, and the
# dataclass machinery (its import and the code it generates) costs more than loading a
# post. Each keeps what its dataclass gave callers: keyword construction, equality
# over its fields (so no hash), a repr naming them. tests/test_content_classes.py holds
# them to the dataclasses they replaced.


class Part:
    """One thread part of a body, in Markdown, and the file line where it starts."""

    __slots__ = ("text", "line")

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line

    def __repr__(self) -> str:
        return f"Part(text={self.text!r}, line={self.line!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Part:
            return NotImplemented
        return (self.text, self.line) == (other.text, other.line)

    __hash__ = None  # type: ignore[assignment]


class Media:
    __slots__ = ("file", "path", "alt", "line", "channels", "focus", "_suffix", "_stat")

    def __init__(self, file: str, path: Path, alt: str | None, line: int,
                 channels: list[str] | None = None, *, st: os.stat_result | None = None
                 ) -> None:
        self.file = file  # as written in the front-matter
        self.path = path  # resolved
        self.alt = alt
        self.line = line
        self.channels = channels
        # The point a crop keeps in view, as fractions of width and height from the top
        # left (`focus: [0.5, 0.3]`); None: the centre.
        self.focus: tuple[float, float] | None = None
        self._suffix: str | None = None
        self._stat = st  # the file's, when the load had it

    def stat(self) -> os.stat_result:
        """path.stat(), read once: a post's media checks (one per channel) and its cache
        entry all ask for it."""
        st = self._stat
        if st is None:
            st = self._stat = self.path.stat()
        return st

    @property
    def suffix(self) -> str:
        """path.suffix, lower case."""
        s = self._suffix
        if s is None:
            s = self._suffix = self.path.suffix.lower()
        return s

    def _fields(self) -> tuple[Any, ...]:
        return self.file, self.path, self.alt, self.line, self.channels

    def __repr__(self) -> str:
        return (f"Media(file={self.file!r}, path={self.path!r}, alt={self.alt!r}, "
                f"line={self.line!r}, channels={self.channels!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Media:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    @property
    def kind(self) -> str:
        ext = self.suffix
        if ext in (".mp4", ".mov", ".webm", ".m4v"):
            return "video"
        if ext == ".gif":
            return "gif"
        return "image"


_POST_FIELDS = ("id", "path", "rel", "fm", "body", "body_line", "shared", "variants",
                "variant_lines", "publish_at", "channels", "media")


class Post:
    """A loaded post. `path` is made from the file name when first asked for: most runs
    never need it, and a Path costs a tenth of loading the post."""

    __slots__ = ("id", "_path", "name", "rel", "fm", "body", "body_line", "shared",
                 "variants", "variant_lines", "publish_at", "channels", "media", "facts")

    def __init__(self, id: str, path: Path | str, rel: str, fm: yamlio.Located, body: str,
                 body_line: int, shared: list[Part],
                 variants: dict[str, list[Part]] | None = None,
                 variant_lines: dict[str, int] | None = None,
                 publish_at: dt.datetime | None = None, channels: list[str] | None = None,
                 media: list[Media] | None = None) -> None:
        self.id = id
        if isinstance(path, str):
            self._path: Path | None = None
            self.name = path
        else:
            self._path = path
            self.name = str(path)
        self.rel = rel  # repository-relative path
        self.fm = fm
        self.body = body
        self.body_line = body_line
        self.shared = shared
        self.variants = {} if variants is None else variants
        self.variant_lines = {} if variant_lines is None else variant_lines
        self.publish_at = publish_at
        self.channels = [] if channels is None else channels
        self.media = [] if media is None else media
        # (publish_at, its isoformat(), timestamp(), day ordinal in `tz`, tz) when _when
        # made them on the way: see schedule_facts.
        self.facts: tuple[Any, ...] | None = None

    @property
    def path(self) -> Path:
        p = self._path
        if p is None:
            p = self._path = Path(self.name)
        return p

    @path.setter
    def path(self, value: Path) -> None:
        self._path = value
        self.name = str(value)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in _POST_FIELDS)

    def __repr__(self) -> str:
        return "Post(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in _POST_FIELDS) + ")"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Post:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    @property
    def meta(self) -> dict[str, Any]:
        return self.fm.data if isinstance(self.fm.data, dict) else {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.meta.get(key, default)

    @property
    def draft(self) -> bool:
        return self.get("draft") is True

    @property
    def previous_ids(self) -> list[str]:
        """The ids this post had before a rename (the texts among `previous_ids:`; the
        validator reports any other value)."""
        prev = self.get("previous_ids")
        return [i for i in prev if isinstance(i, str)] if isinstance(prev, list) else []

    @property
    def sponsored(self) -> bool:
        return self.get("sponsored") is True

    @property
    def title(self) -> str:
        t = self.get("title")
        if isinstance(t, str) and t.strip():
            return t.strip()
        first = self.shared[0].text if self.shared else ""
        line = first.strip().splitlines()[0] if first.strip() else self.id
        line = re.sub(r"^#{1,6}\s+", "", line).strip()  # a Markdown heading, not "#ad"
        from smm.render import render

        # Shown as plain text: links as their words, no Markdown marks. Bluesky's
        # rendering is the one that keeps a link's words and drops its address.
        line = render(line, "bluesky").text.strip() or line
        if len(line) <= 80:
            return line
        cut = line[:80].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
        return cut + "…"

    def lang(self, project: Project) -> str:
        v = self.get("lang")
        return v if isinstance(v, str) else project.lang

    def parts(self, channel: str) -> list[Part]:
        """The thread parts this channel gets: its variant, else the shared body."""
        return self.variants.get(channel) or self.shared

    def pos(self, *key: str | int) -> tuple[int, int]:
        return self.fm.pos(*key)

    def media_for(self, channel: str) -> list[Media]:
        return [m for m in self.media if m.channels is None or channel in m.channels]


# The last project's root and repo root, then its repo root + "/" and content folder +
# "/": made once per project, a Path join and str() cost what a post's id does.
_BASES: list[Any] = [None, None, "", ""]


def _bases(project: Project) -> list[Any]:
    b = _BASES
    if b[0] is not project.root or b[1] is not project.repo_root:
        b[:] = [project.root, project.repo_root, str(project.repo_root) + "/",
                str(project.content_dir) + "/"]
    return b


def post_id(project: Project, path: Path | str, s: str | None = None) -> str:
    """The post's id: its path under content/, without `.md`. `s` is str(path), when
    the caller has it."""
    if s is None:
        s = str(path)
    base = _bases(project)[3]
    if s.startswith(base) and s.endswith(".md") and "/." not in s[len(base) - 1:]:
        return s[len(base):-3]  # the common case, without a resolve() per file
    if not isinstance(path, Path):
        path = Path(path)
    try:
        rel = path.resolve().relative_to(project.content_dir.resolve())
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


def _normal(name: str) -> bool:
    """Whether str(Path(name)) == name: Path drops empty and `.` parts and a trailing
    slash. tests/test_load_paths.py holds it to Path."""
    return ("//" not in name and "/./" not in name and name[-2:] != "/." and name[:2] != "./"
            and name[-1:] != "/" and name != "")


def discover(project: Project) -> list[Path]:
    """Every post file, sorted."""
    return [Path(f) for f in discover_names(project)]


def discover_names(project: Project) -> list[str]:
    """Every post file as a string, sorted (smm._scan.scan: os.scandir and strings, not
    Path.rglob, which on 10,000 posts costs half a second more)."""
    from smm._scan import scan

    return scan(str(project.posts_dir), False)[0]


def load_posts(project: Project, paths: Iterable[Path] | None = None
               ) -> tuple[list[Post], list[Diagnostic]]:
    posts: list[Post] = []
    diags: list[Diagnostic] = []
    if paths is None:
        from smm._scan import scan

        odd: list[str] = []
        names = scan(str(project.posts_dir), False, None, odd)[0]
        known = set(odd)
        for name in names:
            post, d = load_post(project, name, plain=name not in known)
            diags.extend(d)
            if post is not None:
                posts.append(post)
        return posts, diags
    for path in paths:
        post, d = load_post(project, path)
        diags.extend(d)
        if post is not None:
            posts.append(post)
    return posts, diags


def load_post(project: Project, path: Path | str, plain: bool = False
              ) -> tuple[Post | None, list[Diagnostic]]:
    """The post in file `path`, and what is wrong with it. A name (str) is taken as
    Path(name) would be, without making the Path unless the name needs it. `plain`:
    the caller's scan saw a regular file there (smm._scan), no need to look again."""
    if isinstance(path, str) and _normal(path):
        name = path
    else:
        if not isinstance(path, Path):
            path = Path(path)
        name = str(path)  # for open and the id: each str(path) or fspath is a Python call
    bases = _bases(project)
    base = bases[2]
    if name.startswith(base) and "/." not in name[len(base) - 1:]:
        rel = name[len(base):]  # project.rel's common case
    else:
        rel = project.rel(Path(name))
    try:
        raw = _read(name, project, plain)
    except _Refused as e:
        return None, [Diagnostic(rel, 1, 1, "error", e.rule, e.message)]
    except OSError as e:
        return None, [Diagnostic(rel, 1, 1, "error", "file.read",
                                 f"cannot read the file: {e.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [Diagnostic(rel, line, col, "error", "file.encoding",
                                 f"byte 0x{raw[e.start]:02x} is not UTF-8: save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Diagnostic(rel, line, 1, "error", "file.encoding",
                                 "the file holds a NUL character: it is not a text file")]
    found = _split_front(rel, text)
    if isinstance(found, Diagnostic):
        return None, [found]
    front, end, body = found
    try:
        fm = yamlio.load(front, line_offset=1)
    except yamlio.YamlError as e:
        return None, [Diagnostic(rel, e.line, e.column, "error", "yaml.syntax",
                                 e.message + ": fix the front-matter's YAML")]
    if fm.data is None:
        fm.data = {}
    if not isinstance(fm.data, dict):
        return None, [Diagnostic(rel, 2, 1, "error", "frontmatter.type",
                                 "the front-matter must be keys and values, e.g. "
                                 "`channels: [x]`")]
    body_line = end + 2
    shared, variants, vlines = split_body(body, body_line)
    cbase = bases[3]  # post_id's common case, inlined
    if name.startswith(cbase) and name.endswith(".md") and "/." not in name[len(cbase) - 1:]:
        pid = name[len(cbase):-3]
    else:
        pid = post_id(project, path, name)
    post = Post(pid, path, rel, fm, body, body_line, shared,
                variants, vlines, None, [], [])  # all given: no default made
    diags: list[Diagnostic] = []
    _check_meta(project, post, diags)
    if not variants and len(shared) == 1:  # most posts: one part, nothing more to check
        if not shared[0].text:  # a part's text is stripped
            diags.append(_body_empty(rel, text, end))
        return post, diags
    if not any(p.text.strip() for p in shared) and not variants:
        diags.append(_body_empty(rel, text, end))
    for parts in [shared, *variants.values()]:
        for i, part in enumerate(parts):
            if not part.text.strip() and len(parts) > 1:
                diags.append(Diagnostic(rel, part.line, 1, "error", "body.empty-part",
                                        f"thread part {i + 1} is empty: remove the extra "
                                        "`---` line"))
    for ch, vline in vlines.items():
        if ch not in project.channels:
            diags.append(Diagnostic(rel, vline, 1, "error", "variant.channel",
                                    f"a variant for unknown channel {ch!r}: "
                                    f"{suggest(ch, list(project.channels))}"))
        elif not any(p.text for p in variants[ch]):
            diags.append(Diagnostic(rel, vline, 1, "error", "body.empty",
                                    f"the variant for {ch} is empty: write its text below "
                                    "this line, or remove the line"))
        elif post.channels and ch not in post.channels:
            diags.append(Diagnostic(rel, vline, 1, "warning", "variant.channel",
                                    f"a variant for channel {ch!r}, which the post is not "
                                    "sent to: add it to channels or remove the variant"))
    return post, diags


MAX_BYTES = 1 << 20  # a post is a few kB; a larger file is something else
_Refused = files.Refused
_OPEN = files.OPEN


def _read(name: str, project: Project, plain: bool) -> bytes:
    """The file's bytes, when it is a regular file inside the repository (smm.files).
    With `plain` (a scan saw a regular file) no lstat (it costs a post what parsing its
    front-matter does) and files.read_bytes inlined; the flags and the bound still hold
    should the file have changed since."""
    if not plain:
        return files.read_bytes(name, _real_root(project)[2], "posts", MAX_BYTES)
    fd = os.open(name, _OPEN)
    try:
        raw = os.read(fd, 65536)
        while more := os.read(fd, 65536):  # to the end, as FileIO.readall
            raw += more
            if len(raw) > MAX_BYTES:
                raise _Refused("file.size", f"the file is larger than {MAX_BYTES >> 20} MB: "
                               "it is not one of the posts")
    finally:
        os.close(fd)
    return raw


def real_file(project: Project, name: str, st: os.stat_result, what: str) -> str:
    """smm.files.real_file inside this project's repository: posts and media alike."""
    return files.real_file(name, st, _real_root(project)[2], what)


def _split_front(rel: str, text: str) -> tuple[str, int, str] | Diagnostic:
    """The front-matter, the 0-based line of its closing `---` and the body; or what
    is wrong."""
    if text[:4] == "---\n":  # the usual case, without splitting the body into lines
        # head: from the first line's end to the next line starting `---`, tail after it
        head, sep, tail = text[3:].partition("\n---")
        if sep and "\n..." not in head:
            if tail[:1] == "\n":
                return head[1:], head.count("\n") + 1, tail[1:]
            nl = tail.find("\n")
            if not (tail if nl < 0 else tail[:nl]).strip():
                return head[1:], head.count("\n") + 1, "" if nl < 0 else tail[nl + 1:]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Diagnostic(rel, 1, 1, "error", "frontmatter.missing",
                          "no front-matter: start the file with a line `---`, then "
                          "`channels: [...]` and `publish_at: ...`, then a closing `---`")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return Diagnostic(rel, 1, 1, "error", "frontmatter.unclosed",
                          "the front-matter is never closed: add a line `---` after its "
                          "last key")
    return "\n".join(lines[1:end]), end, "\n".join(lines[end + 1:])


def _body_empty(rel: str, text: str, end: int) -> Diagnostic:
    body_line = end + 2
    return Diagnostic(rel, body_line if body_line <= text.count("\n") + 1 else end + 1, 1,
                      "error", "body.empty",
                      "the post has no text: write the body below the closing `---`")


def split_body(body: str, first_line: int
               ) -> tuple[list[Part], dict[str, list[Part]], dict[str, int]]:
    """Shared thread parts, then per-channel variants (`<!-- channel: x, bluesky -->`)."""
    if "<!--" not in body:  # most posts: no variant
        if "---" in body:
            return _thread(body, first_line), {}, {}
        text = body.strip()  # _part, inlined for the usual post: one part
        if not text:
            return [Part("", first_line + body.count("\n") + 1)], {}, {}
        if body[0] == text[0]:  # no blank line or space first (strip leaves none there)
            return [Part(text, first_line)], {}, {}
        return [Part(text, first_line + body.count("\n", 0, len(body) - len(body.lstrip())))], \
            {}, {}
    sections: list[tuple[list[str], int, list[str]]] = [([], first_line, [])]
    for i, text in enumerate(body.split("\n")):
        m = _VARIANT.match(text.strip())
        if m:
            chans = [c.strip() for c in m.group(1).split(",") if c.strip()]
            sections.append((chans, first_line + i + 1, []))
        else:
            sections[-1][2].append(text)
    shared = _section(sections[0][2], sections[0][1])
    variants: dict[str, list[Part]] = {}
    vlines: dict[str, int] = {}
    for chans, line, content in sections[1:]:
        parts = _section(content, line)
        for c in chans:
            variants[c] = parts
            vlines[c] = line - 1
    return shared, variants, vlines


def _section(lines: list[str], first_line: int) -> list[Part]:
    return _thread("\n".join(lines), first_line) if lines else [Part("", first_line)]


def _thread(text: str, first_line: int) -> list[Part]:
    """The thread parts of `text` (one line or more), which starts at line first_line,
    split at lines `---` (spaces around allowed); a last part left empty is dropped."""
    chunks = text.split("\n---\n")
    if len(chunks) > 1 and text.count("---") == len(chunks) - 1:
        # The usual thread: its breaks are lines `---` alone, and no other `---` is
        # there (each break holds one; another would be counted).
        parts = []
        line = first_line
        for chunk in chunks:
            parts.append(_part(chunk, line))
            line += chunk.count("\n") + 2
        if not parts[-1].text:
            parts.pop()
        return parts
    parts = []
    pos, line = 0, first_line  # where the current part's lines start
    i = text.find("---")
    while i >= 0:
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i + 3)
        if end < 0:
            end = len(text)
        # The first `---` of a line `---` follows its leading spaces (no dash there)
        if not text[start:i].strip() and not text[i + 3:end].strip():
            if start == pos:  # no line between two breaks
                parts.append(Part("", line))
            else:
                chunk = text[pos:start - 1]
                parts.append(_part(chunk, line))
                line += chunk.count("\n") + 1
            line += 1
            pos = end + 1
        i = text.find("---", end)
    # After the last break: its lines, or none when the break ends the text
    parts.append(_part(text[pos:], line) if pos <= len(text) else Part("", line))
    if len(parts) > 1 and not parts[-1].text:
        parts.pop()
    return parts


def _part(chunk: str, line: int) -> Part:
    """One part from its lines, starting at `line`. Its line is that of its first text
    (or the line after its last, when it has none)."""
    text = chunk.strip()
    if not text:
        return Part("", line + chunk.count("\n") + 1)
    if chunk[0] == text[0]:  # no blank line or space first (strip leaves none there)
        return Part(text, line)
    return Part(text, line + chunk.count("\n", 0, len(chunk) - len(chunk.lstrip())))


def _check_meta(project: Project, post: Post, diags: list[Diagnostic]) -> None:
    m = post.fm.data
    if not _plain_seen(project, post, m):
        _check_fields(project, post, m, diags)
    when = m.get("publish_at")
    if when is None:  # never a silent "now": going out on merge is said in words
        _bad_when(post, diags, "publish_at is required: a time such as "
                  "2026-12-01T09:00 (strategy timezone), or `publish_at: on-merge` to "
                  "publish as soon as the pull request is merged (`smm new` picks a free "
                  "time for you)")
    elif when != ON_MERGE:
        post.publish_at = _when(project, post, when, diags)
    if "media" in m:
        _media(project, post, m["media"], diags)


# What a key's value must be an instance of for _plain_meta: every key of FIELDS, and
# `object` where more than the type is checked (channels, publish_at, media, lists).
_KINDS: dict[Any, type] = {
    **dict.fromkeys(FIELDS, object),
    **dict.fromkeys(("campaign", "goal", "audience", "lang", "title", "link",
                     "content_warning"), str),
    **dict.fromkeys(("draft", "sponsored"), bool),
}


_KIND_OF = _KINDS.__getitem__


def _plain_meta(project: Project, post: Post, m: dict[Any, Any]) -> bool:
    """True, and the post's channels set, when _check_fields has nothing to say: the
    common case in a few calls that loop in C."""
    try:
        if not all(map(isinstance, m.values(), map(_KIND_OF, m))):
            return False
    except KeyError:  # an unknown key
        return False
    if "tags" in m or "previous_ids" in m:
        for key in ("tags", "previous_ids"):
            if key in m and not (isinstance(m[key], list)
                                 and all(isinstance(x, str) for x in m[key])):
                return False
    chans = m.get("channels")
    if chans.__class__ is not list or not chans:
        return False
    try:
        ids = set(chans)
    except TypeError:  # a list or mapping among them
        return False
    # Channel ids are strings (project.py makes them so): no other YAML value equals one.
    if not ids <= project.channels.keys():
        return False
    goals, audiences, langs = _ids(project)
    if "goal" in m and m["goal"] not in goals or "audience" in m and m["audience"] not in \
            audiences or "lang" in m and m["lang"] not in langs:
        return False
    post.channels = chans.copy() if len(ids) == len(chans) else list(dict.fromkeys(chans))
    return True


# What _plain_meta found for the front-matter lines after the first (Located.rest):
# the project's id sets and channels it was found for, and the post's channels, or
# None when not plain. Posts mostly share those lines; their first is publish_at.
_PLAIN: dict[str, tuple[Any, Any, list[str] | None]] = {}
# Keys whose value _plain_meta checks for its type alone: what it finds for a document
# whose first key is one of them is that type check and what it finds for the rest.
_ALONE = {k: v for k, v in _KINDS.items()
          if k not in ("channels", "goal", "audience", "lang", "tags", "previous_ids")}


def _plain_seen(project: Project, post: Post, m: dict[Any, Any]) -> bool:
    """_plain_meta(project, post, m), remembered for the lines after the first."""
    rest = post.fm.rest
    if rest is None:
        return _plain_meta(project, post, m)
    key = next(iter(m))  # the first line's
    kind = _ALONE.get(key)
    if kind is None or not isinstance(m[key], kind):
        return _plain_meta(project, post, m)
    sets = _ids(project)
    seen = _PLAIN.get(rest)
    if seen is None or seen[0] is not sets or seen[1] is not project.channels:
        plain = _plain_meta(project, post, m)
        if len(_PLAIN) > 1024:
            _PLAIN.clear()
        _PLAIN[rest] = (sets, project.channels, post.channels.copy() if plain else None)
        return plain
    if seen[2] is None:
        return False
    post.channels = seen[2].copy()
    return True


_IDS: list[Any] = [None, None, ()]  # the last strategy, its project's lang, and _ids'


def _ids(project: Project) -> tuple[set[str], set[str], set[str]]:
    """project.ids("goals"), project.ids("audiences") and project.languages as sets, made
    once for a strategy: its data is not changed once loaded (a new load makes new
    objects)."""
    strategy, lang, sets = _IDS
    if strategy is not project.strategy or lang is not project.lang:
        sets = (set(project.ids("goals")), set(project.ids("audiences")),
                set(project.languages))
        _IDS[:] = project.strategy, project.lang, sets
    return sets


def _check_fields(project: Project, post: Post, m: dict[Any, Any],
                  diags: list[Diagnostic]) -> None:
    """Unknown keys, types, channels, goal, audience and lang, each named."""
    rel = post.rel
    for key in m:
        if key not in FIELDS:
            line, col = post.fm.key_pos(str(key))
            diags.append(Diagnostic(rel, line, col, "error", "frontmatter.unknown-key",
                                    f"unknown key {key!r}: {suggest(str(key), sorted(FIELDS))}"))

    def bad(key: str, *path: str | int) -> None:
        line, col = post.pos(key, *path)
        diags.append(Diagnostic(rel, line, col, "error", "frontmatter.type",
                                f"{key} must be {FIELDS[key]}"))

    for key in ("campaign", "goal", "audience", "lang", "title", "link", "content_warning"):
        if key in m and not isinstance(m[key], str):
            bad(key)
    for key in ("draft", "sponsored"):
        if key in m and not isinstance(m[key], bool):
            bad(key)
    for key in ("tags", "previous_ids"):
        if key in m and not (isinstance(m[key], list) and all(isinstance(x, str) for x in m[key])):
            bad(key)

    chans = m.get("channels")
    if chans is None:
        diags.append(Diagnostic(rel, 2, 1, "error", "frontmatter.channels",
                                "no channels: add `channels: [...]` with ids from "
                                "strategy.yaml: " + ", ".join(project.channels)))
    elif chans == []:
        line, col = post.pos("channels")
        diags.append(Diagnostic(rel, line, col, "error", "frontmatter.channels",
                                "channels is empty: add the ids of the channels to post to, "
                                "from strategy.yaml: " + ", ".join(project.channels)))
    elif isinstance(chans, str):
        chans = [c.strip() for c in chans.split(",")]
        bad("channels")
    elif not isinstance(chans, list) or not all(isinstance(c, str) for c in chans):
        bad("channels")
        chans = []
    for i, c in enumerate(chans or []):
        if c in project.channels:
            if c not in post.channels:
                post.channels.append(c)
        else:
            line, col = post.pos("channels", i) if isinstance(m.get("channels"), list) \
                else post.pos("channels")
            diags.append(Diagnostic(rel, line, col, "error", "frontmatter.channel",
                                    f"unknown channel {c!r}: "
                                    f"{suggest(c, list(project.channels))}"))
    for key, section in (("goal", "goals"), ("audience", "audiences")):
        v = m.get(key)
        if isinstance(v, str) and v not in project.ids(section):
            line, col = post.pos(key)
            diags.append(Diagnostic(rel, line, col, "error", f"frontmatter.{key}",
                                    f"unknown {key} {v!r}: "
                                    f"{suggest(v, project.ids(section))} (strategy.yaml)"))
    lang = m.get("lang")
    if isinstance(lang, str) and lang not in project.languages:
        line, col = post.pos("lang")
        diags.append(Diagnostic(rel, line, col, "warning", "frontmatter.lang",
                                f"lang {lang!r} is not among strategy.yaml's languages "
                                f"({', '.join(project.languages)}): add it there or fix "
                                "the code"))


def _when(project: Project, post: Post, v: Any, diags: list[Diagnostic]
          ) -> dt.datetime | None:
    text = None
    if isinstance(v, str):
        try:
            v = dt.datetime.fromisoformat(text := v.strip())
        except ValueError:
            _bad_when(post, diags, f"publish_at {v!r} is not a date and time: write it as "
                      "2026-12-01T09:00 (strategy timezone) or 2026-12-01T09:00:00+01:00")
            return None
        if len(text) < 11:  # a date alone, quoted? (with a time, 10 characters at least)
            with contextlib.suppress(ValueError):
                v = dt.date.fromisoformat(text)
    if v.__class__ is not dt.datetime and isinstance(v, dt.date) and \
            not isinstance(v, dt.datetime):
        _bad_when(post, diags, f"publish_at {v.isoformat()} has no time: write "
                  f"{v.isoformat()}T09:00 (a time in the strategy timezone) or add an offset")
        return None
    if v.__class__ is not dt.datetime and not isinstance(v, dt.datetime):
        _bad_when(post, diags, f"publish_at must be {FIELDS['publish_at']}")
        return None
    day = v.toordinal()
    if not _DAYS[0] <= day <= _DAYS[1]:  # else time zones and calendars overflow
        _bad_when(post, diags, f"publish_at {v.isoformat()} is out of range: pick a date "
                  f"between the years {YEARS[0]} and {YEARS[1]}")
        return None
    if v.tzinfo is None:
        tz = project.timezone
        local = dt.datetime.combine(v, v.time(), tz)  # v.replace(tzinfo=tz) at half the cost
        # A wall-clock time skipped by a DST jump does not round-trip through UTC. This
        # is local.astimezone(UTC).astimezone(tz) in the calls that do the work (utc: the
        # UTC time in tz's clothing, as astimezone hands it to fromutc), keeping the
        # offset. Two datetimes with the same tzinfo compare by their wall-clock times.
        off: dt.timedelta = tz.utcoffset(local)  # type: ignore[assignment] # a zone's is set
        utc = local - off
        if tz.fromutc(utc) != local:
            _bad_when(post, diags, f"{v.isoformat()} does not exist in {tz.key} (the clocks "
                      "jump forward): pick another time or give an offset")
            return None
        # What the schedule wants, while the offset is known: local.isoformat() (from
        # the text in its usual form, 2026-12-01T09:00: datetime's formatting costs a
        # third of loading a post), local.timestamp() (same tzinfo: no offsets looked
        # up) and its day.
        end = _SUFFIX.get(off) or _suffix(local, v, off)
        if text is not None and len(text) == 16 and text[4:14:3] == "--T:" \
                and text[11:13] != "24":  # dddd-dd-ddTdd:dd; Python 3.14 reads T24:00
            iso = text + ":00" + end
        else:
            iso = v.isoformat() + end
        epoch = _EPOCH.get(tz) or _EPOCH.setdefault(tz, dt.datetime(1970, 1, 1, tzinfo=tz))
        post.facts = (local, iso, (utc - epoch).total_seconds(), day, tz)
        return local
    return v


# The years a publish_at may name: from the Unix epoch, and far enough from year 9999
# that a time zone, a calendar's next month or a week's end never leave datetime's range.
YEARS = (1970, 9000)
_DAYS = (dt.date(YEARS[0], 1, 1).toordinal(), dt.date(YEARS[1], 12, 31).toordinal())
_EPOCH: dict[Any, dt.datetime] = {}  # a zone -> 1970-01-01 in its clothing
_SUFFIX: dict[Any, str] = {}  # a UTC offset -> the end isoformat() writes for it


def _suffix(local: dt.datetime, v: dt.datetime, off: Any) -> str:
    end = _SUFFIX[off] = local.isoformat()[len(v.isoformat()):]
    return end


def _bad_when(post: Post, diags: list[Diagnostic], msg: str) -> None:
    line, col = post.pos("publish_at")
    diags.append(Diagnostic(post.rel, line, col, "error", "frontmatter.publish_at", msg))


def _media(project: Project, post: Post, items: Any, diags: list[Diagnostic]) -> None:
    rel = post.rel

    def diag(line: int, col: int, rule: str, msg: str) -> None:
        diags.append(Diagnostic(rel, line, col, "error", rule, msg))

    if items is None:
        return
    if not isinstance(items, list):
        line, col = post.pos("media")
        diag(line, col, "frontmatter.type", f"media must be {FIELDS['media']}")
        return
    repo, real, _ = _real_root(project)
    # The post's folder under the repository root, when that root is its own real path:
    # then a media file's real path is found from there (_under).
    base = _bases(project)[2]
    name = post.name
    folder = name[len(base):name.rfind("/") + 1] if real and name.startswith(base) else None
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            line, col = post.pos("media", i)
            diag(line, col, "media.file", "each media item needs `file:` (a path relative to "
                 "the post) and `alt:` (what the image shows)")
            continue
        for key in item:
            if key not in MEDIA_KEYS:
                line, col = post.fm.key_pos("media", i, str(key))
                diag(line, col, "frontmatter.unknown-key",
                     f"unknown media key {key!r}: {suggest(str(key), sorted(MEDIA_KEYS))}")
        line, col = post.pos("media", i, "file")
        file = item["file"]
        found = None if folder is None or file[:1] == "/" else _under(base, folder + file)
        st = None
        if found is None:
            try:
                target = (post.path.parent / file).resolve()
            except (OSError, RuntimeError, ValueError) as e:  # a loop of links, a NUL
                why = "a loop of links" if isinstance(e, RuntimeError) else \
                    "a NUL character" if isinstance(e, ValueError) else e.strerror
                diag(line, col, "media.file", f"{file!r} cannot be followed ({why}): fix the "
                     "path, relative to this post")
                continue
            outside, is_file = not target.is_relative_to(repo), None
        else:
            real_name, st = found
            target = Path(real_name)
            outside = not real_name.startswith(base)
            is_file = st is not None and S_ISREG(st.st_mode)
        if outside:
            diag(line, col, "media.outside",
                 f"{item['file']} leaves the repository: keep media under content/media/")
            continue
        if is_file is None or not is_file:
            try:
                st = os.stat(target)  # resolved: no link left to follow
            except (OSError, ValueError):
                st = None
            if st is not None and not S_ISREG(st.st_mode):
                diag(line, col, "media.type", f"{item['file']} is {files.kind(st.st_mode)}, not a "
                     "regular file: attach an image or a video")
                continue
        if st is None:
            diag(line, col, "media.missing",
                 f"{item['file']} does not exist (looked for {project.rel(target)}): fix the "
                 "path, relative to this post")
            continue
        alt = item.get("alt")
        if alt is not None and not isinstance(alt, str):
            aline, acol = post.pos("media", i, "alt")
            diag(aline, acol, "frontmatter.type", "alt must be text describing the image")
            alt = None
        if "focus" in item and not _focus_ok(item["focus"]):
            fline, fcol = post.pos("media", i, "focus")
            diag(fline, fcol, "frontmatter.type", "focus must be [x, y]: where the eye goes, "
                 "as fractions of the width and height (0.5, 0.5 is the centre)")
        chans = item.get("channels")
        if chans is not None:
            chans = _media_channels(project, post, i, chans, diags)
        media = Media(item["file"], target, alt, line, chans, st=st)
        if "focus" in item:
            media.focus = _focus(item["focus"])
            if media.focus is None:
                fline, fcol = post.pos("media", i, "focus")
                diag(fline, fcol, "frontmatter.type", "focus must be two numbers from 0 to 1, "
                     "across then down from the top left, e.g. `focus: [0.5, 0.3]`")
        post.media.append(media)


def _focus(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) != 2:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
               for v in value):
        return None
    return float(value[0]), float(value[1])


def _media_channels(project: Project, post: Post, i: int, chans: Any,
                    diags: list[Diagnostic]) -> list[str] | None:
    """A media item's `channels:`, the ids among them that exist; None (every channel)
    when it is not a list."""
    if not isinstance(chans, list) or not all(isinstance(c, str) for c in chans):
        line, col = post.pos("media", i, "channels")
        diags.append(Diagnostic(post.rel, line, col, "error", "frontmatter.type",
                                "a media item's channels must be a list of channel ids, "
                                "e.g. [instagram]"))
        return None
    for k, c in enumerate(chans):
        if c not in project.channels:
            line, col = post.pos("media", i, "channels", k)
            diags.append(Diagnostic(post.rel, line, col, "error", "frontmatter.channel",
                                    f"unknown channel {c!r}: "
                                    f"{suggest(c, list(project.channels))}"))
    return [c for c in chans if c in project.channels]


def _focus_ok(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(
        isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x <= 1 for x in v)


# a repo root, its resolve(), whether the same, and str() of its resolve()
_REAL_ROOT: list[Any] = [None, None, False, ""]


def _real_root(project: Project) -> tuple[Path, bool, str]:
    """project.repo_root.resolve(), whether it is repo_root itself (as load_project
    makes it), and its text: once per project, not once per post."""
    r = _REAL_ROOT
    if r[0] is not project.repo_root:
        real = project.repo_root.resolve()
        r[:] = project.repo_root, real, str(real) == str(project.repo_root), str(real)
    return r[1], r[2], r[3]


def _under(base: str, rest: str) -> tuple[str, os.stat_result | None] | None:
    """What Path(base + rest).resolve() gives, and its lstat (None when it does not
    exist), for `base` a real folder path ending in "/" and `rest` a relative path: the
    walk of os.path.realpath, one lstat a part, when no part is a symbolic link. None
    for a link, a path ending in a folder not looked at (`..`), a NUL: the caller
    resolves."""
    if "\x00" in rest:
        return None
    path = base[:-1]
    st: os.stat_result | None = None
    last = ""
    for part in rest.split("/"):
        if not part or part == ".":
            continue
        last = part
        if part == "..":
            path = path.rpartition("/")[0] or "/"
            continue
        path = path + "/" + part if path != "/" else "/" + part
        try:
            st = os.lstat(path)
        except OSError:
            st = None
            continue
        if S_ISLNK(st.st_mode):
            return None
    if last in ("", ".."):  # the folder reached was not looked at
        return None
    return path, st
