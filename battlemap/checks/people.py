"""Contacts: names, departed people in open deals and visits, vacant positions at visits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from battlemap.checks.access import committee_ids, contacts, entries, opportunities, strings, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words


@register("missing-name", Severity.ERROR, "A contact has no name and is not a vacant position.")
def missing_names(context: CheckContext) -> Iterator[Finding]:
    for path, contact in contacts(context.document.data):
        if not contact.get("vacant") and "name" not in contact:
            label = text(contact, "title") or text(contact, "id")
            who = Words("{label}", "「{label}」").format(label=label) if label else _THIS_CONTACT
            message = Words(
                "{who.en} has no name; add 'name', or 'vacant: true' for an unfilled position",
                "{who.zh}没有姓名；请添加 name，空缺职位请写 vacant: true",
            ).format(who=who)
            yield Finding(path, message)


_THIS_CONTACT = Words("this contact", "这位联系人")


def _departed(data: Any) -> dict[str, str]:
    """Contact id -> departure date, for departed contacts."""
    found = {}
    for _, contact in contacts(data):
        ident, left = text(contact, "id"), text(contact, "departed")
        if ident is not None and left is not None:
            found[ident] = left
    return found


def _vacant(data: Any) -> set[str]:
    return {
        ident
        for _, contact in contacts(data)
        if contact.get("vacant") is True and (ident := text(contact, "id")) is not None
    }


@register(
    "departed-in-committee",
    Severity.ERROR,
    "A departed contact is in the buying committee of an open opportunity.",
)
def departed_in_committee(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    departed = _departed(data)
    for path, opportunity in opportunities(data):
        if opportunity.get("result", "open") != "open":
            continue
        for relative, member in committee_ids(opportunity):
            if member in departed:
                message = Words(
                    "'{member}' left on {left} but is in the committee of this open "
                    "opportunity; remove them or name their successor",
                    "「{member}」已于 {left} 离职，却仍在这个进行中商机的采购委员会里；"
                    "请移除，或写上接任者",
                ).format(member=member, left=departed[member])
                yield Finding((*path, *relative), message)


@register(
    "departed-attendee",
    Severity.ERROR,
    "A visit on or after a contact's departure lists them as an attendee.",
)
def departed_attendees(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    departed = _departed(data)
    for path, visit in entries(data, ("visits",)):
        day = text(visit, "date")
        for index, attendee in strings(visit.get("attendees")):
            left = departed.get(attendee)
            if left is not None and day is not None and day >= left:
                message = Words(
                    "'{attendee}' left on {left} and cannot attend this visit on {day}",
                    "「{attendee}」已于 {left} 离职，不能参加 {day} 的这次拜访",
                ).format(attendee=attendee, left=left, day=day)
                yield Finding((*path, "attendees", index), message)


@register(
    "vacant-attendee", Severity.ERROR, "A vacant position is listed among a visit's attendees."
)
def vacant_attendees(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    vacant = _vacant(data)
    for path, visit in entries(data, ("visits",)):
        for index, attendee in strings(visit.get("attendees")):
            if attendee in vacant:
                message = Words(
                    "'{attendee}' is a vacant position: nobody can attend for it yet",
                    "「{attendee}」是空缺职位：还没有人能以这个身份参加",
                ).format(attendee=attendee)
                yield Finding((*path, "attendees", index), message)
