"""`battlemap playbook [PATH] [--playbook F] [--explain] [--lang]`: the playbook in effect.

The printed YAML reads back as exactly the playbook `check` and `build` use (the default,
then battlemap.yaml as they find it, then --playbook); with --explain each value says
where it came from (issue 12, row 9).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from battlemap.cli import app
from battlemap.playbook import load_default, merge, text

CONFIG = """\
playbook:
  posture:
    strong_share: 0.25
  stages:
    - id: pilot
      label: {zh: 试点, en: Pilot}
      requires: [budget_confirmed]
    - {id: research, remove: true}
  flags:
    - {id: no-coach, severity: error}
  labels:
    stances:
      champion: {en: "Fan: #1"}
"""
EXTRA = """\
flags:
  - {id: no-coach, severity: info}
postures:
  - id: attack
    summary: "Two lines:\\nyes, off, 'quoted' and # not a comment"
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["playbook", *map(str, args)])


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "battlemap.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "accounts").mkdir()
    return tmp_path


def expected() -> dict[str, Any]:
    config = yaml.safe_load(CONFIG)["playbook"]
    return merge(merge(load_default(), config), yaml.safe_load(EXTRA))


def test_without_overrides_it_prints_the_default(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout) == load_default()


@pytest.mark.parametrize("explain", [[], ["--explain"]], ids=["plain", "explain"])
def test_it_prints_the_layered_playbook(repository: Path, explain: list[str]) -> None:
    # battlemap.yaml is found from the folder as check finds it from an account in it
    result = run("accounts", "--playbook", "extra.yaml", *explain)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout) == expected()  # comments change nothing


def origins(output: str) -> dict[str, str]:
    """'path.to.value' -> origin, from the --explain output of the test's files."""
    found = {}
    for line in output.splitlines():
        match = re.fullmatch(r"\s*(?:- )?([\w.-]+): (.*)  # (\S+)", line)
        if match and match.group(3) != "default":
            found[f"{match.group(1)}={match.group(2)}"] = match.group(3)
    return found


def test_explain_says_where_each_value_came_from(repository: Path) -> None:
    result = run("--playbook", "extra.yaml", "--explain", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert origins(result.stdout) == {
        "strong_share=0.25": "battlemap.yaml:3",
        "id=pilot": "battlemap.yaml:5",
        "label=Pilot": "battlemap.yaml:6",
        "id=no-coach": "extra.yaml:2",  # the later layer wins
        "severity=info": "extra.yaml:2",
        "champion='Fan: #1'": "battlemap.yaml:13",
        "id=attack": "extra.yaml:4",
        "summary=\"Two lines:\\nyes, off, 'quoted' and # not a comment\"": "extra.yaml:5",
    }
    lines = result.stdout.splitlines()
    assert "  strong_share: 0.25  # battlemap.yaml:3" in lines
    assert "  - id: need  # default" in lines
    assert "      - budget_confirmed  # battlemap.yaml:7" in lines  # a list: replaced whole
    values = [line for line in lines if not line.rstrip().endswith(":")]
    assert all(re.search(r"  # \S+$", line) for line in values)  # every value says


def test_explain_without_lang_names_the_language_set(repository: Path) -> None:
    lines = run("--explain").stdout.splitlines()
    assert "        en: Fan: #1  # battlemap.yaml:13" not in lines  # quoted, not a comment
    assert "      en: 'Fan: #1'  # battlemap.yaml:13" in lines
    assert "      zh: 拥护者  # default" in lines  # the zh label is the default's


def test_lang_shows_each_text_in_one_language(repository: Path) -> None:
    result = run("--lang", "zh")
    shown = yaml.safe_load(result.stdout)
    book = expected()
    for tier, default in zip(shown["tiers"], book["tiers"], strict=True):
        assert tier["label"] == text(default["label"], "zh")
    assert shown["labels"]["stances"]["champion"] == "拥护者"


def test_an_account_file_uses_the_battlemap_yaml_above_it(repository: Path) -> None:
    (repository / "accounts" / "east.yaml").write_text("battlemap: 1\n", encoding="utf-8")
    shown = yaml.safe_load(run("accounts/east.yaml").stdout)
    assert shown["posture"]["strong_share"] == 0.25


def test_a_misspelt_override_is_refused_like_check(repository: Path) -> None:
    (repository / "battlemap.yaml").write_text(
        "playbook:\n  flags:\n    - {id: no-coatch, severity: off}\n", encoding="utf-8"
    )
    result = run()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "battlemap.yaml:3:12: error[playbook-unknown-flag]" in result.stderr
    assert "did you mean 'no-coach'?" in result.stderr


def test_a_missing_path_or_playbook_file_is_a_usage_error(repository: Path) -> None:
    assert run("nowhere").exit_code == 2
    result = run("--playbook", "nowhere.yaml")
    assert result.exit_code == 2
    assert "nowhere.yaml:1:1: error[file-not-found]" in result.stderr
