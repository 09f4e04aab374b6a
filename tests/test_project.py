"""strategy.yaml problems: exit 2, every problem with file and line."""

from __future__ import annotations

import pytest

from smm.errors import ConfigError
from smm.project import find_roots, load_project, parse_duration


def test_config_errors_name_file_and_line(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.write("strategy.yaml", """\
        timezone: Europe/Pariss
        channels:
          x: {platform: twitter}
          bsky: {platform: bluesky}
        cadence:
          bsky: {min_gap: soon}
          fb: {max_per_day: 1}
        colour: red
        """)
    code, out, err = cli("validate", "--root", brand.root)
    assert code == 2
    lines = err.strip().splitlines()
    assert "smm: strategy.yaml:8:1: unknown key 'colour'" in lines[0]
    assert any(line.startswith("strategy.yaml:1:11: unknown timezone 'Europe/Pariss'")
               for line in lines)
    assert any(line.startswith("strategy.yaml:3:17: channel 'x': unknown platform 'twitter'")
               for line in lines)
    assert any(line.startswith("strategy.yaml:6:19: min_gap must be a duration") for line in lines)
    assert any("cadence for unknown channel 'fb'" in line for line in lines)


def test_bad_yaml_in_strategy(brand) -> None:  # type: ignore[no-untyped-def]
    brand.write("strategy.yaml", "timezone: [\n")
    with pytest.raises(ConfigError) as e:
        load_project(brand.root)
    assert str(e.value).startswith("strategy.yaml:2:1: invalid YAML")


def test_no_strategy_anywhere(tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("validate", "--root", tmp_path)
    assert code == 2
    assert "no strategy.yaml" in err and "smm init" in err


def test_several_brands_below(tmp_path, brand) -> None:  # type: ignore[no-untyped-def]
    import shutil

    top = tmp_path / "agency"
    for name in ("acme", "zenith"):
        shutil.copytree(brand.root, top / "brands" / name)
    roots = find_roots(top)
    assert [r.name for r in roots] == ["acme", "zenith"]
    assert find_roots(top / "brands" / "acme") == [(top / "brands" / "acme").resolve()]


@pytest.mark.parametrize(("text", "seconds"), [("2h", 7200), ("90m", 5400), ("1h30m", 5400),
                                                ("1d", 86400), (45, 45), ("soon", None),
                                                ("2h x", None), ("", None)])
def test_parse_duration(text, seconds) -> None:  # type: ignore[no-untyped-def]
    d = parse_duration(text)
    assert (d.total_seconds() if d else None) == seconds


def test_rel_follows_a_new_repo_root(brand) -> None:  # type: ignore[no-untyped-def]
    """rel() keeps str(repo_root) between calls, and sees a repo root set anew."""
    project = load_project(brand.root)
    post = project.posts_dir / "a.md"
    assert project.rel(post) == "content/posts/a.md"
    project.repo_root = project.root / "content"
    assert project.rel(post) == "posts/a.md"
