"""Write the example brand's seed state: publish records and metrics history.

    python tools/make_example_state.py [--root DIR] [--today 2026-11-27]

A fresh clone has no `smm-state` branch, so smm reads the seed folder `state/`: this
script fills it deterministically (same input, same bytes), so KPIs and the site's
charts show real numbers on a fresh clone.

- `state/ledger/<post-id>/<channel>.yaml`: a `published` record for every non-draft
  example post and channel whose publish_at is before --today, with plausible platform
  ids and URLs and the real content hash (so `smm validate` notices later edits).
- `state/metrics/<channel>/<YYYY-MM>.csv`: daily follower counts on every channel for
  about six months, and a daily snapshot of each published post's lifetime metrics from
  the morning after it went out (the daily metrics job runs at 05:17 UTC), growing
  toward a per-post total drawn around platform-typical rates. The raw metric names are
  the ones each platform's API gives, as `smm metrics pull` would store them.

The scale follows strategy.yaml's targets on purpose: some KPIs are met, some behind.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import shutil
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from smm.content import load_posts
from smm.metrics import names, store
from smm.metrics.store import Snapshot
from smm.project import Project, load_project
from smm.publish.ledger import Record
from smm.publish.view import build

PULL_AT = time(5, 17, tzinfo=UTC)
HISTORY_DAYS = 184

# platform -> (mean views per post, days to reach ~63% of the total,
#              {raw metric: share of views}, absolute means for platforms without views)
PROFILES: dict[str, tuple[float, float, dict[str, float]]] = {
    "x": (1800, 0.8, {"impression_count": 1.0, "like_count": 0.016, "reply_count": 0.0035,
                      "retweet_count": 0.0035, "quote_count": 0.0008, "bookmark_count": 0.0025,
                      "url_link_clicks": 0.015, "user_profile_clicks": 0.003}),
    "linkedin": (1600, 1.5, {"impressionCount": 1.0, "uniqueImpressionsCount": 0.65,
                             "likeCount": 0.024, "commentCount": 0.005, "shareCount": 0.003,
                             "clickCount": 0.022}),
    "facebook": (900, 1.2, {"post_media_view": 1.0, "post_total_media_view_unique": 0.8,
                            "post_reactions_by_type_total": 0.03, "comments": 0.006,
                            "shares": 0.004, "post_clicks": 0.018}),
    "instagram": (2600, 1.5, {"views": 1.0, "reach": 0.75, "likes": 0.035, "comments": 0.006,
                              "shares": 0.0035, "saved": 0.005}),
    "threads": (900, 1.0, {"views": 1.0, "likes": 0.03, "replies": 0.005, "reposts": 0.003,
                           "quotes": 0.001, "shares": 0.002}),
    "youtube": (3200, 6.0, {"viewCount": 1.0, "likeCount": 0.035, "commentCount": 0.005}),
    "tiktok": (6500, 3.0, {"view_count": 1.0, "like_count": 0.06, "comment_count": 0.004,
                           "share_count": 0.005}),
    # no views on Mastodon and Bluesky: absolute means per post
    "mastodon": (0, 0.7, {"favourites_count": 18, "reblogs_count": 8, "replies_count": 4,
                          "quotes_count": 1}),
    "bluesky": (0, 0.7, {"likeCount": 22, "repostCount": 6, "replyCount": 4, "quoteCount": 1,
                         "bookmarkCount": 2}),
}
# channel -> (followers six months ago, followers today, raw name)
FOLLOWERS: dict[str, tuple[int, int, str]] = {
    "x": (1420, 1680, "followers_count"), "linkedin": (980, 1240, "firstDegreeSize"),
    "facebook": (905, 980, "followers_count"), "instagram": (1390, 1850, "followers_count"),
    "threads": (180, 420, "followers_count"), "youtube": (220, 310, "subscriberCount"),
    "tiktok": (150, 560, "follower_count"), "mastodon": (640, 860, "followers_count"),
    "bluesky": (520, 900, "followersCount"),
}


def rng_for(*parts: str) -> random.Random:
    seed = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))


def digits(r: random.Random, n: int) -> str:
    return str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))


def letters(r: random.Random, n: int, alphabet: str) -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
TID = "234567abcdefghijklmnopqrstuvwxyz"


def ids_for(project: Project, post_id: str, channel: str, parts: int) -> tuple[str, str, list[str]]:
    """Plausible platform id, URL and thread ids, as each publisher client records them."""
    r = rng_for("id", post_id, channel)
    cfg = project.channels[channel].config
    platform = project.channels[channel].platform
    if platform == "x":
        ids = [digits(r, 19) for _ in range(parts)]
        return ids[0], f"https://x.com/{cfg.get('handle', 'fernwood')}/status/{ids[0]}", ids
    if platform == "mastodon":
        ids = [digits(r, 18) for _ in range(parts)]
        user = str(cfg.get("handle", "fernwood")).split("@")[0]
        return ids[0], f"{cfg.get('instance')}/@{user}/{ids[0]}", ids
    if platform == "bluesky":
        rkeys = ["3l" + letters(r, 11, TID) for _ in range(parts)]
        uris = [f"at://did:plc:fernwoodcoffee0000000001/app.bsky.feed.post/{k}" for k in rkeys]
        return uris[0], f"https://bsky.app/profile/{cfg.get('handle')}/post/{rkeys[0]}", uris
    if platform == "threads":
        ids = [digits(r, 17) for _ in range(parts)]
        return ids[0], f"https://www.threads.net/@fernwood/post/{letters(r, 11, B62)}", ids
    if platform == "instagram":
        mid = digits(r, 17)
        return mid, f"https://www.instagram.com/p/{letters(r, 11, B62)}/", [mid]
    if platform == "facebook":
        pid = f"{cfg.get('page_id')}_{digits(r, 16)}"
        return pid, f"https://www.facebook.com/{pid}", [pid]
    if platform == "linkedin":
        urn = f"urn:li:share:{digits(r, 19)}"
        return urn, f"https://www.linkedin.com/feed/update/{urn}", [urn]
    if platform == "youtube":
        vid = letters(r, 11, B62 + "-_")
        return vid, f"https://www.youtube.com/watch?v={vid}", [vid]
    vid = "73" + digits(r, 17)  # tiktok
    return vid, f"https://www.tiktok.com/@{cfg.get('handle')}/video/{vid}", [vid]


def post_series(channel: str, platform: str, post_id: str, pid: str, published: datetime,
                today: date, followers_now: int) -> list[Snapshot]:
    """Daily lifetime totals, rising toward the post's total along 1 - exp(-age/tau)."""
    mean, tau, shares = PROFILES[platform]
    r = rng_for("metrics", post_id, channel)
    views = mean * math.exp(r.gauss(0, 0.35))
    totals = {}
    for raw, share in shares.items():
        if mean:
            base = views * share * (1 if share == 1.0 else r.uniform(0.7, 1.3))
        else:  # absolute means, scaled a little with the audience
            base = share * r.uniform(0.6, 1.5) * followers_now / 880
        totals[raw] = base
    out: list[Snapshot] = []
    last: dict[str, int] = {}
    day = published.date() + timedelta(days=1)
    while day <= today:
        age = (datetime.combine(day, PULL_AT) - published).total_seconds() / 86400
        grown = 1 - math.exp(-age / tau)
        for raw, total in totals.items():
            metric = names.smm_name(platform, raw)
            assert metric is not None, (platform, raw)
            value = max(last.get(raw, 0), round(total * grown))
            last[raw] = value
            out.append(Snapshot(day, channel, post_id, pid, metric, raw, value))
        day += timedelta(days=1)
    return out


