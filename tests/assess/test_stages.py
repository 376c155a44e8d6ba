"""Stages (rules.md, "Stages and stage actions" and "Relationship coverage").

The committee, every computed fact (true and false), stated facts, `unmet` and `to_advance`
in the playbook's order, the stage's actions and visit goals, and coverage.
"""

from __future__ import annotations

from typing import Any

import pytest

from battlemap.playbook import load_default, text
from tests.rules_support import Data, account, clean, contact, copy_of, deal, facts, people, run

NEGOTIATION_REQUIRES = [
    "needs_confirmed",
    "decision_maker_identified",
    "competition_mapped",
    "value_proposition_stated",
    "decision_maker_supports",
    "alternatives_prepared",
]


def with_deal(contacts: list[Data], **opportunity: Any) -> Data:
    """An account with these contacts and one open opportunity (stage `need` unless given)."""
    data = account()
    data["contacts"] = contacts
    data["opportunities"] = [{"id": "deal", "name": "Deal", "stage": "need", **opportunity}]
    return data


def need(ident: str = "n1", importance: int = 4, **fields: Any) -> Data:
    base = {"id": ident, "text": ident, "importance": importance, "urgency": 3, "feasibility": 3}
    return base | fields


# ---- the committee -----------------------------------------------------------------------


def test_default_committee_is_every_present_role_holder() -> None:
    data = with_deal(
        [
            contact("a", roles=["user"]),
            contact("b"),  # no role
            contact("c", roles=["decision_maker"], departed="2026-01-01"),
            contact("d", roles=["decision_maker"], vacant=True),
            contact("e", roles=["coach"]),
        ]
    )
    assert run(data).opportunities[0].committee == ("a", "e")


def test_explicit_committee_keeps_its_order() -> None:
    data = with_deal(
        [contact("a", roles=["user"]), contact("b"), contact("c", roles=["coach"])],
        buying_committee=["c", "b"],
    )
    assert run(data).opportunities[0].committee == ("c", "b")


# ---- computed facts ----------------------------------------------------------------------


def test_decision_maker_identified() -> None:
    dm = contact("dm", roles=["decision_maker"])
    assert facts(with_deal([dm]))["decision_maker_identified"] is True
    assert facts(with_deal([contact("u", roles=["user"])]))["decision_maker_identified"] is False


def test_decision_maker_identified_by_the_role_held_in_the_deal() -> None:
    # the committee entry's roles replace the contact's general roles for this deal
    in_deal = with_deal(
        [contact("x")], buying_committee=[{"contact": "x", "roles": ["decision_maker"]}]
    )
    assert facts(in_deal)["decision_maker_identified"] is True
    not_in_deal = with_deal(
        [contact("x", roles=["decision_maker"])],
        buying_committee=[{"contact": "x", "roles": ["user"]}],
    )
    assert facts(not_in_deal)["decision_maker_identified"] is False


def test_decision_maker_outside_an_explicit_committee_is_not_identified() -> None:
    data = with_deal(
        [contact("dm", roles=["decision_maker"]), contact("u", roles=["user"])],
        buying_committee=["u"],
    )
    assert facts(data)["decision_maker_identified"] is False


def test_a_vacant_decision_maker_is_not_identified() -> None:
    data = with_deal(
        [contact("cfo", roles=["decision_maker"], vacant=True)], buying_committee=["cfo"]
    )
    found = facts(data)
    assert found["decision_maker_identified"] is False
    assert found["decision_maker_supports"] is False


@pytest.mark.parametrize(
    ("roles", "stance", "holds"),
    [
        (["coach"], "champion", True),
        (["coach"], "supporter", True),
        (["coach", "user"], "supporter", True),
        (["coach"], "neutral", False),
        (["coach"], "unknown", False),
        (["coach"], "skeptic", False),
        (["user"], "champion", False),  # supportive, but not a coach
    ],
)
def test_coach_identified(roles: list[str], stance: str, holds: bool) -> None:
    data = with_deal([contact("c", roles=roles, stance=stance)])
    assert facts(data)["coach_identified"] is holds


def test_a_departed_coach_satisfies_nothing() -> None:
    # `check` rejects a departed member of an open deal; the rules still give them nothing
    data = with_deal(
        [contact("c", roles=["coach"], stance="champion", departed="2026-06-30")],
        buying_committee=["c"],
    )
    assert facts(data)["coach_identified"] is False


@pytest.mark.parametrize(
    "absent", [{"departed": "2026-06-30"}, {"vacant": True}], ids=["departed", "vacant"]
)
def test_departed_and_vacant_members_satisfy_no_computed_fact(absent: Data) -> None:
    # listed in the committee with every role, supportive, confirming an important need
    person = contact("p", roles=["decision_maker", "coach"], stance="champion", **absent)
    data = with_deal(
        [person], buying_committee=["p"], needs=[need(importance=5, confirmed_by=["p"])]
    )
    found = facts(data)
    assert not any(
        found[name]
        for name in (
            "decision_maker_identified",
            "coach_identified",
            "needs_confirmed",
            "decision_maker_supports",
        )
    )
    assert run(data).opportunities[0].coverage == "red"


