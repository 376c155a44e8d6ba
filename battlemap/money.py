"""Money as the map shows it (``¥3,600,000`` / ``CN¥3,600,000``), without Babel.

Why not Babel: flag messages are made by `check` too, which must start fast and import no
Babel. The output is the same as the map's (`render.formatting.Formatter.money`: Babel's
``format_currency`` with the pattern ``¤#,##0``) for every currency Babel knows, in every
report language; tests/test_money.py holds the two equal, so a Babel upgrade that changes a
symbol fails there, not silently.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

_SHARED = {
    "BRL": "R$",
    "CAD": "CA$",
    "EUR": "€",
    "GBP": "£",
    "HKD": "HK$",
    "ILS": "₪",
    "INR": "₹",
    "KRW": "₩",
    "MXN": "MX$",
    "NZD": "NZ$",
    "TWD": "NT$",
    "VND": "₫",
    "XAF": "FCFA",
    "XCD": "EC$",
    "XCG": "Cg.",
    "XOF": "F\u202fCFA",
    "XPF": "CFPF",
}
SYMBOLS: dict[str, dict[str, str]] = {
    "zh": {
        **_SHARED,
        "AUD": "AU$",
        "CNY": "¥",
        "ILR": "ILS",
        "JPY": "JP¥",
        "USD": "US$",
    },
    "en": {
        **_SHARED,
        "AUD": "A$",
        "CNY": "CN¥",
        "JPY": "¥",
        "PHP": "₱",
        "USD": "$",
        "XXX": "¤",
    },
}
"""CLDR's currency symbols (zh_CN and en) that differ from the ISO code; any other
currency is shown by its code (``CHF3,600,000``), as Babel does."""


def money(amount: Decimal | int, currency: str, lang: str) -> str:
    """Whole currency units with grouping, half to even: ``¥3,600,000`` in zh,
    ``CN¥3,600,000`` in en (an unknown language reads as en, like the map)."""
    symbol = SYMBOLS.get(lang, SYMBOLS["en"]).get(currency, currency)
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    sign = "-" if whole < 0 else ""
    return f"{sign}{symbol}{abs(whole):,}"