def follower_series(channel: str, today: date) -> list[Snapshot]:
    """Daily followers: steady growth with noise, faster once November's posting began,
    and the odd day of net unfollows."""
    start_v, end_v, raw = FOLLOWERS[channel]
    r = rng_for("followers", channel)
    first = today - timedelta(days=HISTORY_DAYS)
    weights = []
    for i in range(HISTORY_DAYS + 1):
        d = first + timedelta(days=i)
        w = (2.2 if d >= date(2026, 11, 1) else 1.0) * r.uniform(0.2, 1.8)
        weights.append(w if r.random() > 0.06 else -0.8 * w)
    scale = (end_v - start_v) / sum(weights)
    out, value = [], float(start_v)
    for i, w in enumerate(weights):
        value += w * scale if i else 0
        out.append(Snapshot(first + timedelta(days=i), channel, "", "", "followers", raw,
                            round(value)))
    return out


def generate(project: Project, today: date) -> dict[str, str]:
    """{seed-relative path: text} for every file of the seed state."""
    tz = project.timezone
    posts, _ = load_posts(project)
    cutoff = datetime.combine(today, time(0), tzinfo=tz)
    files: dict[str, str] = {}
    snaps: list[Snapshot] = []
    for ch in sorted(project.channels):
        if ch in FOLLOWERS:
            snaps.extend(follower_series(ch, today))
    for post in sorted(posts, key=lambda p: p.id):
        if post.draft or post.publish_at is None or post.publish_at >= cutoff:
            continue
        for ch in post.channels:
            if ch not in project.channels:
                continue
            platform = project.channels[ch].platform
            view = build(project, post, ch)
            pid, url, thread = ids_for(project, post.id, ch, len(view.parts))
            r = rng_for("run", post.id)
            # the publish job runs every 10-15 minutes off the hour
            claimed = (post.publish_at.astimezone(UTC) + timedelta(minutes=r.randint(2, 13),
                                                                    seconds=r.randint(0, 59)))
            finished = claimed + timedelta(seconds=rng_for("took", post.id, ch).randint(1, 9))
            run = f"gh-{r.randint(11_000_000_000, 11_900_000_000)}-1"
            rec = Record(post.id, ch, "published", platform_id=pid, url=url,
                         thread_ids=thread if len(thread) > 1 else [], claimed_at=claimed,
                         finished_at=finished, run=run, attempts=1, content_hash=view.hash)
            files[f"ledger/{post.id}/{ch}.yaml"] = rec.dump()
            if platform in PROFILES:
                snaps.extend(post_series(ch, platform, post.id, pid, finished, today,
                                         FOLLOWERS[ch][1]))
    by_file: dict[str, list[Snapshot]] = {}
    for s in snaps:
        by_file.setdefault(store.path_for(s.channel, s.date), []).append(s)
    for path, group in by_file.items():
        files[path] = store.dumps(group)
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 27))
    args = ap.parse_args(argv)
    project = load_project(args.root)
    files = generate(project, args.today)
    seed = project.root / "state"
    for sub in ("ledger", "metrics"):  # regenerate wholly: no stale files survive
        shutil.rmtree(seed / sub, ignore_errors=True)
    for rel, text in sorted(files.items()):
        f = seed / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8", newline="\n")
    ledger = sum(1 for p in files if p.startswith("ledger/"))
    print(f"wrote {ledger} publish records and {len(files) - ledger} metrics files "
          f"under {seed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
