"""Benchmark: `smm site build` for 10,000 posts and three years of daily metrics on nine
channels, beside a plain `mkdocs build` of the same pages, and the rebuild after one
post changed. Targets: the full build at most 1.5x the plain build of the same pages;
the one-post rebuild at most 5 s beyond MkDocs' own start-up.

    python bench/site.py [--posts 10000] [--keep DIR] [--skip-blog] [--blog-cap SECONDS]

"The same pages": the pages smm generated (site/_generated/docs), built by a plain
`mkdocs build` of the brand's site/mkdocs.yml in one process, so the ratio is what smm
adds to MkDocs (generation, and the build spread over both cores). Two more lines for
comparison: as many plain-text pages (each post's text as Markdown, no previews: what a
site with nothing but the posts would cost) and Material's blog plugin over the posts.
"MkDocs' own start-up": a fresh interpreter loading the configuration, the 10,000 files
and the nav, as any build of the site must before it reads a page.

Everything happens in a temporary folder; nothing touches the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 27)
CHANNELS = ["x", "linkedin", "facebook", "instagram", "threads", "youtube", "tiktok",
            "mastodon", "bluesky"]
WORDS = [
    "roast", "brew", "origin", "washed", "natural", "filter", "espresso", "grinder", "kettle",
    "bloom", "crema", "farm", "harvest", "lot", "cupping", "acidity", "sweetness", "body",
    "aroma", "Lyon", "cafe", "barista", "bean", "pour-over", "French-press", "decaf", "blend",
    "single-origin", "Huila", "Sidama", "Caturra",
]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_repo(root: Path, n_posts: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """The brand: the example's strategy and brand, n_posts posts, ledger and metrics.
    Returns (post id, title, body) for the comparison builds."""
    for name in ("strategy.yaml", "brand", "site"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("_generated",
                                                                              "_build"))
        else:
            shutil.copy2(src, root / name)
    media = root / "content" / "media"
    media.mkdir(parents=True)
    pics = sorted(p for p in (REPO / "content" / "media").glob("*.jpg"))[:4]
    for p in pics:
        shutil.copy2(p, media / p.name)
    start = dt.datetime(2023, 12, 1, 7, 0)
    span = (dt.datetime(2026, 12, 31, 20, 0) - start).total_seconds()
    campaigns = [f"campaign-{i:02d}" for i in range(40)]
    out = []
    ledger: dict[str, str] = {}
    metrics: dict[tuple[str, str], list[str]] = {}
    for i in range(n_posts):
        when = start + dt.timedelta(seconds=int(span * i / n_posts))
        when = when.replace(minute=(when.minute // 15) * 15, second=0)
        chans = rng.sample(CHANNELS, rng.randint(2, 5))
        title = f"{words(rng, 4).capitalize()} {i}"
        parts = [f"{title}. {words(rng, rng.randint(15, 35))} "
                 f"https://fernwood.example/p/{i} #FernwoodCoffee @barista"]
        if rng.random() < 0.2:
            parts += [words(rng, rng.randint(10, 25)) for _ in range(rng.randint(1, 2))]
        body = "\n\n---\n\n".join(parts)
        pid = f"posts/{when:%Y-%m}/{i:05d}"
        fm = [f"publish_at: {when:%Y-%m-%dT%H:%M}", f"channels: [{', '.join(chans)}]",
              f"campaign: {rng.choice(campaigns)}", f"title: {title}"]
        if pics and rng.random() < 0.3:
            pic = rng.choice(pics).name
            fm += ["media:", f"  - file: ../../media/{pic}", f"    alt: {words(rng, 6)}"]
        path = root / "content" / f"{pid}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + "\n".join(fm) + "\n---\n" + body + "\n", encoding="utf-8")
        out.append((pid, title, body))
        if when.date() < TODAY:
            for c in chans:
                state = "failed" if rng.random() < 0.01 else "published"
                ledger[f"ledger/{pid}/{c}.yaml"] = (
                    f"post_id: {pid}\nchannel: {c}\nstate: {state}\n"
                    f"platform_id: '{i}{c}'\nurl: https://{c}.example/{i}\n"
                    f"finished_at: '{when:%Y-%m-%dT%H:%M}:00+01:00'\n")
                if state == "published":
                    for lag in (1, 7):
                        d = when.date() + dt.timedelta(days=lag)
                        if d <= TODAY:
                            for m, v in (("views", rng.randint(200, 5000)),
                                         ("likes", rng.randint(0, 200)),
                                         ("comments", rng.randint(0, 30)),
                                         ("reposts", rng.randint(0, 40)),
                                         ("clicks", rng.randint(0, 90))):
                                metrics.setdefault((c, f"{d:%Y-%m}"), []).append(
                                    f"{d.isoformat()},{pid},{i}{c},{m},{m},{v * lag}")
    day = TODAY - dt.timedelta(days=3 * 365)
    followers = {c: 3000 + 400 * k for k, c in enumerate(CHANNELS)}
    while day <= TODAY:  # three years of daily account metrics on nine channels
        for c in CHANNELS:
            followers[c] += rng.randint(-2, 9)
            metrics.setdefault((c, f"{day:%Y-%m}"), []).append(
                f"{day.isoformat()},,,followers,followers,{followers[c]}")
        day += dt.timedelta(days=1)
    seed = root / "state"
    for rel, text in ledger.items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text, encoding="utf-8")
    for (c, month), rows in metrics.items():
        p = seed / "metrics" / c / f"{month}.csv"
        p.parent.mkdir(parents=True, exist_ok=True)
        rows.sort()
        p.write_text("date,post_id,platform_id,metric,raw_metric,value\n" + "\n".join(rows)
                     + "\n", encoding="utf-8")
    return out


NAV_PAGES = ("index.md", "calendar/index.md", "posts/index.md", "campaigns/index.md",
             "kpi/index.md", "strategy.md", "brand.md", "about.md")
ASSET_FILES = ("assets/smm/brand.css", "assets/smm/site.css", "assets/smm/site.js",
               "assets/smm/logo.svg")


def _site_config(brand: Path, name: str, extra: str = "") -> str:
    """The brand's own site/mkdocs.yml (same theme, features, extensions, nav and
    plugins as the smm build), pointed at a plain docs folder: only the pages differ."""
    import yaml

    sys.path.insert(0, str(REPO))
    from smm.site.generate import read_config

    cfg = read_config(brand / "site" / "mkdocs.yml")
    for key in ("docs_dir", "site_dir", "site_url"):
        cfg.pop(key, None)
    cfg["site_name"] = name
    return yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True) + extra


def plain_site(root: Path, brand: Path, posts: list[tuple[str, str, str]],
               n_pages: int) -> Path:
    """The same number of pages, each a post's text as plain Markdown, with the same
    mkdocs.yml as the smm build (theme, nav, assets, search), so only smm's work differs."""
    docs = root / "docs"
    (docs / "posts").mkdir(parents=True)
    for rel in NAV_PAGES:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(f"# {rel}\n", encoding="utf-8")
    for rel in ASSET_FILES:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("\n", encoding="utf-8")
    for k in range(n_pages - len(NAV_PAGES)):
        pid, title, body = posts[k % len(posts)]
        p = docs / "posts" / f"{k:05d}.md"
        p.write_text(f"# {title}\n\n{body.replace(chr(10) + '---' + chr(10), chr(10))}\n",
                     encoding="utf-8")
    (root / "mkdocs.yml").write_text(_site_config(brand, "plain"), encoding="utf-8")
    return root / "mkdocs.yml"


