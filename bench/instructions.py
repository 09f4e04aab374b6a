"""CPU instructions of `smm validate`'s parts, counted by valgrind's callgrind.

Wall times on a shared 2-core machine vary by more than 2x with its load; instruction
counts do not, so they are what a change to the per-post cost should be judged by.

    python bench/instructions.py area AREA [N] [--root DIR]
        Instructions per post for AREA (load | views | voice | novoice | all) over N
        posts (default 200): the run with AREA minus the run that only prepares for it.
        novoice: check_post without the voice (load, views, length, media); views:
        channel_views alone, which check_post skips for channels with nothing to find.
    python bench/instructions.py start [--root DIR]
        Instructions of a cold run's serial start: interpreter, imports, the brand's
        configuration and its voice rules compiled, all before any post is checked.
    python bench/instructions.py one [--root DIR]
        Instructions of a one-file pre-commit run (`smm validate FILE` from the brand
        root, or a workspace's top, the file edited first, the others warm in
        .smm-cache/), for the parent process and for the forked scan child.

--root defaults to a 10,000-post brand made by bench/validate.py's generator in
/tmp/smm-bench-10k (kept between runs). smm is imported from this checkout
(PYTHONPATH), so a git worktree measures its own code. Needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = Path("/tmp/smm-bench-10k")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV |= {"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "0"}

# Run inside callgrind: prepare AREA for N posts, then (unless setup-only) run it.
AREA = r'''
import gc, sys
from pathlib import Path
from smm.checks import _voice, check_post
from smm.content import discover_names, load_post
from smm.preview import channel_views
from smm.project import load_projects

area, n, setup_only, root = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
project = load_projects(Path(root))[0]
every = discover_names(project)
names = (every * (1 + n // max(1, len(every))))[:n]
voice = _voice(project)
for w in every[-100:]:  # first-use costs (lazy imports, compiles, memos) are not per post
    check_post(project, voice, w)
gc.disable()
posts = [load_post(project, Path(m))[0] for m in names] if area in ("views", "voice") else []
views = [(p, channel_views(project, p)) for p in posts] if area == "voice" else []
if setup_only:
    pass
elif area == "load":
    for m in names:  # plain: names a scan saw as regular files, as a run's (smm._scan)
        load_post(project, Path(m), True)
elif area == "all":
    for m in names:
        check_post(project, voice, m, True)
elif area == "novoice":
    for m in names:
        check_post(project, None, m, True)
elif area == "views":
    for p in posts:
        channel_views(project, p)
elif area == "voice":
    for p, vs in views:
        for v in vs:
            voice.check(v.text, channel=v.channel.id, platform=v.channel.platform,
                        lang=p.lang(project), sponsored=p.sponsored, source=p.body,
                        source_line=p.body_line, path=p.rel)
'''


def brand(root: Path | None) -> Path:
    if root is not None:
        return root
    if not (DEFAULT_ROOT / "strategy.yaml").exists():
        sys.path.insert(0, str(REPO / "bench"))
        from validate import make_brand

        DEFAULT_ROOT.mkdir(parents=True, exist_ok=True)
        make_brand(10_000, DEFAULT_ROOT)
    return DEFAULT_ROOT


def callgrind(cmd: list[str], cwd: Path | None = None) -> list[int]:
    """Instructions of each process the command ran, in the order callgrind ends them."""
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                        "--trace-children=no", *cmd], capture_output=True, text=True,
                       env=ENV, cwd=cwd, check=False)
    counts = [int(m) for m in re.findall(r"Collected : (\d+)", r.stderr)]
    if not counts:
        sys.exit(f"callgrind failed:\n{r.stderr[-2000:]}")
    return counts


def compiled() -> None:
    """Byte code written first: else the first measured run pays for compiling what
    was just edited, and the figures are off by 300 k a post."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "smm")], env=ENV,
                   check=True)


def area(name: str, n: int, root: Path) -> None:
    compiled()
    run = [sys.executable, "-c", AREA, name, str(n)]
    setup = callgrind([*run, "1", str(root)])[0]
    full = callgrind([*run, "0", str(root)])[0]
    print(f"{name}: {(full - setup) // n:,} instructions/post over {n} posts of {root}")


START = r'''
import sys
from pathlib import Path
from smm.checks import _voice
from smm.project import load_projects

_voice(load_projects(Path(sys.argv[1]))[0])
'''


def start(root: Path) -> None:
    compiled()
    count = callgrind([sys.executable, "-c", START, str(root)])[0]
    print(f"cold run's serial start: {count / 1e6:,.0f} M instructions")


def one(root: Path) -> None:
    compiled()
    brand_root = root
    if (root / "smm.yaml").is_file():
        # A workspace (validate.py --workspace): a post of fernwood, the brand with the
        # very posts of the single-brand run, so the two counts compare like for like.
        brand_root = root / "brands" / "fernwood"
    posts = sorted((brand_root / "content" / "posts").rglob("*.md"))
    target = posts[len(posts) // 2]
    rel = str(target.relative_to(root))
    # As the console script pre-commit calls does it (not -m, which adds runpy).
    smm = [sys.executable, "-c", "from smm.cli import entry; entry()",
           "validate"]
    subprocess.run([*smm, rel], cwd=root, env=ENV, capture_output=True, check=False)
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"\nedit\n")
        counts = callgrind([*smm, rel], cwd=root)
    finally:
        target.write_bytes(original)
    # The forked scan child ends first; its count includes what the parent ran before
    # the fork. The parent's count is the last one.
    parent, child = counts[-1], counts[0] if len(counts) > 1 else 0
    print(f"one-file run: parent {parent / 1e6:,.0f} M instructions"
          + (f", scan child {child / 1e6:,.0f} M (incl. pre-fork)" if child else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["area", "start", "one"])
    ap.add_argument("area", nargs="?", choices=["load", "views", "voice", "novoice",
                                                          "all"])
    ap.add_argument("n", nargs="?", type=int, default=200)
    ap.add_argument("--root", type=Path)
    args = ap.parse_args()
    root = brand(args.root)
    if args.what == "one":
        one(root)
    elif args.what == "start":
        start(root)
    else:
        area(args.area or "all", args.n, root)


if __name__ == "__main__":
    main()
