"""`battlemap export`: to standard output or a file; an account with errors gets its
diagnostics, exit 1 and no file; terminal messages follow the terminal-message rule."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_battlemap

EXAMPLE = ROOT / "examples" / "zh.yaml"


def test_to_a_file_and_to_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "map.md"
    done = run_battlemap("export", EXAMPLE, "--format", "md", "-o", out, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {out}\n"
    piped = run_battlemap("export", EXAMPLE, "--format", "md", "--lang", "en")
    assert piped.stdout.encode("utf-8") == out.read_bytes()


def test_an_account_with_errors_exports_nothing(tmp_path: Path) -> None:
    account = tmp_path / "bad.yaml"
    account.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("  as_of: 2026-11-15\n", "  as_of: nope\n"),
        encoding="utf-8",
    )
    out = tmp_path / "bad.ics"
    done = run_battlemap("export", account, "--format", "ics", "-o", out)
    assert done.returncode == 1
    assert "error[" in done.stderr
    assert "有错误；未导出" in done.stderr  # the account's language
    assert not out.exists()
    english = run_battlemap("export", account, "--format", "ics", "--lang", "en")
    assert "has errors; nothing exported" in english.stderr


def test_an_unknown_format_is_a_usage_error() -> None:
    done = run_battlemap("export", EXAMPLE, "--format", "xlsx")
    assert done.returncode == 2
