"""smm.render: exact text and spans for each construct and platform."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm import _render_text
from smm._render_md import render_md
from smm.render import PLATFORMS, RENDERS_OWN_WAY, Rendered, Span, _differs, _render, render

NOT_BLUESKY = sorted(PLATFORMS - {"bluesky"})


def spans(r: Rendered) -> list[tuple[str, str, str]]:
    """(kind, shown text, value) for each span: readable expectations."""
    return [(s.kind, r.text[s.start : s.end], s.value) for s in r.spans]


# --- blocks -----------------------------------------------------------------------


def test_paragraphs_and_line_breaks() -> None:
    md = "First line\nsecond line  \nthird\\\nfourth\n\n\n\nNext paragraph.   \n"
    assert render(md, "x").text == "First line\nsecond line\nthird\nfourth\n\nNext paragraph."


def test_emphasis_markers_removed() -> None:
    md = "*em* **strong** ***both*** _u_ ~~gone~~ `code`"
    assert render(md, "x") == Rendered("em strong both u gone code", ())


def test_heading_is_a_line() -> None:
    assert render("# Winter Blend\n\nIt is back.", "x").text == "Winter Blend\n\nIt is back."
    assert render("Title\n===\nbody", "x").text == "Title\n\nbody"


def test_bullet_and_ordered_lists_nested() -> None:
    md = "Menu:\n\n- espresso\n- filter\n  - V60\n  - Chemex\n* tea\n\n3. grind\n4. brew"
    assert render(md, "x").text == (
        "Menu:\n\n• espresso\n• filter\n  • V60\n  • Chemex\n\n• tea\n\n3. grind\n4. brew"
    )


def test_loose_list_keeps_blank_lines() -> None:
    md = "1. one\n\n2. two\n\n   more\n"
    assert render(md, "x").text == "1. one\n\n2. two\n\n  more"


def test_block_quote_prefixed() -> None:
    md = "> Best beans in Lyon.\n> — a customer\n>\n> Again.\n\nThanks!"
    assert render(md, "x").text == "> Best beans in Lyon.\n> — a customer\n>\n> Again.\n\nThanks!"


def test_code_block_literal_without_spans() -> None:
    r = render("```\n#notatag https://a.example\n```\n\n    indented  ", "x")
    assert r == Rendered("#notatag https://a.example\n\nindented", ())


def test_images_dropped_and_comments_removed() -> None:
    md = "<!-- vale off -->\nBuy ![a bag](bag.jpg) now<!-- x -->.\n\n![only](i.png)\n\n---"
    assert render(md, "x").text == "Buy  now."


def test_raw_html_kept_literally() -> None:
    md = "<script>alert('x')</script>\n\nHi <b onclick=\"x()\">there</b> & &amp; &copy;"
    r = render(md, "x")
    assert r.text == "<script>alert('x')</script>\n\nHi <b onclick=\"x()\">there</b> & & ©"
    assert r.spans == ()


def test_escapes_shown_literally_and_not_tags() -> None:
    r = render(r"\#notatag \@nobody \*not em\* 5\. item #yes", "x")
    assert r.text == "#notatag @nobody *not em* 5. item #yes"
    assert spans(r) == [("tag", "#yes", "yes")]


def test_output_has_no_trailing_whitespace() -> None:
    assert render("  \n\nhello  \n\n\n", "x").text == "hello"
    assert render("", "bluesky") == Rendered("", ())


# --- links ------------------------------------------------------------------------


def test_markdown_link_per_platform() -> None:
    md = "Read the [brew guide](https://fernwood.example/guide) today."
    for p in NOT_BLUESKY:
        r = render(md, p)
        assert r.text == "Read the brew guide (https://fernwood.example/guide) today.", p
        assert spans(r) == [
            ("link", "https://fernwood.example/guide", "https://fernwood.example/guide")
        ]
    r = render(md, "bluesky")
    assert r.text == "Read the brew guide today."
    assert spans(r) == [("link", "brew guide", "https://fernwood.example/guide")]


def test_link_whose_text_is_the_url() -> None:
    for md in (
        "[https://a.example/x](https://a.example/x)",
        "<https://a.example/x>",
        "[a.example/x](https://a.example/x)",
    ):
        r = render(md, "x")
        assert r.text == "https://a.example/x", md
        assert spans(r) == [("link", "https://a.example/x", "https://a.example/x")]
        assert render(md, "bluesky").text == "a.example/x"


def test_link_text_formatting_and_no_tags_inside() -> None:
    r = render("[**#big** news](https://a.example)", "mastodon")
    assert r.text == "#big news (https://a.example)"
    assert spans(r) == [("link", "https://a.example", "https://a.example")]


def test_relative_and_email_links() -> None:
    assert render("[other post](../other.md) <me@fernwood.example>", "x") == Rendered(
        "other post me@fernwood.example", ()
    )


def test_javascript_link_is_not_a_link() -> None:
    r = render("[click](javascript:alert(1))", "x")
    assert r.text == "[click](javascript:alert(1))"
    assert r.spans == ()


def test_bare_urls_and_trailing_punctuation() -> None:
    md = "See https://a.example/path_(x)_y, (also https://b.example/q?a=1&b=2). http://c.example!"
    r = render(md, "x")
    assert r.text == md
    assert [s[2] for s in spans(r)] == [
        "https://a.example/path_(x)_y",
        "https://b.example/q?a=1&b=2",
        "http://c.example",
    ]


def test_bare_url_survives_emphasis_characters() -> None:
    r = render("Go https://a.example/_x_/*y* now *please*", "x")
    assert r.text == "Go https://a.example/_x_/*y* now please"
    assert spans(r) == [("link", "https://a.example/_x_/*y", "https://a.example/_x_/*y")]


def test_url_glued_to_word_is_not_a_url() -> None:
    assert render("xhttps://a.example", "x").spans == ()


def test_bluesky_shortens_long_bare_urls() -> None:
    url = "https://www.fernwood.example/blog/2026/winter-blend?utm_source=bsky"
    r = render(f"New post: {url}", "bluesky")
    assert r.text == "New post: www.fernwood.example/blog/2026/wi..."
    assert spans(r) == [("link", "www.fernwood.example/blog/2026/wi...", url)]
    # A short path stays whole; the scheme and a lone "/" go.
    assert render("https://a.example/short-path/", "bluesky").text == "a.example/short-path/"
    assert render("https://a.example/", "bluesky").text == "a.example"
    assert render("https://a.example:8443/x", "bluesky").text == "a.example:8443/x"


def test_url_inside_link_label_is_not_separate() -> None:
    r = render("[see https://a.example](https://b.example)", "x")
    assert r.text == "see https://a.example (https://b.example)"
    assert spans(r) == [("link", "https://b.example", "https://b.example")]


# --- tags and mentions --------------------------------------------------------------


def test_hashtags() -> None:
    r = render("#WinterBlend is #1 in #2026! C#, #café_crème #हिन्दी #2026goals a#b", "x")
    assert spans(r) == [
        ("tag", "#WinterBlend", "WinterBlend"),
        ("tag", "#café_crème", "café_crème"),
        ("tag", "#हिन्दी", "हिन्दी"),
        ("tag", "#2026goals", "2026goals"),
    ]


def test_hash_in_url_is_not_a_tag() -> None:
    r = render("https://a.example/page#section", "x")
    assert spans(r) == [("link", "https://a.example/page#section", "https://a.example/page#section")]


def test_mentions_per_platform() -> None:
    md = "Hi @fernwood, @alice.bsky.social and @user@mastodon.social. mail@a.example"
    want_all = [
        ("mention", "@fernwood", "fernwood"),
        ("mention", "@alice.bsky.social", "alice.bsky.social"),
        ("mention", "@user@mastodon.social", "user@mastodon.social"),
    ]
    for p in ("x", "mastodon", "threads", "instagram", "tiktok", "youtube", "webhook"):
        assert spans(render(md, p)) == want_all, p
    # Bluesky: only domain handles can become facets.
    assert spans(render(md, "bluesky")) == [want_all[1]]
    # LinkedIn and Facebook do not link "@name".
    assert render(md, "linkedin").spans == ()
    assert render(md, "facebook").spans == ()


def test_mention_cut_by_unsupported_letter_is_none() -> None:
    assert render("@josé", "x").spans == ()


def test_linkedin_mention_syntax() -> None:
    md = "Thanks @[Fernwood Coffee](urn:li:organization:123) for #coffee"
    r = render(md, "linkedin")
    assert r.text == "Thanks Fernwood Coffee for #coffee"
    assert spans(r) == [
        ("mention", "Fernwood Coffee", "urn:li:organization:123"),
        ("tag", "#coffee", "coffee"),
    ]
    for p in ("x", "bluesky", "mastodon"):
        r = render(md, p)
        assert r.text == "Thanks Fernwood Coffee for #coffee", p
        assert spans(r) == [("tag", "#coffee", "coffee")]


def test_spans_inside_lists_and_quotes_are_shifted() -> None:
    md = "- try #V60\n  with @fernwood\n\n> via https://a.example"
    r = render(md, "x")
    assert r.text == "• try #V60\n  with @fernwood\n\n> via https://a.example"
    assert spans(r) == [
        ("tag", "#V60", "V60"),
        ("mention", "@fernwood", "fernwood"),
        ("link", "https://a.example", "https://a.example"),
    ]


# --- bytes, platforms, hostile input -------------------------------------------------


def test_bluesky_byte_spans_with_emoji_and_accents() -> None:
    r = render("Café ☕🇫🇷 [crème](https://a.example) #brûlée @bob.example.com", "bluesky")
    assert r.text == "Café ☕🇫🇷 crème #brûlée @bob.example.com"
    # "Café " is 6 bytes, "☕" 3, the flag 8, " " 1: "crème" starts at byte 18; "#brûlée" is 9.
    assert [(a, b, s.kind) for a, b, s in r.byte_spans()] == [
        (18, 24, "link"),
        (25, 34, "tag"),
        (35, 51, "mention"),
    ]
    raw = r.text.encode()
    assert [raw[a:b].decode() for a, b, _ in r.byte_spans()] == [
        "crème",
        "#brûlée",
        "@bob.example.com",
    ]


def test_unknown_platform_renders_like_x() -> None:
    md = "[a](https://a.example) @b"
    assert render(md, "friendica") == render(md, "x")


def test_hostile_input_stays_text() -> None:
    md = '<img src=x onerror="alert(1)"> [x](javascript:alert(1)) <script>a()</script>'
    r = render(md, "webhook")
    assert r.text == md
    assert r.spans == ()


def test_render_is_cached_and_immutable() -> None:
    a = render("same #text", "x")
    assert render("same #text", "x") is a
    with pytest.raises(AttributeError):
        a.text = "other"  # type: ignore[misc]
    assert isinstance(a.spans, tuple) and isinstance(a.spans[0], Span)


# --- properties ----------------------------------------------------------------------

# Characters that make Markdown, URLs, tags and mentions, plus arbitrary Unicode.
_ALPHABET = st.sampled_from(
    list("ab #@:/._-()[]*\\`<>!&~=+1\n\t ") + ["https://", "http://a.b", "é", "☕", "\u00a0"]
)
_BODIES = st.one_of(st.text(), st.lists(_ALPHABET, max_size=40).map("".join))


@settings(max_examples=400, deadline=None)
@given(md=_BODIES, platform=st.sampled_from(sorted(PLATFORMS)))
def test_render_never_raises_and_spans_fit(md: str, platform: str) -> None:
    r = render(md, platform)
    assert r.text == r.text.rstrip()
    last = 0
    for s in r.spans:
        assert last <= s.start < s.end <= len(r.text)
        last = s.end
        shown = r.text[s.start : s.end]
        if s.kind == "link" and platform != "bluesky":
            assert shown == s.value
        elif s.kind == "tag":
            assert shown == "#" + s.value
        elif s.kind == "mention" and platform != "linkedin":
            assert shown == "@" + s.value
    r.byte_spans()


@settings(max_examples=400, deadline=None)
@given(md=_BODIES, platform=st.sampled_from(["x", "bluesky", "linkedin"]))
def test_fast_path_agrees_with_markdown_it(md: str, platform: str) -> None:
    fast = _render_text.fast(md, platform)
    if fast is not None:
        slow = render_md(md, platform)
        assert (fast[0].rstrip(), fast[1]) == (slow[0].rstrip(), slow[1])


# Inline Markdown as posts write it, and the pieces that make it ambiguous: delimiter
# runs next to letters, punctuation, symbols and spaces; links whose text repeats the
# URL or holds a tag; escapes; code; bare URLs with `_` and `*`; no-break spaces.
_INLINE = st.sampled_from([
    "*", "**", "_", "__", "***", "`", "``", "\\", "\\*", "\\_", "\\#", "\\[", "[", "]", "(",
    ")", "](", "[brew guide](https://a.example/x_y)", "[a.example/x](https://a.example/x)",
    "[#tag @me](https://b.example)", "[x](../rel.md)", "[t](https://a.example \"t\")",
    "[x](HTTPS://A.Example/%7E)", "[x](https://a.example/%zz)", "[x](https://a.example/a&b)",
    "https://", "http://a.b", "https://a.example/_x_/*y*", "word", "Lyon", "é", "☕", "!",
    "?", ".", ",", ":", "#tag", "@fernwood", "@alice.bsky.social", " ", " ", "  ", "\n",
    "\n\n", "\u00a0", "\u202f", "&", "&amp;", "~", "~~", "<", ">", "![", "5", "a_b",
])
_INLINE_BODIES = st.lists(_INLINE, max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(md=_INLINE_BODIES, platform=st.sampled_from(["x", "bluesky", "linkedin", "mastodon"]))
def test_inline_fast_path_agrees_with_markdown_it(md: str, platform: str) -> None:
    fast = _render_text.fast(md, platform)
    if fast is not None:
        slow = render_md(md, platform)
        assert (fast[0].rstrip(), fast[1]) == (slow[0].rstrip(), slow[1]), md


def test_inline_fast_path_takes_typical_posts() -> None:
    md = ("**Winter Blend is back!** ☕ Roasted at our *Lyon* roastery.\n\nRead the "
          "[brew guide](https://fernwood.example/guides/winter_blend), `V60` \\#not "
          "https://fernwood.example/winter\u202f!\n\nTag us @fernwood. #WinterBlend")
    for p in ("x", "bluesky"):
        fast = _render_text.fast(md, p)
        assert fast is not None
        slow = render_md(md, p)
        assert (fast[0], fast[1]) == (slow[0], slow[1])


@settings(max_examples=300)
@given(md=st.one_of(_BODIES, _INLINE_BODIES),
       platform=st.sampled_from(sorted(PLATFORMS - RENDERS_OWN_WAY)))
def test_platforms_rendered_as_x_are_rendered_alike(md: str, platform: str) -> None:
    """render() shares X's rendering with these platforms: the renderers must agree."""
    assert _render.__wrapped__(md, platform) == _render.__wrapped__(md, "x")


