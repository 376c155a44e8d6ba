"""What changed between two assessed versions of an account: on a deal, on a person, and which
flags are open. The one comparison `battlemap diff` (commands/diff.py) and `battlemap history`
(movements.py) both put in words, so that the two never disagree on what moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.model import PILLARS, Contact, Opportunity

DEAL_FIELDS = ("stage", "result", "value", "close_date")
"""A deal's fields that count as a move, in the order a reader is told them; its coverage
(computed by the playbook) follows them."""

FlagKey = tuple[str, str, str]
"""A flag's identity across versions: its code and its subject's kind and id."""


@dataclass(frozen=True)
class Change:
    field: str
    """A model field (``stage``, ``close_date``, ``roles``), ``coverage``, or
    ``trust.<pillar>``."""
    before: Any
    after: Any


def deal_changes(
    old: Opportunity, new: Opportunity, coverage: tuple[str | None, str | None]
) -> list[Change]:
    """What moved on one deal; ``coverage``: its coverage before and after."""
    changes = [
        Change(name, getattr(old, name), getattr(new, name))
        for name in DEAL_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    if coverage[0] != coverage[1]:
        changes.append(Change("coverage", *coverage))
    return changes


def contact_changes(old: Contact, new: Contact, fields: Sequence[str]) -> list[Change]:
    """What moved on one person: ``fields`` in their order (``roles`` compared as a set),
    then the trust of each pillar."""
    changes = []
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if name == "roles":
            if set(before) != set(after):
                changes.append(Change(name, list(before), list(after)))
        elif before != after:
            changes.append(Change(name, before, after))
    for pillar in PILLARS:
        before, after = old.trust.get(pillar), new.trust.get(pillar)
        if before != after:
            changes.append(Change(f"trust.{pillar}", before, after))
    return changes


def coverage_by_deal(assessment: Assessment | None) -> dict[str, str]:
    """Each deal's coverage by id (none without an assessment)."""
    if assessment is None:
        return {}
    return {o.id: o.coverage for o in assessment.opportunities}


def open_flags(assessment: Assessment | None) -> dict[FlagKey, str]:
    """The open flags by identity, each with its sentence, in the assessment's order."""
    if assessment is None:
        return {}
    return {(f.code, f.subject.kind, f.subject.id): f.message for f in assessment.flags}
