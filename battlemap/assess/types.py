"""What the rules pass derives: the assessment, every item with its ``because``.

Texts (actions, guidance, messages) are already in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Because:
    """Why a derived item holds: the rule id and the input values it used."""

    rule: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Segment:
    tier: str | None
    posture: str
    share_of_wallet: Decimal | None
    profit_ltm: Decimal | None
    attractive: bool
    strong: bool
    because: tuple[Because, ...]


@dataclass(frozen=True)
class CompetitionScore:
    us: Decimal
    competitors: dict[str, Decimal]
    strongest_rival: str | None
    lead: dict[str, str]
    """Criterion id -> 'lead' | 'lag' | 'even' against the strongest rival."""


@dataclass(frozen=True)
class OpportunityAssessment:
    id: str
    stage: str
    result: str
    actions: tuple[str, ...]
    visit_goals: tuple[str, ...]
    unmet: tuple[str, ...]
    to_advance: tuple[str, ...]
    coverage: str
    needs: tuple[str, ...]
    competition: CompetitionScore | None
    committee: tuple[str, ...]
    because: tuple[Because, ...]


@dataclass(frozen=True)
class TrustGap:
    contact: str
    pillar: str
    actual: int | None
    required: int
    gap: int | None
    actions: tuple[str, ...]
    because: tuple[Because, ...]


@dataclass(frozen=True)
class Engagement:
    contact: str
    last_contact: date | None
    cadence_days: int
    engaged: bool


@dataclass(frozen=True)
class PeriodResult:
    period: str
    attainment: Decimal | None


@dataclass(frozen=True)
class Performance:
    periods: tuple[PeriodResult, ...]
    trends: dict[str, str]
    """'revenue' | 'margin' | 'satisfaction' -> 'up' | 'down' | 'flat'."""


@dataclass(frozen=True)
class Subject:
    kind: str
    id: str


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    subject: Subject
    message: str
    because: tuple[Because, ...]


@dataclass(frozen=True)
class Assessment:
    segment: Segment
    opportunities: tuple[OpportunityAssessment, ...]
    trust_gaps: tuple[TrustGap, ...]
    engagement: tuple[Engagement, ...]
    performance: Performance
    flags: tuple[Flag, ...]
    waived: tuple[Flag, ...] = field(default=())
