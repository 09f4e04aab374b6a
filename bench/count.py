"""X counting: smm's twitter-text port against twitter-text-parser, on the same texts.

    /work/venv/bin/python bench/count.py [--n 2000]

Prints the time per call of each, and checks that both give the same parseTweet result
(weighted length, validity, permillage, ranges) for every text of the corpus: the
twitter-text conformance texts (../shared/conformance/twitter-text/validate.yml) and
generated texts mixing Latin, accented, CJK, Arabic, emoji, URLs and bare domains.
Exits 1 on any mismatch. A second, small list shows where smm differs on purpose.

twitter-text-parser needs pkg_resources (setuptools<82), so it runs in a subprocess:
the interpreter named by TTP_PYTHON, else this one if it can import twitter_text, else a
venv created once at /tmp/ttp-venv (`pip install twitter-text-parser "setuptools<82"`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VALIDATE = ROOT.parent / "shared" / "conformance" / "twitter-text" / "validate.yml"

REFERENCE = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
from twitter_text import parse_tweet
texts = json.load(sys.stdin)
results = [parse_tweet(t).asdict() for t in texts]
start = time.perf_counter()
for _ in range(REPEAT):
    for t in texts:
        parse_tweet(t)
per_call = (time.perf_counter() - start) / (REPEAT * len(texts))
json.dump({"results": results, "per_call": per_call}, sys.stdout)
"""

WORDS = ["coffee", "Winter", "blend", "roast", "the", "a", "morning", "Fernwood", "ships",
         "café", "crème", "brûlée", "naïve", "Größe", "déjà", "vu", "日本語", "珈琲", "焙煎",
         "コーヒー", "ありがとう", "한국어", "커피", "قهوة", "кофе", "Привет", "καφές", "कॉफ़ी",
         "#coffee", "@fernwood", "$TICK", "—", "…", "“quoted”", "(paren)", "1.5", "e.g.",
         "3:00", "end.", "x_y", "foo-bar", "\n", "\n\n", "  ", "\t"]
EMOJI = ["😷", "🎉", "☕", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "🇯🇵", "1️⃣", "#️⃣", "❤️", "✨", "🙋🏽",
         "👨‍🎤", "🤪", "🧕🏾", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "©", "®", "™", "↔️", "‼", "☺"]
URLS = ["https://example.com", "http://example.com/path/to/x?y=1&z=2", "example.com",
        "www.fernwood.coffee/winter", "t.co/abc123", "https://t.co/abcdef/more",
        "https://en.wikipedia.org/wiki/Coffee_(drink)", "foo.co.jp", "http://☃.net/",
        "https://例え.jp/パス", "sub.domain.example.org/a-b_c", "HTTPS://WWW.EXAMPLE.COM",
        "http://user@example.com", "https://example.com/#anchor", "fernwood.coffee.",
        "bit.ly/xyz", "example.notatld", "http://192.168.0.1/x", "mailto:x@example.com",
        "https://example.com/Русские_слова", "a.b.c.d.e.example.io", "xn--80ak6aa92e.com"]

# Where smm differs from twitter-text-parser on purpose (not part of the corpus check).
DELIBERATE = [
    ("🐦‍🔥", "Unicode 15.1 ZWJ sequence: one emoji (2); the reference's 2019 data sees 3 parts"),
    ("🫱🏽‍🫲🏿", "Unicode 14 handshake with skin tones: one emoji (2)"),
    ("🧑‍🧑‍🧒", "Unicode 15.1 family: one emoji (2)"),
    ("🙂‍↔️", "Unicode 15.1 head shaking: one emoji (2)"),
    ("", "empty: validRangeEnd 0 as in twitter-text JS and Rust; the Python port gives -1"),
    ("a\r\nb", "CR LF: twitter-text (JS, Java) counts both; the Python port turns it into LF"),
]


def corpus(n: int) -> list[str]:
    import yaml

    texts: list[str] = []
    if VALIDATE.exists():
        tests = yaml.safe_load(VALIDATE.read_text("utf-8"))["tests"]
        texts += [case["text"] for cases in tests.values() for case in cases]
    rnd = random.Random(20261201)
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 60)):
            r = rnd.random()
            pool = URLS if r < 0.12 else EMOJI if r < 0.25 else WORDS
            parts.append(rnd.choice(pool))
        # Mostly words apart, as people write; some glued, the pattern's hardest case.
        sep = rnd.choice([" "] * 8 + ["\n", ""])
        texts.append(sep.join(parts))
    skip = {t for t, _ in DELIBERATE}
    return [t for t in texts if t not in skip]


