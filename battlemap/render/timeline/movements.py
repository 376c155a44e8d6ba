"""What moved between two consecutive points of an account's history.

A movement is data: its kind, the display name of its subject (a deal, a person, or a flag's
own sentence) and the values before and after as codes. The text and the page word them in
the account's language from the playbook's labels; ids never reach a reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.model import PILLARS, Account
from battlemap.timeline import Point

CONTACT_FIELDS = ("stance", "influence")


@dataclass(frozen=True)
class Movement:
    kind: str
    """deal-added, deal-removed, stage, result, coverage, value, close-date, joined, left,
    stance, influence, trust, flag-opened, flag-closed."""
    subject: str
    before: Any = None
    after: Any = None
    detail: str = ""
    """The pillar of a trust move."""


def _coverage(assessment: Assessment) -> dict[str, str]:
    return {o.id: o.coverage for o in assessment.opportunities}


def _deals(
    old: Account, new: Account, old_cover: dict[str, str], new_cover: dict[str, str]
) -> Iterator[Movement]:
    before = {o.id: o for o in old.opportunities}
    for deal in new.opportunities:
        name = deal.name or deal.id
        previous = before.get(deal.id)
        if previous is None:
            yield Movement("deal-added", name, after=deal.stage)
            continue
        pairs = {
            "stage": (previous.stage, deal.stage),
            "result": (previous.result, deal.result),
            "coverage": (old_cover.get(deal.id), new_cover.get(deal.id)),
            "value": (previous.value, deal.value),
            "close-date": (previous.close_date, deal.close_date),
        }
        for kind, (was, now) in pairs.items():
            if was != now:
                yield Movement(kind, name, was, now)
    kept = {o.id for o in new.opportunities}
    for deal in old.opportunities:
        if deal.id not in kept:
            yield Movement("deal-removed", deal.name or deal.id)


def _people(old: Account, new: Account) -> Iterator[Movement]:
    before = {c.id: c for c in old.contacts if c.present}
    now_present = {c.id for c in new.contacts if c.present}
    for person in new.contacts:
        previous = before.get(person.id)
        if not person.present:
            continue
        if previous is None:
            yield Movement("joined", person.label)
            continue
        for name in CONTACT_FIELDS:
            was, now = getattr(previous, name), getattr(person, name)
            if was != now:
                yield Movement(name, person.label, was, now)
        for pillar in PILLARS:
            was, now = previous.trust.get(pillar), person.trust.get(pillar)
            if was != now:
                yield Movement("trust", person.label, was, now, pillar)
    for person in old.contacts:
        if person.present and person.id not in now_present:
            yield Movement("left", person.label)


def _flags(old: Assessment, new: Assessment) -> Iterator[Movement]:
    def keyed(assessment: Assessment) -> dict[tuple[str, str, str], str]:
        return {(f.code, f.subject.kind, f.subject.id): f.message for f in assessment.flags}

    was, now = keyed(old), keyed(new)
    for key, message in now.items():
        if key not in was:
            yield Movement("flag-opened", message)
    for key, message in was.items():
        if key not in now:
            yield Movement("flag-closed", message)


def movements(old: Point, new: Point) -> list[Movement]:
    """The moves from ``old`` to ``new``; both must be assessed points."""
    if old.account is None or old.assessment is None:
        raise ValueError("movements need an assessed point before")
    if new.account is None or new.assessment is None:
        raise ValueError("movements need an assessed point after")
    old_cover, new_cover = _coverage(old.assessment), _coverage(new.assessment)
    return [
        *_deals(old.account, new.account, old_cover, new_cover),
        *_people(old.account, new.account),
        *_flags(old.assessment, new.assessment),
    ]
