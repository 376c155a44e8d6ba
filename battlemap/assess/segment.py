"""Segment: share of wallet, profit, tier and the attack/defend posture (exact decimals)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from battlemap.assess.types import Because, Segment
from battlemap.model import Account, number

_LEVELS = {"low": 1, "medium": 2, "high": 3}


def share_of_wallet(account: Account) -> Decimal | None:
    """revenue_ltm / wallet; a potential account without revenue counts as 0."""
    if not account.wallet:
        return None
    revenue = account.revenue_ltm
    if revenue is None:
        return Decimal(0) if account.status == "potential" else None
    return revenue / account.wallet


def profit_ltm(account: Account) -> Decimal | None:
    if account.revenue_ltm is None or account.margin is None:
        return None
    return account.revenue_ltm * account.margin


def metrics(account: Account) -> dict[str, Any]:
    return {
        "wallet": account.wallet,
        "revenue_ltm": account.revenue_ltm,
        "profit_ltm": profit_ltm(account),
        "size.employees": account.employees,
        "market_influence": account.market_influence,
    }


class MissingCurrency(Exception):
    """A threshold given per currency lacks the account's currency."""


def threshold(value: Any, currency: str) -> Decimal:
    if isinstance(value, dict):
        if currency not in value:
            raise MissingCurrency(currency)
        value = value[currency]
    found = number(value)
    return found if found is not None else Decimal(0)


def condition_holds(condition: dict[str, Any], values: dict[str, Any], currency: str) -> bool:
    """One `when_any` condition: a metric at least `min`, or equal to `equals`."""
    actual = values.get(condition["metric"])
    if actual is None:
        return False
    if "equals" in condition:
        return bool(actual == condition["equals"])
    if "min" in condition:
        if isinstance(actual, str):
            return _LEVELS.get(actual, 0) >= _LEVELS.get(str(condition["min"]), 99)
        return bool(actual >= threshold(condition["min"], currency))
    return False


def any_holds(conditions: list[dict[str, Any]], values: dict[str, Any], currency: str) -> bool:
    return any(condition_holds(c, values, currency) for c in conditions)


def _tier(
    account: Account, book: dict[str, Any], values: dict[str, Any]
) -> tuple[str | None, Because]:
    """The first tier whose conditions hold; `because` names what held and what was passed."""
    passed: list[str] = []
    currency = account.currency
    for tier in book["tiers"]:
        conditions = tier.get("when_any")
        try:
            held = [c for c in conditions or () if condition_holds(c, values, currency)]
        except MissingCurrency:
            return None, Because("tier-currency", {"currency": currency, "tier": tier["id"]})
        if conditions is None or held:
            found = {"tier": tier["id"], "held": held, "passed_over": passed, **_shown(values)}
            return tier["id"], Because("tier", found)
        passed.append(tier["id"])
    return None, Because("tier", {"tier": None, "passed_over": passed, **_shown(values)})


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def assess_segment(account: Account, book: dict[str, Any]) -> Segment:
    values = metrics(account)
    share = share_of_wallet(account)
    tier, tier_because = _tier(account, book, values)
    rules = book["posture"]
    posture_gap: tuple[Because, ...] = ()
    try:
        attractive = any_holds(rules["attractive_when_any"], values, account.currency)
    except MissingCurrency:
        attractive = False
        posture_gap = (Because("tier-currency", {"currency": account.currency, "tier": "posture"}),)
    strong_share = number(rules["strong_share"])
    strong = share is not None and strong_share is not None and share >= strong_share
    quadrant = f"{'attractive' if attractive else 'unattractive'}_{'strong' if strong else 'weak'}"
    posture = rules["matrix"][account.status][quadrant]
    posture_because = Because(
        "posture",
        {
            "status": account.status,
            "attractive": attractive,
            "share_of_wallet": share,
            "strong_share": strong_share,
            "strong": strong,
            "posture": posture,
        },
    )
    return Segment(
        tier=tier,
        posture=posture,
        share_of_wallet=share,
        profit_ltm=values["profit_ltm"],
        attractive=attractive,
        strong=strong,
        because=(tier_because, posture_because, *posture_gap),
    )
