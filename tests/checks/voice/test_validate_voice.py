"""The voice through `smm validate`: media alt text and the title are read (scopes
`alt` and `title`), code is not, CRLF files read as LF ones, and spelling works with
the system's dictionaries."""

from __future__ import annotations

import base64
import json

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

HYPE = "extends: existence\nmessage: \"Drop '%s'.\"\nlevel: warning\nignorecase: true\n" \
       "tokens: [epic]\n"
SPELL = "extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: error\n" \
        "dictionaries: [en_US]\n"


def _diags(cli, root) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    code, out, err = cli("validate", "--root", root, "--format", "json",
                         "--now", "2026-01-01T00:00:00Z")
    assert code in (0, 1), err
    return [(d["line"], d["column"], d["rule"], d["message"]) for d in json.loads(out)
            if d["rule"].startswith("Test.")]


def test_alt_text_and_title_are_read_code_is_not(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.write("brand/brand.yaml", "name: T\nvoice:\n  styles: [Test]\n")
    brand.write("brand/styles/Test/Hype.yml", HYPE)
    brand.write("brand/styles/Test/Spelling.yml", SPELL)
    brand.write("brand/styles/Test/Title.yml", "extends: existence\nmessage: \"Title: '%s'.\"\n"
                "level: warning\nscope: title\nignorecase: true\ntokens: [epic]\n")
    (brand.root / "content" / "media").mkdir(parents=True)
    (brand.root / "content" / "media" / "bag.png").write_bytes(PNG)
    brand.post("a", """\
        ---
        publish_at: 2026-12-01T09:00:00+01:00
        channels: [mastodon]
        title: "An epic title"
        media:
          - file: ../media/bag.png
            alt: An epic bag of coffe beans
        ---
        Our new bag. Run `epic --recieve` to see it.

        ```
        epic recieve
        ```
        """)
    # Text rules read the alt text (Vale's text.attr.alt); only a `title` rule reads the
    # title; none reads code.
    assert _diags(cli, brand.root) == [
        (4, 12, "Test.Title", "Title: 'epic'."),
        (7, 13, "Test.Hype", "Drop 'epic'."),
        (7, 25, "Test.Spelling", "Did you really mean 'coffe'?"),
    ]


def test_crlf_and_cr_files_read_as_lf_ones(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.write("brand/brand.yaml", "name: T\nvoice:\n  styles: [Test]\n")
    brand.write("brand/styles/Test/Hype.yml", HYPE)
    text = ("---\npublish_at: 2026-12-01T09:00:00+01:00\nchannels: [mastodon]\n---\n"
            "An epic cup.\n\n```\nepic code\n```\n\n    epic indented\n\nEpic end.\n")
    for name, eol in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        (brand.root / "content" / "posts").mkdir(parents=True, exist_ok=True)
        (brand.root / "content" / "posts" / f"{name}.md").write_bytes(
            text.replace("\n", eol).encode())
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json",
                       "--now", "2026-01-01T00:00:00Z")
    by_file: dict[str, list[tuple[int, int]]] = {}
    for d in json.loads(out):
        if d["rule"] == "Test.Hype":
            by_file.setdefault(d["path"].rsplit("/", 1)[-1], []).append((d["line"], d["column"]))
    assert by_file == {f: [(5, 4), (13, 1)] for f in ("lf.md", "crlf.md", "cr.md")}
