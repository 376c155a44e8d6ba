"""Segment: share of wallet, profit, tier and the attack/defend posture (exact decimals)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from battlemap.assess.types import Because, Segment
from battlemap.model import Account, number
from battlemap.playbook import MONEY_METRICS

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


def threshold(condition: dict[str, Any], currency: str) -> Decimal | None:
    """The condition's ``min`` for an account in ``currency``; None when it is a money
    threshold that does not state that currency (a plain number is not assumed to be in
    every currency: 2,000,000 CNY and 2,000,000 IDR are different amounts)."""
    value = condition["min"]
    if isinstance(value, dict):
        value = value.get(currency)
    elif condition["metric"] in MONEY_METRICS:
        value = None
    if value is None:
        return None
    found = number(value)
    return found if found is not None else Decimal(0)


def condition_holds(
    condition: dict[str, Any], values: dict[str, Any], currency: str
) -> bool | None:
    """One `when_any` condition: a metric at least `min`, or equal to `equals`; None when it
    cannot be decided (a money threshold without the account's currency)."""
    actual = values.get(condition["metric"])
    if actual is None:
        return False
    if "equals" in condition:
        return bool(actual == condition["equals"])
    if "min" in condition:
        if isinstance(actual, str):
            return _LEVELS.get(actual, 0) >= _LEVELS.get(str(condition["min"]), 99)
        limit = threshold(condition, currency)
        return None if limit is None else bool(actual >= limit)
    return False


@dataclass(frozen=True)
class Outcome:
    """`when_any` over an account: the conditions that held, and those undecided.

    "Any" is decided as a three-valued or: it holds when one condition holds, whatever the
    undecided ones; it is unknown when none holds and some are undecided."""

    held: list[dict[str, Any]]
    undecided: list[dict[str, Any]]

    @property
    def holds(self) -> bool | None:
        return True if self.held else (None if self.undecided else False)


def when_any(conditions: list[dict[str, Any]], values: dict[str, Any], currency: str) -> Outcome:
    results = [(c, condition_holds(c, values, currency)) for c in conditions]
    return Outcome(
        held=[_resolved(c, currency) for c, found in results if found],
        undecided=[c for c, found in results if found is None],
    )


def _resolved(condition: dict[str, Any], currency: str) -> dict[str, Any]:
    """A condition that held, its money threshold in the account's currency (for `because`)."""
    if "min" in condition and isinstance(condition["min"], dict):
        return {**condition, "min": threshold(condition, currency)}
    return condition


ATTRACTIVENESS = "posture.attractive_when_any"
"""Names the attractiveness conditions in a `tier-currency` because (tiers: the tier id)."""


def _currency_gap(currency: str, where: str, outcome: Outcome) -> Because:
    undecided = [c["metric"] for c in outcome.undecided]
    return Because("tier-currency", {"currency": currency, "tier": where, "metrics": undecided})


def _tier(
    account: Account, book: dict[str, Any], values: dict[str, Any]
) -> tuple[str | None, Because, tuple[Because, ...]]:
    """The first tier whose conditions hold; `because` names what held and what was passed.

    A tier that cannot be decided (only money conditions lacking the account's currency
    could hold) ends the search with tier null: passing over it would claim the account is
    below a threshold nobody stated for its currency. Undecided money conditions are
    reported (`tier-currency`) even when a condition without money decided the tier."""
    passed: list[str] = []
    currency = account.currency
    gaps: list[Because] = []
    for tier in book["tiers"]:
        conditions = tier.get("when_any")
        outcome = when_any(conditions or [], values, currency)
        if outcome.undecided:
            gaps.append(_currency_gap(currency, tier["id"], outcome))
        if conditions is None or outcome.holds:
            found = {
                "tier": tier["id"],
                "held": outcome.held,
                "passed_over": passed,
                **_shown(values),
            }
            return tier["id"], Because("tier", found), tuple(gaps)
        if outcome.holds is None:
            found = {"tier": None, "undecided": tier["id"], "passed_over": passed, **_shown(values)}
            return None, Because("tier", found), tuple(gaps)
        passed.append(tier["id"])
    found = {"tier": None, "passed_over": passed, **_shown(values)}
    return None, Because("tier", found), tuple(gaps)


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def assess_segment(account: Account, book: dict[str, Any]) -> Segment:
    values = metrics(account)
    share = share_of_wallet(account)
    tier, tier_because, tier_gaps = _tier(account, book, values)
    rules = book["posture"]
    attractiveness = when_any(rules["attractive_when_any"], values, account.currency)
    # undecided is not attractive (the matrix needs a quadrant; the warning says why)
    attractive = attractiveness.holds is True
    posture_gap = (
        (_currency_gap(account.currency, ATTRACTIVENESS, attractiveness),)
        if attractiveness.undecided
        else ()
    )
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
        because=(tier_because, posture_because, *tier_gaps, *posture_gap),
    )


def split_because(segment: Segment) -> tuple[tuple[Because, ...], tuple[Because, ...]]:
    """A segment's `because` for readers: (the tier's, with its thresholds' currency gaps;
    the posture's, with the attractiveness conditions' currency gap)."""

    def about_posture(because: Because) -> bool:
        return because.rule == "posture" or because.values.get("tier") == ATTRACTIVENESS

    tier = tuple(b for b in segment.because if not about_posture(b))
    return tier, tuple(b for b in segment.because if about_posture(b))
