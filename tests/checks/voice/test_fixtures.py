"""Golden tests in the manner of Vale's acceptance features: one folder a case (each
check type, and each way smm once read a post otherwise than Vale), holding rule files,
a post, and the exact findings expected (rule, line, column, severity, message), as
Vale's documentation and source say it reports them. A folder may also hold
`accept.txt` (the brand's accepted vocabulary), `fields.json` (front-matter texts:
[scope, text, line, column]) and `README.md` (what the case shows, and why the expected
output is Vale's).

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
    vocab = {"accept.txt": (folder / "accept.txt").read_text(encoding="utf-8")} \
        if (folder / "accept.txt").exists() else None
    voice = load(tmp_path, {"Test": rules}, vocab=vocab)
    fields = tuple(tuple(f) for f in json.loads((folder / "fields.json").read_text())) \
        if (folder / "fields.json").exists() else ()
    source = (folder / "post.md").read_text(encoding="utf-8")
    got = short(check(voice, source, fields=fields))  # type: ignore[arg-type]
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
