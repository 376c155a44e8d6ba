"""Bad input at the command line: every failure is a diagnostic or a message, never a traceback.

The invalid example files (``cases/invalid``) cover what fits in a file with an ``# expect:``
comment; this module covers the rest (an empty file, size limits, missing and unreadable
files, folders) and the exit codes and output formats of ``battlemap check``.
"""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from battlemap.cli import app
from battlemap.commands import parallel
from battlemap.options import CheckOptions
from battlemap.pipeline import check_file
from battlemap.source import parse_text, read_file
from tests.conftest import CASES, TODAY, run_battlemap

VALID = """\
battlemap: 1
account:
  id: acme
  name: Acme Ltd
  as_of: 2026-11-01
"""
"""A minimal valid account."""

BROKEN = """\
battlemap: 1
account:
  id: acme
  name: Acme Ltd
  as_of: 2026-11-01
  stauts: active
"""
"""A minimal account with one error: unknown-key at 6:3."""

WARNING_ONLY = (CASES / "invalid" / "waiver-expired.yaml").read_text(encoding="utf-8")
"""An account whose only diagnostic is a warning (waiver-expired at 13:12)."""

_OPTIONS = CheckOptions(today=TODAY)


def run_check(*args: str | Path) -> Result:
    """``battlemap check ARGS --today <the tests' today>`` in this process."""
    argv = ["check", *map(str, args), "--today", TODAY.isoformat()]
    return CliRunner().invoke(app, argv, catch_exceptions=False)


def json_run(*args: str | Path) -> tuple[int, dict[str, object]]:
    result = run_check(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def codes(path: Path) -> list[tuple[str, int, int]]:
    diagnostics, _ = check_file(path, _OPTIONS)
    return sorted((d.code, d.line, d.column) for d in diagnostics)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the test's folder, so files print as short relative names."""
    monkeypatch.chdir(tmp_path)


# Empty and near-empty files -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"   \n \n", b"\xef\xbb\xbf", b"# only a comment\n", b"\xef\xbb\xbf# x\n"],
    ids=["empty", "newlines", "blanks", "bom-only", "comment", "bom-comment"],
)
def test_a_file_with_no_document_is_empty_document(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "a.yaml", content)
    assert codes(path) == [("empty-document", 1, 1)]
    result = run_check("a.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("a.yaml:1:1: error[empty-document] ")


def test_a_document_of_nothing_is_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", "---\n")
    assert [code for code, _, _ in codes(path)] == ["wrong-type"]


# Size limits -----------------------------------------------------------------------------


def test_a_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", VALID)
    size = len(VALID.encode())
    status, report = json_run("a.yaml", "--max-bytes", str(size - 1))
    assert status == 1
    [diagnostic] = report["diagnostics"]  # type: ignore[misc]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == (
        "file-too-large",
        1,
        1,
    )
    assert "--max-bytes" in diagnostic["message"]
    assert run_check("a.yaml", "--max-bytes", str(size)).exit_code == 0


def test_the_default_size_limit_is_five_megabytes(tmp_path: Path) -> None:
    padding = "# " + "x" * 98 + "\n"
    body = VALID + padding * (5_000_000 // len(padding))
    path = write(tmp_path / "big.yaml", body)
    assert path.stat().st_size <= 5_000_000
    assert codes(path) == []
    with path.open("a", encoding="utf-8") as handle:
        handle.write(padding)
    assert codes(path) == [("file-too-large", 1, 1)]


def test_max_bytes_must_be_positive() -> None:
    write(Path("a.yaml"), VALID)
    assert run_check("a.yaml", "--max-bytes", "0").exit_code == 2


# Missing and unreadable files ------------------------------------------------------------


def test_a_missing_file_is_a_usage_error() -> None:
    result = run_check("nowhere.yaml")
    assert result.exit_code == 2
    assert "nowhere.yaml: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_file_does_not_hide_the_others(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", BROKEN)
    result = run_check("nowhere.yaml", "a.yaml")
    assert result.exit_code == 2
    assert "a.yaml:6:3: error[unknown-key]" in result.stdout


