"""The rules pass: a valid account and a playbook in, the assessment out.

Pure functions over the typed model; every derived item carries ``because``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from battlemap.assess.engagement import engagement
from battlemap.assess.flags import FlagInputs, raise_flags, split_waived
from battlemap.assess.opportunities import assess_opportunity
from battlemap.assess.performance import assess_performance
from battlemap.assess.segment import assess_segment
from battlemap.assess.trust import trust_gaps
from battlemap.assess.types import Assessment
from battlemap.model import Account


def assess(account: Account, book: dict[str, Any], lang: str, today: date | None) -> Assessment:
    """Derive the assessment. ``today`` enters only the date-dependent flags (dossier-stale)."""
    segment = assess_segment(account, book)
    engaged = engagement(account, book)
    inputs = FlagInputs(account, book, segment, {e.contact: e for e in engaged}, today)
    flags, waived = split_waived(raise_flags(inputs, lang), account)
    return Assessment(
        segment=segment,
        opportunities=tuple(
            assess_opportunity(account, o, book, lang) for o in account.opportunities
        ),
        trust_gaps=trust_gaps(account, book, lang),
        engagement=engaged,
        performance=assess_performance(account),
        flags=flags,
        waived=waived,
    )
