"""docs/playbook.md is written by hand; this keeps it in step with the default playbook.

Why: a flag, stage or fact added to default.yaml without a line in the docs would leave
teams guessing what it means and how to change it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from battlemap.playbook import load_default
from tests.conftest import ROOT

DOC = ROOT / "docs" / "playbook.md"
BOOK = load_default()


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def ids(section: str) -> list[str]:
    items: list[dict[str, Any]] = BOOK[section]
    return [item["id"] for item in items]


@pytest.mark.parametrize(
    "section", ["flags", "stages", "facts", "computed_facts", "tiers", "postures"]
)
def test_every_id_of_the_default_playbook_is_documented(section: str) -> None:
    text = doc()
    missing = [ident for ident in ids(section) if f"`{ident}`" not in text]
    assert not missing, f"docs/playbook.md does not mention these {section}: {missing}"


def test_every_role_and_pillar_is_documented() -> None:
    text = doc()
    names = [*BOOK["trust"]["required_by_role"], *(p["id"] for p in BOOK["trust"]["pillars"])]
    assert [n for n in names if f"`{n}`" not in text] == []


def table_rows(first_column: str) -> dict[str, list[str]]:
    """Rows of the markdown tables whose first cell is a code span: id -> the other cells."""
    rows = {}
    for line in doc().splitlines():
        match = re.match(r"^\| `([a-z0-9_-]+)` \|(.*)\|$", line)
        if match and match.group(1) in ids(first_column):
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def test_flag_table_lists_every_flag_in_playbook_order_with_its_severity() -> None:
    rows = table_rows("flags")
    assert list(rows) == ids("flags")
    for flag in BOOK["flags"]:
        assert rows[flag["id"]][-1] == flag["severity"], flag["id"]


def test_stage_table_lists_every_stage_in_order_with_its_requires() -> None:
    rows = table_rows("stages")
    assert list(rows) == ids("stages")
    for stage in BOOK["stages"]:
        written = re.findall(r"`([a-z_]+)`", rows[stage["id"]][-1])
        assert written == stage["requires"], stage["id"]


def test_computed_fact_table_lists_every_computed_fact() -> None:
    assert list(table_rows("computed_facts")) == ids("computed_facts")


def test_required_levels_match_the_defaults() -> None:
    text = doc()
    for role, level in BOOK["trust"]["required_by_role"].items():
        assert re.search(rf"^\s*\| `{role}` \| {level} \|$", text, re.MULTILINE), role


def test_documented_default_numbers() -> None:
    text = doc()
    cadence = BOOK["engagement"]["cadence_days"]
    assert f"high {cadence['high']}, medium {cadence['medium']}, low {cadence['low']}" in text
    assert f"`satisfaction_floor` | **{BOOK['satisfaction_floor']}**" in text
    assert f"`stale_after_days` | **{BOOK['stale_after_days']}**" in text
    assert f"default **{BOOK['posture']['strong_share']:.2f}**" in text
    assert f"(default **{BOOK['trust']['unassessed_gap_at']}**)" in text
