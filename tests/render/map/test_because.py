"""The `because` notes are sentences in the account's language: no `key = value`, and in a
Chinese map none of the rules' own input names (``tier``, ``posture``, ``roles``...)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from battlemap.render.map.view import build_view
from tests.conftest import ROOT
from tests.render_support import compile_file

ACCOUNTS = sorted((ROOT / "examples").glob("*.yaml"))


def _input_names(because: object) -> set[str]:
    """Every key any `because` of the assessment holds (what a note must not print)."""
    found: set[str] = set()
    stack = [because]
    while stack:
        item = stack.pop()
        if hasattr(item, "rule") and hasattr(item, "values"):
            found |= set(item.values)
        elif isinstance(item, list | tuple):
            stack += list(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack += [getattr(item, name) for name in item.__dataclass_fields__]
    return found


@pytest.mark.parametrize("path", ACCOUNTS, ids=lambda p: p.name)
def test_because_notes_are_sentences(path: Path) -> None:
    compiled, options = compile_file(path)
    view = build_view(compiled, options)
    lines = [line for note in view.notes for line in note.lines]
    assert lines, "every example explains something"
    for line in lines:
        assert "=" not in line, line
    if compiled.account.lang == "zh":
        names = _input_names(compiled.assessment) - {""}
        words = {w for line in lines for w in re.findall(r"[A-Za-z_][A-Za-z_.]*", line)}
        assert not words & names, sorted(words & names)
