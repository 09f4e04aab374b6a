"""The click group behind `smm`: commands load on first use (smm.cli.COMMANDS)."""

from __future__ import annotations

import importlib

import click

from smm import __version__
from smm.cli import COMMANDS


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        cmd: click.Command = module.command
        _with_now(cmd)
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, hlp) for name, (_, hlp) in COMMANDS.items()])


def _set_now(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from smm import clock

    if value is not None:
        clock.set_now(value)


NOW_HELP = ("Act as if it were this moment (ISO 8601; no offset = the strategy's "
            "timezone). Default: $SMM_NOW, else strategy.yaml's frozen_now, else the clock.")


def _with_now(cmd: click.Command) -> None:
    """Give `cmd` (and a group's subcommands) the `--now ISO` option every command takes:
    it sets smm.clock's "now", which everything that depends on the time reads."""
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _with_now(sub)
    if any(p.name == "now" for p in cmd.params):
        return
    cmd.params.append(click.Option(
        ["--now"], metavar="ISO", expose_value=False, is_eager=True, callback=_set_now,
        help=NOW_HELP))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             invoke_without_command=True)
@click.version_option(version=__version__, prog_name="smm")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """smm: social media management as code.

    Posts are Markdown files in content/posts/, the strategy is strategy.yaml, the
    brand is brand/. Every command takes --root DIR (default: the nearest folder
    upward holding strategy.yaml).
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def click_main(args: list[str]) -> int:
    from smm import output

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
    return int(rv or 0)