def test_a_dangling_symlink_is_file_not_found(tmp_path: Path) -> None:
    (tmp_path / "link.yaml").symlink_to(tmp_path / "gone.yaml")
    status, report = json_run("link.yaml")
    assert status == 2
    assert [d["code"] for d in report["diagnostics"]] == ["file-not-found"]  # type: ignore[attr-defined]


def test_a_folder_read_as_a_file_is_file_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    loaded = read_file(folder, "folder.yaml")
    assert loaded.io_error
    assert loaded.document is None
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("file-unreadable", 1, 1)]


def test_a_file_that_cannot_be_opened_is_file_unreadable(tmp_path: Path) -> None:
    """Opening a Unix socket fails even for root (who could read a chmod-000 file), so this
    reaches the same path a permission error does: an OSError when reading."""
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "a.yaml"))
        status, report = json_run(tmp_path / "a.yaml")
    finally:
        server.close()
    assert status == 2
    assert [d["code"] for d in report["diagnostics"]] == ["file-unreadable"]  # type: ignore[attr-defined]


def test_a_read_error_is_file_unreadable() -> None:
    """/proc/self/mem exists but cannot be read from its start, even by root."""
    status, report = json_run("/proc/self/mem")
    assert status == 2
    assert [d["code"] for d in report["diagnostics"]] == ["file-unreadable"]  # type: ignore[attr-defined]


# Folders ---------------------------------------------------------------------------------


def test_a_folder_with_no_accounts_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "compose.yml", "services: {web: {image: nginx}}\n")
    write(tmp_path / "empty" / "notes.txt", "battlemap: 1\n")
    result = run_check("empty")
    assert result.exit_code == 2
    assert "empty: no account files" in result.stderr
    assert "Traceback" not in result.output


def test_a_folder_search_finds_accounts_and_skips_other_yaml(tmp_path: Path) -> None:
    root = tmp_path / "accounts"
    write(root / "a.yaml", BROKEN)
    write(root / "sub" / "b.yml", BROKEN.replace("acme", "beta"))
    write(root / "bom.yaml", b"\xef\xbb\xbf" + BROKEN.replace("acme", "gamma").encode())
    skipped = [
        root / "compose.yml",
        root / "nested.yaml",
        root / "notes.txt",
        root / "a.yaml.bak",
        root / ".hidden" / "c.yaml",
        root / "node_modules" / "d.yaml",
        root / "build" / "e.yaml",
    ]
    write(skipped[0], "services: {web: {image: nginx}}\n")
    write(skipped[1], "x:\n  battlemap: 1\n")
    for path in skipped[2:]:
        write(path, BROKEN)
    write(root / "battlemap.yaml", "defaults: {lang: en}\n")
    status, report = json_run("accounts")
    assert status == 1
    files = sorted({d["file"] for d in report["diagnostics"]})  # type: ignore[attr-defined]
    assert files == ["accounts/a.yaml", "accounts/bom.yaml", "accounts/sub/b.yml"]
    assert report["summary"] == {"files": 3, "errors": 3, "warnings": 0, "infos": 0}


