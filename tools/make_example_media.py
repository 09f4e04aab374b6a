#!/usr/bin/env python3
"""Make the example brand's media under content/media/: simple drawings in the
Fernwood palette, small enough to keep in git.

    /work/venv/bin/python tools/make_example_media.py [--out content/media]

Re-runnable and deterministic: the same Pillow and ffmpeg versions write the same
bytes (no timestamps, no random numbers; Pillow's bundled font, not a system one).
Images are JPEG (quality 70, no EXIF) except one PNG; the two videos are H.264 MP4s
of a few seconds at a very low bitrate, encoded by ffmpeg from frames drawn here.
Without ffmpeg the videos are skipped with a message, and the images still made.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FOREST = "#2F4F3A"
CREMA = "#E8D5B5"
ROAST = "#5B3A29"
EMBER = "#D9692B"
PAPER = "#FAF7F2"
WHITE = "#FFFFFF"

ROOT = Path(__file__).resolve().parent.parent


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own bundled font (Pillow >= 10.1 with FreeType): the same on every machine.
    # It covers ASCII only, so every text drawn here is plain ASCII.
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # older Pillow
        for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",):
            if Path(p).exists():
                return ImageFont.truetype(p, size)
        return ImageFont.load_default()


def centred(d: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int,
            fill: str) -> None:
    d.text(xy, text, font=font(size), fill=fill, anchor="mm")


def wordmark(d: ImageDraw.ImageDraw, w: int, h: int, fill: str) -> None:
    centred(d, (w / 2, h - 60), "FERNWOOD COFFEE", max(26, w // 36), fill)


def leaf(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: str) -> None:
    """A fern-ish leaf: a stem and paired ellipses."""
    d.line([(cx, cy - r), (cx, cy + r)], fill=fill, width=max(2, int(r / 18)))
    for i in range(5):
        y = cy - r * 0.8 + i * r * 0.38
        s = r * (0.55 - i * 0.07)
        d.ellipse([cx - s * 1.6, y - s * 0.25, cx, y + s * 0.25], fill=fill)
        d.ellipse([cx, y - s * 0.25, cx + s * 1.6, y + s * 0.25], fill=fill)


def bag(d: ImageDraw.ImageDraw, cx: float, top: float, w: float, h: float, label: str,
        sub: str, colour: str) -> None:
    """A stand-up coffee bag with a folded top and a label."""
    left, right, bottom = cx - w / 2, cx + w / 2, top + h
    d.polygon([(left + 20, top), (right - 20, top), (right, top + 60), (right, bottom),
               (left, bottom), (left, top + 60)], fill=colour)
    d.rectangle([left + 20, top, right - 20, top + 40], fill=ROAST)
    d.line([(left + 30, top + 48), (right - 30, top + 48)], fill=CREMA, width=4)
    lw, lh = w * 0.74, h * 0.42
    ly = top + h * 0.34
    d.rounded_rectangle([cx - lw / 2, ly, cx + lw / 2, ly + lh], radius=18, fill=PAPER)
    leaf(d, cx, ly + lh * 0.28, lh * 0.18, FOREST)
    centred(d, (cx, ly + lh * 0.62), label, int(lw / 8.5), ROAST)
    centred(d, (cx, ly + lh * 0.82), sub, int(lw / 17), FOREST)


def cup(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    """A cup on a saucer seen from the side, with steam."""
    d.ellipse([cx - r * 1.5, cy + r * 0.75, cx + r * 1.5, cy + r * 1.05], fill=ROAST)
    d.chord([cx - r, cy - r * 0.9, cx + r, cy + r * 0.95], 0, 180, fill=PAPER)
    d.rectangle([cx - r, cy - r * 0.1, cx + r, cy + 2], fill=PAPER)
    d.ellipse([cx + r * 0.8, cy - r * 0.05, cx + r * 1.35, cy + r * 0.5], outline=PAPER,
              width=int(r / 9))
    d.ellipse([cx - r * 0.92, cy - r * 0.28, cx + r * 0.92, cy + r * 0.08], fill=ROAST)
    for k in (-1, 0, 1):
        x = cx + k * r * 0.4
        pts = [(x + (12 if i % 2 else -12), cy - r * 0.45 - i * r * 0.17) for i in range(6)]
        d.line(pts, fill=CREMA, width=int(r / 14), joint="curve")


def pin(d: ImageDraw.ImageDraw, cx: float, tip: float, r: float, fill: str) -> None:
    d.ellipse([cx - r, tip - r * 2.9, cx + r, tip - r * 0.9], fill=fill)
    d.polygon([(cx - r * 0.82, tip - r * 1.5), (cx + r * 0.82, tip - r * 1.5), (cx, tip)],
              fill=fill)
    d.ellipse([cx - r * 0.4, tip - r * 2.3, cx + r * 0.4, tip - r * 1.5], fill=PAPER)


def bean(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: str) -> None:
    d.ellipse([cx - r * 0.7, cy - r, cx + r * 0.7, cy + r], fill=fill)
    d.arc([cx - r * 0.3, cy - r * 0.9, cx + r * 0.5, cy + r * 0.9], 100, 260, fill=CREMA,
          width=max(2, int(r / 8)))


# --- the images -------------------------------------------------------------------

def winter_blend_bag() -> Image.Image:  # 4:5, Instagram portrait
    w, h = 1080, 1350
    im = Image.new("RGB", (w, h), FOREST)
    d = ImageDraw.Draw(im)
    for i, (x, y) in enumerate([(120, 140), (930, 210), (200, 1040), (880, 980), (540, 120),
                                (90, 620), (990, 600)]):
        s = 10 + (i % 3) * 6
        d.ellipse([x - s, y - s, x + s, y + s], fill=PAPER)
    d.rectangle([0, 1130, w, h], fill=ROAST)
    bag(d, w / 2, 260, 520, 760, "WINTER", "blend | 2026", CREMA)
    centred(d, (w / 2, 1190), "Roasted in the woods outside Lyon", 38, CREMA)
    wordmark(d, w, h, EMBER)
    return im


def pour_over_cup() -> Image.Image:  # 1:1
    w = h = 1080
    im = Image.new("RGB", (w, h), CREMA)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 760, w, h], fill=FOREST)
    # a V-shaped dripper over the cup
    d.polygon([(380, 220), (700, 220), (590, 420), (490, 420)], fill=EMBER)
    d.rectangle([470, 420, 610, 445], fill=ROAST)
    d.line([(540, 450), (540, 520)], fill=ROAST, width=8)
    cup(d, 540, 660, 170)
    centred(d, (w / 2, 120), "Pour-over, 15 g : 250 g", 54, ROAST)
    wordmark(d, w, h, PAPER)
    return im


def origin_map() -> Image.Image:  # 1.91:1, link cards
    w, h = 1200, 628
    im = Image.new("RGB", (w, h), PAPER)
    d = ImageDraw.Draw(im)
    # stylised land masses
    d.polygon([(80, 200), (330, 120), (420, 260), (360, 470), (170, 520), (60, 380)],
              fill=CREMA)
    d.polygon([(620, 160), (880, 110), (1010, 240), (960, 460), (760, 520), (640, 380)],
              fill=CREMA)
    d.line([(240, 330), (520, 250), (800, 300)], fill=FOREST, width=5)
    pin(d, 240, 340, 42, EMBER)
    pin(d, 800, 310, 42, FOREST)
    centred(d, (240, 420), "Huila, Colombia", 32, ROAST)
    centred(d, (800, 390), "Sidama, Ethiopia", 32, ROAST)
    centred(d, (w / 2, 60), "Where this month's coffees grow", 44, ROAST)
    wordmark(d, w, h + 20, FOREST)
    return im


def cafe_partner() -> Image.Image:  # 1.91:1, LinkedIn
    w, h = 1200, 628
    im = Image.new("RGB", (w, h), FOREST)
    d = ImageDraw.Draw(im)
    # a shopfront with an awning
    d.rectangle([330, 170, 870, 520], fill=PAPER)
    for i in range(6):
        d.rectangle([330 + i * 90, 130, 420 + i * 90, 200], fill=EMBER if i % 2 else CREMA)
    d.rectangle([380, 260, 560, 440], fill=ROAST)
    d.rectangle([620, 260, 820, 520], fill=ROAST)
    d.ellipse([790, 380, 806, 396], fill=CREMA)
    cup(d, 470, 380, 40)
    centred(d, (w / 2, 70), "Partner cafes | Lyon", 48, CREMA)
    wordmark(d, w, h + 20, CREMA)
    return im


def holiday_hours() -> Image.Image:  # 1:1
    w = h = 1080
    im = Image.new("RGB", (w, h), PAPER)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w, 220], fill=FOREST)
    centred(d, (w / 2, 110), "Holiday opening hours", 64, PAPER)
    rows = [("24 Dec", "8:00 - 14:00"), ("25 Dec", "closed"), ("26-27 Dec", "closed"),
            ("28-30 Dec", "9:00 - 17:00"), ("31 Dec", "8:00 - 14:00"), ("1 Jan", "closed")]
    for i, (day, hours) in enumerate(rows):
        y = 310 + i * 105
        d.rectangle([120, y - 40, 960, y + 40], fill=CREMA if i % 2 == 0 else PAPER)
        d.text((160, y), day, font=font(44), fill=ROAST, anchor="lm")
        d.text((920, y), hours, font=font(44), fill=EMBER if hours == "closed" else FOREST,
               anchor="rm")
    wordmark(d, w, h, ROAST)
    return im


def grinder_collab() -> Image.Image:  # 4:5
    w, h = 1080, 1350
    im = Image.new("RGB", (w, h), CREMA)
    d = ImageDraw.Draw(im)
    # a hand grinder: body, burr housing, crank and knob
    d.rounded_rectangle([420, 470, 660, 1000], radius=40, fill=ROAST)
    d.rectangle([400, 430, 680, 480], fill=FOREST)
    d.line([(540, 430), (540, 330), (760, 330)], fill=FOREST, width=22)
    d.ellipse([735, 290, 815, 370], fill=EMBER)
    for i in range(4):
        d.line([(440, 560 + i * 110), (640, 560 + i * 110)], fill=CREMA, width=6)
    for i, x in enumerate((300, 360, 720, 790)):
        bean(d, x, 1080 + (i % 2) * 40, 30, ROAST)
    centred(d, (w / 2, 150), "Fernwood x Meridian Grinders", 52, FOREST)
    centred(d, (w / 2, 220), "#ad | paid partnership", 34, ROAST)
    wordmark(d, w, h, FOREST)
    return im


def hiring_roaster() -> Image.Image:  # 1.91:1
    w, h = 1200, 628
    im = Image.new("RGB", (w, h), ROAST)
    d = ImageDraw.Draw(im)
    # a drum roaster
    d.rounded_rectangle([700, 220, 1040, 430], radius=30, fill=FOREST)
    d.ellipse([660, 240, 760, 410], fill=CREMA)
    d.polygon([(860, 120), (960, 120), (930, 220), (890, 220)], fill=EMBER)
    d.rectangle([740, 430, 1000, 520], fill=FOREST)
    d.ellipse([770, 450, 970, 500], fill=CREMA)
    d.text((80, 230), "We're hiring:", font=font(64), fill=CREMA, anchor="lm")
    d.text((80, 320), "production roaster", font=font(64), fill=PAPER, anchor="lm")
    d.text((80, 410), "Full time | near Lyon", font=font(40), fill=EMBER, anchor="lm")
    wordmark(d, w, h + 20, CREMA)
    return im


def processing_methods() -> Image.Image:  # 1:1
    w = h = 1080
    im = Image.new("RGB", (w, h), PAPER)
    d = ImageDraw.Draw(im)
    centred(d, (w / 2, 110), "Three ways to process a cherry", 54, ROAST)
    cols = [("Washed", FOREST, "fruit removed,\nbean fermented\nand rinsed"),
            ("Honey", EMBER, "skin off,\nsticky fruit left\non to dry"),
            ("Natural", ROAST, "whole cherry\ndried in the sun\nfor weeks")]
    for i, (name, colour, note) in enumerate(cols):
        cx = 200 + i * 340
        d.ellipse([cx - 110, 260, cx + 110, 480], fill="#B23A2E" if i == 2 else "#C8453A")
        if i < 2:
            d.ellipse([cx - 80, 290, cx + 80, 450], fill=CREMA if i == 0 else "#E0A45A")
        bean(d, cx, 370, 60, colour)
        centred(d, (cx, 560), name, 50, colour)
        d.multiline_text((cx, 700), note, font=font(34), fill=ROAST, anchor="mm",
                         align="center", spacing=10)
    wordmark(d, w, h, FOREST)
    return im


def gift_subscription() -> Image.Image:  # 4:5
    w, h = 1080, 1350
    im = Image.new("RGB", (w, h), EMBER)
    d = ImageDraw.Draw(im)
    # a gift box with a ribbon
    d.rectangle([260, 520, 820, 1020], fill=FOREST)
    d.rectangle([230, 440, 850, 540], fill=FOREST)
    d.rectangle([510, 440, 570, 1020], fill=CREMA)
    d.rectangle([230, 470, 850, 510], fill=CREMA)
    d.ellipse([400, 340, 540, 460], outline=CREMA, width=22)
    d.ellipse([540, 340, 680, 460], outline=CREMA, width=22)
    centred(d, (w / 2, 180), "Give a year of coffee", 64, PAPER)
    centred(d, (w / 2, 260), "3, 6 or 12 months | roasted to order", 36, CREMA)
    centred(d, (w / 2, 1130), "Last order for Christmas: 18 December", 38, PAPER)
    wordmark(d, w, h, ROAST)
    return im


def palette() -> Image.Image:  # PNG: flat colours, the format's strength
    w, h = 1200, 675
    im = Image.new("RGB", (w, h), PAPER)
    d = ImageDraw.Draw(im)
    centred(d, (w / 2, 70), "The Fernwood palette", 48, ROAST)
    sw = [("Forest", FOREST, WHITE), ("Crema", CREMA, ROAST), ("Roast", ROAST, WHITE),
          ("Ember", EMBER, WHITE), ("Paper", PAPER, ROAST)]
    for i, (name, colour, ink) in enumerate(sw):
        x = 60 + i * 220
        d.rounded_rectangle([x, 150, x + 200, 520], radius=16, fill=colour, outline=ROAST,
                            width=2)
        centred(d, (x + 100, 460), name, 30, ink)
        centred(d, (x + 100, 570), colour, 28, ROAST)
    return im


IMAGES = {
    "winter-blend-bag.jpg": winter_blend_bag,
    "pour-over-cup.jpg": pour_over_cup,
    "origin-map.jpg": origin_map,
    "cafe-partner.jpg": cafe_partner,
    "holiday-hours.jpg": holiday_hours,
    "grinder-collab.jpg": grinder_collab,
    "hiring-roaster.jpg": hiring_roaster,
    "processing-methods.jpg": processing_methods,
    "gift-subscription.jpg": gift_subscription,
    "brand-palette.png": palette,
}


# --- the videos -------------------------------------------------------------------

def video_frames(w: int, h: int, n: int):  # type: ignore[no-untyped-def]
    """A roastery loop: a drum turning, beans falling into the cooling tray, a caption
    that changes every second."""
    captions = ["Green coffee in", "Twelve minutes in the drum", "First crack",
                "Into the cooling tray", "Bagged the same day"]
    vertical = h > w
    for i in range(n):
        im = Image.new("RGB", (w, h), FOREST)
        d = ImageDraw.Draw(im)
        cx, cy = w / 2, h * (0.42 if vertical else 0.45)
        r = min(w, h) * 0.26
        d.rounded_rectangle([cx - r * 1.3, cy - r * 0.8, cx + r * 1.3, cy + r * 0.8],
                            radius=int(r * 0.2), fill=ROAST)
        d.ellipse([cx - r * 1.55, cy - r * 0.7, cx - r * 0.95, cy + r * 0.7], fill=CREMA)
        # paddles turning: one step a frame
        import math
        for k in range(4):
            a = (i * 0.35) + k * math.pi / 2
            d.line([(cx, cy), (cx + math.cos(a) * r * 0.6, cy + math.sin(a) * r * 0.6)],
                   fill=EMBER, width=max(6, int(r / 14)))
        tray_y = cy + r * 1.35
        d.ellipse([cx - r * 1.2, tray_y - r * 0.18, cx + r * 1.2, tray_y + r * 0.18],
                  fill=CREMA)
        for k in range(6):
            y = cy + r * 0.8 + ((i * 9 + k * 23) % int(r * 0.5))
            bean(d, cx - r * 0.5 + k * r * 0.2, y, r * 0.06, CREMA)
        caption = captions[min(len(captions) - 1, i * len(captions) // n)]
        d.rectangle([0, h * 0.74, w, h * 0.74 + min(w, h) * 0.12], fill=PAPER)
        centred(d, (w / 2, h * 0.74 + min(w, h) * 0.06), caption, int(min(w, h) * 0.05), ROAST)
        wordmark(d, w, h, CREMA)
        yield im


def make_video(path: Path, w: int, h: int, seconds: int = 4, fps: int = 6) -> bool:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        print(f"skipped {path.name}: ffmpeg not found (apt-get install ffmpeg)", file=sys.stderr)
        return False
    cmd = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "-",
           "-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage",
           "-b:v", "40k", "-maxrate", "60k", "-bufsize", "120k",
           "-pix_fmt", "yuv420p", "-threads", "1", "-x264-params", "threads=1",
           "-r", str(fps), "-an", "-movflags", "+faststart",
           "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
           str(path)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for frame in video_frames(w, h, seconds * fps):
        proc.stdin.write(frame.tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit(f"ffmpeg failed on {path.name}")
    return True


VIDEOS = {
    "roastery-vertical.mp4": (1080, 1920),  # TikTok, Reels
    "roastery-landscape.mp4": (1920, 1080),  # YouTube
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "content" / "media")
    ap.add_argument("--no-video", action="store_true", help="images only")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, draw in IMAGES.items():
        path = args.out / name
        im = draw()
        if name.endswith(".png"):
            im.save(path, "PNG", optimize=True)
        else:
            im.save(path, "JPEG", quality=70, optimize=True, progressive=False,
                    subsampling="4:2:0")
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{im.width}x{im.height}, {path.stat().st_size // 1024} KB")
    if not args.no_video:
        for name, (w, h) in VIDEOS.items():
            path = args.out / name
            if make_video(path, w, h):
                print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                      f"{w}x{h}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
