"""One truth about every post, at any moment: on the example repository, at moments
before, during and after its posts' dates, `smm status`, `smm publish --dry-run`, `smm
kpi`, the built site (post pages, home page), calendar.ics and the pull request's table
(validate's job summary) tell the same state for
every post × channel."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

# before everything; inside the seed's records; the demo's frozen moment; ten days
# without a run (missed); the launch a few minutes old (due); after every post
NOWS = ["2026-10-01T08:00", "2026-11-16T12:00", "2026-11-27T09:00", "2026-12-08T10:00",
        "2026-12-01T09:05", "2027-03-01T12:00"]
DRY = {"would-publish": "due", "would-retry": "failed", "would-reconcile": "unknown",
       "would-record-missed": "missed"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    src = Path(__file__).resolve().parents[1]
    root = tmp_path_factory.mktemp("one-truth") / "example"
    root.mkdir()
    for name in ("strategy.yaml", "brand", "content", "site", "state"):
        if (src / name).is_dir():
            shutil.copytree(src / name, root / name,
                            ignore=shutil.ignore_patterns("_generated", "_build"))
        else:
            shutil.copy2(src / name, root / name)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    return root


def _smm(cli: Any, *args: str) -> Any:
    code, out, err = cli(*args)
    assert code in (0, 1), err
    return json.loads(out)


def _ics_states(path: Path) -> dict[tuple[str, str], str]:
    """One event a post (the site's default), its description a line per channel:
    "<channel> (<Platform>): <state>". (read_text turns CRLF into LF: unfold either.)"""
    text = re.sub(r"\r?\n[ \t]", "", path.read_text(encoding="utf-8"))
    out = {}
    for event in text.split("BEGIN:VEVENT")[1:]:
        uid = re.search(r"^UID:(.+?)@", event, re.M)
        desc = re.search(r"^DESCRIPTION:(.*)$", event, re.M)
        assert uid and desc
        post = uid.group(1).replace("\\,", ",")
        lines = desc.group(1).replace("\\,", ",").split("\\n")
        found = [re.match(r"([\w-]+) \([^)]*\): (\w+)", line) for line in lines]
        assert any(found), event
        for m in found:
            if m:
                out[(post, m.group(1))] = m.group(2)
    return out


def _page_states(site: Path) -> dict[tuple[str, str], str]:
    out = {}
    for page in (site / "posts").rglob("index.html"):
        rel = page.parent.relative_to(site).as_posix()
        for ch, state in re.findall(r'data-smm-channel="([^"]+)" data-smm-state="([^"]+)"',
                                    page.read_text(encoding="utf-8")):
            out[(rel, ch)] = state
    return out


@pytest.mark.parametrize("now", NOWS)
def test_every_surface_tells_the_same_state(repo: Path, cli: Any, now: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = str(repo)
    rows = _smm(cli, "status", "--root", root, "--now", now, "--format", "json")
    status = {(r["post_id"], r["channel"]): r["state"] for r in rows}
    assert len(status) > 80  # every post × channel of the example

    # publish --dry-run acts on exactly the due, retryable, stale and missed ones
    dry = _smm(cli, "publish", "--dry-run", "--root", root, "--now", now, "--format", "json")
    acted = {(r["post_id"], r["channel"]): DRY[r["state"]] for r in dry["results"]}
    assert acted == {k: v for k, v in status.items()
                     if v in ("due", "missed") or (v, k) in
                     {(r["state"], (r["post_id"], r["channel"])) for r in rows
                      if r["action"] in ("retry", "reconcile")}}

    # the site: every post page's channels, and the home page's attention count
    site = tmp_path / "site"
    code, _, err = cli("site", "build", "--root", root, "--now", now, "--out", str(site))
    assert code == 0, err
    pages = _page_states(site)
    by_slug = {(_slug(pid), ch): st for (pid, ch), st in status.items()}
    assert pages == by_slug
    attention = {r["post_id"] for r in rows if r["attention"]}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"{len(attention)} needing attention" in home

    # calendar.ics: one event a timed, non-draft post and channel
    ics = _ics_states(site / "calendar.ics")
    assert ics == {k: v for k, v in status.items() if v != "draft"}

    # the pull request's view: the job summary's table (the PR comment's own table)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    cli("validate", "--root", root, "--now", now, "--format", "github")
    table = {}
    for path, chan, state in re.findall(
            r"^\| content/(posts/[^ ]+)\.md \| [^|]+ \((\w+)\) \| [^|]+ \| (\w+)[ ⚠️]* \|",
            summary.read_text(encoding="utf-8"), re.M):
        table[(path, chan)] = state
    assert table == status

    # smm kpi: the posts KPI of the running month counts what status calls published
    kpis = _smm(cli, "kpi", "--root", root, "--now", now, "--format", "json")
    (posts_kpi,) = [k for k in kpis if k["metric"] == "posts"]
    month = now[:7]
    published = Counter(r["finished_at"][:7] for r in rows
                        if r["state"] == "published" and r["finished_at"])
    current = [p for p in posts_kpi["periods"] if p["period"] == month]
    if published[month] or current:
        assert current and current[0]["actual"] == published[month], (month, current)


def _slug(post_id: str) -> str:
    from smm.site import urls

    return urls.post_src(post_id).removesuffix(".md")


def test_the_moments_cover_before_during_and_after(repo: Path, cli: Any) -> None:
    seen = Counter()
    for now in NOWS:
        rows = _smm(cli, "status", "--root", str(repo), "--now", now, "--format", "json")
        seen.update(r["state"] for r in rows)
        when = dt.datetime.fromisoformat(now)
        assert when  # parsed as written
    assert {"scheduled", "published", "due", "missed"} <= set(seen)
