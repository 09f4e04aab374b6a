"""smm.output: control characters from files never reach the terminal raw."""

from __future__ import annotations

import json

from smm import output

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\r\u202egnp.exe\x9b31m"


def test_clean_keeps_only_our_colours() -> None:
    styled = "\x1b[31;1mred\x1b[0m"
    assert output.clean(styled) == styled
    got = output.clean(HOSTILE + "\n\ttab")
    assert "\x1b" not in got and "\r" not in got and "\u202e" not in got and "\x9b" not in got
    assert "\\u001b]52" in got and got.endswith("\n\ttab")


def test_preview_prints_a_hostile_title_escaped(brand, cli) -> None:  # type: ignore[no-untyped-def]
    path = brand.post("a", "---\npublish_at: 2099-12-01T09:00\nchannels: [x]\n"
                      f"title: {json.dumps(HOSTILE)}\n---\nHello {HOSTILE}\n")
    code, out, err = cli("preview", path, "--root", brand.root)
    assert "internal error" not in err
    for c in ("\x1b", "\x07", "\r", "\u202e", "\x9b"):
        assert c not in out + err, repr(c)
    assert "\\u001b]52" in out


def test_findings_quoting_hostile_text_stay_valid_json(brand, cli) -> None:  # type: ignore[no-untyped-def]
    brand.post("a", "---\npublish_at: 2099-12-01T09:00\nchannels: [x]\n"
               f"{json.dumps('k' + HOSTILE)}: 1\n---\nHello\n")
    code, out, err = cli("validate", "--root", brand.root, "--format", "json")
    diags = json.loads(out)  # the escapes are JSON's own
    assert any("unknown key" in d["message"] for d in diags)
    code, out, err = cli("validate", "--root", brand.root)
    assert "\x1b]" not in out and "\u202e" not in out and "unknown key" in out
