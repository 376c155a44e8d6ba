"""Fault behaviour: a killed build, an output folder that cannot be written, a full disk.

Whatever happens, every output that exists afterwards is whole (the old version or the
new one, never half of one), and the user gets a clear error with exit code 2.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, run_battlemap

EXAMPLE = ROOT / "tests" / "cases" / "valid" / "complete.yaml"


def _repository(folder: Path, count: int, note: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    folder.mkdir(exist_ok=True)
    for index in range(count):
        body = text.replace("id: east-steel", f"id: acct-{index:03d}", 1)
        (folder / f"a{index:03d}.yaml").write_text(body + f"x-note: {note}\n", encoding="utf-8")


def _build(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "battlemap", "build", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]


def _wait_for_a_new_output(out: Path, old: dict[str, bytes], deadline: float) -> None:
    """Return as soon as the running build has replaced one output."""
    while time.monotonic() < deadline:
        for name, before in old.items():
            try:
                if (out / name).read_bytes() != before:
                    return
            except FileNotFoundError:
                continue
        time.sleep(0.005)
    raise AssertionError("the build wrote nothing within a minute")


def test_a_killed_build_leaves_every_output_whole(tmp_path: Path) -> None:
    repo, out = tmp_path / "repo", tmp_path / "out"
    _repository(repo, 300, "old")
    assert _build(str(repo), "--format", "json", "-o", str(out), "-q").returncode == 0
    old = {p.name: p.read_bytes() for p in out.glob("*.json")}
    _repository(repo, 300, "new")
    command = [sys.executable, "-m", "battlemap", "build", str(repo), "--format", "json",
               "-o", str(out), "-q"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    _wait_for_a_new_output(out, old, deadline=time.monotonic() + 60)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    still_old = [name for name, before in old.items() if (out / name).read_bytes() == before]
    assert still_old, "the build finished before it was killed: nothing was interrupted"
    for name, before in old.items():
        now = (out / name).read_bytes()
        report = json.loads(now)  # whole JSON, old or new
        assert now == before or report["account"]["x-note"] == "new"
    assert _build(str(repo), "--format", "json", "-o", str(out), "-q").returncode == 0
    assert list(out.glob(".*.tmp")) == []
    assert all(
        json.loads(p.read_bytes())["account"]["x-note"] == "new" for p in out.glob("a*.json")
    )


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    found = _build(str(EXAMPLE), "--format", "json", "-o", str(blocker))
    assert found.returncode == 2
    assert "cannot write" in found.stderr
    assert "Traceback" not in found.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def _small_disk() -> None:
    """In the child: files may not grow past 4 KiB, as on a full disk (EFBIG, not a kill)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(str(EXAMPLE), "--format", "json", "-o", str(out)).returncode == 0
    before = (out / "east-steel.json").read_bytes()
    found = _build(str(EXAMPLE), "--format", "json", "-o", str(out), "--force",
                   preexec_fn=_small_disk)  # fmt: skip
    assert found.returncode == 2, found.stderr
    assert "cannot write" in found.stderr
    assert "Traceback" not in found.stderr
    assert (out / "east-steel.json").read_bytes() == before
    assert list(out.glob(".*.tmp")) == []


def test_the_accounts_not_built_are_counted_in_words(tmp_path: Path) -> None:
    broken = (ROOT / "examples" / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(broken.replace("  name:", "  nmae:", 1), encoding="utf-8")
    done = run_battlemap("build", "a.yaml", "--format", "json", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 1
    assert "\n1 account not built: fix the errors above\n" in "\n" + done.stderr
