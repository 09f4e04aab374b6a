"""Posting slots (strategy.yaml `queue:`): smm queue, smm new --next-slot, smm move
--next-slot, through the CLI. The suite's now is Friday 2026-11-27 09:00 Paris."""

from __future__ import annotations

import json
from typing import Any

import pytest

QUEUE = """
queue:
  x:
    - {days: weekdays, times: ["09:00", "12:00", "17:30"]}
    - {days: [saturday], times: ["10:00"]}
  linkedin: {days: [mon, wed, fri], times: ["08:30", "12:00"]}
"""


@pytest.fixture
def queued(brand: Any) -> Any:
    brand.write("strategy.yaml", (brand.root / "strategy.yaml").read_text() + QUEUE)
    return brand


def _queue(cli: Any, brand: Any, *args: str) -> list[dict[str, Any]]:
    code, out, err = cli("queue", "--root", str(brand.root), "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_queue_lists_the_coming_slots(queued: Any, cli: Any) -> None:
    rows = _queue(cli, queued, "--days", "3")
    x = [(r["at"][:16], r["state"]) for r in rows if r["channel"] == "x"]
    # 09:00 today is now, not to come; Sunday has no slot.
    assert x == [("2026-11-27T12:00", "free"), ("2026-11-27T17:30", "free"),
                 ("2026-11-28T10:00", "free"), ("2026-11-30T09:00", "free")]
    li = [r["at"][:16] for r in rows if r["channel"] == "linkedin"]
    assert li == ["2026-11-27T12:00", "2026-11-30T08:30"]
    assert {r["channel"] for r in _queue(cli, queued, "--channel", "linkedin")} == {"linkedin"}


def test_slots_filled_and_blocked(queued: Any, cli: Any) -> None:
    queued.post("a", "---\npublish_at: 2026-11-27T12:00\nchannels: [x]\n---\nA.\n")
    queued.post("b", "---\npublish_at: 2026-11-28T09:30\nchannels: [x]\n---\nB.\n")
    queued.post("d", "---\npublish_at: 2026-11-27T17:30\nchannels: [x]\ndraft: true\n---\nD.\n")
    rows = {r["at"][:16]: r for r in _queue(cli, queued, "--days", "2", "--channel", "x")}
    assert rows["2026-11-27T12:00"]["state"] == "filled"
    assert rows["2026-11-27T12:00"]["post_id"] == "posts/a"
    assert rows["2026-11-27T17:30"]["state"] == "free"  # a draft fills nothing
    blocked = rows["2026-11-28T10:00"]
    assert blocked["state"] == "blocked" and "posts/b" in blocked["why"]  # min_gap 2h
    code, out, _ = cli("queue", "--root", str(queued.root), "--days", "2")
    assert code == 0 and "x: 1 free of 3 slots in the next 2 days" in out
    assert "filled   posts/a" in out


def test_new_next_slot_takes_the_first_slot_free_on_every_channel(queued: Any, cli: Any
                                                                   ) -> None:
    root = str(queued.root)
    code, out, err = cli("new", "First", "--channels", "x", "--next-slot", "--root", root)
    assert code == 0, err
    assert "publish_at: 2026-11-27T12:00\n" in (queued.root / out.strip()).read_text()
    code, out, err = cli("new", "Second", "--channels", "x", "--next-slot", "--root", root)
    assert "publish_at: 2026-11-27T17:30\n" in (queued.root / out.strip()).read_text()
    # x then has two posts on Friday (max_per_day 2); a slot both channels have: Monday
    # 12:00 (LinkedIn has none on Saturday, and x's Saturday slot is not LinkedIn's).
    code, out, err = cli("new", "Both", "--channels", "x,linkedin", "--next-slot",
                         "--root", root)
    assert code == 0, err
    assert "publish_at: 2026-11-30T12:00\n" in (queued.root / out.strip()).read_text()
    assert "next free posting slot on x, linkedin" in err
    # A channel without slots takes any time: the queued channel decides.
    code, out, err = cli("new", "Masto", "--channels", "x,mastodon", "--next-slot",
                         "--root", root)
    assert "publish_at: 2026-11-28T10:00\n" in (queued.root / out.strip()).read_text()
    code, out, err = cli("validate", "--root", root)
    assert code == 0, out + err


def test_next_slot_without_slots_or_with_at(queued: Any, cli: Any) -> None:
    root = str(queued.root)
    code, _, err = cli("new", "M", "--channels", "mastodon", "--next-slot", "--root", root)
    assert code == 2 and "no posting slots for mastodon" in err and "queue:" in err
    code, _, err = cli("new", "M", "--channels", "x", "--next-slot", "--at", "2026-12-01T09:00",
                       "--root", root)
    assert code == 2 and "not both" in err
    code, out, _ = cli("queue", "--root", root, "--channel", "mastodon")
    assert code == 0 and "no posting slots for mastodon" in out


def test_move_next_slot(queued: Any, cli: Any) -> None:
    queued.post("p", "---\npublish_at: 2026-12-20T09:00  # far\nchannels: [linkedin]\n---\nP.\n")
    code, out, err = cli("move", "p", "--next-slot", "--root", str(queued.root))
    assert code == 0, err
    assert (queued.root / "content/posts/p.md").read_text().startswith(
        "---\npublish_at: 2026-11-27T12:00  # far\n")


def test_a_slot_skipped_by_the_clocks_is_left_out(brand: Any, cli: Any) -> None:
    brand.write("strategy.yaml", (brand.root / "strategy.yaml").read_text()
                + 'queue:\n  mastodon: {days: [sun], times: ["02:30", "09:00"]}\n')
    code, out, err = cli("queue", "--root", str(brand.root), "--format", "json", "--days", "125",
                         "--channel", "mastodon")
    times = [r["at"] for r in json.loads(out)]
    # 2027-03-28: Paris jumps from 02:00 to 03:00; 02:30 does not exist that day.
    assert "2027-03-28T09:00:00+02:00" in times
    assert not any(t.startswith("2027-03-28T02:30") for t in times)
    assert "2027-03-21T02:30:00+01:00" in times


@pytest.mark.parametrize("queue, fragment", [
    ("queue: [x]", "queue must map channel ids"),
    ("queue:\n  myspace: {times: ['09:00']}", "unknown channel 'myspace'"),
    ("queue:\n  x: {days: [funday], times: ['09:00']}", "days must be day names"),
    ("queue:\n  x: {times: ['25:00']}", "'25:00' is not a time of day"),
    ("queue:\n  x: [{days: weekdays}]", "each channel's slots are"),
])
def test_bad_queue_config_is_exit_2_at_its_line(brand: Any, cli: Any, queue: str,
                                                fragment: str) -> None:
    text = (brand.root / "strategy.yaml").read_text() + queue + "\n"
    brand.write("strategy.yaml", text)
    line = text.count("\n", 0, text.index("queue:")) + 1
    code, _, err = cli("queue", "--root", str(brand.root))
    assert code == 2 and fragment in err, err
    assert "strategy.yaml:" in err and int(err.split("strategy.yaml:")[1].split(":")[0]) >= line


def test_unquoted_times_still_work(brand: Any, cli: Any) -> None:
    """YAML 1.1 reads an unquoted 12:00 as the number 720 (base 60): taken as 12:00."""
    brand.write("strategy.yaml", (brand.root / "strategy.yaml").read_text()
                + "queue:\n  mastodon: {days: daily, times: [12:00, 08:15]}\n")
    rows = _queue(cli, brand, "--days", "1")
    assert [r["at"][11:16] for r in rows] == ["12:00", "08:15"]
