"""smm show POST: one post, its state on each channel and what each channel returned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from smm.commands._common import format_option, root_option


@click.command("show")
@click.argument("post")
@root_option
@format_option("text", "json")
def command(post: str, root: Path | None, fmt: str) -> int:
    """POST (its file, or its id as `smm list` shows it): its schedule, its state on
    each channel (as `smm status` has it), the link and id each platform returned, the
    first comment, the latest metrics, and what validation says is wrong with it."""
    from smm import output
    from smm.commands._posts import channel_rows, find, load_all, when_text

    lo, p = find(load_all(root), post)
    rows = channel_rows(lo, p)
    metrics = _metrics(lo, p)
    for r in rows:
        r["metrics"] = metrics.get(r["channel"], {})
    problems = [{"line": d.line, "severity": d.severity, "rule": d.rule, "message": d.message}
                for d in lo.diags if d.path == p.rel]
    data: dict[str, Any] = {
        "brand": lo.project.name, "post_id": p.id, "path": p.rel, "title": p.title,
        "publish_at": p.publish_at.isoformat() if p.publish_at else None,
        "when": when_text(p), "draft": p.draft,
        **{k: p.get(k) for k in ("campaign", "goal", "audience") if p.get(k)},
        "channels": rows, "problems": problems}
    if fmt == "json":
        output.json_out(data)
        return 0
    output.out(output.style(p.title, "bold"))
    output.out(f"  {p.rel}  ({p.id})")
    extra = "".join(f"  {k}: {data[k]}" for k in ("campaign", "goal", "audience") if k in data)
    output.out(f"  publish_at: {data['when']}{'  draft' if p.draft else ''}{extra}")
    tz = lo.project.timezone
    for r in rows:
        output.out(f"{r['channel']:<12} {output.style(r['state'], 'bold')}"
                   + (f"  {r['url']}" if r["url"] else ""))
        if r["finished_at"]:
            from datetime import datetime

            at = datetime.fromisoformat(r["finished_at"]).astimezone(tz)
            output.out(f"    recorded {at:%Y-%m-%d %H:%M}"
                       + (f", id {r['platform_id']}" if r["platform_id"] else "")
                       + (f", attempt {r['attempts']}" if r["attempts"] > 1 else ""))
        for text in (r["blocked"], r["error"]):
            if text:
                output.out(f"    {text}")
        fc = r.get("first_comment")
        if fc:
            output.out(f"    first comment: {fc.get('state')}"
                       + (f"  {fc['url']}" if fc.get("url") else "")
                       + (f"  ({fc['error']})" if fc.get("error") else ""))
        if r["metrics"]:
            shown = ", ".join(f"{k} {_num(v)}" for k, v in sorted(r["metrics"].items()))
            output.out(f"    metrics: {shown}")
    if not rows:
        output.out("  (no channel of strategy.yaml: nothing is sent)")
    for d in problems:
        output.out(f"  {d['severity']}: line {d['line']}: {d['message']} [{d['rule']}]")
    return 0


def _metrics(lo: Any, post: Any) -> dict[str, dict[str, float]]:
    """Channel -> metric -> its latest value, from the metrics history on the state
    branch (smm metrics pull / import)."""
    from smm.errors import SmmError
    from smm.metrics.store import latest, load_history
    from smm.status import ids_of

    ids = set(ids_of(post))
    try:
        history = [s for s in load_history(lo.project, lo.state) if s.post_id in ids]
    except SmmError:  # a damaged history file: `smm kpi` reports it; show the rest
        return {}
    out: dict[str, dict[str, float]] = {}
    for (channel, _, metric), snap in latest(history).items():
        out.setdefault(channel, {})[metric] = snap.value
    return out


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.4g}"
