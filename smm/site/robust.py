"""The site shows every post it can and names the ones it cannot: one bad post file
never takes the build down.

A post that does not load (`smm validate` says why) is reported and left out; a post
that loads but breaks a part of the site (a bug of ours, most likely) is reported and
left out of the calendar and lists, or given a page saying it cannot be shown. Files
copied into the site are held to what is safe to serve from its origin: media of the
kinds posts attach, SVGs that are drawings and nothing more (smm.svgsafe).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from smm import output
from smm.content import Post
from smm.diagnostics import Diagnostic
from smm.project import Project

# What a post's media may be, to be copied into the site: an HTML or XML file would be
# a page of the site's origin, able to run script.
MEDIA_SUFFIXES = frozenset((".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif",
                            ".avif", ".mp4", ".mov", ".webm", ".m4v", ".svg"))


def unloaded(project: Project, posts: list[Post], diags: list[Diagnostic]) -> int:
    """Report each post file that yielded no post, with its first error; how many."""
    loaded = {p.rel for p in posts}
    seen: set[str] = set()
    for d in diags:
        if d.severity == "error" and d.path not in loaded and d.path not in seen:
            seen.add(d.path)
            output.err(f"smm: site: {d.path}:{d.line}: not shown: {d.message} "
                       "(`smm validate` tells more)")
    return len(seen)


def entries(make: Callable[..., list[Any]], project: Project, posts: list[Post],
            *args: Any, **kw: Any) -> list[Any]:
    """make(project, posts, ...) (smm.site.model.entries); when it fails, the posts that
    make it fail are found one by one, reported and left out."""
    try:
        return make(project, posts, *args, **kw)
    except Exception:  # noqa: BLE001 - which post? asked below, one at a time
        pass
    good = []
    for post in posts:
        try:
            make(project, [post], *args, **kw)
        except Exception as e:  # noqa: BLE001 - reported, and the others go on
            output.err(f"smm: site: {post.rel}: not shown: {type(e).__name__}: {e}")
        else:
            good.append(post)
    return make(project, good, *args, **kw)


def unshown_page(project: Project, post: Post, exc: Exception) -> str:
    """The page of a post whose page could not be made: says so (the calendar links
    to it), and the build reports it."""
    import html

    output.err(f"smm: site: {post.rel}: its page could not be made: {type(exc).__name__}: "
               f"{exc}")
    return (f"<p>This post ({html.escape(post.rel)}) cannot be shown: "
            f"{html.escape(type(exc).__name__)}. Run <code>smm validate</code> on it.</p>\n")


def copied(project: Project, tree: Any, rel: str, src: Path) -> bool:
    """tree.copy, reported when refused (smm.site.writer.Tree.copy)."""
    why = tree.copy(rel, src)
    if why:
        output.err(f"smm: site: {project.rel(src)}: not copied into the site: {why}")
    return not why


def copy_media(project: Project, tree: Any, rel: str, src: Path) -> None:
    if src.suffix.lower() not in MEDIA_SUFFIXES:
        output.err(f"smm: site: {project.rel(src)}: not copied into the site: not an image "
                   "or a video")
        return
    copied(project, tree, rel, src)


def bounded_yaml(text: str, path: Path) -> None:
    """A YAML file someone else will parse (mkdocs.yml): within smm.yamlio's bounds, or
    a ConfigError naming the line."""
    from smm import yamlio
    from smm.errors import ConfigError

    try:
        yamlio.load(text)
    except yamlio.YamlError as e:
        raise ConfigError(f"{path.name}:{e.line}:{e.column}: {e.message}") from None
