"""The CI formats of `battlemap check` (GitHub annotations, Code Climate for GitLab) and the
example CI files of examples/ci/ (valid, and using only options that exist)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import typer
import yaml

from battlemap.cli import app
from battlemap.diagnostics import (
    CODECLIMATE_SEVERITY,
    Diagnostic,
    Severity,
    codeclimate_issues,
    format_github_line,
    format_text_line,
)
from tests.conftest import ROOT, TODAY, run_battlemap

CI = ROOT / "examples" / "ci"
CODECLIMATE_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def _starter(folder: Path, name: str = "good.yaml") -> Path:
    done = run_battlemap("init", name, cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / name


def _broken(folder: Path, name: str) -> Path:
    """A starter with two errors: an unknown key and a bad enum value."""
    good = _starter(folder, "starter.yaml").read_text(encoding="utf-8")
    (folder / "starter.yaml").unlink()
    text = good.replace("    stance: neutral", "    stnce: neutral", 1)
    text = text.replace("    influence: high\n", "    influence: huge\n", 1)
    assert text != good
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- Code Climate ----------------------------------------------------------------------------


def _codeclimate(folder: Path, *files: str) -> list[dict[str, Any]]:
    done = run_battlemap(
        "check", "--format", "codeclimate", "--today", TODAY.isoformat(), *files, cwd=folder
    )
    assert done.returncode == 1, done.stderr
    issues = json.loads(done.stdout)
    assert isinstance(issues, list)
    return issues


def test_codeclimate_issue_shape(tmp_path: Path) -> None:
    _broken(tmp_path, "bad.yaml")
    issues = _codeclimate(tmp_path, "bad.yaml")
    assert {issue["check_name"] for issue in issues} >= {"unknown-key", "invalid-enum"}
    for issue in issues:
        assert issue["type"] == "issue"
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in CODECLIMATE_SEVERITIES
        assert issue["categories"] == ["Bug Risk"]
        location = issue["location"]
        assert location["path"] == "bad.yaml"  # relative to the current folder (the repo root)
        assert isinstance(location["lines"]["begin"], int) and location["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    unknown = next(issue for issue in issues if issue["check_name"] == "unknown-key")
    assert unknown["severity"] == "major"
    text = (tmp_path / "bad.yaml").read_text(encoding="utf-8").splitlines()
    assert "stnce" in text[unknown["location"]["lines"]["begin"] - 1]


def test_codeclimate_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    bad = _broken(tmp_path, "bad.yaml")
    before = _codeclimate(tmp_path, "bad.yaml")
    again = _codeclimate(tmp_path, "bad.yaml")
    assert before == again
    bad.write_text("# a new comment\n# moves every line\n" + bad.read_text("utf-8"), "utf-8")
    after = _codeclimate(tmp_path, "bad.yaml")
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in after] == [
        i["location"]["lines"]["begin"] + 2 for i in before
    ]


def test_codeclimate_fingerprints_differ_by_file(tmp_path: Path) -> None:
    _broken(tmp_path, "a.yaml")
    _broken(tmp_path, "b.yaml")
    issues = _codeclimate(tmp_path, "a.yaml", "b.yaml")
    assert {i["location"]["path"] for i in issues} == {"a.yaml", "b.yaml"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_codeclimate_severities_and_duplicates() -> None:
    assert set(CODECLIMATE_SEVERITY.values()) <= CODECLIMATE_SEVERITIES
    assert CODECLIMATE_SEVERITY == {
        Severity.ERROR: "major",
        Severity.WARNING: "minor",
        Severity.INFO: "info",
    }
    twins = [
        Diagnostic("a.yaml", line, 3, Severity.WARNING, "dup", "same words", "/contacts/0")
        for line in (4, 9)
    ]
    issues = codeclimate_issues(twins)
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert [i["severity"] for i in issues] == ["minor", "minor"]
    note = Diagnostic(".\\sub\\a.yaml", 1, 1, Severity.INFO, "note", "n")
    assert codeclimate_issues([note])[0]["location"] == {
        "path": "sub/a.yaml",
        "lines": {"begin": 1},
    }


def test_codeclimate_empty_run_is_an_empty_array(tmp_path: Path) -> None:
    _starter(tmp_path)
    done = run_battlemap("check", "--format", "codeclimate", "good.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert json.loads(done.stdout) == []


# ---- GitHub annotations ----------------------------------------------------------------------


def test_github_line_escapes_data_and_properties() -> None:
    d = Diagnostic(
        file="dir,1/a:b%c.yaml",
        line=12,
        column=7,
        severity=Severity.ERROR,
        code="un:known,key",
        message="100% wrong: a, b\r\nnext line",
    )
    assert format_github_line(d) == (
        "::error file=dir%2C1/a%3Ab%25c.yaml,line=12,col=7,title=un%3Aknown%2Ckey"
        "::100%25 wrong: a, b%0D%0Anext line"
    )


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_github_levels(severity: Severity, command: str) -> None:
    line = format_github_line(Diagnostic("a.yaml", 1, 2, severity, "c", "m"))
    assert line == f"::{command} file=a.yaml,line=1,col=2,title=c::m"


def test_github_format_end_to_end(tmp_path: Path) -> None:
    _broken(tmp_path, "we,ird:name.yaml")
    done = run_battlemap("check", "--format", "github", "we,ird:name.yaml", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines, done.stderr
    pattern = re.compile(
        r"::error file=we%2Cird%3Aname\.yaml,line=\d+,col=\d+,title=(unknown-key|invalid-enum)::"
        r"[^\r\n]+"
    )
    assert all(pattern.fullmatch(line) for line in lines), lines
    assert "\x1b[" not in done.stdout


# ---- The text format, as editors parse it ---------------------------------------------------


def test_vscode_problem_matcher_of_the_docs_matches_the_text_format() -> None:
    """docs/editors.md gives a VS Code task whose problem matcher parses `check` output."""
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    block = re.search(r"```jsonc?\n(\{\s*\"version\": \"2\.0\.0\".*?)\n```", text, re.DOTALL)
    assert block, "docs/editors.md: the tasks.json block"
    tasks = json.loads(block[1])
    pattern = tasks["tasks"][0]["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])
    d = Diagnostic("accounts/a b.yaml", 41, 5, Severity.WARNING, "not-engaged", "x: y [z]")
    found = regexp.match(format_text_line(d))
    assert found is not None
    assert found[pattern["file"]] == "accounts/a b.yaml"
    assert found[pattern["line"]] == "41"
    assert found[pattern["column"]] == "5"
    assert found[pattern["severity"]] == "warning"
    assert found[pattern["code"]] == "not-engaged"
    assert found[pattern["message"]] == "x: y [z]"


# ---- The example CI files --------------------------------------------------------------------


def _load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((CI / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_github_workflow() -> None:
    workflow = _load("github-battlemap.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(triggers, dict) and "pull_request" in triggers
    assert "push" in triggers
    steps = _steps(workflow)
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "battlemap check accounts/ --format github" in runs
    assert "battlemap build accounts/ --format html,pdf -o build/" in runs
    assert "graphviz" in runs and "fonts-noto-cjk" in runs
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "build/"


def test_gitlab_job() -> None:
    pipeline = _load("gitlab-ci.yml")
    jobs = {k: v for k, v in pipeline.items() if isinstance(v, dict) and "script" in v}
    reports = [
        job["artifacts"]["reports"]["codequality"]
        for job in jobs.values()
        if "reports" in job.get("artifacts", {})
    ]
    assert reports == ["gl-code-quality-report.json"]
    scripts = "\n".join(line for job in jobs.values() for line in job["script"])
    assert "--format codeclimate > gl-code-quality-report.json" in scripts
    assert "battlemap build accounts/ --format html,pdf -o build/" in scripts
    assert any("build/" in job.get("artifacts", {}).get("paths", []) for job in jobs.values())


@pytest.mark.parametrize(
    ("name", "schema"),
    [("github-battlemap.yml", "vendor.github-workflows"), ("gitlab-ci.yml", "vendor.gitlab-ci")],
)
def test_ci_files_validate_against_their_schemas(name: str, schema: str) -> None:
    """check-jsonschema ships these schemas (SchemaStore's), so no network is needed."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(CI / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _battlemap_commands() -> list[list[str]]:
    commands = []
    for path in sorted(CI.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip().removeprefix("- ").removeprefix("run: ")
            if not line.startswith("battlemap "):
                continue
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            words = list(lexer)
            cut = next((i for i, w in enumerate(words) if w in {">", "||", "&&", "|", ";"}), None)
            commands.append(words[1:cut])
    return commands


def test_ci_commands_use_existing_options() -> None:
    commands = _battlemap_commands()
    assert len(commands) >= 4
    group: Any = typer.main.get_command(app)
    for words in commands:
        command = group.commands[words[0]]
        try:
            command.make_context(words[0], list(words[1:]))
        except click.UsageError as err:  # pragma: no cover - the message is the point
            pytest.fail(f"battlemap {' '.join(words)}: {err}")
