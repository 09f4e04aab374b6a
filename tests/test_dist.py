"""The distribution: a name of our own (`smm` on PyPI is another package), the version
written once, an sdist and a wheel that build and pass `twine check`, a wheel that
installs into a clean virtualenv and runs, and scaffolds that install exactly this
project. Nothing is downloaded: the build runs without isolation (its backend is in
the test extra), and the clean install takes smm's dependencies from the wheelhouse
.ci/run prepares (SMM_WHEELHOUSE)."""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import smm

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def wheelhouse() -> str:
    wheels = os.environ.get("SMM_WHEELHOUSE")
    if not wheels or not Path(wheels).is_dir():
        pytest.skip("SMM_WHEELHOUSE (a folder of wheels for smm's dependencies) is not set; "
                    ".ci/run prepares it")
    return wheels


def test_name_is_ours_and_version_is_written_once() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == smm.DIST == "smm-as-code"
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "smm.__version__"}
    assert project["scripts"] == {"smm": "smm.cli:entry"}  # the command is unchanged
    assert project["urls"]["Source"] == f"https://github.com/{smm.REPOSITORY}"
    assert f"## [{smm.__version__}]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_version_option(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"smm, version {smm.__version__}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist, then a wheel built from that sdist (`python -m build`'s default), from a
    copy of the sources: the build's files never land in the work tree."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "smm", src / "smm",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                        str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return out


def test_build_and_twine_check(built: Path) -> None:
    v = smm.__version__
    names = sorted(p.name for p in built.iterdir())
    assert names == [f"smm_as_code-{v}-py3-none-any.whl", f"smm_as_code-{v}.tar.gz"], names
    r = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                        *map(str, sorted(built.iterdir()))],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("PASSED") == 2, r.stdout


def test_wheel_holds_the_package_and_templates(built: Path) -> None:
    wheel = next(built.glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = email.message_from_bytes(z.read(f"smm_as_code-{smm.__version__}.dist-info/METADATA"))
        entry = z.read(f"smm_as_code-{smm.__version__}.dist-info/entry_points.txt").decode()
    assert meta["Name"] == "smm-as-code" and meta["Version"] == smm.__version__
    assert "smm = smm.cli:entry" in entry
    assert "smm/cli.py" in names
    assert "smm/templates/init/dot-github/workflows/publish.yml" in names
    assert "smm/templates/init/requirements.txt" in names


def test_wheel_installs_into_a_clean_venv_and_runs(built: Path, tmp_path: Path) -> None:
    wheels = wheelhouse()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "SMM_"))}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=wheels, PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_CONFIG_FILE=os.devnull)
    wheel = next(built.glob("*.whl"))
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                       capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    r = subprocess.run([str(venv / "bin" / "smm"), "--version"], capture_output=True,
                       text=True, timeout=60, env=env)
    assert r.returncode == 0 and r.stdout.strip() == f"smm, version {smm.__version__}", r
    # The installed command scaffolds and validates a repository on its own.
    r = subprocess.run([str(venv / "bin" / "smm"), "init", str(tmp_path / "b"), "--no-git"],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(venv / "bin" / "smm"), "validate", "--root", str(tmp_path / "b")],
                       capture_output=True, text=True, timeout=60,
                       env={**env, "SMM_NOW": "2026-11-27T09:00:00+01:00"})
    assert r.returncode == 0, r.stdout + r.stderr


def test_scaffold_installs_exactly_this_project(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """requirements.txt pins smm-as-code at this version (the release tag, until it is on
    PyPI); no line could install PyPI's unrelated `smm`; the workflows use the action at
    the same version."""
    assert cli("init", str(tmp_path / "b"), "--no-git")[0] == 0
    reqs = [line.strip() for line in (tmp_path / "b/requirements.txt").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    assert reqs == [f"smm-as-code @ git+https://github.com/{smm.REPOSITORY}"
                    f"@v{smm.__version__}"], reqs
    for line in reqs:
        name = re.split(r"[\s@=<>!~;\[]", line, maxsplit=1)[0]
        assert name.lower() != "smm"
    uses = set()
    for wf in (tmp_path / "b/.github/workflows").iterdir():
        text = wf.read_text()
        assert "pip install" not in text, wf.name
        uses |= {u for u in re.findall(r"uses:\s*([^\s#]+)", text) if "smm" in u}
    assert uses == {f"{smm.REPOSITORY}@v{smm.__version__}"}, uses
    readme = (tmp_path / "b/README.md").read_text()
    assert "smm-as-code" in readme and f"{smm.REPOSITORY}@v{smm.__version__}" in readme


def test_readme_names_this_version() -> None:
    """The README's install lines move with the version (written in smm/__init__.py)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert smm.git_pin() in text and f"uses: {smm.action_ref()}" in text
    assert f"{smm.DIST}=={smm.__version__}" in text
