"""Benchmark smm validate on 10,000 generated posts.

Prints: the full `smm validate` wall time (cold, and with .smm-cache/ warm), one-file
`smm validate` wall time including interpreter start (what pre-commit feels), and X
counting per call against
twitter-text-parser (bench/count.py). Targets on a 2-core machine: full <= 2 s, one
file <= 0.3 s, counting >= 10x faster than twitter-text-parser with identical results.

--workspace: a workspace (smm.yaml) of three brands, one in French, of N posts each,
validated from its top as CI and pre-commit run it. Targets: full cold <= 6 s, one
file <= 0.3 s.

smm runs as pre-commit runs it: from a virtualenv where smm is installed with
`pip install .` (not editable, byte code compiled), made in a temporary folder unless
--python names one. Each one-file run first edits the file, as a commit would.

    python bench/validate.py [N] [--python PATH] [--workspace]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

BODIES = [
    "Our Winter Blend is back: cherry, cocoa and a long, warm finish. Roasted on Tuesday, "
    "in your cup by Friday. https://fernwood.example/winter #FernwoodCoffee",
    "How fine should you grind for a V60? Start at medium-fine, brew 15 g to 250 g, and "
    "taste. Sour: go finer. Bitter: go coarser. Full guide: https://fernwood.example/v60",
    "Meet Ana, who grows the Huila lot we roast this month. **Washed**, patio-dried, "
    "and picked only when ripe.\n\n---\n\nShe farms 4 hectares at 1,700 m. More soon.",
    "Nous torréfions le mardi et expédions le jeudi. Bonne dégustation\u202f! ☕",
]
BODIES_FR = [  # French typography: a narrow no-break space before : ? ! ;
    "Notre mélange d'hiver est de retour\u202f: cerise, cacao et une longue finale. "
    "Torréfié mardi, dans votre tasse vendredi. https://lune.example/hiver #LuneThé",
    "Quelle mouture pour un V60\u202f? Commencez moyenne-fine, 15 g pour 250 g, et goûtez. "
    "Acide\u202f: plus fin. Amer\u202f: plus gros. Le guide\u202f: https://lune.example/v60",
    "Voici Ana, qui cultive le lot de Huila que nous torréfions ce mois-ci. **Lavé**, "
    "séché au soleil.\n\n---\n\nElle cultive 4 hectares à 1 700 m. La suite bientôt.",
    "Nous torréfions le mardi et expédions le jeudi. Bonne dégustation\u202f! ☕",
]
WORKSPACE = (("fernwood", "Fernwood Coffee", "en"), ("acme", "Acme Tea", "en"),
             ("lune", "Lune Thé", "fr"))
LOTS = ["lot ", "batch ", "n°", "#"]
CHANNEL_SETS = [["x", "bluesky", "mastodon"], ["linkedin", "facebook"], ["x", "threads"],
                ["bluesky", "mastodon"]]


def make_workspace(n: int, top: Path) -> list[Path]:
    """smm.yaml and three brands of n posts each; returns their posts folders."""
    top.mkdir(parents=True, exist_ok=True)
    (top / "smm.yaml").write_text("brands:\n" + "".join(
        f"  {key}: brands/{key}\n" for key, _, _ in WORKSPACE), encoding="utf-8")
    out = []
    for key, name, lang in WORKSPACE:
        dest = top / "brands" / key
        dest.mkdir(parents=True)
        out.append(make_brand(n, dest, lang))
        strategy = (dest / "strategy.yaml").read_text(encoding="utf-8")
        strategy = strategy.replace("brand: Fernwood Coffee", f"brand: {name}", 1)
        strategy = strategy.replace("\nlang: en\n", f"\nlang: {lang}\n", 1)
        # Each brand its own record branch, as `smm init` writes them.
        strategy = strategy.replace("state_branch: smm-state\n",
                                    f"state_branch: smm-state-{key}\n")
        (dest / "strategy.yaml").write_text(strategy, encoding="utf-8")
    return out


def make_brand(n: int, dest: Path, lang: str = "en") -> Path:
    shutil.copy(REPO / "strategy.yaml", dest / "strategy.yaml")
    shutil.copytree(REPO / "brand", dest / "brand")
    bodies = BODIES_FR if lang == "fr" else BODIES
    posts = dest / "content" / "posts"
    start = dt.datetime(2027, 1, 1, 9, 0)  # never in a DST gap
    for i in range(n):
        # Every 6 hours, channel sets in turn: each channel's cadence holds, as in a
        # real calendar, so the figures measure checking rather than printing warnings.
        when = start + dt.timedelta(hours=6 * i)
        folder = posts / f"{when:%Y-%m}"
        folder.mkdir(parents=True, exist_ok=True)
        # Each body its own text (a lot number), as in a real calendar: no memo or
        # cache inside smm can profit from posts repeating one another.
        body = bodies[i % len(bodies)].replace(" ", f" {LOTS[i % len(LOTS)]}{i} ", 1)
        chans = CHANNEL_SETS[i % len(CHANNEL_SETS)]
        post_lang = "fr" if "Nous" in body or lang == "fr" else "en"
        (folder / f"{when:%Y-%m-%d-%H}-post-{i}.md").write_text(
            f"---\npublish_at: {when:%Y-%m-%dT%H:%M}\nchannels: [{', '.join(chans)}]\n"
            f"campaign: bench\ngoal: awareness\nlang: {post_lang}\n---\n{body}\n",
            encoding="utf-8")
    return posts


def wall(cmd: list[str], runs: int, before: object = None, cwd: Path | None = None
         ) -> list[float]:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=ENV, cwd=cwd)
        times.append(time.perf_counter() - t)
    return times


def install(dest: Path) -> str:
    """A virtualenv with smm installed as pre-commit installs a hook's repository."""
    subprocess.run([sys.executable, "-m", "venv", str(dest)], check=True)
    py = str(dest / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", str(REPO)], check=True, env=ENV,
                   capture_output=True)
    return py


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=10_000)
    ap.add_argument("--python", help="a Python with smm installed (default: a new venv)")
    ap.add_argument("--workspace", action="store_true",
                    help="three brands (one in French) of N posts each, in a workspace")
    args = ap.parse_args()
    n = args.n
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / ("team" if args.workspace else "brand")
        root.mkdir()
        py = args.python or install(Path(tmp) / "venv")
        print(f"smm from: {py}" + ("" if args.python else " (pip install ., like pre-commit)"))
        smm = [py, "-m", "smm"]
        if args.workspace:
            every = make_workspace(n, root)
            posts = every[-1]  # the one-file run edits a post of the French brand
            print(f"workspace: {len(every)} brands x {n} posts")
        else:
            posts = make_brand(n, root)
        one = next(posts.rglob("*.md"))
        original = one.read_text(encoding="utf-8")
        edits = iter(range(1_000_000))

        def edit() -> None:  # a real change each time: the file is never a cache hit
            k = next(edits)
            text = original.replace("back", f"back ({k})", 1) if "back" in original \
                else original.rstrip("\n") + f" ({k})\n"
            one.write_text(text, encoding="utf-8")

        r = subprocess.run([*smm, "validate", "--root", str(root), "--no-cache"],
                           capture_output=True, text=True)
        total = n * (3 if args.workspace else 1)
        print(f"posts: {total}; validate exit {r.returncode}; last line: "
              f"{r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:]}")
        # Five runs: on a shared 2-core host one run in three can take 20% longer.
        cold = wall([*smm, "validate", "--root", str(root), "--no-cache"], 5)
        print(f"full validate, cold (--no-cache), wall incl. start: min {min(cold):.2f} s, "
              f"median {statistics.median(cold):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in cold)})")
        wall([*smm, "validate", "--root", str(root)], 1)  # fills .smm-cache/
        full = wall([*smm, "validate", "--root", str(root)], 3)
        print(f"full validate, warm cache, wall incl. start: min {min(full):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in full)})")
        # As pre-commit calls it: the console script, from the repository, with the
        # staged files' paths.
        script = str(Path(py).parent / "smm")
        single = wall([script, "validate", str(one.relative_to(root))], 7, edit, root)
        print(f"one-file validate of an edited post (warm cache for the others), wall incl. "
              f"interpreter start: median {statistics.median(single) * 1000:.0f} ms "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in single)})")
        start = wall([py, "-c", "pass"], 5)
        print(f"(bare interpreter start: {statistics.median(start) * 1000:.0f} ms)")
    count = REPO / "bench" / "count.py"
    if count.exists():
        print("X counting (bench/count.py):")
        subprocess.run([sys.executable, str(count)], check=False)


if __name__ == "__main__":
    main()
