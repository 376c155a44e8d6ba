"""The acceptance checks of the rules pass (rules.md, "The example's assessment" and
"Segment"), through the real pipeline: file -> settings -> model -> assessment -> report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from battlemap.options import BuildOptions
from battlemap.pipeline import compile_account
from battlemap.report import report_json
from tests.conftest import CASES, TODAY

COMPLETE = CASES / "valid" / "complete.yaml"


def report_of(path: Path, **options: Any) -> dict[str, Any]:
    compiled, diagnostics, _ = compile_account(path, BuildOptions(**options))
    assert compiled is not None, [d.as_dict() for d in diagnostics]
    return compiled.report


@pytest.fixture(scope="module")
def complete() -> dict[str, Any]:
    return report_of(COMPLETE)


def test_complete_example_segment(complete: dict[str, Any]) -> None:
    segment = complete["assessment"]["segment"]
    # 3,600,000 / 12,000,000 = 0.30 exactly: strong; wallet 12,000,000 >= 5,000,000: attractive
    assert segment["share_of_wallet"] == 0.3
    assert segment["tier"] == "strategic"
    assert segment["posture"] == "defend"
    assert segment["profit_ltm"] == 1_008_000  # 3,600,000 x 0.28


def test_complete_example_opportunity(complete: dict[str, Any]) -> None:
    (deal,) = complete["assessment"]["opportunities"]
    assert deal["id"] == "mes-2027"
    assert deal["stage"] == "solution"
    assert deal["result"] == "open"
    assert deal["unmet"] == []
    assert deal["to_advance"] == []
    assert deal["coverage"] == "green"
    assert deal["needs"] == ["realtime"]
    # us (3x4 + 2x3 + 2x5) / 7 = 4.0; rival-a (3x5 + 2x2 + 2x3) / 7 = 3.5714... = 3.57
    competition = deal["competition"]
    assert competition["us"] == 4.0
    assert competition["competitors"] == {"rival-a": 3.57}
    assert competition["strongest_rival"] == "rival-a"
    assert deal["actions"] and deal["visit_goals"]


def test_complete_example_scores_print_as_decimals(complete: dict[str, Any]) -> None:
    text = report_json(complete)
    assert '"us": 4.0,' in text
    assert '"rival-a": 3.57' in text
    assert '"share_of_wallet": 0.3,' in text


def test_complete_example_trust_gaps(complete: dict[str, Any]) -> None:
    gaps = [
        (g["contact"], g["pillar"], g["actual"], g["required"], g["gap"])
        for g in complete["assessment"]["trust_gaps"]
    ]
    # li-ming: decision maker (4), influence high (weight 3): relationship 2 x 3 = 6,
    # conduct 1 x 3 = 3, sincerity 1 x 3 = 3 (tie: pillar order)
    assert gaps == [
        ("li-ming", "relationship", 2, 4, 2),
        ("li-ming", "conduct", 3, 4, 1),
        ("li-ming", "sincerity", 3, 4, 1),
    ]
    assert all(g["actions"] for g in complete["assessment"]["trust_gaps"])


@pytest.mark.parametrize("today", [None, TODAY])
def test_complete_example_raises_no_flag(today: Any) -> None:
    report = report_of(COMPLETE, today=today)
    assert report["assessment"]["flags"] == []
    assert report["assessment"]["waived"] == []
    assert report["diagnostics"] == []


def test_complete_example_generated_for(complete: dict[str, Any]) -> None:
    assert complete["generated_for"] == "2026-11-01"  # as_of when --today is not given
    assert report_of(COMPLETE, today=TODAY)["generated_for"] == "2026-11-23"


# ---- segment of a 12,000,000 wallet, 3,600,000 revenue, influence medium --------------------

ACCOUNT = """\
battlemap: 1
account:
  id: acme
  name: Acme
  as_of: 2026-11-01
  status: {status}
  market_influence: medium
  wallet: 12000000
  revenue_ltm: 3600000
"""


def write_account(folder: Path, status: str = "active") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "acme.yaml"
    path.write_text(ACCOUNT.format(status=status), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("status", "posture"), [("active", "defend"), ("potential", "defend"), ("lost", "win_back")]
)
def test_twelve_million_wallet_thirty_percent_share(
    tmp_path: Path, status: str, posture: str
) -> None:
    segment = report_of(write_account(tmp_path, status))["assessment"]["segment"]
    assert segment["tier"] == "strategic"  # wallet 12,000,000 >= 10,000,000
    assert segment["posture"] == posture
    assert segment["share_of_wallet"] == 0.3


def test_repository_override_of_the_strategic_tier(tmp_path: Path) -> None:
    (tmp_path / "battlemap.yaml").write_text(
        "playbook:\n"
        "  tiers:\n"
        "    - id: strategic\n"
        "      when_any:\n"
        "        - {metric: wallet, min: {CNY: 20000000}}\n"
        "        - {metric: revenue_ltm, min: {CNY: 5000000}}\n",
        encoding="utf-8",
    )
    path = write_account(tmp_path / "accounts")
    segment = report_of(path)["assessment"]["segment"]
    # 12,000,000 < 20,000,000 and 3,600,000 < 5,000,000: not strategic; key by wallet and revenue
    assert segment["tier"] == "key"
    because = next(b for b in segment["because"] if b["rule"] == "tier")
    assert because["values"]["tier"] == "key"
    assert "strategic" in because["values"]["passed_over"]
    assert because["values"]["passed_over"] == ["strategic"]
    assert {"metric": "wallet", "min": 2_000_000} in because["values"]["held"]
    assert because["values"]["held"] == [
        {"metric": "wallet", "min": 2_000_000},
        {"metric": "revenue_ltm", "min": 1_000_000},
    ]
    assert segment["posture"] == "defend"  # the posture rules are unchanged


def test_repository_override_is_visible_in_json_output(tmp_path: Path) -> None:
    (tmp_path / "battlemap.yaml").write_text(
        "playbook:\n  tiers:\n"
        "    - {id: strategic, when_any: [{metric: wallet, min: {CNY: 20000000}}]}\n",
        encoding="utf-8",
    )
    report = report_of(write_account(tmp_path))
    assert json.loads(report_json(report))["assessment"]["segment"]["tier"] == "key"
