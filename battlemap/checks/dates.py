"""Dates: an as-of date in the future, events after the as-of date, performance periods,
expired waivers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from battlemap.checks.access import contacts, entries, mapping, opportunities, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words
from battlemap.source import KeyPath


@register("as-of-future", Severity.ERROR, "The as-of date is later than tomorrow.")
def as_of_in_future(context: CheckContext) -> Iterator[Finding]:
    as_of = text(mapping(mapping(context.document.data).get("account")), "as_of")
    if context.today is None or as_of is None:
        return
    tomorrow = (context.today + timedelta(days=1)).isoformat()
    if as_of > tomorrow:
        message = Words(
            "as_of {as_of} is in the future (today is {today})",
            "as_of {as_of} 是将来的日期（今天是 {today}）",
        ).format(as_of=as_of, today=context.today.isoformat())
        yield Finding(("account", "as_of"), message)


_PERIOD_KINDS = (
    (re.compile(r"\d{4}"), "year"),
    (re.compile(r"\d{4}-H[12]"), "half-year"),
    (re.compile(r"\d{4}-Q[1-4]"), "quarter"),
    (re.compile(r"\d{4}-\d{2}"), "month"),
)
_PERIOD_NAMES = {
    "year": Words("a year", "年度"),
    "half-year": Words("a half-year", "半年度"),
    "quarter": Words("a quarter", "季度"),
    "month": Words("a month", "月度"),
}


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
            message = Words(
                "'{period}' is {kind.en}, but the first row is {first.en}",
                "「{period}」是{kind.zh}，但第一行是{first.zh}；所有行请用同一种周期",
            ).format(period=period, kind=_PERIOD_NAMES[str(kind)], first=_PERIOD_NAMES[first_kind])
            yield Finding(path, message)


@register("period-order", Severity.ERROR, "Performance rows are not oldest first, or repeat.")
def periods_out_of_order(context: CheckContext) -> Iterator[Finding]:
    previous: str | None = None
    for path, period in _periods(context):
        if previous is not None and period_kind(previous) == period_kind(period):
            if period == previous:
                message = Words("period '{period}' appears twice", "周期「{period}」出现了两次")
                yield Finding(path, message.format(period=period))
            elif period < previous:
                message = Words(
                    "period '{period}' comes after '{previous}'; list oldest first",
                    "周期「{period}」排在「{previous}」之后；请按时间从早到晚排列",
                )
                yield Finding(path, message.format(period=period, previous=previous))
        previous = period


@register("waiver-expired", Severity.WARNING, "A waiver's end date is before the as-of date.")
def expired_waivers(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    as_of = text(mapping(mapping(data).get("account")), "as_of")
    for path, waiver in entries(data, ("waivers",)):
        until = text(waiver, "until")
        if as_of is not None and until is not None and until < as_of:
            message = Words(
                "this waiver ended on {until}, before as_of {as_of}; it silences nothing",
                "这条豁免已于 {until} 到期，早于 as_of {as_of}；它不再屏蔽任何提醒",
            ).format(until=until, as_of=as_of)
            yield Finding((*path, "until"), message)


_PAST_FIELDS = {
    "last_contact": Words("the last contact", "最近联系"),
    "closed_on": Words("the deal's close", "结单"),
    "done": Words("this step's completion", "这一步的完成"),
}
"""Dates of what has happened (the as-of day describes the account up to then); what is
planned (an activity or a visit dated later) may be after it."""


def _dates_of_the_past(data: Any) -> Iterator[tuple[KeyPath, str]]:
    """(path, date) of each last_contact, closed_on and done date written in the account."""
    for path, contact in contacts(data):
        yield (*path, "last_contact"), text(contact, "last_contact") or ""
    for path, opportunity in opportunities(data):
        yield (*path, "closed_on"), text(opportunity, "closed_on") or ""
        for step_path, step in entries(opportunity, ("next_steps",)):
            yield (*path, *step_path, "done"), text(step, "done") or ""
        for need_path, need in entries(opportunity, ("needs",)):
            plan = mapping(need.get("plan"))
            yield (*path, *need_path, "plan", "done"), text(plan, "done") or ""


@register(
    "date-after-as-of",
    Severity.ERROR,
    "A last_contact, closed_on or done date is later than the as-of date.",
)
def dates_after_as_of(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    as_of = text(mapping(mapping(data).get("account")), "as_of")
    if as_of is None:
        return
    for path, day in _dates_of_the_past(data):
        if day > as_of:
            what = _PAST_FIELDS[str(path[-1])]
            message = Words(
                "{key} {day} is after as_of {as_of}: {what.en} cannot be later than the day "
                "the file describes; correct the date, or move as_of forward",
                "{key} {day} 晚于 as_of {as_of}：{what.zh}不能晚于文件所描述的日期；"
                "请改正日期，或把 as_of 改到更晚的日期",
            ).format(key=path[-1], day=day, as_of=as_of, what=what)
            yield Finding(path, message)
