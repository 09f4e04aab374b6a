"""smm schema: write JSON Schemas for editors (YAML language server, VS Code)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from smm.commands._common import projects, root_option
from smm.errors import UsageError


@click.command("schema")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into (default: <brand>/schemas).")
@root_option
def command(out_dir: Path | None, root: Path | None) -> int:
    """Write post.schema.json and strategy.schema.json."""
    from smm import output
    from smm.schema import post_schema, strategy_schema

    found = projects(root)
    if out_dir is not None and len(found) > 1:
        raise UsageError("--out: the schemas differ by brand (each has its channels): "
                         "pick one with --brand, or leave --out out (each brand's schemas/)")
    for proj in found:
        folder = out_dir or proj.root / "schemas"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in (("post.schema.json", post_schema(proj)),
                           ("strategy.schema.json", strategy_schema())):
            path = folder / name
            path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            output.out(proj.rel(path))
    output.out("Editors: map strategy.yaml to strategy.schema.json; front-matter is checked "
               "by smm validate (the schema documents it for completion).")
    return 0
