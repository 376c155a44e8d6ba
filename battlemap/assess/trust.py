"""Trust gaps (信任缺口): the required level per pillar against the assessed one."""

from __future__ import annotations

from typing import Any

from battlemap.assess.committee import committee
from battlemap.assess.types import Because, TrustGap
from battlemap.model import PILLARS, Account, Contact
from battlemap.playbook import text


def roles_held(account: Account) -> dict[str, tuple[str, ...]]:
    """Contact id -> general roles plus the roles held in any open deal, in first-seen order."""
    held = {c.id: list(c.roles) for c in account.contacts}
    for opportunity in account.opportunities:
        if not opportunity.is_open:
            continue
        for member in committee(account, opportunity):
            known = held.setdefault(member.contact.id, [])
            known.extend(r for r in member.roles if r not in known)
    return {ident: tuple(roles) for ident, roles in held.items()}


def _level(rule: Any, pillar: str) -> int:
    if isinstance(rule, dict):
        return int(rule.get(pillar, 0))
    return int(rule)


def required_levels(
    contact: Contact, roles: tuple[str, ...], trust: dict[str, Any]
) -> dict[str, int]:
    """The highest requirement over the contact's roles; by influence when they hold none."""
    by_role = trust["required_by_role"]
    if roles:
        return {p: max(_level(by_role.get(r, 0), p) for r in roles) for p in PILLARS}
    level = int(trust["required_by_influence"].get(contact.influence, 0))
    return dict.fromkeys(PILLARS, level)


def _skipped(contact: Contact, roles: tuple[str, ...]) -> bool:
    return not contact.present or (contact.external and not roles)


def trust_gaps(account: Account, book: dict[str, Any], lang: str) -> tuple[TrustGap, ...]:
    trust = book["trust"]
    weights = trust["influence_weight"]
    unassessed_at = int(trust["unassessed_gap_at"])
    actions = {
        p["id"]: tuple(text(a, lang) for a in p.get("actions", ())) for p in trust["pillars"]
    }
    held = roles_held(account)
    ranked: list[tuple[tuple[int, int, int, int], TrustGap]] = []
    for order, contact in enumerate(account.contacts):
        roles = held.get(contact.id, ())
        if _skipped(contact, roles):
            continue
        weight = int(weights.get(contact.influence, 1))
        for pillar_order, (pillar, required) in enumerate(
            required_levels(contact, roles, trust).items()
        ):
            actual = contact.trust.get(pillar)
            if actual is None and required < unassessed_at:
                continue
            gap = None if actual is None else required - actual
            if gap is not None and gap <= 0:
                continue
            because = Because(
                "trust-gap",
                {
                    "roles": list(roles),
                    "influence": contact.influence,
                    "weight": weight,
                    "required": required,
                    "actual": actual,
                },
            )
            item = TrustGap(
                contact.id, pillar, actual, required, gap, actions.get(pillar, ()), (because,)
            )
            key = (
                (1, 0, order, pillar_order)
                if gap is None
                else (0, -gap * weight, order, pillar_order)
            )
            ranked.append((key, item))
    return tuple(item for _, item in sorted(ranked, key=lambda pair: pair[0]))
