"""`smm new`: every argument that is written into the file is checked first."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [
    ("Title", "--channels", "x", "--lang", "en\ndraft: true"),
    ("Title", "--channels", "x", "--lang", "en # comment"),
    ("Title", "--channels", "x", "--campaign", "a\nlang: fr"),
    ("Title", "--channels", "x", "--campaign", "../../etc"),
    ("Title\n---\nchannels: [x]", "--channels", "x"),
    ("Title\x1b[2J", "--channels", "x"),
    ("Title", "--channels", " , "),
    ("Title", "--channels", "x", "--at", "0001-01-01T00:00"),
    ("Title", "--channels", "x", "--at", "9999-12-31T23:59"),
])
def test_arguments_that_would_change_the_file_are_refused(brand, cli, args) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("new", *args, "--root", brand.root)
    assert code == 2, (out, err)
    assert "internal error" not in err
    assert not list((brand.root / "content").rglob("*.md"))


def test_a_good_post_still_writes(brand, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("new", "Café : l'été", "--channels", "x", "--lang", "fr",
                         "--campaign", "summer-2099", "--at", "2099-07-01T09:00",
                         "--root", brand.root)
    assert code == 0, err
    code, out, err = cli("validate", "--root", brand.root)
    assert code == 0, out + err
