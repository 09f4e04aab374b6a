"""Images fitted to each platform's media rules (`smm media fit POST`): cropped to an
aspect ratio the platform takes, converted to a format it takes, compressed under its
size cap, with Pillow. The crop keeps the media item's focal point in view:

    media:
      - file: ../media/roastery.jpg
        alt: The roaster at work
        focus: [0.3, 0.4]    # x, y as fractions of width and height; default the centre

The fitted files are written beside the original, under `fit/`, one per set of channels
that need the same change (`roastery-instagram.jpg`), and the post's media list points
each channel at its file (`channels:` on the items), edited in place with the rest of
the file kept (smm.fmedit). Running it again finds everything fitting and changes
nothing. The rules are the ones validation applies (the platform's `media` limits with
strategy.yaml's overrides), so a fitted post passes validation's media checks.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm.content import Post
    from smm.project import Project

_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp"}
_SUFFIX = {"jpeg": ".jpg", "png": ".png", "webp": ".webp", "gif": ".gif"}
_SAVE = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}


@dataclass(frozen=True)
class Plan:
    """What one image needs for one channel: a crop box (None: none), a format (None:
    keep), a size cap in bytes (None: none). Channels with equal plans share a file."""

    box: tuple[int, int, int, int] | None
    fmt: str | None
    max_bytes: int | None

    @property
    def empty(self) -> bool:
        return self.box is None and self.fmt is None and self.max_bytes is None

    def why(self, w: int, h: int, src_fmt: str, size: int) -> list[str]:
        out = []
        if self.box is not None:
            x0, y0, x1, y1 = self.box
            out.append(f"cropped {w}x{h} to {x1 - x0}x{y1 - y0}")
        if self.fmt is not None:
            out.append(f"converted {src_fmt.upper()} to {self.fmt.upper()}")
        if self.max_bytes is not None and size > self.max_bytes:
            out.append(f"compressed under {self.max_bytes / 1_000_000:.1f} MB")
        return out


@dataclass
class Fitted:
    media: str  # the item's file as written
    path: Path  # the fitted file
    channels: list[str]
    changes: list[str]


@dataclass
class Report:
    fitted: list[Fitted] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what could not be fitted, and why


def focus_of(value: Any) -> tuple[float, float] | None:
    """[x, y] fractions (0 to 1) from the front-matter; None when malformed."""
    if isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
            for v in value):
        return float(value[0]), float(value[1])
    return None


def crop_box(w: int, h: int, lo: float | None, hi: float | None,
             focus: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int, int, int] | None:
    """The largest box of `w`x`h` whose aspect ratio lies in [lo, hi], centred on the
    focal point as far as the edges allow; None when the image fits already."""
    ratio = w / h if h else 0
    fx, fy = focus
    if hi and ratio > hi + 1e-3:  # too wide: narrower
        nw = max(1, min(w, int(h * hi)))
        left = min(max(round(fx * w - nw / 2), 0), w - nw)
        return left, 0, left + nw, h
    if lo and ratio < lo - 1e-3:  # too tall: shorter
        nh = max(1, min(h, int(w / lo) if lo else h))
        top = min(max(round(fy * h - nh / 2), 0), h - nh)
        return 0, top, w, top + nh
    return None


def plan_for(rules: dict[str, Any], w: int, h: int, fmt: str, size: int,
             focus: tuple[float, float]) -> Plan:
    box = crop_box(w, h, rules.get("aspect_min"), rules.get("aspect_max"), focus)
    allowed = rules.get("image_types")
    to = None
    if allowed and fmt not in allowed:
        to = next((f for f in ("jpeg", "png", "webp") if f in allowed), None)
    cap = rules.get("image_max_bytes")
    cap = cap if isinstance(cap, int) and not isinstance(cap, bool) else None
    over = cap if cap is not None and size > cap else None
    if over is None and cap is not None and (box is not None or to is not None):
        over = cap  # a re-encoded file must stay under it too
    return Plan(box, to, over)


def _encode(im: Any, fmt: str, max_bytes: int | None) -> bytes:
    """The image in `fmt`, under `max_bytes` when given: JPEG and WebP step their
    quality down, then every format steps its size down."""
    from PIL import Image

    if fmt == "jpeg" and im.mode not in ("RGB", "L"):
        if im.mode in ("RGBA", "LA", "P"):
            rgba = im.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            im = flat
        else:
            im = im.convert("RGB")
    qualities = [92, 85, 75, 65] if fmt in ("jpeg", "webp") else [None]
    current = im
    for _ in range(12):
        for q in qualities:
            buf = io.BytesIO()
            kw: dict[str, Any] = {"optimize": True} if fmt in ("jpeg", "png") else {}
            if q is not None:
                kw["quality"] = q
            current.save(buf, _SAVE[fmt], **kw)
            data = buf.getvalue()
            if max_bytes is None or len(data) <= max_bytes:
                return data
        w, h = current.size
        if w < 64 or h < 64:
            break
        current = current.resize((max(1, int(w * 0.85)), max(1, int(h * 0.85))),
                                 Image.Resampling.LANCZOS)
    from smm.errors import SmmError

    raise SmmError(f"cannot bring the image under {max_bytes} bytes")


def fit(project: Project, post: Post, only: list[str] | None = None,
        dry_run: bool = False) -> Report:
    """Fit the post's images to its channels (or `only` those); write the files and
    point the post's media list at them (unless `dry_run`)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    report = Report()
    raw = post.get("media")
    raw_items = raw if isinstance(raw, list) else []
    index = {post.pos("media", i, "file")[0]: i for i in range(len(raw_items))}
    edits: list[tuple[int, dict[Plan, list[str]], list[str], dict[Plan, Path]]] = []
    for m in post.media:
        if m.kind != "image":
            if m.kind == "video":
                report.skipped.append(f"{m.file}: a video: smm fits images only")
            continue
        chans = [c for c in (m.channels or post.channels)
                 if c in post.channels and c in project.channels and (not only or c in only)]
        if not chans:
            continue
        i = index.get(m.line)
        if i is None:
            continue
        item = raw_items[i]
        focus = focus_of(item.get("focus")) if isinstance(item, dict) else None
        try:
            with Image.open(m.path) as im:
                src_fmt = (im.format or "").lower()
                w, h = ImageOps.exif_transpose(im).size
        except (UnidentifiedImageError, OSError):
            report.skipped.append(f"{m.file}: not a readable image")
            continue
        size = m.stat().st_size
        plans: dict[Plan, list[str]] = {}
        for c in chans:
            rules = project.limits(c).get("media") or {}
            p = plan_for(rules, w, h, src_fmt or _FORMATS.get(m.suffix, ""), size,
                         focus or (0.5, 0.5))
            if not p.empty:
                plans.setdefault(p, []).append(c)
        if not plans:
            continue
        paths = {}
        for p, cs in plans.items():
            fmt = p.fmt or (src_fmt if src_fmt in _SAVE else "jpeg")
            out = m.path.parent / "fit" / f"{m.path.stem}-{'-'.join(cs)}{_SUFFIX[fmt]}"
            paths[p] = out
            report.fitted.append(Fitted(m.file, out, cs, p.why(w, h, src_fmt or "?", size)))
            if not dry_run:
                with Image.open(m.path) as im:
                    img = ImageOps.exif_transpose(im)
                    if p.box is not None:
                        img = img.crop(p.box)
                    data = _encode(img, fmt, p.max_bytes)
                out.parent.mkdir(parents=True, exist_ok=True)
                tmp = out.with_name(f".{out.name}.smm-tmp")
                tmp.write_bytes(data)
                os.replace(tmp, out)
        all_chans = list(m.channels) if m.channels is not None else list(post.channels)
        fine = [c for c in all_chans if not any(c in cs for cs in plans.values())]
        edits.append((i, plans, fine, paths))
    if edits and not dry_run:
        _edit(post, edits)
    return report


