"""The `smm` command line: a click group whose commands load on first use.

Each command lives in smm/commands/<module>.py as a click command named `command`;
the static registry below holds the names and one-line help, so `smm --help` and
`smm validate` import only what they need (the pre-commit path stays fast).
Exit codes (contract): 0 success, 1 problems found or a publication failed,
2 bad usage or bad configuration.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

import click

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("smm.commands.init", "Scaffold a new content repository."),
    "new": ("smm.commands.new", "Create a post file with valid front-matter."),
    "validate": ("smm.commands.validate", "Check posts: platform rules and brand voice."),
    "count": ("smm.commands.count", "A text's length the way a platform counts it."),
    "preview": ("smm.commands.preview", "Show each channel's rendered text, counts and thread."),
    "publish": ("smm.commands.publish", "Publish every due, unpublished post; record each result."),
    "status": ("smm.commands.status", "Scheduled, published, failed and unknown posts."),
    "metrics": ("smm.commands.metrics", "Pull or import metrics snapshots."),
    "kpi": ("smm.commands.kpi", "KPIs per goal against the strategy's targets."),
    "site": ("smm.commands.site", "Build or serve the stakeholder site."),
    "schema": ("smm.commands.schema", "Write JSON Schemas for front-matter and strategy.yaml."),
    "github": ("smm.commands.github", "Pull-request preview comment and job summary."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        cmd: click.Command = module.command
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, hlp) for name, (_, hlp) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             invoke_without_command=True)
@click.version_option(package_name="smm", prog_name="smm")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """smm: social media management as code.

    Posts are Markdown files in content/posts/, the strategy is strategy.yaml, the
    brand is brand/. Every command takes --root DIR (default: the nearest folder
    upward holding strategy.yaml).
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def main(argv: Sequence[str] | None = None) -> int:
    from smm import output
    from smm.errors import SmmError

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        rv = cli.main(args=args, prog_name="smm", standalone_mode=False)
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.ClickException as e:
        output.err(f"smm: {e.format_message()}")
        if isinstance(e, click.UsageError) and e.ctx is not None:
            output.err(f"Try '{e.ctx.command_path} --help'.")
        return 2
    except click.exceptions.Abort:
        output.err("smm: aborted")
        return 130
    except SmmError as e:
        output.err(f"smm: {e}")
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:  # a bug of ours: say so plainly, no traceback unless asked
        if os.environ.get("SMM_DEBUG"):
            raise
        output.err(f"smm: internal error: {type(e).__name__}: {e}\n"
                   "This is a bug in smm; rerun with SMM_DEBUG=1 for details and report it.")
        return 2
    return int(rv or 0)
