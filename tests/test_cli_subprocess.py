"""The command line as users run it: ``python -m battlemap`` in a fresh process.

A fresh process catches what in-process tests cannot: a traceback printed by the
interpreter, a crash in the C YAML parser, and what ``check`` imports at start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from battlemap import __version__
from battlemap.language import declared_lang
from tests.conftest import CASES, ROOT, TODAY, run_battlemap

INVALID = sorted((CASES / "invalid").glob("*.yaml"))


def check_all(paths: Sequence[Path]) -> dict[Path, subprocess.CompletedProcess[str]]:
    """``battlemap check`` on each path in its own process, several at a time."""

    def one(path: Path) -> subprocess.CompletedProcess[str]:
        return run_battlemap("check", path, "--today", TODAY.isoformat())

    workers = max(1, min(8, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(one, paths), strict=True))


@pytest.fixture(scope="module")
def invalid_runs() -> dict[Path, subprocess.CompletedProcess[str]]:
    return check_all(INVALID)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_file_gives_diagnostics_not_a_traceback(
    path: Path, invalid_runs: dict[Path, subprocess.CompletedProcess[str]]
) -> None:
    run = invalid_runs[path]
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode in (0, 1, 2), run.stderr
    diagnostics = [line for line in run.stdout.splitlines() if ": error[" in line]
    warnings = [line for line in run.stdout.splitlines() if ": warning[" in line]
    if diagnostics:
        assert run.returncode in (1, 2)
    else:
        # a warning-only case: exit 0 unless --strict
        assert warnings
        assert run.returncode == 0
    # the summary speaks the file's language (the run's, when its one file declares one)
    zh = declared_lang(path.read_text(encoding="utf-8", errors="replace")) == "zh"
    assert run.stdout.splitlines()[-1].startswith("已检查 1 个文件：" if zh else "1 file checked: ")


def test_all_invalid_files_in_one_run_as_json() -> None:
    run = run_battlemap("check", *INVALID, "--today", TODAY.isoformat(), "--format", "json")
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["summary"]["files"] == len(INVALID)
    files = {Path(d["file"]).name for d in report["diagnostics"]}
    assert files == {path.name for path in INVALID}


@pytest.mark.parametrize("depth", [9_000, 30_000])
def test_extreme_nesting_neither_crashes_nor_hangs(tmp_path: Path, depth: int) -> None:
    """One bracket per line keeps the C parser in use up to its safe bound; one line of
    brackets switches to the pure-Python parser. Neither may crash the interpreter, and
    both report the 65th bracket, wherever the parser itself gave up."""
    header = "battlemap: 1\naccount: {id: acme, name: Acme, as_of: 2026-11-01}\nx:\n"
    per_line = write_text(tmp_path / "lines.yaml", header + " [\n" * depth + " ]\n" * depth)
    one_line = write_text(tmp_path / "line.yaml", header + " " + "[" * depth + "]" * depth)
    places = {per_line: "68:2", one_line: "4:66"}
    for path, run in check_all([per_line, one_line]).items():
        assert run.returncode == 1, (path.name, run.returncode, run.stderr[-2000:])
        assert f"{path.name}:{places[path]}: error[too-deep]" in run.stdout, run.stdout
        assert "Traceback" not in run.stdout + run.stderr


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


_IMPORTS_PROBE = """
import runpy, sys
sys.argv = ["battlemap", "check", "examples/zh.yaml", "--today", "{today}"]
try:
    runpy.run_module("battlemap", run_name="__main__")
except SystemExit as stop:
    code = stop.code
else:
    code = 0
