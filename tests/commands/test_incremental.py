"""The build cache (OUT/.battlemap-cache.json) may be committed by anyone: an entry whose MAC
(made with a key only this user can read) does not verify is never trusted, and behind
that, neither is one that does not match its schema or depends on a file outside the
repository; the account is built again, without a crash."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from battlemap.commands import incremental
from battlemap.commands.build import BuildRun, build_paths
from battlemap.commands.incremental import CACHE_NAME, ENTRY_SCHEMA
from battlemap.options import BuildOptions
from tests.conftest import ROOT

ACCOUNTS = ("en.yaml", "zh.yaml")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "accounts"
    folder.mkdir()
    for name in ACCOUNTS:
        shutil.copy(ROOT / "examples" / name, folder / name)
    return folder


def _build(repo: Path, out: Path) -> BuildRun:
    run = build_paths([repo], BuildOptions(out=out))
    assert not run.usage_errors and not run.io_error and run.failed == 0
    return run


def _tamper(out: Path, change: Callable[[dict[str, Any]], None], resign: bool = False) -> str:
    """Apply ``change`` to the entry of en.yaml; the id of that account. ``resign``: sign
    the changed entry with this user's key, as if the MAC had been forged, to test the
    checks behind it."""
    entries = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))
    source = next(s for s in entries if s.endswith("en.yaml"))
    ident = str(entries[source]["id"])
    change(entries[source])
    if resign:
        key = incremental.signing_key()
        assert key is not None
        entries[source]["mac"] = incremental._mac(key, entries[source])
    (out / CACHE_NAME).write_text(json.dumps(entries), encoding="utf-8")
    return ident


def test_an_untouched_cache_skips_every_account(repo: Path, tmp_path: Path) -> None:
    _build(repo, tmp_path / "out")
    assert _build(repo, tmp_path / "out").skipped == len(ACCOUNTS)


def test_the_schema_describes_what_build_writes(repo: Path, tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    _build(repo, tmp_path / "out")
    entries = json.loads((tmp_path / "out" / CACHE_NAME).read_text(encoding="utf-8"))
    for entry in entries.values():
        Draft202012Validator(ENTRY_SCHEMA).validate(entry)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pipeline", "x"),
        ("pipeline_total", "lots"),
        ("as_of", "2026-13-45"),
        ("coverage", None),
        ("flags", {"error": -1, "warning": 0, "info": 0}),
        ("status", "zombie"),
        ("wallet", 1e308),
    ],
)
def test_a_wrong_typed_entry_is_rebuilt_without_a_crash(
    repo: Path, tmp_path: Path, field: str, value: Any
) -> None:
    out = tmp_path / "out"
    _build(repo, out)
    _tamper(out, lambda entry: entry["summary"].__setitem__(field, value), resign=True)
    run = _build(repo, out)
    assert run.skipped == len(ACCOUNTS) - 1
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("forged", ["javascript:alert(1)", "someone-else"])
def test_the_index_links_to_the_id_the_account_states(
    repo: Path, tmp_path: Path, forged: str
) -> None:
    out = tmp_path / "out"
    _build(repo, out)

    def forge(entry: dict[str, Any]) -> None:
        entry["id"] = entry["summary"]["id"] = forged
        entry["outputs"] = [f"{forged}.html"]

    ident = _tamper(out, forge)
    (out / f"{forged}.html").write_text("forged", encoding="utf-8")
    run = _build(repo, out)
    assert run.skipped == len(ACCOUNTS) - 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{ident}.html"' in index
    assert forged not in index


def test_a_dependency_outside_the_repository_is_never_trusted(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret", encoding="utf-8")
    _build(repo, out)
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    _tamper(out, lambda entry: entry["depends"].__setitem__(str(secret), digest), resign=True)
    assert _build(repo, out).skipped == len(ACCOUNTS) - 1


def test_a_cache_that_is_not_json_or_not_an_object_is_ignored(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(repo, out)
    for text in ("[1, 2]", "{", '{"a": NaN}', "[" * 100_000):
        (out / CACHE_NAME).write_text(text, encoding="utf-8")
        assert _build(repo, out).skipped == 0


def test_an_entry_changed_after_signing_is_rebuilt(repo: Path, tmp_path: Path) -> None:
    """A colleague edits a committed cache: the index shows what the account says."""
    out = tmp_path / "out"
    _build(repo, out)
    _tamper(out, lambda entry: entry["summary"].__setitem__("name", "Forged Corp"))
    assert _build(repo, out).skipped == len(ACCOUNTS) - 1
    assert "Forged Corp" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_cache_signed_by_another_user_is_not_reused(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _build(repo, out)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    incremental.signing_key.cache_clear()
    try:
        assert _build(repo, out).skipped == 0
        assert _build(repo, out).skipped == len(ACCOUNTS)  # now signed with this key
    finally:
        incremental.signing_key.cache_clear()


def test_without_a_private_cache_folder_every_build_is_full(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared-cache"
    (shared / "battlemap").mkdir(parents=True)
    (shared / "battlemap").chmod(0o777)  # others could plant a key
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    incremental.signing_key.cache_clear()
    try:
        out = tmp_path / "out"
        _build(repo, out)
        assert not (out / CACHE_NAME).exists()
        assert _build(repo, out).skipped == 0
    finally:
        incremental.signing_key.cache_clear()
