"""Media as each platform shows it in a feed: the frame (aspect ratio) it crops a picture
or a video to, the focal point the crop keeps, and a poster frame for every video.

The frames are the platforms' feed layouts as of late 2026 (see PLATFORMS.md): a
picture keeps its own shape between the platform's narrowest and widest frame and is
cropped to the nearer bound outside them; a vertical video on TikTok, Instagram (Reels)
and YouTube (Shorts) fills a 9:16 frame; several pictures share a grid of square cells.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# platform -> (narrowest, widest) width/height ratio a single picture keeps in the feed
_PICTURE: dict[str, tuple[float, float]] = {
    "instagram": (4 / 5, 1.91),
    "facebook": (4 / 5, 1.91),
    "linkedin": (4 / 5, 1.91),
    "threads": (3 / 4, 1.91),
    "bluesky": (3 / 4, 2.0),
    "x": (3 / 4, 2.0),
    "mastodon": (16 / 9, 16 / 9),  # Mastodon crops every attachment to 16:9, at its focus
    "youtube": (16 / 9, 16 / 9),
    "tiktok": (9 / 16, 9 / 16),
}
_VERTICAL_VIDEO = {"tiktok": "TikTok video", "instagram": "Reel", "youtube": "Short"}
_FALLBACK = (3 / 4, 2.0)


@dataclass(frozen=True)
class Frame:
    width: int  # the ratio the card shows: width / height, as small whole numbers
    height: int
    name: str = ""  # "Reel", "Short", "TikTok video" where the platform names the format

    @property
    def css(self) -> str:
        return f"{self.width} / {self.height}"


_NAMED: dict[float, tuple[int, int]] = {
    9 / 16: (9, 16), 3 / 4: (3, 4), 4 / 5: (4, 5), 1.0: (1, 1), 4 / 3: (4, 3),
    16 / 9: (16, 9), 1.91: (191, 100), 2.0: (2, 1),
}


def _ratio(r: float) -> tuple[int, int]:
    for k, v in _NAMED.items():
        if abs(k - r) < 0.005:
            return v
    return round(r * 1000), 1000


def frame(platform: str, kind: str, size: tuple[int, int] | None, count: int) -> Frame:
    """The frame `platform` shows one of `count` media items of this kind and size in."""
    w, h = size if size and size[0] > 0 and size[1] > 0 else (0, 0)
    own = w / h if h else None
    if kind == "video":
        if platform in _VERTICAL_VIDEO and (own is None or own < 1):
            return Frame(9, 16, _VERTICAL_VIDEO[platform])
        if platform == "tiktok":
            return Frame(9, 16, "TikTok video")
        if platform in ("youtube", "mastodon") or own is None:
            return Frame(16, 9)
    elif count > 1:
        return Frame(1, 1)
    lo, hi = _PICTURE.get(platform, _FALLBACK)
    r = min(max(own, lo), hi) if own is not None else (lo if lo == hi else 1.0)
    return Frame(*_ratio(r))


def position(focus: tuple[float, float] | None) -> str:
    """CSS object-position for a focal point (centre when none)."""
    if focus is None:
        return "50% 50%"
    return f"{focus[0] * 100:.0f}% {focus[1] * 100:.0f}%"


_SIZES: dict[tuple[str, int, int], tuple[int, int] | None] = {}


def image_size(path: Path) -> tuple[int, int] | None:
    """An image's pixel size from its header (Pillow reads no pixel data for it)."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _SIZES:
        _SIZES[key] = None
        with contextlib.suppress(Exception):  # any unreadable file: no size, no crash
            from PIL import Image

            with Image.open(path) as im:
                _SIZES[key] = (int(im.width), int(im.height))
    return _SIZES[key]


def ffmpeg() -> str | None:
    """The ffmpeg binary that imageio-ffmpeg (a PyPI package) ships, or None."""
    try:
        import imageio_ffmpeg

        exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # not installed, or no binary for this machine
        return None
    return exe


def poster(video: Path, out: Path, exe: str | None) -> bool:
    """Write the video's poster frame to `out` (JPEG), unless `out` is already newer
    than the video. The frame is taken a little after the start (a first frame is often
    black) and never past the end."""
    try:
        if out.stat().st_mtime_ns >= video.stat().st_mtime_ns:
            return True
    except OSError:
        pass
    if exe is None:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp.jpg")
    for seek in ("1", "0"):
        cmd = [exe, "-nostdin", "-loglevel", "error", "-y", "-ss", seek, "-i", str(video),
               "-frames:v", "1", "-q:v", "3", str(tmp)]
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
        if r.returncode == 0 and tmp.is_file() and tmp.stat().st_size > 0:
            os.replace(tmp, out)
            return True
    with contextlib.suppress(OSError):
        tmp.unlink()
    return False


def poster_name(src: str) -> str:
    """Where a video's poster goes, beside the video in the site's media folder."""
    return src.rsplit(".", 1)[0] + ".poster.jpg"