def blog_site(root: Path, brand: Path, posts: list[tuple[str, str, str]]) -> Path:
    """Material's blog plugin over the same posts (dated posts, categories, archive),
    under the same theme configuration."""
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for rel in ASSET_FILES:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("\n", encoding="utf-8")
    for k, (pid, title, body) in enumerate(posts):
        month = pid.split("/")[1]
        date = f"{month}-{1 + k % 28:02d}"
        (docs / "blog" / "posts" / f"{k:05d}.md").write_text(
            f"---\ndate: {date}\ncategories:\n  - c{k % 40:02d}\n---\n\n# {title}\n\n"
            f"{body.replace(chr(10) + '---' + chr(10), chr(10))}\n", encoding="utf-8")
    text = _site_config(brand, "blog").split("\nnav:")[0].split("\nnot_in_nav:")[0]
    (root / "mkdocs.yml").write_text(
        text + "\nplugins:\n  - search\n  - blog\nnav:\n  - Home: index.md\n"
        "  - Blog: blog/index.md\n", encoding="utf-8")
    return root / "mkdocs.yml"


CPU: dict[str, float] = {}  # label -> CPU seconds (user + system) of the child


def timed(cmd: list[str], cwd: Path, cap: float | None = None,
          label: str = "") -> float | None:
    """Wall seconds the command took (its CPU seconds go to CPU[label]: on a shared
    machine they vary less than wall time); None when it ran past `cap` and was stopped."""
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return None
    took = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[label] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return took


