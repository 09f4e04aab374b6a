"""smm init: a content repository that validates as it is, and never clobbers files."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from smm.commands.init import template_files

REPO = Path(__file__).resolve().parents[1]
Cli = Callable[..., tuple[int, str, str]]


def test_init_writes_the_scaffold(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "acme-coffee"
    code, out, _ = cli("init", str(target), "--timezone", "America/New_York")
    assert code == 0
    assert "Created" in out
    for rel in ("strategy.yaml", "brand/brand.yaml", "brand/styles/Brand/Hype.yml",
                "brand/vocab/accept.txt", "content/posts/welcome.md", ".gitignore",
                ".pre-commit-config.yaml", "requirements.txt", ".github/workflows/validate.yml"):
        assert (target / rel).is_file(), rel
    assert (target / ".git" / "HEAD").read_text().strip() == "ref: refs/heads/main"
    strategy = yaml.safe_load((target / "strategy.yaml").read_text())
    assert strategy["brand"] == "Acme Coffee"
    assert strategy["timezone"] == "America/New_York"
    # No placeholder is left anywhere but in the workflows' own ${{ }} expressions.
    for path in target.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(target).parts[:1]:
            assert not re.search(r"__[A-Z_]+__", path.read_text()), path


def test_example_post_is_a_future_draft(tmp_path: Path) -> None:
    from smm.cli import main

    assert main(["init", str(tmp_path / "b"), "--no-git"]) == 0
    text = (tmp_path / "b" / "content/posts/welcome.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["draft"] is True  # a scaffold must never publish by surprise
    assert not (tmp_path / "b" / ".git").exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path,
                                            cli: Cli) -> None:
    target = tmp_path / "b"
    target.mkdir()
    (target / "strategy.yaml").write_text("mine\n")
    code, _, err = cli("init", str(target), "--no-git")
    assert code == 2
    assert "strategy.yaml" in err and "--force" in err
    assert (target / "strategy.yaml").read_text() == "mine\n"
    assert not (target / "brand").exists()  # nothing written at all
    code, _, _ = cli("init", str(target), "--no-git", "--force")
    assert code == 0
    assert (target / "strategy.yaml").read_text() != "mine\n"


@pytest.mark.parametrize("args", [["--timezone", "Mars/Olympus"], ["--lang", "english!"],
                                  ["--brand", "two\nlines"]])
def test_bad_options_exit_2(tmp_path: Path, cli: Cli,
                            args: list[str]) -> None:
    code, _, err = cli("init", str(tmp_path / "b"), "--no-git", *args)
    assert code == 2 and err.startswith("smm: ")
    assert not (tmp_path / "b").exists()


def test_awkward_brand_names_stay_valid_yaml(tmp_path: Path) -> None:
    from smm.cli import main

    name = 'Café "Zero": #1 & more'
    assert main(["init", str(tmp_path / "b"), "--no-git", "--brand", name]) == 0
    assert yaml.safe_load((tmp_path / "b/strategy.yaml").read_text())["brand"] == name
    assert yaml.safe_load((tmp_path / "b/brand/brand.yaml").read_text())["name"] == name
    site = yaml.safe_load((tmp_path / "b/site/mkdocs.yml").read_text())
    assert site["site_name"] == f"{name} · social"
    post = (tmp_path / "b/content/posts/welcome.md").read_text()
    assert yaml.safe_load(post.split("---\n")[1])["title"] == f"Hello from {name}"


def test_fresh_scaffold_validates(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "b"
    assert cli("init", str(target), "--no-git")[0] == 0
    code, out, err = cli("validate", "--root", str(target))
    assert code == 0, out + err
    assert "error" not in out.lower() and "warning" not in out.lower(), out
    code, out, _ = cli("validate", "--root", str(target), "--format", "json")
    assert code == 0 and out.strip() == "[]", out



def _voice_ready() -> bool:
    try:
        from smm.checks.voice import load_voice  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _voice_ready(), reason="the voice checks are not in yet")
def test_starter_style_speaks(tmp_path: Path, cli: Cli) -> None:
    """The scaffold's voice rules load as they are and fire on what they are for."""
    target = tmp_path / "b"
    assert cli("init", str(target), "--no-git")[0] == 0
    (target / "content/posts/hype.md").write_text(
        "---\nchannels: [mastodon]\n"
            "publish_at: on-merge\n---\nOur world-class beans. We utilize fresh water.\n")
    code, out, err = cli("validate", "--root", str(target), "--format", "json")
    rules = {d["rule"] for d in json.loads(out)}
    assert {"Brand.Hype", "Brand.Simple"} <= rules, out + err


def test_templates_ship_in_the_wheel() -> None:
    """Package-data globs skip names with a leading dot and unlisted suffixes: every
    template must be matched, or `pip install smm` would scaffold half a repository."""
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["smm"]
    suffixes = {g.rsplit("*", 1)[1] for g in globs}
    root = REPO / "smm" / "templates" / "init"
    for path in root.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(root)
            assert not any(p.startswith(".") for p in rel.parts), rel
            assert path.suffix in suffixes, rel
    assert len(template_files()) == sum(1 for p in root.rglob("*") if p.is_file()
                                        and "__pycache__" not in p.parts)


def test_site_template_matches_this_repository() -> None:
    """The scaffold's site/ is this repository's, with the brand's name."""
    from smm.commands.init import render

    files = template_files()
    for rel in ("site/mkdocs.yml", "site/docs/about.md"):
        text = render(files[rel].read_text(encoding="utf-8"),
                      {"SITE_NAME_YAML": "Fernwood Coffee · social", "LANG": "en"})
        assert text == (REPO / rel).read_text(encoding="utf-8"), rel