# Pieces where LinkedIn, Facebook and Bluesky may differ from X, and what could spell them.
_OWN_WAY = st.sampled_from([
    "[x](urn:li:person:1)", "[Ana](URN:li:organization:2)", "<urn:li:person:1>", "urn:li:",
    "[x](https://a.example/long/path/here)", "https://a.example/a/long/path", "<https://a.b>",
    "[a.example](https://a.example)", "[rel](../x.md)", "[r]: urn:li:person:3", "[r]",
    "@ana", "@a.bsky.social", "&#64;ana", "&#117;rn:li:p", "&", "<a@b.example>", ":", "//",
    "word", "#tag", " ", "\n", "\n\n", "*", "_", "`", "\\", "é", "Ｕrn", "[", "]", "(", ")",
])


@settings(max_examples=1500, deadline=None)
@given(md=st.one_of(_BODIES, _INLINE_BODIES, st.lists(_OWN_WAY, max_size=12).map("".join)),
       platform=st.sampled_from(sorted(RENDERS_OWN_WAY)))
def test_own_way_platforms_render_as_x_when_nothing_differs(md: str, platform: str) -> None:
    """render() gives X's rendering to LinkedIn, Facebook and Bluesky for a body that holds
    none of the constructs where they differ: they must agree then."""
    if not _differs(md, platform):
        assert _render.__wrapped__(md, platform) == _render.__wrapped__(md, "x"), md
        assert render(md, platform) == _render.__wrapped__(md, platform)


def test_own_way_platforms_render_their_way_when_it_matters() -> None:
    assert render("[Ana](urn:li:person:1)", "linkedin").spans[0].kind == "mention"
    assert render("[Ana](urn:li:person:1)", "x").spans == ()
    assert render("hi @ana", "facebook").spans == ()
    assert render("https://a.example/a/long/path/x", "bluesky").text == "a.example/a/long/path/x"
