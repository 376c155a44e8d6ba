"""The pre-commit hook of .pre-commit-hooks.yaml, installed and run by pre-commit itself,
as a user's repository of accounts uses it (a `.pre-commit-config.yaml` naming the hook).

Why a copy of the project: pre-commit installs a hook from a git commit, and the working tree
is what is under test (`pre-commit try-repo` would add only changes to *tracked* files, and
reinstalls on every call). So the test commits what the installation needs (the hook
definition, pyproject.toml, the package and its data) into a temporary repository; pre-commit
builds the hook's virtualenv from it with pip once (about 20 s), and reuses it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, locked_constraints

pytestmark = pytest.mark.slow

HOOK_ID = "battlemap-check"
FIX_HOOK_ID = "battlemap-fix"
NEEDED = [".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "battlemap", "schemas"]
NEEDED_OPTIONAL = ["templates"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=_git_env())


def _git_env() -> dict[str, str]:
    return os.environ | {
        "GIT_AUTHOR_NAME": "battlemap tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "battlemap tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@dataclass(frozen=True)
class HookRepo:
    source: Path
    rev: str
    home: Path
    constraints: Path
    """uv.lock's versions: pre-commit's pip builds the hook's virtualenv with them."""


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookRepo]:
    base = tmp_path_factory.mktemp("precommit")
    source = base / "battlemap-src"
    source.mkdir()
    for name in NEEDED + [n for n in NEEDED_OPTIONAL if (ROOT / n).exists()]:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=IGNORED)
        else:
            shutil.copy2(ROOT / name, source / name)
    _git("init", "-q", cwd=source)
    _git("add", "-A", cwd=source)
    _git("commit", "-q", "--no-verify", "-m", "battlemap under test", cwd=source)
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True
    ).stdout.strip()
    yield HookRepo(source, rev, base / "pre-commit-home", locked_constraints(base))


def _config(hook: HookRepo) -> str:
    hooks = [{"id": HOOK_ID}, {"id": FIX_HOOK_ID}]
    repo = {"repo": str(hook.source), "rev": hook.rev, "hooks": hooks}
    return yaml.safe_dump({"repos": [repo]}, sort_keys=False)


@pytest.fixture
def accounts(tmp_path: Path, hook_repo: HookRepo) -> Path:
    """A git repository of accounts: good.yaml, bad.yaml (an unknown key), labelled.yaml (a
    stance written as its label, which battlemap-fix fixes), other YAML."""
    work = tmp_path / "accounts-repo"
    work.mkdir()
    _git("init", "-q", cwd=work)
    done = subprocess.run(
        [sys.executable, "-m", "battlemap", "init", "good.yaml"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    good = (work / "good.yaml").read_text(encoding="utf-8")
    bad = good.replace("    stance: neutral", "    stnce: neutral", 1)
    bad = bad.replace("id: acme-logistics", "id: acme-logistics-2", 1)  # another account
    assert bad != good
    (work / "bad.yaml").write_text(bad, encoding="utf-8")
    labelled = good.replace("    stance: neutral", "    stance: 中立", 1)
    assert labelled != good
    (work / "labelled.yaml").write_text(labelled, encoding="utf-8")
    (work / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n", "utf-8")
    (work / "battlemap.yaml").write_text("defaults: {lang: en}\n", "utf-8")
    (work / ".pre-commit-config.yaml").write_text(_config(hook_repo), "utf-8")
    _git("add", "-A", cwd=work)
    return work


def _run_hook(
    hook: HookRepo, work: Path, *files: str, hook_id: str = HOOK_ID
) -> subprocess.CompletedProcess[str]:
    env = _git_env() | {
        "PRE_COMMIT_HOME": str(hook.home),
        "NO_COLOR": "1",
        "PIP_CONSTRAINT": str(hook.constraints),
    }
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook_id, "--color=never", "--files", *files],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("hook_id", [HOOK_ID, FIX_HOOK_ID])
def test_hook_definition(hook_id: str) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == hook_id]
    assert hook["language"] == "python"
    assert hook["entry"].startswith("battlemap check")
    assert "--only-accounts" in hook["entry"]
    assert ("--fix" in hook["entry"]) == (hook_id == FIX_HOOK_ID)
    files = re.compile(hook["files"])
    exclude = re.compile(hook["exclude"])
    assert files.search("accounts/a.yaml") and files.search("b.yml")
    assert not files.search("a.json")
    assert exclude.search("battlemap.yaml") and exclude.search("sub/battlemap.yaml")
    assert not exclude.search("accounts/my-battlemap.yaml")


def test_good_account_passes(hook_repo: HookRepo, accounts: Path) -> None:
    done = _run_hook(hook_repo, accounts, "good.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"battlemap check\.+Passed", done.stdout), done.stdout


def test_bad_account_fails_with_the_diagnostic_line(hook_repo: HookRepo, accounts: Path) -> None:
    lines = (accounts / "bad.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "stnce:" in text)
    done = _run_hook(hook_repo, accounts, "good.yaml", "bad.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"battlemap check\.+Failed", done.stdout), done.stdout
    assert f"bad.yaml:{line}:5: error[unknown-key]" in done.stdout
    assert "good.yaml:" not in done.stdout


def test_other_yaml_is_left_alone(hook_repo: HookRepo, accounts: Path) -> None:
    done = _run_hook(hook_repo, accounts, "docker-compose.yml", "battlemap.yaml", "good.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "docker-compose.yml:" not in done.stdout


def test_fix_hook_writes_the_fix_and_stops_the_commit(hook_repo: HookRepo, accounts: Path) -> None:
    """pre-commit fails a hook that changes files, so the fix is reviewed and added first;
    run again on the fixed file, the hook passes and changes nothing."""
    labelled = accounts / "labelled.yaml"
    lines = labelled.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "stance: 中立" in text)
    done = _run_hook(hook_repo, accounts, "labelled.yaml", "good.yaml", hook_id=FIX_HOOK_ID)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"battlemap fix\.+Failed", done.stdout), done.stdout
    assert "files were modified by this hook" in done.stdout
    assert f"labelled.yaml:{line}:13: fixed[label-not-code] 中立 → neutral" in done.stdout
    assert labelled.read_text(encoding="utf-8") == (accounts / "good.yaml").read_text("utf-8")
    _git("add", "labelled.yaml", cwd=accounts)  # the fix reviewed and added
    again = _run_hook(hook_repo, accounts, "labelled.yaml", hook_id=FIX_HOOK_ID)
    assert again.returncode == 0, again.stdout + again.stderr
    assert re.search(r"battlemap fix\.+Passed", again.stdout), again.stdout
