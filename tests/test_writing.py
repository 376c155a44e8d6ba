"""Temporary files of processes that are gone are left-overs, zombies included."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from battlemap.writing import remove_leftovers


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
