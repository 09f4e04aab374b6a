"""smm._docmemo: parsed configuration kept by its exact text, never trusted blindly."""

from __future__ import annotations

import marshal
from pathlib import Path

from smm import _docmemo, yamlio

DOC = "brand: Test\nchannels:\n  x: {platform: x}\nwhen: 2027-01-01\n"


def test_a_hit_is_what_parsing_gives_and_a_fresh_copy(tmp_path: Path) -> None:
    plain = yamlio.load("brand: Test\nchannels:\n  x: {platform: x, limits: {text: 9}}\n")
    first = yamlio.load("brand: Test\nchannels:\n  x: {platform: x, limits: {text: 9}}\n",
                        memo=tmp_path)
    _docmemo.save_all()
    _docmemo._open.clear()  # as a new process
    again = yamlio.load("brand: Test\nchannels:\n  x: {platform: x, limits: {text: 9}}\n",
                        memo=tmp_path)
    assert _docmemo.docs(tmp_path).used  # served from the file
    for doc in (first, again):
        assert (doc.data, doc.marks, doc.keys) == (plain.data, plain.marks, plain.keys)
    again.data["channels"]["x"]["limits"]["text"] = 1  # a caller changing its copy...
    third = yamlio.load("brand: Test\nchannels:\n  x: {platform: x, limits: {text: 9}}\n",
                        memo=tmp_path)
    assert third.data["channels"]["x"]["limits"]["text"] == 9  # ...changes no other


def test_values_marshal_cannot_hold_are_parsed_each_time(tmp_path: Path) -> None:
    doc = yamlio.load(DOC, memo=tmp_path)  # a date: not kept
    assert doc.data["when"].isoformat() == "2027-01-01"
    assert DOC not in _docmemo.docs(tmp_path).docs


def test_a_memo_from_another_parser_or_damaged_is_ignored(tmp_path: Path) -> None:
    text = "a: 1\nb: [x, y]\n"
    yamlio.load(text, memo=tmp_path)
    _docmemo.save_all()
    path = tmp_path / ".smm-cache" / "docs.bin"
    head, yaml_file, stamp, docs = marshal.loads(path.read_bytes())
    docs[text] = marshal.dumps(({"a": "doctored"}, {}, {}))
    path.write_bytes(marshal.dumps((head, yaml_file, stamp, docs)))
    _docmemo._open.clear()
    assert yamlio.load(text, memo=tmp_path).data == {"a": "doctored"}  # same parser: kept
    path.write_bytes(marshal.dumps((head, yaml_file, stamp - 1, docs)))  # PyYAML changed
    _docmemo._open.clear()
    assert yamlio.load(text, memo=tmp_path).data == {"a": 1, "b": ["x", "y"]}
    path.write_bytes(b"damaged")
    _docmemo._open.clear()
    assert yamlio.load(text, memo=tmp_path).data == {"a": 1, "b": ["x", "y"]}
