"""Playbook overrides end to end (rules.md, "Playbook layering and repository configuration").

A repository's `battlemap.yaml` (`playbook:` section) and `--playbook FILE` change
thresholds, stages, severities and texts; `--playbook` applies last; a bad configuration
gets positioned diagnostics. Each test runs the real command line in a fresh process, in
its own folder (settings are cached per process and per path).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from battlemap.playbook import load_default, text
from tests.conftest import CASES, run_battlemap

COMPLETE = CASES / "valid" / "complete.yaml"


def repository(folder: Path, config: str | None = None, **replace: str) -> Path:
    """A repository folder holding the complete example (edited) and a battlemap.yaml."""
    source = COMPLETE.read_text(encoding="utf-8")
    for old, new in replace.items():
        old = old.replace("__", " ")
        assert old in source, old
        source = source.replace(old, new, 1)
    (folder / "account.yaml").write_text(source, encoding="utf-8")
    if config is not None:
        (folder / "battlemap.yaml").write_text(config, encoding="utf-8")
    return folder / "account.yaml"


def build(folder: Path, *args: str) -> dict[str, Any]:
    found = run_battlemap(
        "build", "account.yaml", "--format", "json", "-o", "out", *args, cwd=folder
    )
    assert found.returncode == 0, found.stdout + found.stderr
    report: dict[str, Any] = json.loads((folder / "out" / "east-steel.json").read_text("utf-8"))
    return report


def check(folder: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    found = run_battlemap("check", "account.yaml", "--format", "json", *args, cwd=folder)
    return found.returncode, json.loads(found.stdout)["diagnostics"]


def stage(ident: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in load_default()["stages"] if s["id"] == ident)
    return found


# ---- a changed threshold -------------------------------------------------------------------


def test_without_an_override_the_complete_example_is_defend(tmp_path: Path) -> None:
    repository(tmp_path)
    assert build(tmp_path)["assessment"]["segment"]["posture"] == "defend"


def test_a_changed_threshold(tmp_path: Path) -> None:
    # a share of 0.30 is no longer strong at 0.31: attractive and weak -> attack
    repository(tmp_path, "playbook:\n  posture:\n    strong_share: 0.31\n")
    segment = build(tmp_path)["assessment"]["segment"]
    assert segment["posture"] == "attack"
    assert segment["strong"] is False
    posture = next(b for b in segment["because"] if b["rule"] == "posture")
    assert posture["values"]["strong_share"] == 0.31


def test_a_changed_tier_threshold_in_a_parent_folder(tmp_path: Path) -> None:
    # battlemap.yaml is found by walking up from the account file
    (tmp_path / "battlemap.yaml").write_text(
        "playbook:\n  tiers:\n"
        "    - {id: strategic, when_any: [{metric: wallet, min: {CNY: 20000000}}]}\n",
        encoding="utf-8",
    )
    folder = tmp_path / "east"
    folder.mkdir()
    repository(folder)
    assert build(folder)["assessment"]["segment"]["tier"] == "key"


# ---- a changed stage list ------------------------------------------------------------------

STAGES = """\
playbook:
  stages:
    - {id: research, remove: true}
    - id: pilot
      label: {zh: 试点, en: Pilot}
      actions: [{zh: 组织试点, en: Run the pilot}]
      visit_goals: [{zh: 确认试点范围, en: Agree the pilot scope}]
      requires: [poc_passed, budget_confirmed]
