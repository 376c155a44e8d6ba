"""Segment (rules.md, "Segment"): share of wallet, profit, tier and the attack/defend posture.

Every expectation is computed by hand from rules.md and the default playbook: tiers
strategic (wallet >= 10,000,000 or revenue_ltm >= 5,000,000 or market_influence high),
key (wallet >= 2,000,000 or revenue_ltm >= 1,000,000), general; attractive = wallet >=
5,000,000 or market_influence high; strong = share_of_wallet >= 0.30 (a null share is weak).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from battlemap.assess.segment import split_because
from tests.rules_support import account, run


def segment(override: dict[str, Any] | None = None, **fields: Any) -> Any:
    return run(account(**fields), override).segment


# ---- share of wallet and profit ------------------------------------------------------------


def test_share_exactly_thirty_percent_is_strong() -> None:
    found = segment(wallet=12_000_000, revenue_ltm=3_600_000)
    assert found.share_of_wallet == Decimal("0.3")
    assert found.strong is True


def test_share_just_below_thirty_percent_is_weak() -> None:
    found = segment(wallet=12_000_000, revenue_ltm=3_598_800)
    assert found.share_of_wallet == Decimal("0.2999")
    assert found.strong is False


@pytest.mark.parametrize(
    ("fields", "share"),
    [
        ({"wallet": 4_000_000, "revenue_ltm": 1_000_000}, Decimal("0.25")),
        ({"revenue_ltm": 1_000_000}, None),  # no wallet
        ({"wallet": 0, "revenue_ltm": 1_000_000}, None),  # a wallet of 0
        ({"wallet": 4_000_000}, None),  # active without revenue
        ({"wallet": 4_000_000, "status": "lost"}, None),  # lost without revenue
        ({"wallet": 4_000_000, "status": "potential"}, Decimal(0)),  # potential: counts as 0
        ({"status": "potential"}, None),  # potential without a wallet: still unknown
        ({"wallet": 1_000_000, "revenue_ltm": 1_500_000}, Decimal("1.5")),  # above one
    ],
)
def test_share_of_wallet(fields: dict[str, Any], share: Decimal | None) -> None:
    assert segment(**fields).share_of_wallet == share


def test_profit_is_revenue_times_margin() -> None:
    assert segment(revenue_ltm=3_600_000, margin=0.28).profit_ltm == Decimal(1_008_000)


@pytest.mark.parametrize("fields", [{"revenue_ltm": 3_600_000}, {"margin": 0.28}, {}])
def test_profit_is_null_when_an_input_is_missing(fields: dict[str, Any]) -> None:
    assert segment(**fields).profit_ltm is None


# ---- tier --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "tier"),
    [
        ({"wallet": 10_000_000}, "strategic"),
        ({"wallet": 9_999_999}, "key"),
        ({"revenue_ltm": 5_000_000}, "strategic"),
        ({"revenue_ltm": 4_999_999}, "key"),
        ({"market_influence": "high"}, "strategic"),
        ({"market_influence": "medium"}, "general"),
        ({"wallet": 2_000_000}, "key"),
        ({"wallet": 1_999_999}, "general"),
        ({"revenue_ltm": 1_000_000}, "key"),
        ({"revenue_ltm": 999_999}, "general"),
        ({"wallet": 1_999_999, "revenue_ltm": 999_999, "market_influence": "low"}, "general"),
        ({}, "general"),
    ],
)
def test_default_tiers_at_and_around_each_threshold(fields: dict[str, Any], tier: str) -> None:
    assert segment(**fields).tier == tier


def test_tier_because_names_what_held_and_what_was_passed_over() -> None:
    because = segment(wallet=3_000_000, revenue_ltm=200_000).because[0]
    assert because.rule == "tier"
    assert because.values["tier"] == "key"
    assert because.values["passed_over"] == ["strategic"]
    assert because.values["held"] == [{"metric": "wallet", "min": 2_000_000}]
    assert because.values["wallet"] == Decimal(3_000_000)


PER_CURRENCY = {
    "tiers": [
        {
            "id": "strategic",
            "when_any": [{"metric": "wallet", "min": {"CNY": 10_000_000, "USD": 1_500_000}}],
        }
    ]
}


@pytest.mark.parametrize(
    ("currency", "wallet", "tier"),
    [
        ("USD", 1_500_000, "strategic"),
        ("USD", 1_499_999, "key"),  # the default `key`: USD 280,000
        ("USD", 279_999, "general"),
        ("CNY", 1_500_000, "general"),
        ("CNY", 10_000_000, "strategic"),
        ("EUR", 50_000_000, None),  # the map lacks EUR: no tier
    ],
)
def test_tier_thresholds_per_currency(currency: str, wallet: int, tier: str | None) -> None:
    assert segment(PER_CURRENCY, currency=currency, wallet=wallet).tier == tier


def test_a_currency_missing_from_a_threshold_map_says_so_in_because() -> None:
    found = segment(PER_CURRENCY, currency="EUR", wallet=50_000_000)
    tier, *_, gap = found.because
    assert (tier.rule, tier.values["tier"], tier.values["undecided"]) == ("tier", None, "strategic")
    assert gap.rule == "tier-currency"
    assert gap.values == {"currency": "EUR", "tier": "strategic", "metrics": ["wallet"]}


# The default states CNY, USD and EUR (issue 12, row 18): each currency at its own amounts.
@pytest.mark.parametrize(
    ("currency", "fields", "tier"),
    [
        ("USD", {"wallet": 1_400_000}, "strategic"),
        ("USD", {"wallet": 1_399_999}, "key"),
        ("USD", {"revenue_ltm": 140_000}, "key"),
        ("USD", {"revenue_ltm": 139_999}, "general"),
        ("EUR", {"wallet": 1_300_000}, "strategic"),
        ("EUR", {"revenue_ltm": 650_000}, "strategic"),
        ("EUR", {"wallet": 259_999}, "general"),
        ("CNY", {"wallet": 1_400_000}, "general"),  # not the USD amount
    ],
)
def test_default_tiers_in_each_stated_currency(
    currency: str, fields: dict[str, Any], tier: str
) -> None:
    found = segment(currency=currency, **fields)
    assert found.tier == tier
    assert [b for b in found.because if b.rule == "tier-currency"] == []


@pytest.mark.parametrize("currency", ["IDR", "JPY"])
def test_another_currency_gets_no_money_based_tier(currency: str) -> None:
    # 50 billion would be strategic in CNY; the default states no amount in IDR or JPY
    found = run(account(currency=currency, wallet=50_000_000_000, revenue_ltm=1))
    assert found.segment.tier is None
    assert found.segment.attractive is False
    gaps = [b.values for b in found.segment.because if b.rule == "tier-currency"]
    assert gaps == [
        {"currency": currency, "tier": "strategic", "metrics": ["wallet", "revenue_ltm"]},
        {"currency": currency, "tier": "posture.attractive_when_any", "metrics": ["wallet"]},
    ]
    warnings = [f for f in found.flags if f.code == "tier-currency-missing"]
    assert [f.severity for f in warnings] == ["warning", "warning"]
    assert f"state no amount in {currency}" in warnings[0].message


def test_another_currency_still_gets_a_tier_from_a_rule_without_money() -> None:
    found = segment(currency="IDR", wallet=50_000_000_000, market_influence="high")
    assert (found.tier, found.attractive) == ("strategic", True)
    tier = found.because[0]
    assert tier.values["held"] == [{"metric": "market_influence", "equals": "high"}]
    assert "tier-currency" in [b.rule for b in found.because]  # still said


def test_a_money_threshold_without_a_currency_applies_to_none() -> None:
    # no silent same number in every currency: a plain number states no currency
    plain = {"tiers": [{"id": "strategic", "when_any": [{"metric": "wallet", "min": 1}]}]}
    for currency in ("CNY", "USD", "IDR"):
        found = segment(plain, currency=currency, wallet=10**12)
        assert found.tier is None, currency
        gap = next(b for b in found.because if b.rule == "tier-currency")
        assert gap.values["tier"] == "strategic"


def test_a_held_money_threshold_is_shown_in_the_account_currency() -> None:
    because = segment(currency="EUR", wallet=300_000).because[0]
    assert because.values["held"] == [{"metric": "wallet", "min": Decimal(260_000)}]


def test_tier_on_employees_and_profit() -> None:
    override = {
        "tiers": [
            {"id": "strategic", "when_any": [{"metric": "size.employees", "min": 5000}]},
            {"id": "key", "when_any": [{"metric": "profit_ltm", "min": {"CNY": 100_000}}]},
        ]
    }
    assert segment(override, size={"employees": 5000}).tier == "strategic"
    assert segment(override, size={"employees": 4999}).tier == "general"
    # 400,000 x 0.25 = 100,000: exactly at the threshold
    assert segment(override, revenue_ltm=400_000, margin=0.25).tier == "key"
    assert segment(override, revenue_ltm=399_999, margin=0.25).tier == "general"


# ---- posture -----------------------------------------------------------------------------

# attractive: wallet >= 5,000,000 (or market influence high); strong: share >= 0.30
ATTRACTIVE_WEAK = {"wallet": 6_000_000, "revenue_ltm": 600_000}  # 0.10
ATTRACTIVE_STRONG = {"wallet": 6_000_000, "revenue_ltm": 1_800_000}  # 0.30
UNATTRACTIVE_STRONG = {"wallet": 1_000_000, "revenue_ltm": 500_000}  # 0.50
UNATTRACTIVE_WEAK = {"wallet": 1_000_000, "revenue_ltm": 100_000}  # 0.10


@pytest.mark.parametrize(
    ("status", "quadrant", "posture"),
    [
        ("potential", ATTRACTIVE_WEAK, "attack"),
        ("potential", ATTRACTIVE_STRONG, "defend"),
        ("potential", UNATTRACTIVE_STRONG, "maintain"),
        ("potential", UNATTRACTIVE_WEAK, "monitor"),
        ("active", ATTRACTIVE_WEAK, "attack"),
        ("active", ATTRACTIVE_STRONG, "defend"),
        ("active", UNATTRACTIVE_STRONG, "maintain"),
        ("active", UNATTRACTIVE_WEAK, "monitor"),
        ("lost", ATTRACTIVE_WEAK, "win_back"),
        ("lost", ATTRACTIVE_STRONG, "win_back"),
        ("lost", UNATTRACTIVE_STRONG, "exit"),
        ("lost", UNATTRACTIVE_WEAK, "exit"),
    ],
)
def test_posture_matrix(status: str, quadrant: dict[str, int], posture: str) -> None:
    assert segment(status=status, **quadrant).posture == posture


@pytest.mark.parametrize(
    ("fields", "attractive"),
    [
        ({"wallet": 5_000_000}, True),
        ({"wallet": 4_999_999}, False),
        ({"wallet": 4_999_999, "market_influence": "high"}, True),
        ({"market_influence": "medium"}, False),
    ],
)
def test_attractive_threshold(fields: dict[str, Any], attractive: bool) -> None:
    assert segment(**fields).attractive is attractive


@pytest.mark.parametrize(
    ("status", "fields", "posture"),
    [
        # a null share counts as weak
        ("active", {"market_influence": "high"}, "attack"),  # no wallet
        ("active", {"wallet": 6_000_000}, "attack"),  # active without revenue
        ("active", {"wallet": 1_000_000}, "monitor"),
        ("lost", {"wallet": 6_000_000}, "win_back"),
        ("lost", {"wallet": 1_000_000}, "exit"),
        # potential without revenue: a share of 0, weak
        ("potential", {"wallet": 6_000_000}, "attack"),
        ("potential", {"wallet": 1_000_000}, "monitor"),
    ],
)
def test_unknown_share_is_weak(status: str, fields: dict[str, Any], posture: str) -> None:
    found = segment(status=status, **fields)
    assert found.strong is False
    assert found.posture == posture


def test_posture_because_holds_its_inputs() -> None:
    because = segment(wallet=12_000_000, revenue_ltm=3_600_000).because[1]
    assert because.rule == "posture"
    assert because.values == {
        "status": "active",
        "attractive": True,
        "share_of_wallet": Decimal("0.3"),
        "strong_share": Decimal("0.3"),
        "strong": True,
        "posture": "defend",
    }


def test_strong_share_threshold_comes_from_the_playbook() -> None:
    override = {"posture": {"strong_share": 0.25}}
    assert segment(override, wallet=1_000_000, revenue_ltm=250_000).posture == "maintain"
    assert segment(override, wallet=1_000_000, revenue_ltm=249_999).posture == "monitor"


def test_currency_gaps_are_explained_with_the_tier_or_the_posture() -> None:
    found = segment(currency="JPY", wallet=10**10, revenue_ltm=1)
    tier, posture = split_because(found)
    assert [(b.rule, b.values.get("tier")) for b in tier] == [
        ("tier", None),
        ("tier-currency", "strategic"),
    ]
    assert [(b.rule, b.values.get("tier")) for b in posture] == [
        ("posture", None),
        ("tier-currency", "posture.attractive_when_any"),
    ]