def _must(t: float | None) -> float:
    assert t is not None
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    ap.add_argument("--skip-blog", action="store_true")
    ap.add_argument("--blog-cap", type=float, default=900.0,
                    help="stop the blog-plugin build after this many seconds (default 900)")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="smm-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261127)
    py = sys.executable
    env_now = f"{TODAY.isoformat()}T08:00:00+00:00"
    try:
        t0 = time.perf_counter()
        brand = base / "brand"
        brand.mkdir()
        posts = make_repo(brand, args.posts, rng)
        print(f"made {len(posts)} posts, ledger and 3 years of metrics in "
              f"{time.perf_counter() - t0:.1f} s ({base})", flush=True)

        smm_build = [py, "-m", "smm", "site", "build", "--root", str(brand), "--out",
                     str(base / "out-smm"), "--now", env_now]
        t_smm = _must(timed(smm_build, base, label="smm"))
        n_pages = sum(1 for _ in (brand / "site" / "_generated" / "docs").rglob("*.md"))
        cpu_smm = CPU["smm"]
        print(f"smm site build:      {t_smm:7.1f} s  (CPU {cpu_smm:.1f} s; {n_pages} pages)",
              flush=True)
        cfg = brand / "site" / "mkdocs.yml"
        t_same = _must(timed([py, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d",
                              str(base / "out-same")], base, label="same"))
        print(f"plain mkdocs build:  {t_same:7.1f} s  (CPU {CPU['same']:.1f} s; the same "
              f"{n_pages} pages, one process)", flush=True)
        ratio = t_smm / t_same
        print(f"ratio smm / plain:   {ratio:7.2f}   (CPU time: "
              f"{cpu_smm / CPU['same']:.2f}; target <= 1.5: "
              f"{'met' if ratio <= 1.5 else 'NOT met'})", flush=True)

        t_again = _must(timed(smm_build, base))
        print(f"rebuild, nothing changed:   {t_again:5.1f} s", flush=True)
        post = brand / "content" / f"{posts[len(posts) // 2][0]}.md"
        post.write_text(post.read_text("utf-8").rstrip("\n") + " One word more.\n", "utf-8")
        t_one = _must(timed(smm_build, base))
        t_start = _must(timed([py, "-c", _STARTUP, str(cfg)], base))
        over = t_one - t_start
        print(f"rebuild, one post changed:  {t_one:5.1f} s  (MkDocs' own start-up "
              f"{t_start:.1f} s; beyond it {over:.1f} s; target <= 5: "
              f"{'met' if over <= 5 else 'NOT met'})", flush=True)
        t_gen = _generate_only(brand, env_now)
        print(f"generation alone, from an empty folder: {t_gen:.1f} s", flush=True)

        plain = plain_site(base / "plain", brand, posts, n_pages)
        t_plain = _must(timed([py, "-m", "mkdocs", "build", "-q", "-f", str(plain), "-d",
                               str(base / "out-plain")], base, label="plain"))
        print(f"for comparison, plain-text pages: {t_plain:.1f} s (CPU {CPU['plain']:.1f} s; "
              f"{n_pages} pages of each post's text alone; smm {t_smm / t_plain:.2f}x)",
              flush=True)
        if not args.skip_blog:
            blog = blog_site(base / "blog", brand, posts)
            t_blog = timed([py, "-m", "mkdocs", "build", "-q", "-f", str(blog), "-d",
                            str(base / "out-blog")], base, args.blog_cap, label="blog")
            if t_blog is None:
                print(f"material blog build: did not finish in {args.blog_cap:.0f} s "
                      f"({len(posts)} posts; stopped)", flush=True)
            else:
                n_blog = sum(1 for _ in (base / "out-blog").rglob("index.html"))
                print(f"material blog build: {t_blog:7.1f} s  (CPU {CPU['blog']:.1f} s; "
                      f"{n_blog} pages; "
                      f"{t_blog / t_smm:.2f}x smm's time)", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


_STARTUP = """
import sys
from mkdocs.config import load_config
from mkdocs.structure.files import get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
cfg = load_config(config_file=sys.argv[1])
cfg = cfg.plugins.on_config(cfg)
files = get_files(cfg)
files.add_files_from_theme(cfg.theme.get_env(), cfg)
set_exclusions(files, cfg)
get_navigation(files, cfg)
"""


def _generate_only(brand: Path, now: str) -> float:
    """Generation alone, from an empty generated folder, in this process."""
    from smm.project import load_project
    from smm.site import generate

    shutil.rmtree(brand / "site" / "_generated", ignore_errors=True)  # its cache too
    t0 = time.perf_counter()
    generate.generate(load_project(brand), dt.datetime.fromisoformat(now))
    return time.perf_counter() - t0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
