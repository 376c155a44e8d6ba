"""Engagement: when each contact was last reached, against the cadence for their influence."""

from __future__ import annotations

from datetime import date
from typing import Any

from battlemap.assess.types import Engagement
from battlemap.model import Account


def last_contacts(account: Account) -> dict[str, date | None]:
    """The latest of last_contact, past visits attended and past activities naming them."""
    latest: dict[str, date | None] = {c.id: c.last_contact for c in account.contacts}

    def seen(ident: str, day: date) -> None:
        if ident in latest and day <= account.as_of:
            current = latest[ident]
            latest[ident] = day if current is None or day > current else current

    for visit in account.visits:
        for ident in visit.attendees:
            seen(ident, visit.date)
    for activity in account.activities:
        for ident in activity.contacts:
            seen(ident, activity.date)
    return latest


def engagement(account: Account, book: dict[str, Any]) -> tuple[Engagement, ...]:
    cadence = book["engagement"]["cadence_days"]
    latest = last_contacts(account)
    result = []
    for contact in account.contacts:
        if not contact.present:
            continue
        days = int(cadence.get(contact.influence, 60))
        last = latest[contact.id]
        engaged = last is not None and (account.as_of - last).days <= days
        result.append(Engagement(contact.id, last, days, engaged))
    return tuple(result)
