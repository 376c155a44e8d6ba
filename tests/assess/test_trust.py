"""Trust gaps (rules.md, "Trust gaps").

Default requirements: decision_maker 4, coach 4, technical_buyer 3, influencer 3, user 2,
gatekeeper 2, procurement 2; no role: by influence (high 3, medium 2, low 1). Weights: high
3, medium 2, low 1. An unassessed pillar is a gap only when the requirement is >= 3.
"""

from __future__ import annotations

from typing import Any

import pytest

from battlemap.playbook import load_default, text
from tests.rules_support import Data, account, contact, run

ALL = ("conduct", "expertise", "relationship", "sincerity")


def trust(level: int) -> dict[str, int]:
    return dict.fromkeys(ALL, level)


def gaps(
    contacts: list[Data], override: Data | None = None, **extra: Any
) -> list[tuple[str, str, int | None, int, int | None]]:
    """(contact, pillar, actual, required, gap) in the assessment's order."""
    data = account()
    data["contacts"] = contacts
    data.update(extra)
    return [
        (g.contact, g.pillar, g.actual, g.required, g.gap) for g in run(data, override).trust_gaps
    ]


# ---- requirements ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "required"),
    [
        (["decision_maker"], 4),
        (["coach"], 4),
        (["technical_buyer"], 3),
        (["influencer"], 3),
        (["user"], 2),
        (["gatekeeper"], 2),
        (["procurement"], 2),
        (["user", "technical_buyer"], 3),  # the highest over the roles
        (["gatekeeper", "coach", "user"], 4),
    ],
)
def test_requirement_by_role(roles: list[str], required: int) -> None:
    found = gaps([contact("x", roles=roles, influence="low", trust=trust(1))])
    assert found == [("x", p, 1, required, required - 1) for p in ALL]


@pytest.mark.parametrize(("influence", "required"), [("high", 3), ("medium", 2), ("low", 1)])
def test_requirement_by_influence_without_a_role(influence: str, required: int) -> None:
    found = gaps([contact("x", influence=influence, trust=trust(1))])
    assert found == [("x", p, 1, required, required - 1) for p in ALL if required > 1]


def test_no_gap_when_trust_meets_or_exceeds_the_requirement() -> None:
    level = {"conduct": 4, "expertise": 5, "relationship": 4, "sincerity": 4}
    assert gaps([contact("x", roles=["decision_maker"], trust=level)]) == []


def test_roles_held_in_an_open_deal_raise_the_requirement() -> None:
    person = contact("x", roles=["user"], influence="low", trust=trust(2))
    assert gaps([person]) == []  # user: 2
    open_deal = {
        "id": "d",
        "name": "D",
        "stage": "need",
        "buying_committee": [{"contact": "x", "roles": ["decision_maker"]}],
    }
    found = gaps([person], opportunities=[open_deal])
    assert found == [("x", p, 2, 4, 2) for p in ALL]


def test_roles_held_in_a_closed_deal_do_not_count() -> None:
    person = contact("x", roles=["user"], influence="low", trust=trust(2))
    closed = {
        "id": "d",
        "name": "D",
        "stage": "solution",
        "result": "lost",
        "closed_on": "2026-09-01",
        "buying_committee": [{"contact": "x", "roles": ["decision_maker"]}],
    }
    assert gaps([person], opportunities=[closed]) == []


def test_a_committee_member_with_no_role_anywhere_is_required_by_influence() -> None:
    person = contact("x", influence="high", trust=trust(2))
    open_deal = {"id": "d", "name": "D", "stage": "need", "buying_committee": ["x"]}
    assert gaps([person], opportunities=[open_deal]) == [("x", p, 2, 3, 1) for p in ALL]


def test_requirement_per_pillar_map() -> None:
    override = {"trust": {"required_by_role": {"technical_buyer": {"expertise": 5, "conduct": 2}}}}
    # technical_buyer: expertise 5, conduct 2, other pillars nothing; influencer: 3 for all
    found = gaps(
        [contact("x", roles=["technical_buyer", "influencer"], influence="low", trust=trust(2))],
        override,
    )
    assert found == [
        ("x", "expertise", 2, 5, 3),
        ("x", "conduct", 2, 3, 1),
        ("x", "relationship", 2, 3, 1),
        ("x", "sincerity", 2, 3, 1),
    ]
    alone = gaps([contact("y", roles=["technical_buyer"], trust=trust(2))], override)
    assert alone == [("y", "expertise", 2, 5, 3)]


def test_a_single_level_override_applies_to_every_pillar() -> None:
    override = {"trust": {"required_by_role": {"user": 3}}}
    found = gaps([contact("x", roles=["user"], influence="low", trust=trust(2))], override)
    assert found == [("x", p, 2, 3, 1) for p in ALL]


# ---- unassessed pillars -------------------------------------------------------------------


