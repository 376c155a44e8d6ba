"""battlemap.money: flag messages show money exactly as the map does, without Babel.

The map formats money with Babel (`Formatter.money`); `check` may not import Babel, so flag
messages use `battlemap.money`. These tests hold the two equal for every currency Babel
knows, in both report languages, over amounts from zero to the largest the schema allows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import list_currencies
from hypothesis import given, settings
from hypothesis import strategies as st

from battlemap.money import money
from battlemap.render.formatting import Formatter

LANGS = ["zh", "en"]
PLAYBOOK_CURRENCIES = ["CNY", "USD", "EUR", "CHF"]  # CHF: no symbol, shown by its code
AMOUNTS = [
    Decimal(0),
    Decimal("0.4999"),
    Decimal("0.5"),
    Decimal("1.5"),
    Decimal("2.5"),
    Decimal(999),
    Decimal("999.5"),
    Decimal(1000),
    Decimal(3_600_000),
    Decimal("3600000.25"),
    Decimal("1E+6"),
    Decimal("999999999999999999.9999"),  # just below the schema's limit, 10^18
    Decimal(-1234567),  # not in an input, but a difference can be negative
    7,
    12_000_000,
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("currency", PLAYBOOK_CURRENCIES)
@pytest.mark.parametrize("amount", AMOUNTS, ids=str)
def test_equal_to_the_maps_money(lang: str, currency: str, amount: Decimal | int) -> None:
    assert money(amount, currency, lang) == Formatter(lang, currency).money(amount)


@pytest.mark.parametrize("lang", [*LANGS, "fr"])  # a language without a table reads as en
@pytest.mark.parametrize("currency", [*sorted(list_currencies()), "ABC"])
def test_every_currency_babel_knows(lang: str, currency: str) -> None:
    amount = Decimal("3600000.5")
    assert money(amount, currency, lang) == Formatter(lang, currency).money(amount)


@settings(max_examples=300, deadline=None)
@given(
    lang=st.sampled_from(LANGS),
    currency=st.sampled_from(PLAYBOOK_CURRENCIES),
    amount=st.decimals(min_value=0, max_value=Decimal("1E18") - 1, places=4),
)
def test_equal_over_any_amount(lang: str, currency: str, amount: Decimal) -> None:
    assert money(amount, currency, lang) == Formatter(lang, currency).money(amount)
