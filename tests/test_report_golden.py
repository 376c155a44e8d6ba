"""Golden reports: the JSON report of each reference account, byte for byte.

The goldens in tests/golden/ are built without --today, so they never depend on the day
the tests run. When a change is meant to alter a report, regenerate them on purpose and
review the diff::

    .venv/bin/pytest tests/test_report_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from battlemap.source import read_file
from tests.conftest import CASES, ROOT

GOLDEN = ROOT / "tests" / "golden"
SOURCES = [
    ROOT / "examples" / "zh.yaml",
    ROOT / "examples" / "en.yaml",
    CASES / "valid" / "complete.yaml",
]


def build(source: Path, out: Path, seed: str = "0") -> bytes:
    """`battlemap build SOURCE --format json` in a fresh process; the report's bytes."""
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "battlemap",
            "build",
            str(source.relative_to(ROOT)),
            "--format",
            "json",
            "-o",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert found.returncode == 0, found.stdout + found.stderr
    (report,) = [p for p in out.glob("*.json") if not p.name.startswith(".")]  # not the cache
    return report.read_bytes()


def explain(expected: bytes, actual: bytes, name: str) -> str:
    diff = difflib.unified_diff(
        expected.decode("utf-8").splitlines(),
        actual.decode("utf-8").splitlines(),
        f"golden/{name}",
        "built",
        lineterm="",
        n=2,
    )
    shown = "\n".join(list(diff)[:60])
    return (
        f"{name} differs from its golden report (rerun with --update-golden if intended):\n{shown}"
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_golden_report(source: Path, tmp_path: Path, update_golden: bool) -> None:
    actual = build(source, tmp_path)
    golden = GOLDEN / f"{source.stem}.json"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(actual)
        return
    assert golden.is_file(), f"no golden report {golden.name}; run pytest with --update-golden"
    expected = golden.read_bytes()
    assert actual == expected, explain(expected, actual, golden.name)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_golden_reports_do_not_depend_on_today(source: Path) -> None:
    golden = GOLDEN / f"{source.stem}.json"
    assert golden.is_file(), f"no golden report {golden.name}; run pytest with --update-golden"
    report = json.loads(golden.read_text(encoding="utf-8"))
    assert report["generated_for"] == report["account"]["account"]["as_of"]
    codes = [f["code"] for f in report["assessment"]["flags"]]
    assert "dossier-stale" not in codes


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_two_builds_are_byte_identical(source: Path, tmp_path: Path) -> None:
    first = build(source, tmp_path / "one", seed="1")
    second = build(source, tmp_path / "two", seed="2")
    assert first == second


def test_the_report_is_utf8_json_with_a_final_newline(tmp_path: Path) -> None:
    raw = build(SOURCES[0], tmp_path)
    assert raw.endswith(b"}\n")
    document = read_file(SOURCES[0], SOURCES[0].name).document
    assert document is not None
    name = document.data["account"]["name"]
    assert f'"name": "{name}"'.encode() in raw  # Chinese written as is, not \\u-escaped
    json.loads(raw.decode("utf-8"))


# ---- stable key order ------------------------------------------------------------------

TOP = ["battlemap", "generated_for", "lang", "account", "assessment", "diagnostics"]
ASSESSMENT = [
    "segment",
    "opportunities",
    "trust_gaps",
    "engagement",
    "performance",
    "flags",
    "waived",
]
SEGMENT = ["tier", "posture", "share_of_wallet", "profit_ltm", "attractive", "strong", "because"]
OPPORTUNITY = [
    "id",
    "stage",
    "result",
    "actions",
    "visit_goals",
    "unmet",
    "to_advance",
    "coverage",
    "needs",
    "competition",
    "committee",
    "because",
]
TRUST_GAP = ["contact", "pillar", "actual", "required", "gap", "actions", "because"]
FLAG = ["code", "severity", "subject", "message", "because"]


def ordered_keys(report: dict[str, Any]) -> None:
    assert list(report) == TOP
    assessment = report["assessment"]
    assert list(assessment) == ASSESSMENT
    assert list(assessment["segment"]) == SEGMENT
    for item in assessment["opportunities"]:
        assert list(item) == OPPORTUNITY
        if item["competition"] is not None:
            assert list(item["competition"]) == ["us", "competitors", "strongest_rival", "lead"]
    for gap in assessment["trust_gaps"]:
        assert list(gap) == TRUST_GAP
    for flag in [*assessment["flags"], *assessment["waived"]]:
        assert list(flag) == FLAG
        assert list(flag["subject"]) == ["kind", "id"]
    for because in assessment["segment"]["because"]:
        assert list(because) == ["rule", "values"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_keys_appear_in_a_stable_order(source: Path, tmp_path: Path) -> None:
    report = json.loads(build(source, tmp_path).decode("utf-8"))
    ordered_keys(report)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_account_keeps_the_input_order(source: Path, tmp_path: Path) -> None:
    document = read_file(source, source.name).document
    assert document is not None
    written = document.data
    normalized = json.loads(build(source, tmp_path).decode("utf-8"))["account"]
    # the keys as written come first, in their order; defaults are added after them
    assert list(normalized)[: len(written)] == list(written)
    assert list(normalized["account"])[: len(written["account"])] == list(written["account"])
    for mine, theirs in zip(
        normalized.get("contacts", []), written.get("contacts", []), strict=True
    ):
        assert list(mine)[: len(theirs)] == list(theirs)
        assert mine["id"] == theirs["id"]
