"""Reading an account file's past from git: renames, deletions, hostile subjects, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from battlemap.revisions import Revision, RevisionsError, file_revisions, read_blobs
from tests.commands.test_history import COMPLETE, commit, git


def test_subjects_with_separators_and_a_deletion(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    commit(tmp_path, "a.yaml", COMPLETE, "one \x1e two \x1f three", "2026-10-01")
    git(tmp_path, "rm", "-q", "a.yaml")
    git(tmp_path, "-c", "user.name=t", "commit", "-q", "-m", "gone")
    commit(tmp_path, "a.yaml", COMPLETE, "back", "2026-10-03")
    found = file_revisions(tmp_path / "a.yaml", "a.yaml")
    assert [r.subject for r in found] == ["one \x1e two \x1f three", "gone", "back"]
    assert found[1].blob is None
    assert found[0].blob == found[2].blob is not None
    assert all(isinstance(r, Revision) and len(r.commit) == 40 for r in found)


def test_blobs_over_the_limit_are_never_read(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    commit(tmp_path, "a.yaml", "x" * 5000, "big", "2026-10-01")
    commit(tmp_path, "a.yaml", "small", "small", "2026-10-02")
    big, small = (r.blob for r in file_revisions(tmp_path / "a.yaml", "a.yaml"))
    assert big is not None and small is not None
    contents, too_big = read_blobs(tmp_path / "a.yaml", {big, small}, max_bytes=1000)
    assert contents == {small: b"small"}
    assert too_big == {big: 5000}


def test_unknown_revision_is_a_usage_error(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    commit(tmp_path, "a.yaml", COMPLETE, "first", "2026-10-01")
    with pytest.raises(RevisionsError) as raised:
        file_revisions(tmp_path / "a.yaml", "a.yaml", since="--output=/tmp/x")
    assert raised.value.words.en == "unknown git revision '--output=/tmp/x'"


def test_a_copy_starts_a_new_history_a_rename_keeps_it(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    commit(tmp_path, "east.yaml", COMPLETE, "east", "2026-10-01")
    commit(tmp_path, "north.yaml", COMPLETE + "# copied\n", "copy", "2026-10-02")
    assert [r.subject for r in file_revisions(tmp_path / "north.yaml", "north.yaml")] == ["copy"]
    git(tmp_path, "mv", "east.yaml", "south.yaml")
    git(tmp_path, "commit", "-q", "-m", "rename")
    renamed = file_revisions(tmp_path / "south.yaml", "south.yaml")
    assert [r.subject for r in renamed] == ["east", "rename"]
