"""Dates, money and numbers formatted for the report language, with Babel.

Why Babel: it carries CLDR's rules per locale (``¥380万`` in Chinese, ``CN¥3.8M`` in English,
``2026年11月15日`` against ``Nov 15, 2026``), which hand-written formats would get wrong.
Nothing here reads the process locale or the time zone, so outputs never depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
)

LOCALES = {"zh": "zh_CN", "en": "en"}
"""Report language -> Babel locale."""

Number = Decimal | int | float


def locale_for(lang: str) -> str:
    return LOCALES.get(lang, "en")


@cache
def _locale(lang: str) -> Locale:
    """Why a parsed locale: Babel parses a locale name on every call (normalizing it against
    all its locale names), which costs more than the formatting; a portfolio formats
    thousands of amounts."""
    return Locale.parse(locale_for(lang))


@dataclass(frozen=True)
class Formatter:
    """Formats values for one report: its language and the account's currency."""

    lang: str
    currency: str
    year: int | None = None
    """The as-of year: short dates in it leave the year out."""

    @property
    def locale(self) -> Locale:
        return _locale(self.lang)

    def money(self, value: Number | None) -> str:
        """Whole currency units with grouping: ``¥3,800,000`` / ``CN¥3,800,000``."""
        if value is None:
            return "–"
        return format_currency(
            value, self.currency, format="¤#,##0", locale=self.locale, currency_digits=False
        )

    def money_short(self, value: Number | None) -> str:
        """A compact amount for tight spots: ``¥380万`` / ``CN¥3.8M``."""
        if value is None:
            return "–"
        if abs(Decimal(str(value))) < 1000:
            return self.money(value)
        return format_compact_currency(value, self.currency, locale=self.locale, fraction_digits=1)

    def day(self, value: date | None) -> str:
        """A date as readers of the language write it: ``2026年11月15日`` / ``Nov 15, 2026``."""
        return "–" if value is None else format_date(value, "medium", locale=self.locale)

    def short_day(self, value: date | None) -> str:
        """A compact date for tables: ``11月15日`` / ``Nov 15``; the year only when it is not
        the as-of year."""
        if value is None:
            return "–"
        if value.year != self.year:
            return self.day(value)
        pattern = "M月d日" if self.lang == "zh" else "MMM d"
        return format_date(value, pattern, locale=self.locale)

    def number(self, value: Number | None, digits: int = 0) -> str:
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: Number | None, digits: int = 0) -> str:
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(value, format=pattern, locale=self.locale)