def _edit(post: Post, edits: list[tuple[int, dict[Plan, list[str]], list[str],
                                        dict[Plan, Path]]]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from smm import fmedit

    def rel(path: Path) -> str:
        return Path(os.path.relpath(path, post.path.parent)).as_posix()

    def flow(items: list[str]) -> CommentedSeq:
        seq = CommentedSeq(items)
        seq.fa.set_flow_style()
        return seq

    def change(front: Any) -> None:
        media = front["media"]
        # From the last item up, so inserting keeps the earlier indexes right.
        for i, plans, fine, paths in sorted(edits, key=lambda e: -e[0]):
            item = media[i]
            if isinstance(item, str):
                item = CommentedMap([("file", item)])
                media[i] = item
            new = []
            for p, cs in plans.items():
                copy = CommentedMap((k, v) for k, v in item.items() if k not in
                                    ("file", "channels", "focus"))
                copy.insert(0, "file", rel(paths[p]))
                copy["channels"] = flow(cs)
                new.append(copy)
            if fine:
                item["channels"] = flow(fine)
                at = i + 1
            else:  # no channel takes the original any more: the first fitted one replaces it
                media[i] = new.pop(0)
                at = i + 1
            for k, extra in enumerate(new):
                media.insert(at + k, extra)

    fmedit.edit(post.path, change, name=post.rel)

