"""One fixture a check type, in the manner of Vale's style packages: a rule file, a post,
and the exact findings expected (rule, line, column, severity, message).

Regenerate a golden file after a deliberate change with SMM_UPDATE_GOLDEN=1 and review
the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from voice_helpers import check, load, short

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "post.md").exists())


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str, tmp_path: Path) -> None:
    folder = FIXTURES / case
    rules = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yml")}
    voice = load(tmp_path, {"Test": rules})
    got = short(check(voice, (folder / "post.md").read_text(encoding="utf-8")))
    golden = folder / "expected.json"
    if os.environ.get("SMM_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_every_check_type_has_a_fixture() -> None:
    from smm.checks.voice.rules import TYPES

    kinds = set()
    for case in CASES:
        for p in (FIXTURES / case).glob("*.yml"):
            kinds.add(p.read_text(encoding="utf-8").split("extends:")[1].split()[0])
    assert kinds == set(TYPES)
