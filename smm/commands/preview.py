"""smm preview: what each channel will show, with counts, thread parts and media."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import project, root_option


@click.command("preview")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--channel", "channel", help="Only this channel id.")
@root_option
def command(path: Path, channel: str | None, root: Path | None) -> int:
    """Show PATH as each of its channels will render it."""
    from smm import output
    from smm.content import load_post
    from smm.errors import UsageError
    from smm.preview import channel_views
    from smm.report import format_text

    proj = project(root or _root_of(path), path=path)  # the brand of the file
    post, diags = load_post(proj, path.parent.resolve() / path.name)  # a link stays one
    if post is None:
        output.out(format_text(diags, 1))
        return 1
    errors = [d for d in diags if d.severity == "error"]
    if errors:  # shown, but the file must be fixed before it can go out
        output.out(format_text(errors, 1))
        output.out("")
    views = channel_views(proj, post)
    if channel:
        views = [v for v in views if v.channel.id == channel]
        if not views:
            raise UsageError(f"{post.rel} is not sent to channel {channel!r}; its channels: "
                             + ", ".join(post.channels))
    when = "when merged"
    if post.publish_at:
        when = post.publish_at.astimezone(proj.timezone).strftime("%a %d %b %Y %H:%M ") \
            + proj.timezone.key
    output.out(output.style(post.title, "bold") + f"  ·  {post.id}  ·  {when}"
               + ("  ·  DRAFT" if post.draft else ""))
    for v in views:
        tag = " (variant)" if v.is_variant else ""
        output.out("")
        output.out(output.style(f"── {v.label} · {v.channel.id}{tag} ", "bold", "magenta")
                   + "─" * max(0, 50 - len(v.label) - len(v.channel.id)))
        for part in v.parts:
            counts = "  ".join(
                (output.style("✔", "green") if c.valid else output.style("✖", "red"))
                + f" {c.length}/{c.limit} {c.unit}" + (f" {c.field}" if c.field != "text" else "")
                for c in part.counts)
            head = f"[{part.index + 1}/{len(v.parts)}] " if len(v.parts) > 1 else ""
            output.out(output.style(head, "dim") + counts)
            for line in part.rendered.text.splitlines() or [""]:
                output.out("  │ " + line)
            for issue in part.issues:
                output.out(f"  ! {issue.severity}: {issue.message}")
        for m in v.media:
            alt = m.alt or output.style("(no alt text)", "red")
            output.out(f"  ▣ {m.file} — {alt}")
    return 0 if all(v.valid for v in views) and not errors else 1


def _root_of(path: Path) -> Path | None:
    from smm.project import STRATEGY

    for d in path.resolve().parents:
        if (d / STRATEGY).is_file():
            return d
    return None