@pytest.mark.parametrize(
    ("importance", "confirmed_by", "holds"),
    [
        (4, ["m"], True),
        (5, ["m"], True),
        (3, ["m"], False),  # not important enough
        (5, [], False),
        (5, ["outsider"], False),  # not a committee member
        (5, ["gone"], False),  # departed
    ],
)
def test_needs_confirmed(importance: int, confirmed_by: list[str], holds: bool) -> None:
    data = with_deal(
        [
            contact("m", roles=["user"]),
            contact("outsider"),
            contact("gone", roles=["user"], departed="2026-01-01"),
        ],
        needs=[need(importance=importance, confirmed_by=confirmed_by)],
    )
    assert facts(data)["needs_confirmed"] is holds


def test_needs_confirmed_by_one_of_several_needs() -> None:
    data = with_deal(
        [contact("m", roles=["user"])],
        needs=[need("a", 3, confirmed_by=["m"]), need("b", 4, confirmed_by=["m"])],
    )
    assert facts(data)["needs_confirmed"] is True


COMPETITION = {"criteria": [{"id": "price", "weight": 1}], "us": {"price": 3}}


@pytest.mark.parametrize(
    ("competition", "holds"),
    [
        ({**COMPETITION, "competitors": [{"id": "r", "name": "R", "scores": {"price": 4}}]}, True),
        ({**COMPETITION, "competitors": [{"id": "r", "name": "R"}]}, False),  # no scores
        ({**COMPETITION, "competitors": []}, False),
        (None, False),
    ],
)
def test_competition_mapped(competition: Data | None, holds: bool) -> None:
    fields = {} if competition is None else {"competition": competition}
    assert facts(with_deal([], **fields))["competition_mapped"] is holds


@pytest.mark.parametrize(
    ("value", "holds"), [("Less downtime", True), ("", False), ("  ", False), (None, False)]
)
def test_value_proposition_stated(value: str | None, holds: bool) -> None:
    fields = {} if value is None else {"value_proposition": value}
    assert facts(with_deal([], **fields))["value_proposition_stated"] is holds


@pytest.mark.parametrize(
    ("stances", "holds"),
    [
        (["supporter"], True),
        (["champion"], True),
        (["champion", "supporter"], True),
        (["champion", "neutral"], False),  # every decision maker must support
        (["neutral"], False),
        ([], False),  # "every X" is false when there is no X
    ],
)
def test_decision_maker_supports(stances: list[str], holds: bool) -> None:
    deciders = [
        contact(f"dm{i}", roles=["decision_maker"], stance=s) for i, s in enumerate(stances)
    ]
    data = with_deal([*deciders, contact("u", roles=["user"], stance="champion")])
    assert facts(data)["decision_maker_supports"] is holds


def test_decision_maker_supports_is_false_with_a_vacant_decider_in_the_committee() -> None:
    data = with_deal(
        [
            contact("dm", roles=["decision_maker"], stance="champion"),
            contact("cfo", roles=["decision_maker"], vacant=True),
        ],
        buying_committee=["dm", "cfo"],
    )
    assert facts(data)["decision_maker_supports"] is False


@pytest.mark.parametrize(("discussed", "holds"), [(True, True), (False, False), (None, False)])
def test_price_discussed(discussed: bool | None, holds: bool) -> None:
    fields = {} if discussed is None else {"negotiation": {"price_discussed": discussed}}
    assert facts(with_deal([], **fields))["price_discussed"] is holds


@pytest.mark.parametrize(
    ("alternatives", "holds"), [(["phased"], True), ([], False), (None, False)]
)
def test_alternatives_prepared(alternatives: list[str] | None, holds: bool) -> None:
    fields = {} if alternatives is None else {"negotiation": {"alternatives": alternatives}}
    assert facts(with_deal([], **fields))["alternatives_prepared"] is holds


@pytest.mark.parametrize(
    ("step", "holds"),
    [
        ({"action": "call", "due": "2026-11-01"}, True),  # due on the as-of date
        ({"action": "call", "due": "2026-12-01"}, True),
        ({"action": "call", "due": "2026-10-31"}, False),  # overdue
        ({"action": "call", "due": "2026-12-01", "done": "2026-10-30"}, False),  # finished
        ({"action": "call"}, False),  # no due date
    ],
)
def test_next_step_planned(step: Data, holds: bool) -> None:
    assert facts(with_deal([], next_steps=[step]))["next_step_planned"] is holds


def test_no_next_steps_means_none_planned() -> None:
    assert facts(with_deal([]))["next_step_planned"] is False


# ---- stated facts --------------------------------------------------------------------------


def test_a_declared_fact_holds_when_stated_true() -> None:
    found = facts(with_deal([], facts={"budget_confirmed": True, "poc_passed": False}))
    assert found["budget_confirmed"] is True
    assert found["poc_passed"] is False
    assert "timeline_confirmed" not in found  # not stated: does not hold


