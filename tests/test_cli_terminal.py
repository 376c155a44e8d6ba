"""Terminal habits: colour only on a terminal (and never under NO_COLOR), --quiet, paths
relative to the current folder, an example in every command's --help."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from battlemap.cli import app
from tests.conftest import TODAY

ESC = "\x1b["


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    env["TERM"] = "xterm-256color"
    return env | extra


def _run_in_pty(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Runs the CLI with stdout and stderr on a pseudo-terminal; its exit code and output."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "battlemap", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=follower,
        )
    finally:
        os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def _run_piped(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "battlemap", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """A folder with an account that has an error (an unknown key)."""
    done = _run_piped(["init", "acct.yaml"], tmp_path, _env())
    assert done.returncode == 0, done.stderr
    path = tmp_path / "acct.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    stance: neutral", "    stnce: neutral", 1), "utf-8")
    return tmp_path


CHECK = ["check", "acct.yaml", "--today", TODAY.isoformat()]


def test_colour_on_a_terminal(bad: Path) -> None:
    code, output = _run_in_pty(CHECK, bad, _env())
    assert code == 1
    assert "\x1b[1;31merror\x1b[0m" in output
    assert "\x1b[2macct.yaml:" in output  # the location, dim
    assert "unknown-key" in output


@pytest.mark.parametrize("value", ["1", "true", "0"])
def test_no_colour_under_no_color(bad: Path, value: str) -> None:
    code, output = _run_in_pty(CHECK, bad, _env(NO_COLOR=value))
    assert code == 1
    assert "error[unknown-key]" in output
    assert ESC not in output


def test_no_colour_when_not_a_terminal(bad: Path) -> None:
    done = _run_piped(CHECK, bad, _env())
    assert done.returncode == 1
    assert "acct.yaml:" in done.stdout and "error[unknown-key]" in done.stdout
    assert ESC not in done.stdout + done.stderr


def test_force_color_when_not_a_terminal(bad: Path) -> None:
    done = _run_piped(CHECK, bad, _env(FORCE_COLOR="1"))
    assert ESC in done.stdout
    both = _run_piped(CHECK, bad, _env(FORCE_COLOR="1", NO_COLOR="1"))
    assert ESC not in both.stdout


@pytest.mark.parametrize("output_format", ["json", "github", "codeclimate"])
def test_machine_formats_are_never_coloured(bad: Path, output_format: str) -> None:
    code, output = _run_in_pty([*CHECK, "--format", output_format], bad, _env())
    assert code == 1
    assert ESC not in output


def test_build_diagnostics_coloured_on_a_terminal_only(bad: Path) -> None:
    args = ["build", "acct.yaml", "--format", "json", "-o", "out", "-q"]
    code, output = _run_in_pty(args, bad, _env())
    assert code == 1 and "\x1b[1;31merror\x1b[0m" in output
    code, output = _run_in_pty(args, bad, _env(NO_COLOR="1"))
    assert code == 1 and "error[unknown-key]" in output and ESC not in output


# ---- --quiet ---------------------------------------------------------------------------------


def test_quiet_prints_errors_and_warnings_only(tmp_path: Path) -> None:
    """The English example has a warning and an info at the tests' date."""
    from tests.conftest import ROOT

    example = tmp_path / "en.yaml"
    example.write_bytes((ROOT / "examples" / "en.yaml").read_bytes())
    args = ["check", "en.yaml", "--today", TODAY.isoformat()]
    loud = _run_piped(args, tmp_path, _env())
    quiet = _run_piped([*args, "-q"], tmp_path, _env())
    assert loud.returncode == quiet.returncode == 0
    assert " info[" in loud.stdout and " warning[" in loud.stdout
    assert "checked:" in loud.stdout.splitlines()[-1]
    assert quiet.stdout.splitlines() == [
        line for line in loud.stdout.splitlines() if " warning[" in line or " error[" in line
    ]
    github = _run_piped([*args, "--quiet", "--format", "github"], tmp_path, _env())
    assert github.stdout and "::notice" not in github.stdout
    json_quiet = _run_piped([*args, "--quiet", "--format", "json"], tmp_path, _env())
    json_loud = _run_piped([*args, "--format", "json"], tmp_path, _env())
    assert json_quiet.stdout == json_loud.stdout


def test_quiet_run_without_problems_prints_nothing(tmp_path: Path) -> None:
    assert _run_piped(["init", "a.yaml"], tmp_path, _env()).returncode == 0
    done = _run_piped(["check", "-q", "a.yaml"], tmp_path, _env())
    assert done.returncode == 0
    assert done.stdout == ""


# ---- Paths -----------------------------------------------------------------------------------


