"""A workspace's workflows, as `smm init` writes them: they pass actionlint and zizmor,
publishing and metrics fan out one job a brand by a matrix listing exactly the
workspace's brands, each job with its own concurrency group and its own brand's
credentials only."""

from __future__ import annotations

import json
import re

import yaml
from test_workflows import actionlint, zizmor
from workspace_kit import Team

from smm.project import load_projects


def flows(team: Team) -> dict[str, dict]:  # type: ignore[type-arg]
    d = team.root / ".github" / "workflows"
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(d.iterdir())}


def test_workspace_workflows_pass_actionlint_and_zizmor(team: Team) -> None:
    d = team.root / ".github" / "workflows"
    assert sorted(p.name for p in d.iterdir()) == ["metrics.yml", "publish.yml", "site.yml",
                                                   "validate.yml"]
    r = actionlint(*sorted(d.iterdir()))
    assert r.returncode == 0, r.stdout + r.stderr
    r = zizmor(d)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_matrix_lists_exactly_the_brands(team: Team) -> None:
    brands = list(yaml.safe_load((team.root / "smm.yaml").read_text())["brands"])
    for name, job in (("publish.yml", "publish"), ("metrics.yml", "pull")):
        j = flows(team)[name]["jobs"][job]
        assert j["strategy"]["matrix"]["brand"] == brands, name
        assert j["strategy"]["fail-fast"] is False  # one brand's failure stops no other
        assert j["concurrency"]["group"] == f"{name[:-4]}-${{{{ matrix.brand }}}}"
        assert j["concurrency"]["cancel-in-progress"] is False
        run = " ".join(s.get("with", {}).get("command", "") for s in j["steps"])
        assert '--brand "$BRAND"' in run  # smm's action, for the job's brand
        assert "concurrency" not in flows(team)[name]  # brands never wait on each other


def test_each_job_gets_its_own_brands_secrets_only(team: Team) -> None:
    env = next(s["env"] for s in flows(team)["publish.yml"]["jobs"]["publish"]["steps"]
               if s.get("name") == "Publish")
    names = {k for k in env if k.startswith("SMM_")}
    expected = set()
    for p in load_projects(team.root):
        for ch in p.channels.values():
            from smm.commands.init_workspace import secret_fields

            expected |= {ch.env_names(f)[0] for f in secret_fields(ch.platform)}
    assert names == expected
    for name in names:
        brand = name.split("_")[1].lower()
        assert env[name] == (f"${{{{ matrix.brand == '{brand}' && secrets.{name} || '' }}}}")
    assert "SMM_LUNE_MASTODON_TOKEN" in names and "SMM_MASTODON_TOKEN" not in names


def test_validate_and_site_workflows_cover_every_brand_at_the_top(team: Team) -> None:
    f = flows(team)
    def commands(flow: dict) -> list[str]:  # type: ignore[type-arg]
        return [s.get("with", {}).get("command", "") for j in flow["jobs"].values()
                for s in j["steps"]]

    assert any(c.startswith("validate --format github --changed-since")
               for c in commands(f["validate.yml"]))
    assert any(c.startswith("site build") for c in commands(f["site.yml"]))


def test_pre_commit_config_watches_the_workspace_files(team: Team) -> None:
    doc = yaml.safe_load((team.root / ".pre-commit-config.yaml").read_text())
    pattern = re.compile(doc["repos"][0]["hooks"][0]["files"])
    for rel in ("brands/lune/content/posts/a.md", "brands/lune/strategy.yaml",
                "brands/lune/brand/styles/Brand/Hype.yml", "smm.yaml",
                "shared/styles/Team/Inclusive.yml", "shared/vocab/Team/accept.txt"):
        assert pattern.search(rel), rel
    assert not pattern.search("README.md")


def test_a_brand_missing_from_the_matrix_is_an_error(team: Team, cli) -> None:  # type: ignore[no-untyped-def]
    """smm.yaml edited by hand: the brand would never be published until refreshed."""
    import shutil

    shutil.copytree(team.root / "brands/acme", team.root / "brands/zest")
    s = team.root / "brands/zest/strategy.yaml"
    s.write_text(s.read_text().replace("smm-state-acme", "smm-state-zest"))
    ws = team.root / "smm.yaml"
    ws.write_text(ws.read_text().replace("  lune: brands/lune\n",
                                         "  lune: brands/lune\n  zest: brands/zest\n"))
    code, out, _ = cli("validate", "--root", team.root, "--format", "json")
    assert code == 1
    found = [d for d in json.loads(out) if d["rule"] == "workspace.matrix"]
    assert sorted(d["path"] for d in found) == [".github/workflows/metrics.yml",
                                                ".github/workflows/publish.yml"]
    assert "lacks zest (never published)" in found[0]["message"]
    assert "smm init --refresh" in found[0]["message"] and found[0]["line"] > 0
    # pre-commit with smm.yaml staged says so too; with a post alone it does not look
    code, out, _ = cli("validate", "--root", team.root, str(ws))
    assert code == 1 and "workspace.matrix" in out
    assert cli("init", team.root, "--refresh")[0] == 0
    code, out, _ = cli("validate", "--root", team.root)
    assert code == 0, out


def test_pre_commit_at_a_workspace_top(team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The generated .pre-commit-config.yaml, run by the real pre-commit at the top: a
    brand's bad post is stopped, naming its brand; a change to a shared rule checks every
    brand."""
    from test_precommit import _env, _git, _pre_commit

    root = team.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    env = _env(tmp_path)
    r = _pre_commit(root, env, "run", "--all-files")
    assert r.returncode == 0, r.stdout + r.stderr
    bad = team.post("lune", "long", "---\nchannels: [mastodon]\npublish_at: 2026-12-01T09:00"
                    "\n---\n" + "mot " * 200 + "\n")
    _git(root, "add", "-A")
    r = _pre_commit(root, env, "run", "--files", str(bad.relative_to(root)))
    assert r.returncode == 1
    assert "brands/lune/content/posts/long.md  [lune]" in r.stdout
    assert "length.mastodon" in r.stdout
    bad.unlink()
    rule = root / "shared/styles/Team/Inclusive.yml"
    rule.write_text(rule.read_text().replace("level: warning", "level: error"))
    team.post("acme", "guys", "---\nchannels: [mastodon]\npublish_at: 2026-12-01T09:00\n---\n"
              "Hi guys.\n")
    _git(root, "add", "-A")
    r = _pre_commit(root, env, "run", "--files", "shared/styles/Team/Inclusive.yml")
    assert r.returncode == 1 and "brands/acme/content/posts/guys.md  [acme]" in r.stdout