def test_an_undeclared_fact_never_holds() -> None:
    assert "budget_ok" not in facts(with_deal([], facts={"budget_ok": True}))


def test_a_computed_fact_cannot_be_stated() -> None:
    # `check` reports the stated name as an error; the rules ignore the statement
    assert facts(with_deal([], facts={"needs_confirmed": True}))["needs_confirmed"] is False


def test_a_fact_declared_by_an_override_holds() -> None:
    override = {"facts": [{"id": "site_visit_done", "label": "Site visit done"}]}
    found = facts(with_deal([], facts={"site_visit_done": True}), override=override)
    assert found["site_visit_done"] is True


# ---- unmet and to_advance --------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "unmet", "to_advance"),
    [
        ("need", [], ["needs_confirmed"]),
        ("research", ["needs_confirmed"], ["needs_confirmed", "decision_maker_identified"]),
        ("solution", ["needs_confirmed", "decision_maker_identified"], NEGOTIATION_REQUIRES),
        ("negotiation", NEGOTIATION_REQUIRES, []),
        ("follow_up", [], []),
    ],
)
def test_unmet_and_to_advance_with_nothing_established(
    stage: str, unmet: list[str], to_advance: list[str]
) -> None:
    found = run(with_deal([], stage=stage)).opportunities[0]
    assert list(found.unmet) == unmet
    assert list(found.to_advance) == to_advance


def test_unmet_keeps_the_playbook_order_with_some_facts_holding() -> None:
    data = with_deal(
        [contact("dm", roles=["decision_maker"], stance="neutral")],
        stage="negotiation",
        value_proposition="Faster",
        needs=[need(confirmed_by=["dm"])],
    )
    found = run(data).opportunities[0]
    assert list(found.unmet) == [
        "competition_mapped",
        "decision_maker_supports",
        "alternatives_prepared",
    ]
    assert found.to_advance == ()


def test_the_clean_solution_deal_lacks_what_negotiation_requires() -> None:
    # needs confirmed and a supportive decision maker; no competition, no alternatives
    found = run(clean()).opportunities[0]
    assert found.unmet == ()
    assert list(found.to_advance) == ["competition_mapped", "alternatives_prepared"]


def test_closed_deals_have_no_unmet_and_no_actions() -> None:
    data = with_deal([], stage="negotiation", result="lost", closed_on="2026-10-01")
    found = run(data).opportunities[0]
    assert found.unmet == ()
    assert found.to_advance == ()
    assert found.actions == ()
    assert found.visit_goals == ()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_actions_and_visit_goals_of_the_stage_in_the_language(lang: str) -> None:
    stage = next(s for s in load_default()["stages"] if s["id"] == "research")
    found = run(with_deal([], stage="research"), lang=lang).opportunities[0]
    assert list(found.actions) == [text(a, lang) for a in stage["actions"]]
    assert list(found.visit_goals) == [text(g, lang) for g in stage["visit_goals"]]
    assert found.actions and found.visit_goals


# ---- coverage ------------------------------------------------------------------------------


def test_coverage_green_when_the_decision_makers_support() -> None:
    assert run(clean()).opportunities[0].coverage == "green"


def test_coverage_amber_when_only_another_key_player_supports() -> None:
    data = clean()
    people(data)["boss"]["stance"] = "neutral"
    assert run(data).opportunities[0].coverage == "amber"


def test_coverage_red_when_no_key_player_supports() -> None:
    data = clean()
    people(data)["boss"]["stance"] = "neutral"
    people(data)["coachy"]["stance"] = "skeptic"
    assert run(data).opportunities[0].coverage == "red"


def test_coverage_ignores_supportive_members_without_a_role() -> None:
    # a champion in the committee who holds no role is not a key player
    data = with_deal(
        [
            contact("dm", roles=["decision_maker"], stance="neutral"),
            contact("fan", stance="champion"),
        ],
        buying_committee=["dm", "fan"],
    )
    assert run(data).opportunities[0].coverage == "red"


def test_coverage_red_without_a_decision_maker_or_supporters() -> None:
    assert (
        run(with_deal([contact("u", roles=["user"], stance="neutral")])).opportunities[0].coverage
        == "red"
    )


def test_coverage_amber_without_a_decision_maker() -> None:
    data = with_deal([contact("u", roles=["user"], stance="supporter")])
    assert run(data).opportunities[0].coverage == "amber"


def test_coverage_is_per_opportunity() -> None:
    data = clean()
    data["opportunities"].append(
        {"id": "other", "name": "Other", "stage": "need", "buying_committee": ["coachy"]}
    )
    people(data)["coachy"]["stance"] = "neutral"
    found = run(data).opportunities
    assert [o.coverage for o in found] == ["green", "red"]


def test_the_base_account_is_unchanged_by_copies() -> None:
    data = clean()
    changed = copy_of(data)
    deal(changed)["stage"] = "need"
    assert deal(data)["stage"] == "solution"
