"""Buying committees and the computed facts about an opportunity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from battlemap.model import Account, Contact, Opportunity

SUPPORTIVE = ("champion", "supporter")


@dataclass(frozen=True)
class Member:
    """A committee member with the roles they hold in this deal."""

    contact: Contact
    roles: tuple[str, ...]

    @property
    def present(self) -> bool:
        return self.contact.present

    @property
    def supportive(self) -> bool:
        return self.contact.stance in SUPPORTIVE


def committee(account: Account, opportunity: Opportunity) -> tuple[Member, ...]:
    """The explicit committee, else every present contact holding a role."""
    if opportunity.committee is None:
        return tuple(Member(c, c.roles) for c in account.contacts if c.roles and c.present)
    members = []
    for entry in opportunity.committee:
        contact = account.contact(entry.contact)
        if contact is not None:
            roles = entry.roles if entry.roles is not None else contact.roles
            members.append(Member(contact, roles))
    return tuple(members)


def decision_makers(members: tuple[Member, ...]) -> tuple[Member, ...]:
    return tuple(m for m in members if "decision_maker" in m.roles)


def computed_facts(
    opportunity: Opportunity, members: tuple[Member, ...], as_of: date
) -> dict[str, bool]:
    """The facts battlemap computes; vacant and departed members satisfy none of them."""
    present = tuple(m for m in members if m.present)
    present_ids = {m.contact.id for m in present}
    deciders = decision_makers(members)
    negotiation = opportunity.negotiation
    competition = opportunity.competition
    return {
        "decision_maker_identified": bool(decision_makers(present)),
        "coach_identified": any("coach" in m.roles and m.supportive for m in present),
        "needs_confirmed": any(
            need.importance >= 4 and present_ids.intersection(need.confirmed_by)
            for need in opportunity.needs
        ),
        "competition_mapped": competition is not None
        and any(c.scores for c in competition.competitors),
        "value_proposition_stated": bool((opportunity.value_proposition or "").strip()),
        "decision_maker_supports": bool(deciders)
        and all(m.present and m.supportive for m in deciders),
        "price_discussed": negotiation.price_discussed,
        "alternatives_prepared": bool(negotiation.alternatives),
        "next_step_planned": any(
            not step.finished and step.due is not None and step.due >= as_of
            for step in opportunity.next_steps
        ),
    }


def coverage(facts: dict[str, bool], members: tuple[Member, ...]) -> str:
    """green: the decision makers support us; amber: some key player does; red: nobody."""
    if facts["decision_maker_supports"]:
        return "green"
    if any(m.present and m.roles and m.supportive for m in members):
        return "amber"
    return "red"