def typical(n: int) -> list[str]:
    """Posts as people write them: sentences, a link or two, an emoji, hashtags."""
    rnd = random.Random(7)
    latin = [w for w in WORDS if w.isascii() and w.strip() and not w.startswith(("#", "@"))]
    out = []
    for _ in range(n):
        words = [rnd.choice(latin) for _ in range(rnd.randint(8, 40))]
        for pool, k in ((URLS[:8], rnd.randint(0, 2)), (EMOJI[:12], rnd.randint(0, 2)),
                        (["#coffee", "#winter", "@fernwood"], rnd.randint(0, 2))):
            for _ in range(k):
                words.insert(rnd.randrange(len(words) + 1), rnd.choice(pool))
        out.append(" ".join(words).capitalize() + ".")
    return out


def reference_python() -> str:
    if os.environ.get("TTP_PYTHON"):
        return os.environ["TTP_PYTHON"]
    probe = subprocess.run([sys.executable, "-W", "ignore", "-c", "import twitter_text"],
                           capture_output=True)
    if probe.returncode == 0:
        return sys.executable
    venv = Path("/tmp/ttp-venv")
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "twitter-text-parser==3.0.0",
                        "setuptools<82"], check=True)
    return str(py)


def run_reference(texts: list[str], repeat: int) -> dict[str, Any]:
    out = subprocess.run([reference_python(), "-c", REFERENCE.replace("REPEAT", str(repeat))],
                         input=json.dumps(texts), capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="generated texts")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    start = time.perf_counter()
    from smm.platforms import _twitter

    _twitter.parse("warm up the lazy patterns: example.com 😷")
    first = time.perf_counter() - start
    texts = corpus(args.n)
    ref = run_reference(texts, args.repeat)
    posts = typical(500)
    ref_posts = run_reference(posts, args.repeat)
    t_posts = time.perf_counter()
    for _ in range(args.repeat):
        for t in posts:
            _twitter.weighted_length(t)
    t_posts = (time.perf_counter() - t_posts) / (args.repeat * len(posts))

    ours = [_twitter.parse(t).as_conformance() for t in texts]
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            _twitter.parse(t)
    t1 = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            _twitter.weighted_length(t)
    t2 = time.perf_counter()
    calls = args.repeat * len(texts)
    mismatches = [(t, o, r) for t, o, r in zip(texts, ours, ref["results"], strict=True) if o != r]
    mismatches += [(t, _twitter.parse(t).as_conformance(), r)
                   for t, r in zip(posts, ref_posts["results"], strict=True)
                   if _twitter.parse(t).as_conformance() != r]

    print(f"stress corpus: {len(texts)} texts (conformance and {args.n} generated), "
          f"mean {sum(map(len, texts)) / len(texts):.0f} code points")
    print(f"smm import + first call:          {first * 1e3:8.1f} ms")
    print(f"twitter-text-parser parse_tweet:  {ref['per_call'] * 1e6:8.1f} µs/call")
    print(f"smm _twitter.parse:               {(t1 - t0) / calls * 1e6:8.1f} µs/call "
          f"({ref['per_call'] / ((t1 - t0) / calls):.0f}× faster)")
    print(f"smm _twitter.weighted_length:     {(t2 - t1) / calls * 1e6:8.1f} µs/call")
    mean = sum(map(len, posts)) / len(posts)
    print(f"typical posts ({len(posts)}, mean {mean:.0f} code points):")
    print(f"  twitter-text-parser parse_tweet: {ref_posts['per_call'] * 1e6:8.1f} µs/call")
    print(f"  smm _twitter.weighted_length:    {t_posts * 1e6:8.1f} µs/call "
          f"({ref_posts['per_call'] / t_posts:.0f}× faster)")
    print(f"mismatches: {len(mismatches)}")
    for t, o, r in mismatches[:10]:
        print(f"  {t!r}\n    smm {o}\n    ref {r}")

    deliberate = run_reference([t for t, _ in DELIBERATE], 1)["results"]
    print("deliberate differences (not counted above):")
    for (t, why), r in zip(DELIBERATE, deliberate, strict=True):
        print(f"  {t!r}: smm {_twitter.weighted_length(t)}, reference {r['weightedLength']}"
              f" — {why}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