heavy = sorted(name for name in sys.modules if name.split(".")[0] in {heavy})
heavy += sorted(name for name in sys.modules if name in {own})
print("EXIT", code)
print("HEAVY", ",".join(heavy))
"""


HEAVY = (
    "weasyprint", "graphviz", "jinja2", "markupsafe", "babel", "fontTools",
    # what the open issues add: web server, file watcher, spreadsheets, calendars, YAML editing
    "starlette", "uvicorn", "watchfiles", "openpyxl", "python_calamine", "icalendar", "ruamel",
    "pypinyin",
)  # fmt: skip
OWN_HEAVY = ("battlemap.commands.fix", "battlemap.checks.written_values")
"""battlemap's own modules that only some runs need: the fixing machinery of `check --fix`,
and the second reading of values the schema refused (a valid file has none)."""


def test_check_does_not_import_rendering_libraries() -> None:
    """`check` is start-up dominated: no renderer, web server or file-format library loads,
    nor (without --fix) the fixing machinery (import-linter holds the same for the modules
    `check` uses, lazy imports included)."""
    probe = (
        _IMPORTS_PROBE.replace("{today}", TODAY.isoformat())
        .replace("{heavy}", repr(HEAVY))
        .replace("{own}", repr(OWN_HEAVY))
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stdout.splitlines()
    assert "EXIT 0" in lines, run.stdout
    assert lines[-1] == "HEAVY ", f"check imported: {lines[-1].removeprefix('HEAVY ')}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_writes_a_starter_that_passes_check(tmp_path: Path, lang: str) -> None:
    target = tmp_path / "accounts" / f"starter-{lang}.yaml"
    made = run_battlemap("init", target, "--lang", lang, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert target.is_file()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    checked = run_battlemap("check", target, "--strict", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "error[" not in checked.stdout
    assert "warning[" not in checked.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_never_overwrites(tmp_path: Path, lang: str) -> None:
    target = tmp_path / "account.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    run = run_battlemap("init", target, "--lang", lang, cwd=tmp_path)
    assert run.returncode == 2
    assert ("已存在" if lang == "zh" else "already exists") in run.stderr
    assert "Traceback" not in run.stderr
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["account.yaml"]


def test_init_never_writes_through_a_symlinked_schema_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".battlemap").symlink_to(elsewhere)
    run = run_battlemap("init", repo / "account.yaml", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "is a symbolic link" in run.stderr
    assert list(elsewhere.iterdir()) == []
    assert not (repo / "account.yaml").exists()


def test_init_keeps_a_schema_copy_that_differs_and_says_so(tmp_path: Path) -> None:
    copies = tmp_path / ".battlemap"
    copies.mkdir()
    mine = copies / "account.schema.json"
    mine.write_text('{"title": "our own"}', encoding="utf-8")
    outside = tmp_path / "outside.json"
    outside.write_text("keep", encoding="utf-8")
    (copies / "config.schema.json").symlink_to(outside)
    run = run_battlemap("init", "--repo", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert mine.read_text(encoding="utf-8") == '{"title": "our own"}'
    assert outside.read_text(encoding="utf-8") == "keep"
    assert "kept" in run.stderr and "account.schema.json" in run.stderr
    assert "config.schema.json" in run.stderr
    shipped = (ROOT / "schemas" / "playbook.schema.json").read_bytes()
    assert (copies / "playbook.schema.json").read_bytes() == shipped
    again = run_battlemap("init", tmp_path / "a.yaml", cwd=tmp_path)
    assert again.returncode == 0 and "account.schema.json" in again.stderr
    mine.write_bytes((ROOT / "schemas" / "account.schema.json").read_bytes())
    quiet = run_battlemap("init", tmp_path / "b.yaml", cwd=tmp_path)
    assert quiet.returncode == 0 and "kept" not in quiet.stderr


def test_init_default_file_name(tmp_path: Path) -> None:
    run = run_battlemap("init", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "account.yaml").is_file()


def test_schema_account_prints_the_schema_file() -> None:
    run = run_battlemap("schema", "account")
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    shipped = json.loads((ROOT / "schemas" / "account.schema.json").read_text(encoding="utf-8"))
    assert printed == shipped


def test_version() -> None:
    run = run_battlemap("--version")
    assert run.returncode == 0
    assert run.stdout.strip() == f"battlemap {__version__}"


def test_no_arguments_prints_help() -> None:
    run = run_battlemap()
    assert run.returncode in (0, 2)
    assert "Usage" in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.parametrize("name", ["new.txt", "new", "new.yaml.bak", "new.YAML"])
def test_init_refuses_a_name_that_is_not_an_account_file(tmp_path: Path, name: str) -> None:
    """`check` and `build` find accounts by their .yaml/.yml names: any other is unseen."""
    (tmp_path / "accounts").mkdir()
    run = run_battlemap("init", f"accounts/{name}", cwd=tmp_path)
    assert run.returncode == 2
    suggested = Path("accounts", name).with_suffix(".yaml")
    assert run.stderr == (
        f"battlemap: error: accounts/{name}: an account file is named *.yaml or *.yml "
        f"(for example {suggested}); nothing written\n"
    )
    assert list((tmp_path / "accounts").iterdir()) == []
    assert not (tmp_path / ".battlemap").exists()


@pytest.mark.parametrize("name", ["new.yaml", "new.yml"])
def test_init_writes_either_account_suffix(tmp_path: Path, name: str) -> None:
    run = run_battlemap("init", name, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / name).is_file()
