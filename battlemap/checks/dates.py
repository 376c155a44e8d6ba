"""Dates: an as-of date in the future, performance periods, expired waivers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from battlemap.checks.access import entries, mapping, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity


@register("as-of-future", Severity.ERROR, "The as-of date is later than tomorrow.")
def as_of_in_future(context: CheckContext) -> Iterator[Finding]:
    as_of = text(mapping(mapping(context.document.data).get("account")), "as_of")
    if context.today is None or as_of is None:
        return
    tomorrow = (context.today + timedelta(days=1)).isoformat()
    if as_of > tomorrow:
        message = f"as_of {as_of} is in the future (today is {context.today.isoformat()})"
        yield Finding(("account", "as_of"), message)


_PERIOD_KINDS = (
    (re.compile(r"\d{4}"), "year"),
    (re.compile(r"\d{4}-H[12]"), "half-year"),
    (re.compile(r"\d{4}-Q[1-4]"), "quarter"),
    (re.compile(r"\d{4}-\d{2}"), "month"),
)


def period_kind(period: str) -> str | None:
    """'year', 'half-year', 'quarter' or 'month' for a period string."""
    for pattern, kind in _PERIOD_KINDS:
        if pattern.fullmatch(period):
            return kind
    return None


def _periods(context: CheckContext) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for path, row in entries(context.document.data, ("performance",)):
        period = row.get("period")
        if isinstance(period, int) and not isinstance(period, bool):
            period = str(period)
        if isinstance(period, str) and period_kind(period) is not None:
            yield (*path, "period"), period


@register("period-mixed", Severity.ERROR, "Performance rows mix kinds of period.")
def mixed_periods(context: CheckContext) -> Iterator[Finding]:
    first_kind: str | None = None
    for path, period in _periods(context):
        kind = period_kind(period)
        if first_kind is None:
            first_kind = kind
        elif kind != first_kind:
            message = f"'{period}' is a {kind}, but the first row is a {first_kind}"
            yield Finding(path, message)


@register("period-order", Severity.ERROR, "Performance rows are not oldest first, or repeat.")
def periods_out_of_order(context: CheckContext) -> Iterator[Finding]:
    previous: str | None = None
    for path, period in _periods(context):
        if previous is not None and period_kind(previous) == period_kind(period):
            if period == previous:
                yield Finding(path, f"period '{period}' appears twice")
            elif period < previous:
                yield Finding(
                    path, f"period '{period}' comes after '{previous}'; list oldest first"
                )
        previous = period


@register("waiver-expired", Severity.WARNING, "A waiver's end date is before the as-of date.")
def expired_waivers(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    as_of = text(mapping(mapping(data).get("account")), "as_of")
    for path, waiver in entries(data, ("waivers",)):
        until = text(waiver, "until")
        if as_of is not None and until is not None and until < as_of:
            message = f"this waiver ended on {until}, before as_of {as_of}; it silences nothing"
            yield Finding((*path, "until"), message)
