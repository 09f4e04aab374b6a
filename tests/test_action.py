"""The GitHub Action (action.yml): its shell steps run here as a runner runs them.

`act` needs Docker and images from the network, so this is the equivalent check: each
`run:` step of the composite action runs under `bash --noprofile --norc -eo pipefail`
(GitHub's `shell: bash`) with its `${{ }}` expressions filled in from the inputs and
earlier steps' outputs, the runner's variables set (GITHUB_ACTION_PATH, GITHUB_OUTPUT,
RUNNER_TEMP, ...), and the step's env. The two `uses:` steps get stand-ins: a clean
virtualenv first on PATH for actions/setup-python, and a check of the key and path
handed to actions/cache. Installing needs smm's dependencies: offline, from the
wheelhouse .ci/run prepares (SMM_WHEELHOUSE).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import smm

REPO = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
EXPR = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


class Runner:
    """One job's runner: a Python set up once, RUNNER_TEMP kept across uses."""

    def __init__(self, base: Path, wheels: str) -> None:
        self.base = base
        self.temp = base / "runner-temp"
        self.temp.mkdir()
        # Where a runner checks out a used action: _actions/<owner>/<repo>/<ref>.
        self.action_path = base / "_actions" / smm.REPOSITORY / f"v{smm.__version__}"
        self.action_path.mkdir(parents=True)
        for name in ("pyproject.toml", "README.md", "CHANGELOG.md", "action.yml"):
            shutil.copy2(REPO / name, self.action_path / name)
        shutil.copytree(REPO / "smm", self.action_path / "smm",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        self.venv = base / "python"
        self.wheels = wheels
        self.log: list[dict[str, Any]] = []

    def use(self, workspace: Path, inputs: dict[str, str],
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run the action's steps like `- uses: ...` with `with: inputs` and `env:`;
        the last step's result (or the first that failed)."""
        declared = ACTION["inputs"]
        assert set(inputs) <= set(declared), inputs
        values = {k: inputs.get(k, str(v.get("default", ""))) for k, v in declared.items()}
        outputs: dict[str, dict[str, str]] = {}
        result: subprocess.CompletedProcess[str] | None = None
        for step in ACTION["runs"]["steps"]:
            def expr(text: str) -> str:
                def one(m: re.Match[str]) -> str:
                    e = m.group(1)
                    if e.startswith("inputs."):
                        return values[e.split(".", 1)[1]]
                    parts = e.split(".")
                    if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
                        return outputs.get(parts[1], {}).get(parts[3], "")
                    raise AssertionError(f"the test does not know the expression {e!r}")
                return EXPR.sub(one, str(text))

            uses = step.get("uses")
            if uses is not None:
                self._stand_in(uses.split("@")[0], {k: expr(v) for k, v in
                                                    (step.get("with") or {}).items()})
                continue
            assert step.get("shell") == "bash", step
            out_file = self.temp / "github_output"
            out_file.write_text("")
            run_env = self._env(workspace)
            run_env.update(env or {})
            run_env.update({k: expr(v) for k, v in (step.get("env") or {}).items()})
            run_env["GITHUB_OUTPUT"] = str(out_file)
            script = self.temp / "step.sh"
            script.write_text(expr(step["run"]))
            cwd = workspace / expr(step.get("working-directory", "."))
            result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                                     str(script)], cwd=cwd, env=run_env, capture_output=True,
                                    text=True, timeout=900)
            self.log.append({"name": step.get("name"), "code": result.returncode,
                             "stdout": result.stdout, "stderr": result.stderr})
            if "id" in step:
                outputs[step["id"]] = dict(
                    line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
            if result.returncode != 0:
                return result
        assert result is not None
        return result

    def _stand_in(self, action: str, with_: dict[str, str]) -> None:
        if action == "actions/setup-python":
            assert re.fullmatch(r"3\.\d+", with_["python-version"]), with_
            if not self.venv.exists():
                subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True,
                               timeout=120)
        elif action == "actions/cache":
            key = with_["key"]
            v = sys.version_info
            assert key.startswith(f"smm-pip-Linux-X64-py{v.major}.{v.minor}.{v.micro}-"), key
            assert Path(with_["path"]).is_absolute(), with_
            self.log.append({"name": "cache", "key": key, "path": with_["path"]})
        else:
            raise AssertionError(f"a stand-in for {action} is missing from this test")

    def _env(self, workspace: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PIP_", "SMM_", "GITHUB_", "RUNNER_", "VIRTUAL_ENV"))}
        env.update(PATH=f"{self.venv / 'bin'}{os.pathsep}/usr/bin:/bin",
                   GITHUB_ACTION_PATH=str(self.action_path), GITHUB_WORKSPACE=str(workspace),
                   RUNNER_TEMP=str(self.temp), RUNNER_OS="Linux", RUNNER_ARCH="X64",
                   PIP_NO_INDEX="1", PIP_FIND_LINKS=self.wheels, PIP_CONFIG_FILE=os.devnull,
                   PIP_CACHE_DIR=str(self.base / "pip-cache"),
                   SMM_NOW="2026-11-27T09:00:00+01:00")
        return env


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runner, Path]:
    wheels = os.environ.get("SMM_WHEELHOUSE")
    if not wheels or not Path(wheels).is_dir():
        pytest.skip("SMM_WHEELHOUSE (a folder of wheels for smm's dependencies) is not set; "
                    ".ci/run prepares it")
    base = tmp_path_factory.mktemp("runner")
    runner = Runner(base, wheels)
    workspace = base / "workspace"
    from smm.cli import main

    assert main(["init", str(workspace), "--no-git"]) == 0
    (workspace / "content/posts/long.md").write_text(
        "---\npublish_at: 2026-12-02T09:00\nchannels: [mastodon]\n---\n" + "word " * 120 + "\n")
    return runner, workspace


