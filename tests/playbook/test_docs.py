"""docs/playbook.md and docs/playbook.zh.md are written by hand; this keeps them in step
with the default playbook.

Why: a flag, stage or fact added to default.yaml without a line in the docs would leave
teams guessing what it means and how to change it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from battlemap.playbook import load_default
from tests.conftest import ROOT

DOCS = {"en": ROOT / "docs" / "playbook.md", "zh": ROOT / "docs" / "playbook.zh.md"}
BOOK = load_default()
both = pytest.mark.parametrize("lang", list(DOCS))


def doc(lang: str = "en") -> str:
    return DOCS[lang].read_text(encoding="utf-8")


def ids(section: str) -> list[str]:
    items: list[dict[str, Any]] = BOOK[section]
    return [item["id"] for item in items]


@both
@pytest.mark.parametrize(
    "section", ["flags", "stages", "facts", "computed_facts", "tiers", "postures"]
)
def test_every_id_of_the_default_playbook_is_documented(section: str, lang: str) -> None:
    text = doc(lang)
    missing = [ident for ident in ids(section) if f"`{ident}`" not in text]
    assert not missing, f"{DOCS[lang].name} does not mention these {section}: {missing}"


@both
def test_every_role_and_pillar_is_documented(lang: str) -> None:
    text = doc(lang)
    names = [*BOOK["trust"]["required_by_role"], *(p["id"] for p in BOOK["trust"]["pillars"])]
    assert [n for n in names if f"`{n}`" not in text] == []


def table_rows(first_column: str, lang: str = "en") -> dict[str, list[str]]:
    """Rows of the markdown tables whose first cell is a code span: id -> the other cells."""
    rows = {}
    for line in doc(lang).splitlines():
        match = re.match(r"^\| `([a-z0-9_-]+)` \|(.*)\|$", line)
        if match and match.group(1) in ids(first_column):
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


@both
def test_flag_table_lists_every_flag_in_playbook_order_with_its_severity(lang: str) -> None:
    rows = table_rows("flags", lang)
    assert list(rows) == ids("flags")
    for flag in BOOK["flags"]:
        assert rows[flag["id"]][-1] == flag["severity"], flag["id"]


@both
def test_stage_table_lists_every_stage_in_order_with_its_requires(lang: str) -> None:
    rows = table_rows("stages", lang)
    assert list(rows) == ids("stages")
    for stage in BOOK["stages"]:
        written = re.findall(r"`([a-z_]+)`", rows[stage["id"]][-1])
        assert written == stage["requires"], stage["id"]


@both
def test_computed_fact_table_lists_every_computed_fact(lang: str) -> None:
    assert list(table_rows("computed_facts", lang)) == ids("computed_facts")


@both
def test_required_levels_match_the_defaults(lang: str) -> None:
    text = doc(lang)
    for role, level in BOOK["trust"]["required_by_role"].items():
        assert re.search(rf"^\s*\| `{role}` \| {level} \|$", text, re.MULTILINE), role


# How each doc writes the default numbers (the values come from the playbook).
NUMBERS = {
    "en": ("high {high}, medium {medium}, low {low}", "default **{share}**", "(default **{gap}**)"),
    "zh": ("高 {high} 天、中 {medium} 天、低 {low} 天", "默认 **{share}**", "（默认 **{gap}**）"),
}


@both
def test_documented_default_numbers(lang: str) -> None:
    text = doc(lang)
    cadence = BOOK["engagement"]["cadence_days"]
    share, gap = f"{BOOK['posture']['strong_share']:.2f}", BOOK["trust"]["unassessed_gap_at"]
    for phrase in NUMBERS[lang]:
        assert phrase.format(**cadence, share=share, gap=gap) in text, phrase
    assert f"`satisfaction_floor` | **{BOOK['satisfaction_floor']}**" in text
    assert f"`stale_after_days` | **{BOOK['stale_after_days']}**" in text


@pytest.mark.parametrize(
    ("section", "column", "key"),
    [("flags", 0, "title"), ("stages", 0, "label"), ("facts", 0, "label")],
)
def test_the_chinese_doc_uses_the_playbooks_own_words(section: str, column: int, key: str) -> None:
    """A KAM reads the same title or name in the doc as on the map."""
    rows = table_rows(section, "zh")
    for item in BOOK[section]:
        assert rows[item["id"]][column].startswith(item[key]["zh"]), item["id"]
