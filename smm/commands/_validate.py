"""What `smm validate` does, without click: the command and pre-commit's fast call
(smm.cli.main) both run it."""

from __future__ import annotations

import os
from pathlib import Path

from smm.diagnostics import has_errors


def run(paths: tuple[Path, ...], fmt: str = "text", changed_since: str | None = None,
        now: str | None = None, no_cache: bool = False, root: Path | None = None) -> int:
    from smm import output, report
    from smm.project import load_projects
    from smm.review import review

    if now:
        from smm import clock

        clock.set_now(now)
    r = review(load_projects(root), paths, changed_since, use_cache=not no_cache)
    if fmt == "json":
        output.json_out(report.format_json(r.diags))
    elif fmt == "github":
        text = report.format_github(r.diags)
        if text:
            output.out(text)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            from smm.github import job_summary

            changed, every = r.posts()
            with open(summary, "a", encoding="utf-8") as f:
                f.write(job_summary(r.projects, changed, r.diags, every))
    else:
        output.out(report.format_text(r.diags, r.checked))
    return 1 if has_errors(r.diags) else 0

