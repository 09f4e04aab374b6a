"""smm count, preview, new and schema through the CLI."""

from __future__ import annotations

import json

from smm.project import load_project


def test_count_json_and_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("count", "--platform", "x", "Hello https://example.com/a/very/long/path",
                       "--format", "json")
    assert code == 0
    assert json.loads(out) == {"platform": "x", "length": 29, "limit": 280,
                               "unit": "weighted", "valid": True}
    code, out, _ = cli("count", "--platform", "mastodon", "é" * 501)
    assert code == 1 and "501/500" in out
    code, _, err = cli("count", "--platform", "myspace", "hi")
    assert code == 2 and "unknown platform 'myspace'" in err


def test_count_with_a_channel_uses_its_limits(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.write("strategy.yaml", (brand.root / "strategy.yaml").read_text().replace(
        "mastodon: {platform: mastodon, instance: http://127.0.0.1:9}",
        "mastodon: {platform: mastodon, instance: http://127.0.0.1:9, limits: {text: 1000}}"))
    code, out, _ = cli("count", "--channel", "mastodon", "--root", brand.root, "é" * 600,
                       "--format", "json")
    assert code == 0 and json.loads(out)["limit"] == 1000
    code, _, err = cli("count", "hi")
    assert code == 2 and "--platform P or --channel C" in err


def test_count_reads_stdin(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("👩🏽‍💻 ok\n"))
    code, out, _ = cli("count", "--platform", "bluesky", "-", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["length"] == 4 and data["unit"] == "graphemes"


def test_preview_shows_each_channel(brand, cli) -> None:  # type: ignore[no-untyped-def]
    path = brand.post("p", """\
        ---
        publish_at: 2026-12-01T09:00
        channels: [x, bluesky, linkedin]
        ---
        Read **our** [brew guide](https://fernwood.example/guide) #Coffee

        ---

        Part two.
        <!-- channel: linkedin -->
        The LinkedIn version.
        """)
    code, out, _ = cli("preview", path, "--root", brand.root)
    assert code == 0
    assert "Tue 01 Dec 2026 09:00 Europe/Paris" in out
    assert "── X · x" in out and "── Bluesky · bluesky" in out
    assert "│ Read our brew guide (https://fernwood.example/guide) #Coffee" in out
    assert "│ Read our brew guide #Coffee" in out  # Bluesky: the link is a facet
    assert "[2/2]" in out and "│ The LinkedIn version." in out
    code, out, _ = cli("preview", path, "--root", brand.root, "--channel", "bluesky")
    assert "── X" not in out
    code, _, err = cli("preview", path, "--root", brand.root, "--channel", "mastodon")
    assert code == 2 and "not sent to channel 'mastodon'" in err


def test_new_writes_a_valid_post(brand, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("new", "Café au lait, l'hiver", "--channels", "x,bluesky", "--at",
                       "2026-12-03T08:15", "--goal", "awareness", "--root", brand.root)
    assert code == 0
    assert out.strip() == "content/posts/2026-12/2026-12-03-cafe-au-lait-l-hiver.md"
    code, out, _ = cli("validate", "--root", brand.root, "--now", "2026-11-01T00:00:00+00:00")
    assert code == 0, out
    code, _, err = cli("new", "X", "--channels", "x,tiktok", "--root", brand.root)
    assert code == 2 and "unknown channel 'tiktok'" in err
    code, _, err = cli("new", "Café au lait, l'hiver", "--channels", "x", "--at",
                       "2026-12-03T08:15", "--root", brand.root)
    assert code == 2 and "exists already" in err


def test_schema_lists_fields_and_brand_ids(brand, cli) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = cli("schema", "--root", brand.root)
    assert code == 0
    post = json.loads((brand.root / "schemas/post.schema.json").read_text())
    assert post["properties"]["channels"]["items"]["enum"] == list(
        load_project(brand.root).channels)
    assert post["properties"]["goal"]["enum"] == ["awareness"]
    from smm.content import FIELDS

    assert set(post["properties"]) == set(FIELDS)
    strat = json.loads((brand.root / "schemas/strategy.schema.json").read_text())
    assert "bluesky" in strat["properties"]["channels"]["additionalProperties"]["properties"][
        "platform"]["enum"]


def test_bare_smm_lists_commands(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli()
    assert code == 0
    for name in ("init", "new", "validate", "count", "preview", "publish", "status", "metrics",
                 "kpi", "site"):
        assert f"  {name} " in out


def test_new_without_at_takes_the_next_free_minute(brand, cli) -> None:  # type: ignore[no-untyped-def]
    # now (SMM_NOW) is 2026-11-27 09:00 Paris; x has min_gap 2h and max_per_day 2
    brand.post("a", "---\npublish_at: 2026-11-27T10:00\nchannels: [x]\n---\nA\n")
    brand.post("b", "---\npublish_at: 2026-11-27T09:01\nchannels: [bluesky]\n---\nB\n")
    code, out, err = cli("new", "First", "--channels", "x,bluesky", "--root", brand.root)
    assert code == 0, err
    text = (brand.root / out.strip()).read_text(encoding="utf-8")
    # 09:01 is bluesky's (same minute); x needs 2h from 10:00: 12:00 is the first free
    assert "publish_at: 2026-11-27T12:00\n" in text
    assert "the next free time on x, bluesky" in err
    code, out, err = cli("new", "Second", "--channels", "x", "--root", brand.root)
    # the day holds two x posts (10:00 and 12:00): the next morning
    assert "publish_at: 2026-11-28T09:00\n" in (brand.root / out.strip()).read_text()
    code, out, _ = cli("validate", "--root", brand.root)
    assert code == 0, out


def test_new_warns_on_a_past_or_clashing_time_and_keeps_values_on_their_line(
        brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n---\nA\n")
    code, _, err = cli("new", "Clash", "--channels", "x", "--at", "2026-12-01T09:00",
                       "--root", brand.root)
    assert code == 0 and "x: posts/a goes out at the same minute" in err
    code, _, err = cli("new", "Late", "--channels", "x", "--at", "2026-11-01T09:00",
                       "--root", brand.root)
    assert code == 0 and "is in the past (now is 2026-11-27T09:00+01:00)" in err
    code, out, _ = cli("new", "Merge", "--channels", "x", "--at", "on-merge",
                       "--root", brand.root)
    assert "publish_at: on-merge\n" in (brand.root / out.strip()).read_text()
    code, _, err = cli("new", "Sneaky", "--channels", "x", "--lang", "en\ndraft: true",
                       "--root", brand.root)
    assert code == 2 and "--lang" in err
    code, _, err = cli("new", "Bad", "--channels", "x", "--at", "tomorrow", "--root",
                       brand.root)
    assert code == 2 and "--at 'tomorrow' is not an ISO 8601 date and time" in err


def test_a_post_must_say_when(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\nchannels: [x]\n---\nWhen?\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 1
    (d,) = json.loads(out)
    assert d["rule"] == "frontmatter.publish_at" and "publish_at is required" in d["message"]
    assert "on-merge" in d["message"]