def test_action_installs_smm_at_its_own_ref_and_runs_the_command(job: tuple[Runner, Path]
                                                                 ) -> None:
    runner, workspace = job
    r = runner.use(workspace, {"command": "validate --format json"})
    assert r.returncode == 1, r.stdout + r.stderr  # the long post is over Mastodon's limit
    found = json.loads(r.stdout)
    assert {d["rule"] for d in found} == {"length.mastodon"}
    assert found[0]["path"] == "content/posts/long.md"
    install = next(s for s in runner.log if s["name"] == "Install smm")
    assert install["code"] == 0, install
    assert f"smm, version {smm.__version__}" in install["stdout"]
    # smm came from the action's checkout, not from an index
    show = subprocess.run([str(runner.venv / "bin" / "python"), "-m", "pip", "show", "-f",
                           smm.DIST], capture_output=True, text=True, timeout=60)
    assert f"Version: {smm.__version__}" in show.stdout, show.stdout + show.stderr


def test_a_second_use_in_the_job_skips_the_install(job: tuple[Runner, Path]) -> None:
    runner, workspace = job
    runner.use(workspace, {"command": "status"})  # makes sure the first install happened
    runner.log.clear()
    r = runner.use(workspace, {"command": "status --format json"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert isinstance(json.loads(r.stdout), list)
    install = next(s for s in runner.log if s["name"] == "Install smm")
    assert "installed already" in install["stdout"], install


def test_command_is_shell_words_with_env_expanded_and_nothing_injected(
        job: tuple[Runner, Path]) -> None:
    """As in the workflows: values reach the command through the step's env, quoted."""
    runner, workspace = job
    text = "Fresh roast; touch INJECTED $(touch INJECTED2) `touch INJECTED3`"
    r = runner.use(workspace, {"command": 'count --platform x --format json "$POST_TEXT"'},
                   env={"POST_TEXT": text})
    assert r.returncode == 0, r.stdout + r.stderr
    got = json.loads(r.stdout)
    assert got["platform"] == "x" and got["length"] == len(text)
    assert not list(workspace.glob("INJECTED*"))


def test_working_directory_and_an_empty_command(job: tuple[Runner, Path]) -> None:
    runner, workspace = job
    r = runner.use(workspace, {"command": "validate content/posts/welcome.md",
                               "working-directory": "content"})
    assert r.returncode == 0, r.stdout + r.stderr
    r = runner.use(workspace, {"command": "  "})
    assert r.returncode == 2 and "::error" in r.stderr and "command input is empty" in r.stderr


def test_action_yml_passes_zizmor() -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    r = subprocess.run([zizmor, "--offline", "--no-progress", "--persona", "pedantic",
                        "--format", "plain", str(REPO / "action.yml")], capture_output=True,
                       text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert r.returncode == 0, r.stdout + r.stderr


def test_workflows_pass_the_inputs_the_action_declares() -> None:
    """Every `uses:` of the action (this repository's and the scaffold's) gives
    `command`, and only inputs action.yml declares."""
    from smm.commands.init import template_files

    texts = [p.read_text() for p in (REPO / ".github/workflows").glob("*.yml")]
    texts += [t.read_text(encoding="utf-8") for rel, t in template_files().items()
              if rel.startswith(".github/workflows/")]
    seen = 0
    for text in texts:
        for job in yaml.safe_load(text)["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses") in ("./", "__SMM_ACTION__"):
                    seen += 1
                    assert "command" in step["with"], step
                    assert set(step["with"]) <= set(ACTION["inputs"]), step
                    assert "${{" not in step["with"]["command"], step  # values go through env
    assert seen >= 10
