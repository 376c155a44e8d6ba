"""The portfolio: one summary row per account, for the index over many accounts.

Rows are plain JSON values so that they can be kept in the build cache: an account that
is not rebuilt still has its row in the index.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from battlemap.diagnostics import Severity
from battlemap.report import plain

if TYPE_CHECKING:
    from battlemap.pipeline import Compiled


def _owner(compiled: Compiled) -> str | None:
    account = compiled.account
    for member in account.team:
        if member.id == account.owner:
            return member.name
    return account.owner


def summary_row(compiled: Compiled) -> dict[str, Any]:
    """What the index shows of one account."""
    account, assessment = compiled.account, compiled.assessment
    stages = [s["id"] for s in compiled.playbook["stages"]]
    pipeline = dict.fromkeys(stages, Decimal(0))
    for opportunity in account.opportunities:
        if opportunity.is_open and opportunity.value is not None:
            pipeline[opportunity.stage] = (
                pipeline.get(opportunity.stage, Decimal(0)) + opportunity.value
            )
    coverage = Counter(o.coverage for o in assessment.opportunities if o.result == "open")
    severities = Counter(f.severity for f in assessment.flags)
    segment = assessment.segment
    row = {
        "id": account.id,
        "name": account.name,
        "short_name": account.profile.get("short_name"),
        "status": account.status,
        "tier": segment.tier,
        "posture": segment.posture,
        "attractive": segment.attractive,
        "share_of_wallet": segment.share_of_wallet,
        "wallet": account.wallet,
        "market_influence": account.market_influence,
        "owner": _owner(compiled),
        "currency": account.currency,
        "as_of": account.as_of,
        "pipeline": pipeline,
        "pipeline_total": sum(pipeline.values(), Decimal(0)),
        "coverage": {colour: coverage.get(colour, 0) for colour in ("green", "amber", "red")},
        "flags": {level: severities.get(level, 0) for level in Severity},
        "trust_gaps": len(assessment.trust_gaps),
        "lang": compiled.lang,
    }
    result: dict[str, Any] = plain(row)
    return result
