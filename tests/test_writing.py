"""Writing safely: what a target that is not a plain file gets, and temporary files of
processes that are gone are left-overs, zombies included."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from battlemap.writing import remove_leftovers, write_atomic
from tests.conftest import ROOT, run_battlemap


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are read from /proc")
def test_a_zombie_writers_temporary_file_is_a_leftover(tmp_path: Path) -> None:
    """A killed build's worker that nobody has collected yet still answers signal 0; its
    half-written file must go all the same (it will never rename it)."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while _state(ended.pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _state(ended.pid) == "Z"  # ended, not yet collected
    try:
        leftover = tmp_path / f".acct.json.{ended.pid}.abcd1234.tmp"
        leftover.write_text("{half", encoding="utf-8")
        alive = tmp_path / f".acct.json.{os.getpid()}.efgh5678.tmp"
        alive.write_text("{in progress", encoding="utf-8")
        remove_leftovers(tmp_path)
        assert not leftover.exists()
        assert alive.exists()  # this process is running: its file is kept
    finally:
        ended.wait()


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    """As a device would be (``-o /dev/stdout``): renaming over it would swap a plain file in
    for the device or the pipe (as root, even in /dev)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_atomic(pipe, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_folder_given_as_the_output_file_is_said_to_be_one(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": ""}
    done = run_battlemap(
        "export",
        ROOT / "examples" / "zh.yaml",
        "--format",
        "md",
        "-o",
        "out",
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr == "battlemap：错误：out：无法写入：这是一个文件夹，不是文件\n"
    assert list((tmp_path / "out").iterdir()) == []