def test_paths_relative_to_the_current_folder(bad: Path) -> None:
    (bad / "sub").mkdir()
    inside = _run_piped(["check", str(bad / "acct.yaml")], bad, _env())
    assert inside.stdout.startswith("acct.yaml:"), inside.stdout
    below = _run_piped(["check", "../acct.yaml"], bad / "sub", _env())
    named = below.stdout.split(":", 1)[0]  # outside the current folder: as given, or absolute
    assert named in {"../acct.yaml", str(bad / "acct.yaml")}, below.stdout
    folder = _run_piped(["check", "."], bad, _env())
    assert folder.stdout.startswith("acct.yaml:"), folder.stdout


# ---- --only-accounts (the pre-commit hook) ---------------------------------------------------


def test_only_accounts_skips_other_yaml(bad: Path) -> None:
    (bad / "other.yaml").write_text("foo: 1\n", encoding="utf-8")
    assert _run_piped(["init", "--repo"], bad, _env()).returncode == 0  # battlemap.yaml
    plain = _run_piped(["check", "other.yaml"], bad, _env())
    assert plain.returncode == 1 and "other.yaml:1:1: error[" in plain.stdout
    skipped = _run_piped(["check", "--only-accounts", "other.yaml", "battlemap.yaml"], bad, _env())
    assert skipped.returncode == 0, skipped.stdout
    assert skipped.stdout.startswith("0 files checked")
    mixed = _run_piped(["check", "--only-accounts", "other.yaml", "acct.yaml"], bad, _env())
    assert mixed.returncode == 1
    assert "other.yaml" not in mixed.stdout and "acct.yaml:" in mixed.stdout
    missing = _run_piped(["check", "--only-accounts", "gone.yaml"], bad, _env())
    assert missing.returncode == 2


# ---- --help ----------------------------------------------------------------------------------


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_help_has_an_example(command: str) -> None:
    done = _run_piped([command, "--help"], Path.cwd(), _env())
    assert done.returncode == 0
    assert "Example" in done.stdout, f"battlemap {command} --help: no example"
    assert f"battlemap {command}" in done.stdout.split("Example", 1)[1]


def test_top_level_help_has_examples() -> None:
    done = _run_piped(["--help"], Path.cwd(), _env())
    assert "Examples: battlemap init" in done.stdout
    assert "NO_COLOR" in done.stdout


# ---- Text from the input cannot forge lines or reach the terminal raw -----------------------


def test_text_lines_make_input_text_printable() -> None:
    from battlemap.diagnostics import Diagnostic, Severity, format_github_line, format_text_line

    d = Diagnostic(
        "a\nb.yaml", 1, 2, Severity.ERROR, "unknown-key", "key 'x\n\x1b[2Jy\u202ez\u2028\t'"
    )
    for color in (False, True):
        line = format_text_line(d, color)
        assert "\n" not in line and "\u202e" not in line and "\u2028" not in line
        assert "a\\nb.yaml:1:2:" in line
        assert "key 'x\\n\\x1b[2Jy\\u202ez\\u2028\\t'" in line
        assert line.count("\x1b") == (6 if color else 0)  # only our own styles
    github = format_github_line(d)
    assert github.startswith("::error file=a%0Ab.yaml,line=1,col=2,title=unknown-key::")
    assert github.endswith("key 'x%0A\\x1b[2Jy\\u202ez\\u2028\\t'")


def test_usage_errors_and_written_files_make_names_printable(tmp_path: Path) -> None:
    """File names are text too: every message that names one goes through `printable`."""
    hostile = "a\x1b]0;owned\x07\x1b[2J\rb.yaml"
    shown = "a\\x1b]0;owned\\x07\\x1b[2J\\rb.yaml"
    written = _run_piped(["init", hostile], tmp_path, _env())
    assert written.returncode == 0, written.stderr
    assert written.stdout == f"wrote {shown}; next: battlemap check {shown}\n"
    missing = _run_piped(["diff", "gone" + hostile], tmp_path, _env())
    assert missing.returncode == 2
    assert missing.stderr == f"battlemap: error: gone{shown}: no such file\n"


def test_machine_formats_escape_what_a_terminal_would_obey() -> None:
    """JSON and Code Climate keep the text exact, with C1 controls and bidi overrides as
    \\u escapes (JSON escapes C0 itself)."""
    import json

    from battlemap.diagnostics import Diagnostic, Severity, format_codeclimate, format_json

    message = "key 'a\x1b[2J\u009b2J\u202eb\u2028\n'"
    d = Diagnostic("a\u0085.yaml", 1, 2, Severity.ERROR, "unknown-key", message)
    for printed in (format_json([d], 1), format_codeclimate([d])):
        assert not set(printed) & {"\x1b", "\u009b", "\u202e", "\u2028", "\u0085"}
    assert json.loads(format_json([d], 1))["diagnostics"][0]["message"] == message
    assert json.loads(format_codeclimate([d]))[0]["location"]["path"] == "a\u0085.yaml"
