"""Performance: attainment per period and the trend of the last period against the one before."""

from __future__ import annotations

from decimal import Decimal

from battlemap.assess.types import Performance, PeriodResult
from battlemap.model import Account, PerformanceRow

FLAT_WITHIN = Decimal("0.02")
_MEASURES = ("revenue", "margin", "satisfaction")


def trend(previous: Decimal | None, last: Decimal | None) -> str | None:
    """'up', 'down' or 'flat' (a relative change within 2%); None when unknown."""
    if previous is None or last is None:
        return None
    if previous == 0:
        return "flat" if last == 0 else ("up" if last > 0 else "down")
    change = (last - previous) / abs(previous)
    if abs(change) <= FLAT_WITHIN:
        return "flat"
    return "up" if change > 0 else "down"


def _attainment(row: PerformanceRow) -> Decimal | None:
    if row.revenue is None or not row.target:
        return None
    return row.revenue / row.target


def assess_performance(account: Account) -> Performance:
    rows = account.performance
    trends: dict[str, str] = {}
    if len(rows) >= 2:
        for measure in _MEASURES:
            found = trend(getattr(rows[-2], measure), getattr(rows[-1], measure))
            if found is not None:
                trends[measure] = found
    return Performance(tuple(PeriodResult(r.period, _attainment(r)) for r in rows), trends)
