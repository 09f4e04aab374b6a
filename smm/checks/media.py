"""Media rules per channel: required, count, type, size, aspect ratio, alt text.

The numbers come from the platform's `media` limits (smm/platforms/LIMITS.md),
overridable per channel in strategy.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from smm.content import Media, Post
from smm.diagnostics import Diagnostic
from smm.preview import ChannelView
from smm.project import Project

_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp",
            ".mp4": "mp4", ".mov": "mov", ".webm": "webm", ".m4v": "mp4"}


# What image_info gives for a header claiming more pixels than Pillow will decode (a
# "decompression bomb": a few bytes that would unpack into gigabytes).
HUGE = ("huge", 0, 0)


@lru_cache(maxsize=4096)
def image_info(path: Path, mtime_ns: int) -> tuple[str, int, int] | None:
    """(format, width, height) read from the file's header; None if it is no image,
    HUGE when the header claims too many pixels to decode."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            return (im.format or "").lower(), im.width, im.height
    except Image.DecompressionBombError:
        return HUGE
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None  # (Pillow's header parsers raise these last two on garbage too)


def check(project: Project, post: Post, view: ChannelView) -> list[Diagnostic]:
    rules: dict[str, Any] = view.limits.get("media") or {}
    items = view.media
    required = rules.get("required")
    max_items = rules.get("max_items")
    if not items and not required and not (isinstance(max_items, int) and max_items < 0):
        return []  # most posts: nothing attached, nothing required

    ch, label = view.channel, view.label

    def d(line: int, rule: str, msg: str, sev: str = "error") -> Diagnostic:
        return Diagnostic(post.rel, line, 1, sev, f"media.{rule}", f"{label}: {msg}", ch.id)

    found = []  # (rule, message) at the media list's line
    videos = [m for m in items if m.kind == "video"]
    if required and not items:
        need = "a video" if required == "video" else "an image or a video"
        found.append(("required", f"a post needs {need}: add one under `media:`"))
    if required == "video" and items and not videos:
        found.append(("required", "a post needs a video: attach an .mp4 under `media:`"))
    if isinstance(max_items, int) and len(items) > max_items:
        found.append(("count", f"{len(items)} media attached, at most {max_items}: "
                      f"remove {len(items) - max_items} or limit them with `channels:` on "
                      "each item"))
    max_videos = rules.get("max_videos")
    if isinstance(max_videos, int) and videos and len(videos) > max_videos:
        found.append(("count", f"{len(videos)} videos, at most {max_videos}"))
    if videos and rules.get("video_alone") and len(items) > 1:
        found.append(("count", "a video cannot be combined with other media here"))
    out = []
    if found:  # the line looked up only for a finding: most posts have none
        first = post.pos("media")[0] if "media" in post.meta else post.body_line
        out = [d(first, rule, msg) for rule, msg in found]
    for m in items:
        out.extend(_item(project, post, m, rules, d))
    return out


def _item(project: Project, post: Post, m: Media, rules: dict[str, Any], d: Any
          ) -> Iterator[Diagnostic]:
    suffix = m.suffix
    fmt = _FORMATS.get(suffix, suffix.lstrip("."))
    st = m.stat()
    size = st.st_size
    kind = m.kind
    allowed = rules.get("video_types" if kind == "video" else "image_types")
    if allowed and fmt not in allowed:
        yield d(m.line, "type", f"{m.file} is {fmt.upper()}, which is not accepted "
                f"(accepted: {', '.join(a.upper() for a in allowed)}): convert it"
                + (f": `smm media fit {post.rel}`" if kind == "image" else ""))
    cap = rules.get({"video": "video_max_bytes", "gif": "gif_max_bytes"}.get(kind,
                                                                            "image_max_bytes"))
    if kind == "gif" and cap is None:
        cap = rules.get("image_max_bytes")
    if isinstance(cap, int) and size > cap:
        yield d(m.line, "size", f"{m.file} is {_mb(size)}, more than {_mb(cap)}: compress it"
                + (f": `smm media fit {post.rel}`" if kind == "image" else ""))
    if kind != "video":
        info = image_info(m.path, st.st_mtime_ns)
        if info is None:
            yield d(m.line, "type", f"{m.file} is not a readable image")
        elif info is HUGE:
            yield d(m.line, "size", f"{m.file} claims more pixels than any platform takes "
                    "(a decompression bomb?): export it again at its real size")
        else:
            _, w, h = info
            lo, hi = rules.get("aspect_min"), rules.get("aspect_max")
            ratio = w / h if h else 0
            if (lo and ratio < lo - 1e-3) or (hi and ratio > hi + 1e-3):
                yield d(m.line, "aspect", f"{m.file} is {w}x{h} (aspect {ratio:.2f}), outside "
                        f"{_ratio(lo)} to {_ratio(hi)}: crop it: `smm media fit {post.rel}`")
        access = project.brand.get("accessibility")
        policy = str(access.get("alt_text", "required")) if isinstance(access, dict) \
            else "required"
        if not (m.alt or "").strip() and policy != "off":
            sev = "error" if policy == "required" else "warning"
            yield d(m.line, "alt", f"{m.file} has no alt text: add `alt:` describing what it "
                    "shows, for people using screen readers", sev)
    alt_max = rules.get("alt_max")
    if m.alt and isinstance(alt_max, int) and len(m.alt) > alt_max:
        yield d(m.line, "alt", f"alt text of {m.file} is {len(m.alt)} characters, at most "
                f"{alt_max}: shorten it")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _ratio(x: float | None) -> str:
    return "any" if not x else f"{x:.2f}"
