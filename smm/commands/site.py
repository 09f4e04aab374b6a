"""smm site build / serve: the stakeholder site."""

from __future__ import annotations

from pathlib import Path

import click

from smm.commands._common import project, projects, root_option


@click.group("site")
def command() -> None:
    """Build or serve the stakeholder site (calendar, posts, strategy, brand, KPIs)."""


@command.command("build")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the site to (default: site/_build).")
@root_option
def build_cmd(out: Path | None, root: Path | None) -> int:
    """Generate the pages and build the site with MkDocs (strict)."""
    import time

    from smm import output
    from smm.site.build import build

    t0 = time.perf_counter()
    found = projects(root)
    ws = found[0].workspace
    if ws is not None:  # a workspace: one site for the team, each brand a section
        from smm.site.workspace import build_workspace

        result, site = build_workspace(ws, found, out, found[0].now())
        what = f"{len(found)} brand(s), {result.posts} posts"
    else:
        proj = project(root)
        result, site = build(proj, out, proj.now())
        what = f"{result.posts} posts"
    if getattr(result, "skipped", 0):
        output.err(f"smm: site: {result.skipped} post file(s) not shown (see above)")
    output.out(f"built {result.pages} pages for {what} into {site} "
               f"in {time.perf_counter() - t0:.1f} s")
    return 0


@command.command("serve")
@click.option("--addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
@root_option
def serve_cmd(addr: str, root: Path | None) -> int:
    """Serve the site locally; it reloads when content/, brand/ or strategy.yaml change."""
    from smm.site.build import serve

    found = projects(root)
    ws = found[0].workspace
    if ws is not None:
        from smm.site.workspace import serve_workspace

        serve_workspace(ws, found, addr)
        return 0
    serve(project(root), addr)
    return 0
