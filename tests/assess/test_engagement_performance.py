"""Engagement (rules.md, "Engagement") and performance (rules.md, "Needs, competition,
performance").

As-of date 2026-11-01. Cadence: high 30, medium 60, low 120 days before the as-of date.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from battlemap.assess.types import Engagement
from tests.rules_support import AS_OF_DATE, Data, account, contact, run


def engagement(
    contacts: list[Data], override: Data | None = None, **extra: Any
) -> dict[str, Engagement]:
    data = account()
    data["contacts"] = contacts
    data.update(extra)
    return {e.contact: e for e in run(data, override).engagement}


# ---- last contact ----------------------------------------------------------------------


def test_last_contact_field_alone() -> None:
    found = engagement([contact("x", last_contact="2026-10-20")])["x"]
    assert found.last_contact == date(2026, 10, 20)
    assert found.engaged is True


def test_never_contacted() -> None:
    found = engagement([contact("x")])["x"]
    assert found.last_contact is None
    assert found.engaged is False


def test_latest_of_field_visits_and_activities() -> None:
    contacts = [
        contact("by-field", last_contact="2026-10-20"),
        contact("by-visit", last_contact="2026-01-01"),
        contact("by-activity", last_contact="2026-01-01"),
    ]
    visits = [
        {"id": "v1", "date": "2026-09-01", "attendees": ["by-field", "by-visit"], "outcome": "ok"},
        {"id": "v2", "date": "2026-10-10", "attendees": ["by-visit"], "outcome": "ok"},
    ]
    activities = [
        {"date": "2026-10-05", "kind": "call", "contacts": ["by-field", "by-activity"]},
        {"date": "2026-10-25", "kind": "care", "contacts": ["by-activity"]},
    ]
    found = engagement(contacts, visits=visits, relationship={"activities": activities})
    assert found["by-field"].last_contact == date(2026, 10, 20)
    assert found["by-visit"].last_contact == date(2026, 10, 10)
    assert found["by-activity"].last_contact == date(2026, 10, 25)


def test_future_visits_and_activities_do_not_count() -> None:
    contacts = [contact("x", last_contact="2026-07-01"), contact("y")]
    visits = [{"id": "v", "date": "2026-11-20", "attendees": ["x", "y"]}]
    activities = [{"date": "2026-12-20", "kind": "care", "contacts": ["x", "y"]}]
    found = engagement(contacts, visits=visits, relationship={"activities": activities})
    assert found["x"].last_contact == date(2026, 7, 1)
    assert found["x"].engaged is False  # 123 days > 60
    assert found["y"].last_contact is None


def test_a_visit_counts_only_for_its_attendees() -> None:
    visits = [{"id": "v", "date": "2026-10-30", "attendees": ["x"], "outcome": "ok"}]
    found = engagement([contact("x"), contact("y")], visits=visits)
    assert found["x"].last_contact == date(2026, 10, 30)
    assert found["y"].last_contact is None


# ---- cadence -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("influence", "last", "engaged"),
    [
        ("high", "2026-10-02", True),  # exactly 30 days
        ("high", "2026-10-01", False),  # 31 days
        ("medium", "2026-09-02", True),  # exactly 60 days
        ("medium", "2026-09-01", False),  # 61 days
        ("low", "2026-07-04", True),  # exactly 120 days
        ("low", "2026-07-03", False),  # 121 days
        ("high", "2026-11-01", True),  # on the as-of date
    ],
)
def test_cadence_boundaries(influence: str, last: str, engaged: bool) -> None:
    found = engagement([contact("x", influence=influence, last_contact=last)])["x"]
    assert found.cadence_days == {"high": 30, "medium": 60, "low": 120}[influence]
    assert found.engaged is engaged
    # the hand-computed dates really are at the boundary
    assert (AS_OF_DATE - found.last_contact).days in (0, 30, 31, 60, 61, 120, 121)
    assert (AS_OF_DATE - found.last_contact <= timedelta(found.cadence_days)) is engaged


def test_cadence_comes_from_the_playbook() -> None:
    override = {"engagement": {"cadence_days": {"high": 14}}}
    on = engagement([contact("x", influence="high", last_contact="2026-10-18")], override)["x"]
    past = engagement([contact("x", influence="high", last_contact="2026-10-17")], override)["x"]
    assert on.cadence_days == 14
    assert (on.engaged, past.engaged) == (True, False)  # 14 and 15 days


def test_departed_and_vacant_contacts_have_no_engagement() -> None:
    contacts = [
        contact("here", last_contact="2026-10-20"),
        contact("gone", departed="2026-05-01", last_contact="2026-04-01"),
        contact("seat", vacant=True),
    ]
    assert list(engagement(contacts)) == ["here"]


# ---- performance -----------------------------------------------------------------------


def performance(rows: list[Data]) -> Any:
    data = account()
    data["performance"] = rows
    return run(data).performance


def test_attainment_is_revenue_over_target() -> None:
    found = performance(
        [
            {"period": "2025-H1", "revenue": 1_300_000, "target": 1_400_000},
            {"period": "2025-H2", "revenue": 1_500_000, "target": 1_600_000},
            {"period": "2026-H1", "revenue": 1_900_000, "target": 1_800_000},
            {"period": "2026-H2", "revenue": 1_000_000},  # no target
        ]
    )
    assert [p.period for p in found.periods] == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    attainment = [p.attainment for p in found.periods]
    assert attainment[0] == Decimal(13) / Decimal(14)
    assert attainment[1] == Decimal("0.9375")
    assert attainment[2] == Decimal(19) / Decimal(18)
    assert attainment[3] is None


def test_attainment_unknown_without_revenue_or_with_a_zero_target() -> None:
    found = performance(
        [{"period": "2025", "target": 100}, {"period": "2026", "revenue": 5, "target": 0}]
    )
    assert [p.attainment for p in found.periods] == [None, None]


@pytest.mark.parametrize(
    ("measure", "previous", "last", "trend"),
    [
        ("revenue", 1_000_000, 1_020_000, "flat"),  # +2.0%: within 2%
        ("revenue", 1_000_000, 1_020_001, "up"),
        ("revenue", 1_000_000, 980_000, "flat"),  # -2.0%
        ("revenue", 1_000_000, 979_999, "down"),
        ("revenue", 1_000_000, 1_000_000, "flat"),
        ("margin", 0.25, 0.255, "flat"),  # +2.0%
        ("margin", 0.25, 0.26, "up"),  # +4%
        ("margin", 0.25, 0.24, "down"),  # -4%
        ("margin", -0.10, -0.05, "up"),  # a loss halved
        ("satisfaction", 7.0, 7.5, "up"),
        ("satisfaction", 7.5, 7.0, "down"),
        ("satisfaction", 5, 5.1, "flat"),  # +2.0%
    ],
)
def test_trend_of_the_last_period_against_the_one_before(
    measure: str, previous: float, last: float, trend: str
) -> None:
    found = performance(
        [
            {"period": "2024", measure: 1},  # older rows do not matter
            {"period": "2025", measure: previous},
            {"period": "2026", measure: last},
        ]
    )
    assert found.trends == {measure: trend}


def test_trends_of_the_complete_example_rows() -> None:
    found = performance(
        [
            {"period": "2025-H2", "revenue": 1_500_000, "margin": 0.26, "satisfaction": 7.2},
            {"period": "2026-H1", "revenue": 1_900_000, "margin": 0.27, "satisfaction": 7.5},
        ]
    )
    # revenue +26.7%, margin +3.8%, satisfaction +4.2%
    assert found.trends == {"revenue": "up", "margin": "up", "satisfaction": "up"}


def test_no_trend_from_a_single_period_or_a_missing_value() -> None:
    assert performance([{"period": "2026", "revenue": 5}]).trends == {}
    found = performance([{"period": "2025", "revenue": 5}, {"period": "2026", "margin": 0.2}])
    assert found.trends == {}
