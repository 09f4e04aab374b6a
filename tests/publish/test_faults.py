"""Fault injection: many randomized publish runs against the fake APIs and real git
remotes, with crashes at every step, lost answers, rate limits, server errors, failed
pushes and two runs racing on one remote.

It asserts the promises: no post reaches a platform twice; every due post ends
published, missed or unknown (failed only while retries remain, never silently absent);
a post recorded published is on the platform. The counts are printed (pytest -s)."""

from __future__ import annotations

import collections
import datetime as dt
import random
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from smm.project import load_project
from smm.publish import run

from .conftest import SECRETS, Fakes, Repo, make_repo, strategy

SEED = 20261201
SCENARIOS = 42
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(minutes=10)  # > claim_timeout (5m): a crashed claim is reconciled next run
CHANNELS = ["bluesky", "mastodon", "x", "linkedin", "hook"]
SERVER_FAULTS = ["429", "500", "slow", "drop", "late"]
POST_ROUTE = {"bluesky": "createRecord", "mastodon": "/api/v1/statuses", "x": "/2/tweets",
              "linkedin": "/rest/posts", "hook": "/hooks/"}
REJECT = """#!/bin/sh
f="$GIT_DIR/reject-pushes"
if [ -s "$f" ]; then n=$(cat "$f"); if [ "$n" -gt 0 ]; then
  echo $((n - 1)) > "$f"; echo "rejected by the test" >&2; exit 1; fi; fi
exit 0
"""


class Crash(BaseException):
    """A process dying at a named point: nothing in smm may catch it."""


def _run(root: Path, now: dt.datetime) -> list[run.Outcome]:
    return run.publish(load_project(root), now)


def _scenario(n: int, rnd: random.Random, base: Path, fakes: Fakes, counts: collections.Counter
              ) -> dict[tuple[str, str], str]:
    repo: Repo = make_repo(base, strategy(fakes))
    hook = repo.origin / "hooks" / "pre-receive"
    hook.write_text(REJECT)
    hook.chmod(0o755)
    expected: dict[tuple[str, str], str] = {}  # (post id, channel) -> its first part's text
    for p in range(rnd.choice([1, 1, 2])):
        chans = rnd.sample(CHANNELS, rnd.choice([1, 2, 3]))
        text = f"Scenario {n} post {p}: fresh roast notes"
        late = rnd.random() < 0.1
        at = (T0 - dt.timedelta(days=2)) if late else T0
        body = text + ("\n\n---\n\nsecond part " + text if rnd.random() < 0.4 else "")
        repo.post(f"s{n}p{p}", ", ".join(chans), body, at=at.isoformat())
        for c in chans:
            expected[(f"posts/s{n}p{p}", c)] = "missed" if late else text
    repo.commit()
    now = T0
    for i in range(rnd.choice([2, 3, 4])):  # faulty runs; the first finds the most to break
        now += STEP
        kind = rnd.choice(["crash", "crash", "server", "push"] if i == 0 else
                          ["crash", "server", "server", "push", "race", "clean"])
        counts[f"fault:{kind}"] += 1
        if kind == "race":
            other = base / f"clone{now.minute}{now.hour}"
            repo.git("clone", "-q", str(repo.origin), str(other), cwd=base)
            with ThreadPoolExecutor(2) as pool:  # two runs at once on one remote
                futs = [pool.submit(_run, r, now) for r in (repo.root, other)]
                for fut in futs:
                    fut.result()  # an exception in either run fails the test
            counts["runs"] += 2
            continue
        if kind == "server":
            ch = rnd.choice(CHANNELS)
            fakes[ch].fault(POST_ROUTE[ch], *rnd.choices(SERVER_FAULTS, k=rnd.choice([1, 2])))
        if kind == "push":
            (repo.origin / "reject-pushes").write_text(str(rnd.choice([1, 2, 3])))
        if kind == "crash":
            point, nth = rnd.choice(run.POINTS), rnd.choice([0, 0, 1])
            seen = [0]

            def crash(p: str, post: str, ch: str, point: str = point, nth: int = nth,
                      seen: list[int] = seen) -> None:
                if p == point:
                    seen[0] += 1
                    if seen[0] > nth:
                        raise Crash(f"{p} {post} {ch}")
            run.HOOKS[:] = [crash]
        try:
            _run(repo.root, now)
        except Crash as e:
            counts[f"crash:{str(e).split()[0]}"] += 1
        finally:
            run.HOOKS.clear()
            (repo.origin / "reject-pushes").unlink(missing_ok=True)
            for f in fakes.values():
                f.faults.clear()
        counts["runs"] += 1
    for _ in range(2):  # recovery: later runs without faults settle what can be settled
        now += STEP
        _run(repo.root, now)
        counts["runs"] += 1
    ledger = repo.ledger()
    final = {}
    for (pid, ch), text in expected.items():
        raw = ledger.get(f"ledger/{pid}/{ch}.yaml")
        assert raw is not None, f"scenario {n}: {pid} on {ch} has no record: lost silently"
        rec = yaml.safe_load(raw)
        final[(pid, ch)] = rec["state"]
        counts[f"end:{rec['state']}"] += 1
        if text == "missed":
            assert rec["state"] == "missed", (n, pid, ch, rec)
            continue
        assert rec["state"] in ("published", "unknown"), (n, pid, ch, rec)
        hits = sum(text in t for t in fakes[ch].created if t.startswith(("Scenario", "[")))
        if rec["state"] == "published":
            assert hits == 1 or ch == "hook", (n, pid, ch, rec, hits)
        if ch in ("bluesky", "mastodon"):  # reconcilable: never left for a person
            assert rec["state"] == "published", (n, pid, ch, rec)
    return final


@pytest.mark.timeout(240)
def test_randomized_runs_never_post_twice(tmp_path: Path, fakes: Fakes,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("SMM_HOOK_URL", fakes["hook"].url + "/hooks/T0/sekrit-hook-2a2a2a")
    monkeypatch.delenv("GITHUB_RUN_ID", raising=False)
    for f in fakes.values():
        f.slow_seconds = 0.5
    rnd = random.Random(SEED)
    counts: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    for n in range(SCENARIOS):
        base = tmp_path / f"s{n}"
        base.mkdir()
        _scenario(n, rnd, base, fakes, counts)
    took = time.monotonic() - started
    dups = fakes.duplicates()
    print(f"\nfault injection: {SCENARIOS} scenarios, {took:.1f}s")
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    assert dups == {}, dups
    assert fakes.problems() == []
    assert counts["runs"] >= 200
    assert counts["end:published"] > counts["end:unknown"] > 0


def test_rejected_push_is_not_a_crash(tmp_path: Path, fakes: Fakes,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A remote that refuses every push: nothing is sent (no claim, no call)."""
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    repo = make_repo(tmp_path, strategy(fakes))
    repo.post("p", "bluesky, x", "Refused pushes", at=T0.isoformat())
    repo.commit()
    hook = repo.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    out = _run(repo.root, T0 + STEP)
    assert [o.state for o in out] == ["failed", "failed"]
    assert all("push" in (o.error or "") for o in out)
    assert fakes["bluesky"].created == [] and fakes["x"].created == []
    subprocess.run(["rm", str(hook)], check=True)
    out = _run(repo.root, T0 + 2 * STEP)
    assert [o.state for o in out] == ["published", "published"]
