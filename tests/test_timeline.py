"""The points of an account's history: identical revisions are validated once."""

from __future__ import annotations

from pathlib import Path

import pytest

import battlemap.timeline as timeline_module
from battlemap.options import CheckOptions
from tests.commands.test_history import ADVANCED, COMPLETE, commit, git


def test_identical_blobs_are_validated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    for index, text in enumerate((COMPLETE, ADVANCED, COMPLETE, ADVANCED)):
        commit(tmp_path, "a.yaml", text, f"step {index}", f"2026-10-0{index + 1}")
    calls: list[str] = []
    validate = timeline_module.validate_loaded

    def counting(loaded, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(loaded.document.file if loaded.document else "")
        return validate(loaded, *args, **kwargs)

    monkeypatch.setattr(timeline_module, "validate_loaded", counting)
    found = timeline_module.timeline(tmp_path / "a.yaml", "a.yaml", None, CheckOptions())
    assert len(found.points) == 4
    assert len(calls) == 2
    stages = [p.as_dict()["opportunities"]["mes-2027"]["stage"] for p in found.points]
    assert stages == ["solution", "negotiation", "solution", "negotiation"]