def test_a_file_given_twice_is_checked_once(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", BROKEN)
    status, report = json_run("a.yaml", "a.yaml", ".")
    assert status == 1
    assert len(report["diagnostics"]) == 1  # type: ignore[arg-type]


# Exit codes ------------------------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    write(tmp_path / "valid.yaml", VALID)
    write(tmp_path / "broken.yaml", BROKEN)
    assert run_check("valid.yaml").exit_code == 0
    assert run_check("valid.yaml", "--strict").exit_code == 0
    assert run_check("broken.yaml").exit_code == 1
    assert run_check("valid.yaml", "broken.yaml").exit_code == 1
    assert run_check("nowhere.yaml").exit_code == 2


def test_warnings_fail_only_under_strict(tmp_path: Path) -> None:
    write(tmp_path / "w.yaml", WARNING_ONLY)
    result = run_check("w.yaml")
    assert result.exit_code == 0
    assert "w.yaml:13:12: warning[waiver-expired]" in result.stdout
    assert result.stdout.endswith("1 file checked: 0 errors, 1 warning, 0 infos\n")
    assert run_check("w.yaml", "--strict").exit_code == 1


@pytest.mark.parametrize("extra", [["--today", "2026-13-01"], ["--format", "xml"], ["--bogus"], []])
def test_bad_flags_are_usage_errors(tmp_path: Path, extra: list[str]) -> None:
    write(tmp_path / "a.yaml", VALID)
    args = ["check", "a.yaml", *extra] if extra else ["check"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)


# Output formats --------------------------------------------------------------------------

_TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(\d+):(\d+): (error|warning|info)\[([a-z0-9-]+)\] .+$")


def test_text_format(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", BROKEN)
    result = run_check("a.yaml")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "a.yaml:6:3: error[unknown-key] unknown key 'stauts'; did you mean 'status'?"
    )
    assert all(_TEXT_LINE.match(line) for line in lines[:-1])
    assert lines[-1] == "1 file checked: 1 error, 0 warnings, 0 infos"


def test_text_format_of_a_clean_run(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", VALID)
    write(tmp_path / "b.yaml", VALID.replace("acme", "beta"))
    result = run_check("a.yaml", "b.yaml")
    assert result.stdout == "2 files checked: 0 errors, 0 warnings, 0 infos\n"


def test_json_format(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", BROKEN.replace("acme", "beta"))
    write(tmp_path / "w.yaml", WARNING_ONLY)
    status, report = json_run("w.yaml", "a.yaml")
    assert status == 1
    assert set(report) == {"diagnostics", "summary"}
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    keys = {"file", "line", "column", "severity", "code", "message", "path"}
    assert all(set(d) == keys for d in diagnostics)
    assert diagnostics[0] == {
        "file": "a.yaml",
        "line": 6,
        "column": 3,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'stauts'; did you mean 'status'?",
        "path": "/account/stauts",
    }
    assert diagnostics[1]["severity"] == "warning"
    assert diagnostics[1]["code"] == "waiver-expired"
    assert diagnostics[1]["path"] == "/waivers/0/until"
    assert report["summary"] == {"files": 2, "errors": 1, "warnings": 1, "infos": 0}


def test_json_format_of_a_clean_run(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", VALID)
    assert json_run("a.yaml") == (
        0,
        {"diagnostics": [], "summary": {"files": 1, "errors": 0, "warnings": 0, "infos": 0}},
    )


def test_json_keeps_unicode_and_escapes_pointers(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", VALID + '  "部门/a~b": x\n')
    result = run_check("a.yaml", "--format", "json")
    assert "unknown key '部门/a~b'" in result.stdout
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["path"] == "/account/部门~1a~0b"


def test_github_format(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", BROKEN.replace("acme", "beta"))
    write(tmp_path / "w.yaml", WARNING_ONLY)
    result = run_check("a.yaml", "w.yaml", "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=a.yaml,line=6,col=3,title=unknown-key::"
        "unknown key 'stauts'; did you mean 'status'?"
    )
    assert lines[1].startswith("::warning file=w.yaml,line=13,col=12,title=waiver-expired::")
    assert len(lines) == 2


def test_github_format_escapes_data_and_properties(tmp_path: Path) -> None:
    """GitHub's escaping: % CR LF in the message; also : and , in properties."""
    write(tmp_path / "a,b:c%.yaml", VALID + '  "50%\\r\\nkey": x\n')
    result = run_check("a,b:c%.yaml", "--format", "github")
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=a%2Cb%3Ac%25.yaml,line=6,col=3,title=unknown-key::")
    message = line.split("::", 2)[2]
    assert "50%25%0D%0Akey" in message
    assert "\r" not in result.stdout


# Several files in one run ----------------------------------------------------------------


def test_all_problems_of_all_files_sorted_by_file_line_column(tmp_path: Path) -> None:
    two_errors = BROKEN.replace("id: acme", "id: Acme")
    write(tmp_path / "b.yaml", two_errors)
    write(tmp_path / "a.yaml", two_errors)
    write(tmp_path / "c.yaml", VALID)
    status, report = json_run("c.yaml", "b.yaml", "a.yaml")
    assert status == 1
    places = [(d["file"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]  # type: ignore[attr-defined]
    assert places == [
        ("a.yaml", 3, 7, "invalid-format"),
        ("a.yaml", 6, 3, "unknown-key"),
        ("b.yaml", 3, 7, "invalid-format"),
        ("b.yaml", 6, 3, "unknown-key"),
    ]
    assert report["summary"] == {"files": 3, "errors": 4, "warnings": 0, "infos": 0}


def test_many_files_in_parallel_keep_the_order(tmp_path: Path) -> None:
    count = parallel.PARALLEL_FROM + 4
    for index in range(count):
        write(tmp_path / "accounts" / f"{index:02d}.yaml", BROKEN.replace("acme", f"a{index}"))
    status, report = json_run("accounts")
    assert status == 1
    files = [d["file"] for d in report["diagnostics"]]  # type: ignore[attr-defined]
    assert files == [f"accounts/{index:02d}.yaml" for index in range(count)]
    assert report["summary"] == {"files": count, "errors": count, "warnings": 0, "infos": 0}


# Messages worth pinning ------------------------------------------------------------------


def test_yaml_11_booleans_get_the_hint() -> None:
    diagnostics, _ = check_file(CASES / "invalid" / "yes-boolean.yaml", _OPTIONS)
    assert diagnostics
    assert all(d.message.endswith("; write true or false") for d in diagnostics)


def test_as_of_may_be_tomorrow_but_not_later(tmp_path: Path) -> None:
    tomorrow = write(tmp_path / "a.yaml", VALID.replace("2026-11-01", "2026-11-24"))
    assert codes(tomorrow) == []
    later = write(tmp_path / "b.yaml", VALID.replace("2026-11-01", "2026-11-25"))
    assert codes(later) == [("as-of-future", 5, 10)]


def test_a_binary_file_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", bytes(range(256)))
    assert [code for code, _, _ in codes(path)] == ["not-utf8"]


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", VALID.encode("utf-16"))
    assert codes(path) == [("not-utf8", 1, 1)]


# Fixed bugs, kept as regression tests -------------------------------------------------------


def test_text_from_the_file_cannot_forge_lines_or_terminal_escapes(tmp_path: Path) -> None:
    """A key "a\\nb:1:1: error[fake] x" must not print a second, forged diagnostic line,
    and ESC sequences from the file must not reach the terminal."""
    write(tmp_path / "a.yaml", VALID + '  "x\\nb.yaml:1:1: error[fake] forged\\e[2J": 1\n')
    result = run_check("a.yaml")
    assert len(result.stdout.splitlines()) == 2
    assert "\x1b" not in result.stdout


def test_unusual_line_separators_do_not_shift_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.yaml", VALID.replace("Acme Ltd", '"Acme\u2028Ltd"') + "  stauts: x\n"
    )
    assert codes(path) == [("unknown-key", 6, 3)]


def test_an_error_at_the_end_of_the_input_is_on_a_line_of_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", 'battlemap: 1\naccount: {id: "acme\n')
    [(code, line, _)] = codes(path)
    assert code == "unclosed-quote"
    assert line <= 2


def test_an_invalid_key_name_is_reported_at_the_key(tmp_path: Path) -> None:
    text = VALID + "opportunities:\n  - id: o\n    name: O\n    stage: need\n"
    path = write(
        tmp_path / "a.yaml", text + "    facts: {budget_confirmed: true, Not An Id: true}\n"
    )
    assert codes(path) == [("invalid-format", 10, 37)]


def test_a_file_is_named_as_given_even_through_a_symlink(tmp_path: Path) -> None:
    write(tmp_path / "real" / "x.yaml", BROKEN)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real" / "x.yaml")
    assert run_check("link.yaml").stdout.startswith("link.yaml:6:3: ")


def test_an_explicit_str_tag_is_not_silently_ignored() -> None:
    loaded = parse_text("a: !!str 5\n", "a.yaml")
    refused = [d.code for d in loaded.diagnostics] == ["yaml-tag"]
    honoured = loaded.document is not None and loaded.document.data == {"a": "5"}
    assert refused or honoured


@pytest.mark.parametrize("command", ["check", "build", "history"])
def test_a_symbolic_link_to_itself_is_said_so(tmp_path: Path, command: str) -> None:
    """Before Python 3.13 ``Path.resolve`` raises RuntimeError on such a link (a traceback)."""
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    done = run_battlemap(command, "loop.yaml", "--lang", "zh", cwd=tmp_path)
    assert done.returncode == 2
    assert "battlemap：错误：loop.yaml：这个符号链接绕回了它自己\n" in done.stderr
