"""`build` refuses what `check` refuses (issue 12, row 18; quality.md, determinism).

With ``--today``, both apply the same date checks through one step
(``BuildOptions.check_options``); without it `build` applies none, so its outputs never
change just because a day passed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from battlemap.cli import app
from tests.conftest import CASES

BEFORE_AS_OF = "2026-10-20"
"""Three weeks before the complete example's as_of (2026-11-01): its as_of is in the future."""


@pytest.fixture
def account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(CASES / "valid" / "complete.yaml", tmp_path / "account.yaml")
    return tmp_path / "account.yaml"


def test_check_refuses_an_as_of_after_today(account: Path) -> None:
    result = CliRunner().invoke(app, ["check", "account.yaml", "--today", BEFORE_AS_OF])
    assert result.exit_code == 1
    assert "account.yaml:8:10: error[as-of-future]" in result.stdout


def test_build_refuses_the_same_as_of_with_the_same_diagnostic(account: Path) -> None:
    result = CliRunner().invoke(
        app, ["build", "account.yaml", "--format", "json", "-o", "out", "--today", BEFORE_AS_OF]
    )
    assert result.exit_code == 1
    assert "account.yaml:8:10: error[as-of-future]" in result.stdout + result.stderr
    assert not (account.parent / "out" / "east-steel.json").exists()


def test_build_without_today_applies_no_date_check(account: Path) -> None:
    result = CliRunner().invoke(app, ["build", "account.yaml", "--format", "json", "-o", "out"])
    assert result.exit_code == 0, result.stdout
    report = json.loads((account.parent / "out" / "east-steel.json").read_text("utf-8"))
    assert report["generated_for"] == "2026-11-01"  # the as_of, not a day of the calendar
