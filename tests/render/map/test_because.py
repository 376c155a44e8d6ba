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


@pytest.mark.parametrize("path", ACCOUNTS, ids=lambda p: p.name)
def test_a_persons_trust_gaps_share_one_note(path: Path) -> None:
    """Why a person needs a trust level (their roles and influence) is said once for all of
    their gaps, with each pillar's levels: not once per pillar in words repeated."""
    compiled, options = compile_file(path)
    gaps = build_view(compiled, options).relationship.gaps
    for contact in {g.contact for g in gaps}:
        own = [g for g in gaps if g.contact == contact]
        notes = {g.note for g in own}
        assert len(notes) == 1, (contact, sorted(n.number for n in notes if n))
        (note,) = notes
        assert note is not None
        said = " ".join(note.lines)
        for gap in own:
            assert gap.pillar in said, (contact, gap.pillar, said)
            assert str(gap.required) in said, (contact, gap.pillar, said)
