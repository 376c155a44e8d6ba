"""The portfolio's "moved in the last 30 days" column: from git, only with --today, '–'
where git cannot tell (outside git, shallow clone), and rebuilt when a commit moves the
baseline even though the file's bytes did not change (the cache key holds the last commit)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.commands.test_history import ADVANCED, COMPLETE, commit, git
from tests.conftest import run_battlemap

OTHER = COMPLETE.replace("  id: east-steel", "  id: west-steel", 1)


def moved_cells(out: Path) -> dict[str, str]:
    html = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<a href="([a-z-]+)\.html">.*?<td class="moved">([^<]*)</td>', html, re.S)
    return dict(rows)


def build(repo: Path, *args: str) -> Path:
    out = repo / "out"
    done = run_battlemap("build", ".", "-o", str(out), "--quiet", *args, cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_moved_column_from_git(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    commit(tmp_path, "east.yaml", COMPLETE, "east", "2026-10-01")
    commit(tmp_path, "west.yaml", OTHER, "west", "2026-10-01")
    (tmp_path / "east.yaml").write_text(ADVANCED, encoding="utf-8")  # not committed yet
    out = build(tmp_path, "--today", "2026-11-15")
    assert moved_cells(out) == {"east-steel": "推进 1", "west-steel": "无变化"}
    assert moved_cells(build(tmp_path, "--today", "2026-11-15", "--lang", "en")) == {
        "east-steel": "1 advanced",
        "west-steel": "no movement",
    }
    # committed before the window opens: the baseline moves, the file's bytes do not
    commit(tmp_path, "east.yaml", ADVANCED, "advance", "2026-10-10")
    assert moved_cells(build(tmp_path, "--today", "2026-11-15"))["east-steel"] == "无变化"
    # a file that git first saw inside the window
    commit(tmp_path, "north.yaml", OTHER.replace("west-steel", "north-steel"), "n", "2026-11-01")
    assert moved_cells(build(tmp_path, "--today", "2026-11-15"))["north-steel"] == "新建档案"


def test_no_column_without_today_and_a_dash_where_git_cannot_tell(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, "east.yaml", COMPLETE, "east", "2026-10-01")
    commit(repo, "west.yaml", OTHER, "west", "2026-10-02")
    html = (build(repo) / "index.html").read_text(encoding="utf-8")
    assert 'class="moved"' not in html and "近 30 天变化" not in html
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
                   check=True, capture_output=True)  # fmt: skip
    assert set(moved_cells(build(shallow, "--today", "2026-11-15")).values()) == {"–"}
    loose = tmp_path / "loose"
    loose.mkdir()
    for name in ("east.yaml", "west.yaml"):
        (loose / name).write_text((repo / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert set(moved_cells(build(loose, "--today", "2026-11-15")).values()) == {"–"}
