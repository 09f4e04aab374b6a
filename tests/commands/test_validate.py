"""smm validate through the CLI: formats, exit codes, changed files, cadence."""

from __future__ import annotations

import json

from PIL import Image

OK = "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n---\nHello from the roastery.\n"


def test_clean_brand_exits_0(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", OK)
    code, out, _ = cli("validate", "--root", brand.root)
    assert code == 0
    assert "1 post checked, no problems" in out


def test_too_long_for_x_is_an_error_with_position(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("long", "---\nchannels: [x, mastodon]\n"
               "publish_at: on-merge\n---\nIntro line.\n\n" + "a" * 300 + "\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    found = json.loads(out)
    assert [(d["path"], d["line"], d["column"], d["severity"], d["rule"], d["channel"])
            for d in found] == [("content/posts/long.md", 5, 1, "error", "length.x", "x")]
    assert found[0]["message"].startswith("X: text is 313 ")
    assert "33 over" in found[0]["message"]


def test_thread_parts_are_counted_one_by_one(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("t", "---\nchannels: [x]\npublish_at: on-merge\n---\nShort.\n\n---\n\n"
               + "b" * 281 + "\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    (d,) = json.loads(out)
    assert d["line"] == 9 and "thread part 2" in d["message"]


def test_bluesky_counts_graphemes_and_bytes(brand, cli) -> None:  # type: ignore[no-untyped-def]
    # 300 family emoji: 300 graphemes (fits) but 7,500 bytes (does not).
    brand.post("b", "---\nchannels: [bluesky]\npublish_at: on-merge\n---\n" + "👨‍👩‍👧" * 300 + "\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    (d,) = json.loads(out)
    assert d["rule"] == "length.bluesky" and "bytes" in d["message"]


def test_github_format(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("g", "---\nchannels: [x]\ncolour: red\npublish_at: on-merge\n---\nHi\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "github")
    assert code == 1
    assert out.strip() == (
        "::error file=content/posts/g.md,line=3,col=1,title=frontmatter.unknown-key::"
        "unknown key 'colour': known: audience, campaign, channels, content_warning, draft, "
        "first_comment, goal, lang, link, media, previous_ids, publish_at, sponsored, tags, "
        "title")


def test_github_escaping() -> None:
    from smm.diagnostics import Diagnostic
    from smm.report import format_github

    d = Diagnostic("a,b:c.md", 2, 3, "warning", "r", "50% off\nnow\r", "x")
    assert format_github([d]) == \
        "::warning file=a%2Cb%3Ac.md,line=2,col=3,title=r (x)::50%25 off%0Anow%0D"


def test_schedule_collision_gap_and_day_cap(brand, cli) -> None:  # type: ignore[no-untyped-def]
    for name, when in (("a", "09:00"), ("b", "09:00"), ("c", "10:00"), ("d", "18:00")):
        brand.post(name, f"---\npublish_at: 2026-12-01T{when}\nchannels: [x]\n---\nPost {name}\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json", "--now",
                       "2026-11-01T00:00:00+00:00")
    found = [(d["path"].split("/")[-1], d["rule"], d["severity"]) for d in json.loads(out)]
    assert found == [("b.md", "schedule.collision", "error"),
                     ("c.md", "schedule.max-per-day", "warning"),
                     ("c.md", "schedule.min-gap", "warning"),
                     ("d.md", "schedule.max-per-day", "warning")]
    assert code == 1


def test_past_date_warns(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("old", "---\npublish_at: 2026-01-01T09:00\nchannels: [x]\n---\nOld news\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json", "--now",
                       "2026-06-01T00:00:00+00:00")
    assert code == 0
    assert [d["rule"] for d in json.loads(out)] == ["schedule.past"]


def test_media_rules(brand, cli) -> None:  # type: ignore[no-untyped-def]
    media = brand.root / "content/media"
    media.mkdir(parents=True)
    Image.new("RGB", (1000, 200), "green").save(media / "wide.jpg")
    Image.new("RGB", (100, 100), "green").save(media / "sq.png")
    brand.post("ig", "---\nchannels: [instagram]\npublish_at: on-merge\n---\nNo picture\n")
    brand.post("ig2", "---\nchannels: [instagram]\nmedia:\n  - file: ../media/wide.jpg\n"
                      "  - {file: ../media/sq.png, alt: A green square}\n"
                      "publish_at: on-merge\n---\nPictures\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    found = [(d["path"].split("/")[-1], d["line"], d["rule"]) for d in json.loads(out)]
    assert found == [("ig.md", 5, "media.required"), ("ig2.md", 4, "media.alt"),
                     ("ig2.md", 4, "media.aspect"), ("ig2.md", 5, "media.type")]


def test_paths_and_changed_since(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", OK)
    b = brand.post("b", "---\nchannels: [x]\ngoal: nope\npublish_at: on-merge\n---\nB\n")
    brand.git("init", "-q", "-b", "main")
    brand.git("add", "-A")
    brand.git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    # Only a's file given: b's error is not reported.
    code, out, _ = cli("validate", "--root", brand.root, brand.root / "content/posts/a.md")
    assert code == 0 and "1 post checked" in out
    # Nothing changed since HEAD: nothing checked.
    code, out, _ = cli("validate", "--root", brand.root, "--changed-since", "HEAD")
    assert code == 0 and "0 posts checked" in out
    b.write_text("---\nchannels: [x]\ngoal: nah\npublish_at: on-merge\n---\nB\n")
    code, out, _ = cli("validate", "--root", brand.root, "--changed-since", "HEAD",
                       "--format", "json")
    assert code == 1
    assert [d["rule"] for d in json.loads(out)] == ["frontmatter.goal"]
    code, _, err = cli("validate", "--root", brand.root, "--changed-since", "no-such-ref")
    assert code == 2 and "no-such-ref" in err


def test_every_file_is_checked_despite_broken_ones(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\nchannels: [x\npublish_at: on-merge\n---\n")
    brand.post("b", "---\nchannels: [x]\npublish_at: on-merge\n---\n" + "c" * 300 + "\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    assert sorted(d["rule"] for d in json.loads(out)) == ["length.x", "yaml.syntax"]


def test_previous_id_of_a_live_post_is_an_error(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\nchannels: [x]\npublish_at: on-merge\n---\nA\n")
    brand.post("b", "---\nchannels: [x]\nprevious_ids: [posts/a]\npublish_at: on-merge\n---\nB\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(out)] == \
        [("content/posts/b.md", 3, 16, "frontmatter.previous_ids")]


def test_previous_id_of_a_cached_post_is_an_error_in_a_scoped_run(  # type: ignore[no-untyped-def]
        brand, cli) -> None:
    """pre-commit on b alone: a's id comes from the cache (a unchanged), and once a is
    edited, from a itself; a post renamed away frees its old id."""
    import os
    import time

    a = brand.post("a", "---\nchannels: [x]\n"
                   "publish_at: on-merge\n---\nA\n")
    b = brand.post("b", "---\nchannels: [x]\nprevious_ids: [posts/a]\n"
                   "publish_at: on-merge\n---\nB\n")
    old = time.time() - 60
    for p in (a, b):
        os.utime(p, (old, old))
    want = [("content/posts/b.md", 3, 16, "frontmatter.previous_ids")]
    for _ in range(2):  # the first run fills the cache, the second reads it
        code, out, _ = cli("validate", "--root", brand.root, "--format", "json", str(b))
        assert (code, [(d["path"], d["line"], d["column"], d["rule"])
                       for d in json.loads(out)]) == (1, want)
    a.rename(a.with_name("c.md"))  # a is now posts/c: posts/a is free again
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json", str(b))
    assert (code, json.loads(out)) == (0, [])


def test_cache_reuses_results_and_notices_changes(brand, cli) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    post = brand.post("a", "---\nchannels: [x]\npublish_at: on-merge\n---\n" + "d" * 300 + "\n")
    old = time.time() - 60  # older than the racy window, so the result is cached
    os.utime(post, (old, old))
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1 and (brand.root / ".smm-cache/posts.bin").is_file()
    code, out2, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, out2) == (1, out)
    post.write_text("---\nchannels: [x]\npublish_at: on-merge\n---\nShort.\n")
    os.utime(post, (old + 1, old + 1))
    code, out3, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert (code, json.loads(out3)) == (0, [])


def test_changed_post_colliding_with_a_merged_one_is_reported(brand, cli) -> None:  # type: ignore[no-untyped-def]
    """The merged post sorts later, yet the finding lands on the changed one."""
    brand.post("b-old", "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n---\nOld\n")
    brand.git("init", "-q", "-b", "main")
    brand.git("add", "-A")
    brand.git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    brand.post("a-new", "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n---\nNew\n")
    code, out, _ = cli("validate", "--root", brand.root, "--changed-since", "HEAD",
                       "--format", "json", "--now", "2026-11-01T00:00:00+00:00")
    assert code == 1
    assert [(d["path"], d["rule"]) for d in json.loads(out)] == \
        [("content/posts/a-new.md", "schedule.collision")]


def test_one_file_sees_every_schedule_finding_of_the_full_run(brand, cli) -> None:  # type: ignore[no-untyped-def]
    """Pre-commit looks at a few days around the file only; it must miss nothing."""
    import random

    rnd = random.Random(3)
    names = []
    for i in range(40):
        day, hour, minute = rnd.randrange(1, 8), rnd.randrange(0, 24), rnd.choice([0, 30])
        chans = rnd.choice(["x", "bluesky", "x, mastodon"])
        names.append(f"p{i:02d}")
        brand.post(names[-1], f"---\npublish_at: 2026-12-0{day}T{hour:02d}:{minute:02d}\n"
                              f"channels: [{chans}]\n---\nPost {i}\n")
    now = "2026-11-01T00:00:00+00:00"
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json", "--now", now)
    full = {(d["path"], d["rule"], d["channel"]) for d in json.loads(out)}
    assert any(rule.startswith("schedule.") for _, rule, _ in full)
    for name in names:
        path = brand.root / f"content/posts/{name}.md"
        _, out, _ = cli("validate", "--root", brand.root, path, "--format", "json", "--now", now)
        one = {(d["path"], d["rule"], d["channel"]) for d in json.loads(out)}
        mine = {f for f in full if f[0] == f"content/posts/{name}.md"}
        assert mine <= one, name