"""


def test_a_removed_stage_is_an_unknown_stage(tmp_path: Path) -> None:
    path = repository(tmp_path, STAGES, **{"stage: solution": "stage: research"})
    code, diagnostics = check(tmp_path)
    assert code == 1
    (found,) = diagnostics
    line = next(
        number
        for number, row in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if "stage: research" in row
    )
    assert (found["code"], found["severity"], found["file"]) == (
        "unknown-stage",
        "error",
        "account.yaml",
    )
    assert (found["line"], found["column"]) == (line, 12)
    assert found["path"] == "/opportunities/0/stage"
    assert "pilot" in found["message"]  # the stages of the merged playbook
    assert "research" in found["message"]


def test_a_removed_stage_is_fine_without_the_override(tmp_path: Path) -> None:
    repository(tmp_path, None, **{"stage: solution": "stage: research"})
    assert check(tmp_path) == (0, [])


def test_an_added_stage_with_its_own_requires(tmp_path: Path) -> None:
    repository(tmp_path, STAGES, **{"stage: solution": "stage: pilot"})
    (deal,) = build(tmp_path, "--lang", "en")["assessment"]["opportunities"]
    assert deal["stage"] == "pilot"
    # budget_confirmed is stated true in the example; poc_passed is not stated
    assert deal["unmet"] == ["poc_passed"]
    assert deal["to_advance"] == []  # the appended stage is the last one
    assert deal["actions"] == ["Run the pilot"]
    assert deal["visit_goals"] == ["Agree the pilot scope"]


def test_an_added_stage_follows_the_existing_ones(tmp_path: Path) -> None:
    # new ids are appended: follow_up now leads to pilot
    repository(tmp_path, STAGES, **{"stage: solution": "stage: follow_up"})
    (deal,) = build(tmp_path)["assessment"]["opportunities"]
    assert deal["unmet"] == []
    assert deal["to_advance"] == ["poc_passed"]


def test_a_stated_fact_meets_an_added_requirement(tmp_path: Path) -> None:
    repository(
        tmp_path,
        STAGES,
        **{
            "stage: solution": "stage: pilot",
            "facts: {budget_confirmed: true}": "facts: {budget_confirmed: true, poc_passed: true}",
        },
    )
    assert build(tmp_path)["assessment"]["opportunities"][0]["unmet"] == []


def test_an_unmet_added_requirement_is_flagged_in_check(tmp_path: Path) -> None:
    repository(tmp_path, STAGES, **{"stage: solution": "stage: pilot"})
    code, diagnostics = check(tmp_path)
    assert code == 0  # warnings only
    assert [(d["code"], d["path"]) for d in diagnostics] == [
        ("stage-overstated", "/opportunities/0/id")
    ]
    assert "试点" in diagnostics[0]["message"]  # the account's language (zh) and the new label
    assert "验证测试已通过" in diagnostics[0]["message"]  # the fact's label


# ---- flags: severity, removal ------------------------------------------------------------


def test_a_flag_raised_to_error_fails_check_but_not_build(tmp_path: Path) -> None:
    config = "playbook:\n  flags:\n    - {id: stage-overstated, severity: error}\n"
    repository(tmp_path, config, **{"confirmed_by: [li-ming]": "confirmed_by: []"})
    code, diagnostics = check(tmp_path)
    assert code == 1
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("stage-overstated", "error")]
    flags = build(tmp_path)["assessment"]["flags"]
    assert [(f["code"], f["severity"]) for f in flags] == [("stage-overstated", "error")]


@pytest.mark.parametrize(
    "config",
    [
        "playbook:\n  flags:\n    - {id: stage-overstated, severity: 'off'}\n",
        "playbook:\n  flags:\n    - {id: stage-overstated, remove: true}\n",
    ],
    ids=["off", "removed"],
)
def test_a_flag_set_off_or_removed_is_silent(tmp_path: Path, config: str) -> None:
    repository(tmp_path, config, **{"confirmed_by: [li-ming]": "confirmed_by: []"})
    assert check(tmp_path) == (0, [])


# ---- texts in two languages ----------------------------------------------------------------


def test_lang_switches_the_action_texts(tmp_path: Path) -> None:
    repository(tmp_path)
    en = build(tmp_path, "--lang", "en")
    zh = build(tmp_path, "--lang", "zh")
    assert (en["lang"], zh["lang"]) == ("en", "zh")
    solution = stage("solution")
    en_deal, zh_deal = en["assessment"]["opportunities"][0], zh["assessment"]["opportunities"][0]
    assert en_deal["actions"] == [text(a, "en") for a in solution["actions"]]
    assert zh_deal["actions"] == [text(a, "zh") for a in solution["actions"]]
    assert en_deal["actions"] != zh_deal["actions"]
    assert en_deal["visit_goals"] == [text(g, "en") for g in solution["visit_goals"]]
    en_gap, zh_gap = en["assessment"]["trust_gaps"][0], zh["assessment"]["trust_gaps"][0]
    assert en_gap["actions"] != zh_gap["actions"]


def test_without_lang_the_account_language_is_used(tmp_path: Path) -> None:
    repository(tmp_path)
    report = build(tmp_path)
    assert report["lang"] == "zh"  # account.lang
    first = report["assessment"]["opportunities"][0]["actions"][0]
    assert first == text(stage("solution")["actions"][0], "zh")


def test_a_text_changed_in_one_language(tmp_path: Path) -> None:
    config = (
        "playbook:\n"
        "  flags:\n"
        "    - id: close-date-passed\n"
        "      message: {en: '{opportunity} slipped past {date}'}\n"
    )
    repository(tmp_path, config, **{"close_date: 2027-03-31": "close_date: 2026-10-15"})
    en = build(tmp_path, "--lang", "en")["assessment"]["flags"]
    zh = build(tmp_path, "--lang", "zh")["assessment"]["flags"]
    assert [f["message"] for f in en] == ["MES 系统升级 slipped past 2026-10-15"]
    # the zh message is the default one (the override merged into the text map)
    assert [f["message"] for f in zh] == ["「MES 系统升级」的预计成交日 2026-10-15 已过去 17 天"]


def test_a_text_list_given_in_one_language_falls_back(tmp_path: Path) -> None:
    config = (
        "playbook:\n"
        "  trust:\n"
        "    pillars:\n"
        "      - {id: relationship, actions: [{en: Have lunch together}]}\n"
    )
    repository(tmp_path, config)
    for lang in ("en", "zh"):
        gaps = build(tmp_path, "--lang", lang)["assessment"]["trust_gaps"]
        relationship = next(g for g in gaps if g["pillar"] == "relationship")
        assert relationship["actions"] == ["Have lunch together"], lang


# ---- --playbook FILE applies after battlemap.yaml ----------------------------------------


def test_playbook_file_applies_after_the_repository(tmp_path: Path) -> None:
    repository(tmp_path, "playbook:\n  posture:\n    strong_share: 0.31\n")
    assert build(tmp_path)["assessment"]["segment"]["posture"] == "attack"
    (tmp_path / "override.yaml").write_text(
        "playbook: 1\nposture:\n  strong_share: 0.25\n", encoding="utf-8"
    )
    report = build(tmp_path, "--playbook", "override.yaml")
    assert report["assessment"]["segment"]["posture"] == "defend"


def test_playbook_file_merges_with_the_repository(tmp_path: Path) -> None:
    # battlemap.yaml and --playbook change different things: both apply
    repository(tmp_path, "playbook:\n  posture:\n    strong_share: 0.31\n")
    (tmp_path / "override.yaml").write_text(
        "tiers:\n  - {id: strategic, when_any: [{metric: wallet, min: {CNY: 20000000}}]}\n",
        encoding="utf-8",
    )
    segment = build(tmp_path, "--playbook", "override.yaml")["assessment"]["segment"]
    assert (segment["tier"], segment["posture"]) == ("key", "attack")


# ---- bad configuration: positioned diagnostics -------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "playbook:\n  posture:\n    strong_share: lots\n",
            [("wrong-type", 3, 19, "/playbook/posture/strong_share")],
        ),
        (
            "playbook:\n  tierz: []\n  flags:\n    - {id: no-coach, severity: loud}\n",
            [
                ("unknown-key", 2, 3, "/playbook/tierz"),
                ("invalid-enum", 4, 32, "/playbook/flags/0/severity"),
            ],
        ),
    ],
    ids=["wrong-type", "unknown-key-and-enum"],
)
def test_a_bad_battlemap_yaml_gets_positioned_diagnostics(
    tmp_path: Path, config: str, expected: list[tuple[str, int, int, str]]
) -> None:
    repository(tmp_path, config)
    code, diagnostics = check(tmp_path)
    assert code == 1
    assert [(d["code"], d["line"], d["column"], d["path"]) for d in diagnostics] == expected
    assert {d["file"] for d in diagnostics} == {"battlemap.yaml"}
    assert {d["severity"] for d in diagnostics} == {"error"}


def test_a_yaml_error_in_battlemap_yaml_is_positioned(tmp_path: Path) -> None:
    repository(tmp_path, "playbook:\n  posture: [\n")
    code, diagnostics = check(tmp_path)
    assert code == 1
    assert [(d["file"], d["code"], d["line"]) for d in diagnostics] == [
        ("battlemap.yaml", "unclosed-bracket", 2)
    ]


def test_a_bad_battlemap_yaml_stops_build(tmp_path: Path) -> None:
    repository(tmp_path, "playbook:\n  posture:\n    strong_share: lots\n")
    found = run_battlemap("build", "account.yaml", "--format", "json", "-o", "out", cwd=tmp_path)
    assert found.returncode == 1
    assert "battlemap.yaml:3:19" in found.stdout + found.stderr
    assert not (tmp_path / "out" / "east-steel.json").exists()


def test_a_bad_playbook_file_gets_positioned_diagnostics(tmp_path: Path) -> None:
    repository(tmp_path)
    (tmp_path / "override.yaml").write_text("posture:\n  strong_share: -1\n", encoding="utf-8")
    code, diagnostics = check(tmp_path, "--playbook", "override.yaml")
    assert code == 1
    assert [(d["file"], d["line"], d["column"]) for d in diagnostics] == [("override.yaml", 2, 17)]


# ---- misspelt ids and keys are errors, not silent additions (issue 12, row 9) -------------

MISSPELT = """\
playbook:
  flags:
    - {id: stance-unknwn, severity: off}
  stages:
    - {id: negotation, actions: [{zh: 谈判, en: Negotiate}]}
    - {id: pilot, label: {zh: 试点, en: Pilot}}
  labels:
    stances:
      champoin: {zh: 拥护者, en: Champion}
  tiers:
    - id: strategic
      when_any:
        - {metric: wallet, min: 20000000}
