"""The output folder is written by the build and may be committed by anyone: nothing in it is
ever executed, nothing is written through a link in it, and two builds into it never
break each other."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jinja2.bccache import FileSystemBytecodeCache, bc_magic

from battlemap.commands.build import build_paths
from battlemap.options import BuildOptions
from battlemap.resources import data_dir
from battlemap.writing import LOCK_NAME, user_cache_folder
from tests.conftest import ROOT, run_battlemap

EXAMPLE = ROOT / "examples" / "en.yaml"


class _Touch:
    """Unpickling this creates ``marker``: the proof that a cache file was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def _plant_bytecode(folder: Path, marker: Path) -> None:
    """A crafted Jinja cache file for every shipped template, under the names Jinja uses."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = bc_magic + pickle.dumps(_Touch(marker))
    keys = FileSystemBytecodeCache()
    for template in data_dir("templates").iterdir():
        for filename in (str(template), os.path.normpath(template), None):
            key = keys.get_cache_key(template.name, filename)
            (folder / f"__jinja2_{key}.cache").write_bytes(payload)


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "battlemap"


def _build(out: Path, *paths: Path) -> None:
    run = build_paths(list(paths) or [EXAMPLE], BuildOptions(out=out, force=True))
    assert not run.usage_errors and not run.io_error and run.written


def test_a_committed_bytecode_cache_in_the_output_folder_is_never_loaded(
    tmp_path: Path, user_cache: Path
) -> None:
    marker = tmp_path / "code-ran"
    out = tmp_path / "build"
    _plant_bytecode(out / ".battlemap-templates", marker)
    _build(out)
    assert not marker.exists()


def test_compiled_templates_live_in_a_private_user_cache(user_cache: Path, tmp_path: Path) -> None:
    assert user_cache_folder() == user_cache
    _build(tmp_path / "build")
    assert list(user_cache.glob("__jinja2_*.cache"))
    assert user_cache.stat().st_mode & 0o777 == 0o700
    assert not (tmp_path / "build" / ".battlemap-templates").exists()


@pytest.mark.parametrize("mode", [0o770, 0o707])
def test_a_cache_folder_others_can_write_is_not_trusted(
    user_cache: Path, tmp_path: Path, mode: int
) -> None:
    marker = tmp_path / "code-ran"
    _plant_bytecode(user_cache, marker)
    user_cache.chmod(mode)
    _build(tmp_path / "build")
    assert not marker.exists()


def test_a_cache_folder_owned_by_someone_else_is_not_trusted(
    user_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "code-ran"
    _plant_bytecode(user_cache, marker)
    user_cache.chmod(0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(user_cache).st_uid + 1)
    _build(tmp_path / "build")
    assert not marker.exists()


def test_a_symlinked_cache_folder_is_not_trusted(user_cache: Path, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    elsewhere = tmp_path / "elsewhere"
    _plant_bytecode(elsewhere, marker)
    elsewhere.chmod(0o700)
    user_cache.parent.mkdir(parents=True)
    user_cache.symlink_to(elsewhere)
    _build(tmp_path / "build")
    assert not marker.exists()


def test_nothing_is_written_through_a_link_in_the_output_folder(
    tmp_path: Path, user_cache: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "build"
    out.mkdir()
    (out / ".battlemap-templates").symlink_to(outside)
    _build(out)
    assert list(outside.iterdir()) == []


HOLD_LOCK = """
import sys
from pathlib import Path
from battlemap.writing import output_lock
with output_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_second_build_into_a_locked_folder_exits_2_naming_the_first(tmp_path: Path) -> None:
    out = tmp_path / "build"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        busy = run_battlemap("build", EXAMPLE, "-o", out, "-q")
        assert busy.returncode == 2
        assert "another build is writing to this folder" in busy.stderr
        assert f"pid {holder.pid}," in busy.stderr and "Traceback" not in busy.stderr
        assert not list(out.glob("*.html"))
    finally:
        holder.communicate("", timeout=60)
    assert run_battlemap("build", EXAMPLE, "-o", out, "-q").returncode == 0
    assert list(out.glob("*.html"))


def test_two_builds_started_together_never_break_each_other(tmp_path: Path) -> None:
    out = tmp_path / "build"
    large = ROOT / "examples" / "large.yaml"
    command = [sys.executable, "-m", "battlemap", "build", "-q", "-o", str(out)]
    builds = [
        subprocess.Popen([*command, large], stderr=subprocess.PIPE, text=True),
        subprocess.Popen([*command, EXAMPLE], stderr=subprocess.PIPE, text=True),
    ]
    outcomes = [(b.wait(timeout=300), b.communicate()[1]) for b in builds]
    for code, errors in outcomes:
        assert code == 0 or (code == 2 and "another build is writing" in errors), errors
    assert any(code == 0 for code, _ in outcomes)
    assert not list(out.glob(".*.tmp"))


def test_leftover_cleanup_removes_only_files_of_dead_processes(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    alive = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        kept = out / f".brief.html.{alive.pid}.k3y9.tmp"
        gone = [out / f".map.html.{dead.stdout.strip()}.a1b2.tmp", out / ".old.html.x7q2w.tmp"]
        for file in [kept, *gone]:
            file.write_bytes(b"half written")
        _build(out)
        assert kept.read_bytes() == b"half written"
        assert not any(file.exists() for file in gone)
    finally:
        alive.communicate(b"", timeout=60)


def test_the_lock_file_is_never_followed_out_of_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (out / LOCK_NAME).symlink_to(outside)
    done = run_battlemap("build", EXAMPLE, "-o", out, "-q")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_written_files_are_announced_in_the_run_language(tmp_path: Path) -> None:
    """A zh run says 已写入, as export does, not the English "wrote"."""
    out = tmp_path / "out"
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": ""}
    done = run_battlemap("build", EXAMPLE, "-o", out, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"已写入 {out / 'meridian-cold-chain.html'}"]
    english = run_battlemap("build", EXAMPLE, "-o", out, "--lang", "en", cwd=tmp_path, env=env)
    assert english.stdout.startswith("wrote "), english.stdout
