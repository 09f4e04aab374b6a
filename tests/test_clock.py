"""smm's one "now": --now on every command, SMM_NOW, a demo's frozen_now, the clock;
and no other reader of the clock in the package."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import click
import pytest

from smm import clock
from smm.cli import COMMANDS
from smm.project import load_project

PACKAGE = Path(__file__).resolve().parents[1] / "smm"


def _all_commands() -> list[tuple[str, click.Command]]:
    from smm._cli_click import cli

    ctx = click.Context(cli)
    out = []
    for name in COMMANDS:
        cmd = cli.get_command(ctx, name)
        assert cmd is not None
        out.append((name, cmd))
        if isinstance(cmd, click.Group):
            out += [(f"{name} {sub}", c) for sub, c in cmd.commands.items()]
    return out


def test_every_command_takes_now() -> None:
    found = _all_commands()
    assert len(found) > len(COMMANDS)  # groups' subcommands too
    for name, cmd in found:
        assert any("--now" in p.opts for p in cmd.params), name


def test_nothing_else_reads_the_clock() -> None:
    wall = re.compile(r"datetime\.now\(|\btime\.time\(|\bdate\.today\(|utcnow\(|time_ns\(")
    for path in PACKAGE.rglob("*.py"):
        if path.name == "clock.py":
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not wall.search(line), f"{path.relative_to(PACKAGE)}:{i}: {line.strip()}"


def test_order_now_env_frozen_clock(brand: Any, cli: Any,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def seen() -> str:
        code, out, _ = cli("status", "--root", brand.root)
        assert code == 0
        return out.splitlines()[0]

    assert seen() == "Test Roasters: as of 2026-11-27T09:00+01:00 (SMM_NOW)"
    code, out, _ = cli("status", "--root", brand.root, "--now", "2030-01-02T03:04")
    assert out.splitlines()[0] == "Test Roasters: as of 2030-01-02T03:04+01:00 (--now)"
    assert seen().endswith("(SMM_NOW)")  # --now is one run's, never the next one's
    strategy = brand.root / "strategy.yaml"
    strategy.write_text(strategy.read_text() + "frozen_now: 2027-05-01T12:00:00+02:00\n")
    assert seen().endswith("(SMM_NOW)")  # the environment beats the strategy
    monkeypatch.delenv("SMM_NOW")
    assert seen() == "Test Roasters: as of 2027-05-01T12:00+02:00 (strategy.yaml frozen_now)"
    strategy.write_text(strategy.read_text().replace("frozen_now: 2027-05-01T12:00:00+02:00\n",
                                                     ""))
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    line = seen()
    after = dt.datetime.now(dt.UTC)
    got = dt.datetime.fromisoformat(line.split("as of ")[1])  # the wall clock, to the minute
    assert before <= got <= after and "(" not in line


def test_bad_values_exit_2_naming_the_source(brand: Any, cli: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli("kpi", "--root", brand.root, "--now", "soon")
    assert code == 2 and "--now 'soon' is not an ISO 8601 date and time" in err
    monkeypatch.setenv("SMM_NOW", "yesterday")
    code, _, err = cli("status", "--root", brand.root)
    assert code == 2 and "SMM_NOW 'yesterday'" in err and "Traceback" not in err
    code, _, err = cli("validate", "--root", brand.root)  # the click-free path too
    assert code == 2 and "SMM_NOW 'yesterday'" in err
    monkeypatch.delenv("SMM_NOW")
    strategy = brand.root / "strategy.yaml"
    strategy.write_text(strategy.read_text() + "frozen_now: someday\n")
    code, _, err = cli("status", "--root", brand.root)
    assert code == 2 and re.search(r"strategy\.yaml:\d+:\d+: frozen_now 'someday'", err)


def test_a_time_without_offset_is_in_the_strategy_zone(brand: Any) -> None:
    tz = load_project(brand.root).timezone
    assert clock.parse("2026-07-01T12:00", tz).utcoffset() == dt.timedelta(hours=2)
    with pytest.raises(Exception, match="out of range"):
        clock.parse("9999-12-31T23:59:59-14:00", tz)


def test_kpi_and_validate_follow_now(brand: Any, cli: Any) -> None:
    brand.post("a", "---\npublish_at: 2026-12-01T09:00\nchannels: [x]\n---\nHello.\n")
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = cli("validate", "--root", brand.root, "--format", "json", "--now",
                       "2026-12-01T12:00")
    assert [d["rule"] for d in json.loads(out)] == ["schedule.past"]