"""
MISSPELT_FOUND = [
    ("playbook-unknown-flag", 3, 12, "/playbook/flags/0/id", "did you mean 'stance-unknown'?"),
    ("playbook-unknown-stage", 5, 12, "/playbook/stages/0/id", "did you mean 'negotiation'?"),
    ("playbook-unknown-label", 9, 7, "/playbook/labels/stances/champoin", "'champion'?"),
    ("playbook-threshold-currency", 13, 33, "/playbook/tiers/0/when_any/0/min", "{CNY: 20000000}"),
]


def test_misspelt_ids_and_keys_in_battlemap_yaml_are_positioned_errors(tmp_path: Path) -> None:
    repository(tmp_path, MISSPELT)
    code, diagnostics = check(tmp_path)
    assert code == 1
    assert [(d["code"], d["line"], d["column"], d["path"]) for d in diagnostics] == [
        found[:4] for found in MISSPELT_FOUND
    ]
    for diagnostic, found in zip(diagnostics, MISSPELT_FOUND, strict=True):
        assert (diagnostic["file"], diagnostic["severity"]) == ("battlemap.yaml", "error")
        assert found[4] in diagnostic["message"]


def test_misspelt_ids_stop_build(tmp_path: Path) -> None:
    repository(tmp_path, MISSPELT)
    found = run_battlemap("build", "account.yaml", "--format", "json", "-o", "out", cwd=tmp_path)
    assert found.returncode == 1
    assert "battlemap.yaml:3:12: error[playbook-unknown-flag]" in found.stdout + found.stderr
    assert not (tmp_path / "out" / "east-steel.json").exists()


def test_a_misspelt_flag_in_a_playbook_file_is_positioned_there(tmp_path: Path) -> None:
    repository(tmp_path)
    (tmp_path / "override.yaml").write_text(
        "playbook: 1\nflags:\n  - id: no-coach\n    severity: error\n  - id: no-coatch\n",
        encoding="utf-8",
    )
    code, diagnostics = check(tmp_path, "--playbook", "override.yaml")
    assert code == 1
    assert [(d["file"], d["code"], d["line"], d["column"], d["path"]) for d in diagnostics] == [
        ("override.yaml", "playbook-unknown-flag", 5, 9, "/flags/1/id")
    ]


def test_a_playbook_file_may_change_a_stage_battlemap_yaml_added(tmp_path: Path) -> None:
    # the --playbook file is checked against the playbook it is merged over
    repository(tmp_path, STAGES, **{"stage: solution": "stage: pilot"})
    (tmp_path / "override.yaml").write_text(
        "stages:\n  - {id: pilot, requires: []}\n", encoding="utf-8"
    )
    assert check(tmp_path, "--playbook", "override.yaml") == (0, [])
    (deal,) = build(tmp_path, "--playbook", "override.yaml")["assessment"]["opportunities"]
    assert deal["unmet"] == []


@pytest.mark.parametrize(
    "config",
    [
        "playbook:\n  stages:\n    - {id: negotiation, actions: [Close]}\n",  # a known stage
        "playbook:\n  labels:\n    stances: {champion: Fan, x-note: kept}\n",  # a known key
        "playbook:\n  flags:\n    - {id: no-coach, remove: true}\n",  # a known flag
        "playbook:\n  tiers:\n    - {id: key, when_any: [{metric: size.employees, min: 500}]}\n",
    ],
    ids=["stage", "label", "flag", "count-threshold"],
)
def test_known_ids_and_keys_and_counts_are_accepted(tmp_path: Path, config: str) -> None:
    repository(tmp_path, config)
    assert check(tmp_path) == (0, [])