def test_unassessed_pillar_is_a_gap_when_required_at_least_three() -> None:
    level = {"conduct": 3, "expertise": 3, "relationship": 3}  # sincerity unassessed
    assert gaps([contact("x", roles=["technical_buyer"], trust=level)]) == [
        ("x", "sincerity", None, 3, None)
    ]


def test_unassessed_pillar_is_no_gap_when_required_below_three() -> None:
    assert gaps([contact("x", roles=["user"])]) == []
    assert gaps([contact("y", influence="medium")]) == []


def test_unassessed_threshold_comes_from_the_playbook() -> None:
    found = gaps(
        [contact("x", roles=["user"], influence="low")], {"trust": {"unassessed_gap_at": 2}}
    )
    assert found == [("x", p, None, 2, None) for p in ALL]


# ---- skipped contacts ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"roles": ["decision_maker"], "departed": "2026-06-30"},
        {"roles": ["decision_maker"], "vacant": True},
        {"external": True, "organization": "Consultancy", "influence": "high"},
    ],
    ids=["departed", "vacant", "external-without-role"],
)
def test_skipped_contacts(fields: dict[str, Any]) -> None:
    assert gaps([contact("x", trust=trust(1), **fields)]) == []


def test_an_external_contact_with_a_role_is_assessed() -> None:
    person = contact("x", external=True, roles=["influencer"], influence="low", trust=trust(1))
    assert gaps([person]) == [("x", p, 1, 3, 2) for p in ALL]


# ---- order -----------------------------------------------------------------------------


def test_order_by_weighted_gap_then_file_order_then_pillar_order_unassessed_last() -> None:
    contacts = [
        # low (weight 1), decision maker (4): conduct 1 -> gap 3, weighted 3
        contact("a", roles=["decision_maker"], influence="low",
                trust={"conduct": 1, "expertise": 4, "relationship": 4, "sincerity": 4}),
        # high (3), decision maker: conduct 2 -> 2 x 3 = 6; relationship 3 -> 1 x 3 = 3
        contact("b", roles=["decision_maker"], influence="high",
                trust={"conduct": 2, "expertise": 4, "relationship": 3, "sincerity": 4}),
        # coach (4), nothing assessed: four unassessed gaps
        contact("c", roles=["coach"]),
        # user (2), nothing assessed: no gap
        contact("d", roles=["user"]),
        # high, no role (3): sincerity unassessed; expertise 2 -> 1 x 3 = 3
        contact("e", influence="high", trust={"conduct": 3, "expertise": 2, "relationship": 3}),
    ]  # fmt: skip
    assert gaps(contacts) == [
        ("b", "conduct", 2, 4, 2),
        ("a", "conduct", 1, 4, 3),
        ("b", "relationship", 3, 4, 1),
        ("e", "expertise", 2, 3, 1),
        ("c", "conduct", None, 4, None),
        ("c", "expertise", None, 4, None),
        ("c", "relationship", None, 4, None),
        ("c", "sincerity", None, 4, None),
        ("e", "sincerity", None, 3, None),
    ]


def test_ties_within_one_contact_follow_pillar_order() -> None:
    level = {"conduct": 3, "expertise": 3, "relationship": 3, "sincerity": 3}
    found = gaps([contact("x", roles=["decision_maker"], trust=level)])
    assert [pillar for _, pillar, *_ in found] == list(ALL)


def test_a_bigger_gap_of_a_less_influential_contact_can_come_first() -> None:
    contacts = [
        contact("high", roles=["decision_maker"], influence="high",
                trust={"conduct": 3, "expertise": 4, "relationship": 4, "sincerity": 4}),
        contact("low", roles=["decision_maker"], influence="low",
                trust={"conduct": 4, "expertise": 4, "relationship": 4, "sincerity": 0}),
    ]  # fmt: skip
    # high: 1 x 3 = 3; low: 4 x 1 = 4
    assert [(c, p) for c, p, *_ in gaps(contacts)] == [("low", "sincerity"), ("high", "conduct")]


# ---- what each gap carries -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_gap_carries_its_pillar_actions(lang: str) -> None:
    data = account()
    data["contacts"] = [contact("x", roles=["decision_maker"], trust=trust(3))]
    pillars = {p["id"]: p for p in load_default()["trust"]["pillars"]}
    for gap in run(data, lang=lang).trust_gaps:
        assert gap.actions
        assert list(gap.actions) == [text(a, lang) for a in pillars[gap.pillar]["actions"]]


def test_because_names_roles_influence_weight_and_levels() -> None:
    data = account()
    data["contacts"] = [
        contact("x", roles=["user", "coach"], influence="medium",
                trust={"conduct": 4, "expertise": 4, "relationship": 1, "sincerity": 4}),
    ]  # fmt: skip
    (gap,) = run(data).trust_gaps
    assert gap.because[0].rule == "trust-gap"
    assert gap.because[0].values == {
        "roles": ["user", "coach"],
        "influence": "medium",
        "weight": 2,
        "required": 4,
        "actual": 1,
    }
