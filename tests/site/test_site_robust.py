"""One bad post never takes the site down: it is left out and reported, the others
shown. Files copied into the site are safe to serve from its origin."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOOD = "---\npublish_at: 2099-12-01T09:00\nchannels: [x]\n---\nThe good post\n"
SCRIPT_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
              '<script>alert(document.domain)</script><rect width="4" height="4"/></svg>')
PLAIN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
             '<rect width="4" height="4" fill="#2F4F3A"/></svg>')


def _site_text(out: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in out.rglob("*.html"))


BAD = {
    "prev42": "---\npublish_at: 2099-12-02T09:00\nchannels: [x]\nprevious_ids: 42\n---\nA\n",
    "prevtrue": "---\npublish_at: 2099-12-02T10:00\nchannels: [x]\nprevious_ids: true\n---\nB\n",
    "far": "---\npublish_at: 9999-12-31T23:59:59+14:00\nchannels: [x]\n---\nC\n",
    "bomb": "---\npublish_at: 2099-12-02T11:00\nchannels: [x]\na: &a [x,x,x,x,x,x,x,x,x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 9)}]\n"
                      for i in range(1, 9)) + "---\nD\n",
    "self": "---\npublish_at: 2099-12-02T12:00\nchannels: [x]\ntags: &t [*t]\n---\nE\n",
    "empty": "---\npublish_at: 2099-12-02T13:00\nchannels: [x]\n---\n<!-- nothing -->\n",
}


@pytest.mark.timeout(120)
def test_bad_posts_are_reported_and_the_others_shown(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    brand.post("good", GOOD)
    for name, text in BAD.items():
        brand.post(name, text)
    os.mkfifo(brand.root / "content/posts/pipe.md")
    out = tmp_path / "site"
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", out)
    assert code == 0, err
    assert "internal error" not in err
    assert "The good post" in _site_text(out)
    for name in ("bomb", "self", "pipe"):
        assert f"content/posts/{name}.md" in err, err  # not loaded: reported
    assert "not shown" in err


def test_a_post_breaking_the_model_is_left_out(brand, cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from smm.site import model

    brand.post("good", GOOD)
    brand.post("cursed", GOOD.replace("09:00", "10:00").replace("good", "cursed"))
    real = model.entries

    def fragile(project, posts, *a, **kw):  # type: ignore[no-untyped-def]
        if any(p.id == "posts/cursed" for p in posts):
            raise ZeroDivisionError("a bug of ours")
        return real(project, posts, *a, **kw)

    monkeypatch.setattr("smm.site.generate.entries", fragile)
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", tmp_path / "s")
    assert code == 0, err
    assert "content/posts/cursed.md: not shown: ZeroDivisionError" in err
    assert "1 post file(s) not shown" in err
    assert "The good post" in _site_text(tmp_path / "s")


def test_a_post_page_that_fails_says_so(brand, cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from smm.site import postpage

    brand.post("good", GOOD)
    brand.post("cursed", GOOD.replace("09:00", "10:00").replace("good", "cursed"))
    real = postpage.body

    def fragile(e, *a, **kw):  # type: ignore[no-untyped-def]
        if e.post.id == "posts/cursed":
            raise KeyError("a bug of ours")
        return real(e, *a, **kw)

    monkeypatch.setattr("smm.site.postpage.body", fragile)
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", tmp_path / "s")
    assert code == 0, err
    assert "content/posts/cursed.md: its page could not be made" in err
    html = _site_text(tmp_path / "s")
    assert "cannot be shown" in html and "The good post" in html


def test_svgs_with_script_never_reach_the_site(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    media = brand.root / "content/media"
    media.mkdir(parents=True)
    (media / "evil.svg").write_text(SCRIPT_SVG)
    (media / "fine.svg").write_text(PLAIN_SVG)
    (media / "page.html").write_text("<script>alert(1)</script>")
    brand.post("a", "---\npublish_at: 2099-12-01T09:00\nchannels: [x]\nmedia:\n"
               "  - file: ../media/evil.svg\n    alt: x\n  - file: ../media/fine.svg\n"
               "    alt: y\n  - file: ../media/page.html\n    alt: z\n---\nHello\n")
    brand.write("brand/logo.svg", SCRIPT_SVG)
    brand.write("brand/brand.yaml", "name: Test Roasters\nlogo: brand/logo.svg\n")
    out = tmp_path / "site"
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", out)
    assert code == 0, err
    served = {p.name: p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()}
    assert "evil.svg" not in served and "page.html" not in served
    assert "fine.svg" in served
    assert "<script" not in served["logo.svg"]  # the monogram instead
    assert "content/media/evil.svg: not copied" in err and "brand/logo.svg: not copied" in err
    assert not any("alert(" in text for name, text in served.items()
                   if name.endswith((".svg", ".html")))


def test_a_link_out_of_the_repository_among_site_docs_is_not_copied(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("private words")
    docs = brand.root / "site/docs"
    docs.mkdir(parents=True)
    os.symlink(secret, docs / "leak.txt")
    brand.post("good", GOOD)
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", tmp_path / "s")
    assert code == 0, err
    assert not any("private words" in p.read_text(errors="replace")
                   for p in (tmp_path / "s").rglob("*") if p.is_file())


def test_an_alias_bomb_in_mkdocs_yml_is_a_config_error(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    brand.write("site/mkdocs.yml", "docs_dir: _generated/docs\n" + "\n".join(lines) + "\n")
    brand.post("good", GOOD)
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", tmp_path / "s")
    assert code == 2 and "mkdocs.yml:" in err and "aliases" in err, err


@pytest.mark.timeout(120)
def test_hostile_rule_files_never_stop_the_brand_guide(brand, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    styles = brand.root / "brand/styles/Test"
    styles.mkdir(parents=True)
    (styles / "Tokens.yml").write_text("extends: existence\nmessage: 'x %s'\ntokens: 5\n")
    os.mkfifo(styles / "Pipe.yml")
    os.symlink("/dev/zero", styles / "Zero.yml")
    brand.post("good", GOOD)
    code, stdout, err = cli("site", "build", "--root", brand.root, "--out", tmp_path / "s")
    assert code == 0, err
    assert "The good post" in _site_text(tmp_path / "s")
