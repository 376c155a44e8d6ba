"""The one comparison diff and history word: a deal's and a person's changes, open flags."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from battlemap.changes import Change, contact_changes, deal_changes, open_flags
from tests.conftest import ROOT
from tests.render_support import compile_file

COMPILED, _ = compile_file(ROOT / "examples" / "zh.yaml")
ACCOUNT = COMPILED.account


def test_a_deals_changes_in_the_order_a_reader_is_told_them() -> None:
    deal = ACCOUNT.opportunities[0]
    moved = replace(deal, close_date=date(2030, 1, 1), stage="won", value=Decimal(7))
    assert [c.field for c in deal_changes(deal, moved, ("full", "partial"))] == [
        "stage",
        "value",
        "close_date",
        "coverage",
    ]
    assert deal_changes(deal, deal, ("full", "full")) == []


def test_roles_are_a_set_and_trust_is_per_pillar() -> None:
    person = next(c for c in ACCOUNT.contacts if len(c.roles) > 1)
    reordered = replace(person, roles=tuple(reversed(person.roles)))
    assert contact_changes(person, reordered, ("roles",)) == []
    pillar = next(iter(person.trust))
    warmer = replace(person, stance="champion", trust={**person.trust, pillar: 5})
    found = contact_changes(person, warmer, ("stance",))
    expected = [Change("trust." + pillar, person.trust[pillar], 5)]
    if person.stance != "champion":
        expected.insert(0, Change("stance", person.stance, "champion"))
    if person.trust[pillar] == 5:
        expected.pop()
    assert found == expected


def test_open_flags_are_keyed_by_code_and_subject() -> None:
    flags = open_flags(COMPILED.assessment)
    assert len(flags) == len(COMPILED.assessment.flags)
    first = COMPILED.assessment.flags[0]
    assert flags[(first.code, first.subject.kind, first.subject.id)] == first.message
    assert open_flags(None) == {}
