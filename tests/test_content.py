"""The post loader: every problem is a diagnostic at its file, line and column."""

from __future__ import annotations

from pathlib import Path

from smm.content import load_post, load_posts
from smm.project import load_project


def diags_of(brand, name: str, text: str) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    path = brand.post(name, text)
    _, diags = load_post(load_project(brand.root), path)
    return [(d.line, d.column, d.rule) for d in diags]


def test_valid_post_loads_with_thread_and_variant(brand) -> None:  # type: ignore[no-untyped-def]
    path = brand.post("2026-12/a", """\
        ---
        publish_at: 2026-12-01T09:00
        channels: [x, bluesky, linkedin]
        goal: awareness
        ---
        First part.

        ---

        Second part.
        <!-- channel: linkedin -->
        Only for LinkedIn.
        """)
    post, diags = load_post(load_project(brand.root), path)
    assert diags == []
    assert post is not None
    assert post.id == "posts/2026-12/a"
    assert [(p.text, p.line) for p in post.parts("x")] == [("First part.", 6), ("Second part.", 10)]
    assert [(p.text, p.line) for p in post.parts("linkedin")] == [("Only for LinkedIn.", 12)]
    assert post.publish_at is not None
    assert post.publish_at.isoformat() == "2026-12-01T09:00:00+01:00"


def test_bad_yaml_points_at_line(brand) -> None:  # type: ignore[no-untyped-def]
    assert diags_of(brand, "a", "---\nchannels: [x\npublish_at: 2026-12-01T09:00\n---\nHi\n") \
        == [(3, 11, "yaml.syntax")]


def test_wrong_type_unknown_key_and_ids(brand) -> None:  # type: ignore[no-untyped-def]
    got = diags_of(brand, "a", """\
        ---
        channels: [x, twitter]
        draft: "no"
        goal: fame
        audience: baristas
        colour: red
        publish_at: on-merge
        ---
        Hello
        """)
    assert got == [(6, 1, "frontmatter.unknown-key"), (3, 8, "frontmatter.type"),
                   (2, 15, "frontmatter.channel"), (4, 7, "frontmatter.goal")]


def test_unknown_channel_message_suggests(brand) -> None:  # type: ignore[no-untyped-def]
    path = brand.post("a", "---\nchannels: [blusky]\npublish_at: on-merge\n---\nHi\n")
    _, diags = load_post(load_project(brand.root), path)
    assert "did you mean 'bluesky'?" in diags[0].message


def test_dates(brand) -> None:  # type: ignore[no-untyped-def]
    assert diags_of(brand, "a", "---\nchannels: [x]\npublish_at: 2026-12-01\n---\nHi\n") \
        == [(3, 13, "frontmatter.publish_at")]
    # 02:30 on the last Sunday of March does not exist in Paris.
    assert diags_of(brand, "b", "---\nchannels: [x]\npublish_at: 2026-03-29T02:30\n---\nHi\n") \
        == [(3, 13, "frontmatter.publish_at")]
    assert diags_of(brand, "c", "---\nchannels: [x]\npublish_at: next tuesday\n---\nHi\n") \
        == [(3, 13, "frontmatter.publish_at")]


def test_media_outside_and_missing(brand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "secret.jpg").write_bytes(b"x")
    got = diags_of(brand, "a", """\
        ---
        channels: [x]
        media:
          - file: ../../../secret.jpg
            alt: nope
          - {file: ../media/none.jpg, alt: nothing}
        publish_at: on-merge
        ---
        Hi
        """)
    assert got == [(4, 11, "media.outside"), (6, 12, "media.missing")]


def test_not_utf8_and_no_frontmatter(brand) -> None:  # type: ignore[no-untyped-def]
    path = brand.root / "content/posts/bad.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"---\nchannels: [x]\npublish_at: on-merge\n---\nCaf\xe9\n")
    _, diags = load_post(load_project(brand.root), path)
    assert [(d.line, d.column, d.rule) for d in diags] == [(5, 4, "file.encoding")]
    assert diags_of(brand, "b", "Just text\n") == [(1, 1, "frontmatter.missing")]
    assert diags_of(brand, "c", "---\nchannels: [x]\nHi\n") == [(1, 1, "frontmatter.unclosed")]


def test_one_bad_file_does_not_stop_the_others(brand) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\nchannels: [x\npublish_at: on-merge\n---\nbroken\n")
    brand.post("b", "---\nchannels: [x]\npublish_at: on-merge\n---\nfine\n")
    brand.root.joinpath("content/posts/c.md").write_bytes(b"\xff\xfe")
    posts, diags = load_posts(load_project(brand.root))
    assert [p.id for p in posts] == ["posts/b"]
    assert sorted(d.path for d in diags) == ["content/posts/a.md", "content/posts/c.md"]
