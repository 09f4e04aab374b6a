"""The example repository ships its seed state (tools/make_example_state.py): KPIs are
real on a fresh clone, and the files match what the generator writes today."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from smm.metrics import kpi
from smm.project import load_project

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 27)


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_example_state",
                                                  REPO / "tools" / "make_example_state.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_seed_state_is_what_the_generator_writes() -> None:
    project = load_project(REPO)
    files = _generator().generate(project, TODAY)
    seed = REPO / "state"
    shipped = {p.relative_to(seed).as_posix() for p in seed.rglob("*") if p.is_file()
               and p.relative_to(seed).parts[0] in ("ledger", "metrics")}
    stale = sorted(shipped ^ set(files))
    assert not stale, f"run `python tools/make_example_state.py`: {stale[:5]}"
    for rel, text in files.items():
        assert (seed / rel).read_text(encoding="utf-8") == text, \
            f"state/{rel} is out of date: run `python tools/make_example_state.py`"


def test_example_kpis_are_real() -> None:
    from smm.metrics import store
    from smm.state import State

    project = load_project(REPO)
    state = State.open(project, fetch=False)
    if not state.seeded:  # a checkout that has its own smm-state branch
        return
    history = store.load_history(project, state)
    results = {r.metric: r for r in kpi.compute(project, today=TODAY, history=history)}
    statuses = {m: r.periods[-1].status for m, r in results.items()}
    assert "no-data" not in statuses.values()
    assert {"met", "behind"} <= set(statuses.values())
    followers = results["followers"].periods
    assert len(followers) >= 6 and all(p.actual for p in followers)
    assert all(len(ps) == len(results["impressions"].periods)
               for ps in results["impressions"].by_channel.values())


def test_preloaded_records_give_the_same_kpis() -> None:
    """A caller that already read the ledger (the site) passes it in; same numbers."""
    from smm.metrics import records, store
    from smm.publish import ledger
    from smm.state import State

    project = load_project(REPO)
    state = State.open(project, fetch=False)
    history = store.load_history(project, state)
    raw = ledger.load_all(state)
    recs = records.load(project, raw=raw)
    assert recs == records.load(project, state)
    own = kpi.compute(project, today=TODAY, history=history)
    given = kpi.compute(project, today=TODAY, history=history, recs=recs)
    assert kpi.as_json(given) == kpi.as_json(own)
