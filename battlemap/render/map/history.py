"""The view-model of the relationship plan, the performance trend and the visits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from battlemap.model import PerformanceRow
from battlemap.playbook import text
from battlemap.render.context import RenderContext
from battlemap.render.map.front import GapRow, gap_row


@dataclass(frozen=True)
class ActivityRow:
    date: str
    date_iso: str
    kind: str
    contacts: str
    text: str
    planned: bool


@dataclass(frozen=True)
class PillarPlan:
    pillar: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Lapse:
    contact: str
    title: str | None
    last: str
    cadence: int


@dataclass(frozen=True)
class Relationship:
    activities: tuple[ActivityRow, ...]
    gaps: tuple[GapRow, ...]
    pillar_plans: tuple[PillarPlan, ...]
    lapses: tuple[Lapse, ...]


def relationship(ctx: RenderContext) -> Relationship:
    account, assessment = ctx.account, ctx.compiled.assessment
    names = ctx.ui["list_sep"]
    activities = tuple(
        ActivityRow(
            date=ctx.fmt.day(a.date),
            date_iso=a.date.isoformat(),
            kind=ctx.label("activity_kinds", a.kind),
            contacts=names.join(ctx.contact_name(c) for c in a.contacts) or "–",
            text=a.text or "",
            planned=a.date > account.as_of,
        )
        for a in account.activities
    )
    gaps = tuple(gap_row(ctx, g) for g in assessment.trust_gaps)
    return Relationship(activities, gaps, _pillar_plans(ctx), _lapses(ctx))


def _pillar_plans(ctx: RenderContext) -> tuple[PillarPlan, ...]:
    """The playbook's actions once for each pillar that has a gap, in pillar order."""
    with_gaps = {g.pillar for g in ctx.compiled.assessment.trust_gaps}
    pillars = (ctx.book.get("trust") or {}).get("pillars") or ()
    return tuple(
        PillarPlan(ctx.pillar_label(p["id"]), tuple(text(a, ctx.lang) for a in p["actions"]))
        for p in pillars
        if p.get("id") in with_gaps and p.get("actions")
    )


def _lapses(ctx: RenderContext) -> tuple[Lapse, ...]:
    found = []
    for item in ctx.compiled.assessment.engagement:
        if item.engaged:
            continue
        contact = ctx.account.contact(item.contact)
        last = ctx.fmt.day(item.last_contact) if item.last_contact else ctx.ui["never"]
        found.append(
            Lapse(
                ctx.contact_name(item.contact),
                contact.title if contact else None,
                last,
                item.cadence_days,
            )
        )
    return tuple(found)


CHART_WIDTH = 520
CHART_HEIGHT = 190
_TOP, _BOTTOM, _SIDE = 26, 24, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PeriodView:
    period: str
    revenue: str
    target: str
    attainment: str
    met: bool
    margin: str
    satisfaction: str
    revenue_bar: Bar | None
    target_bar: Bar | None
    center: float
    attain_y: float


@dataclass(frozen=True)
class PerformanceView:
    periods: tuple[PeriodView, ...]
    width: int
    height: int
    baseline: float
    label_y: float
    trends: tuple[tuple[str, str, str], ...]
    """(measure label, trend id, trend label)."""


def _bar(value: Decimal | None, x: float, width: float, top: Decimal) -> Bar | None:
    if value is None or top <= 0 or value < 0:
        return None
    plot = CHART_HEIGHT - _TOP - _BOTTOM
    height = float(value / top) * plot
    return Bar(
        round(x, 1), round(CHART_HEIGHT - _BOTTOM - height, 1), round(width, 1), round(height, 1)
    )


def performance(ctx: RenderContext) -> PerformanceView | None:
    rows = ctx.account.performance
    if not rows:
        return None
    top = max((v for r in rows for v in (r.revenue, r.target) if v is not None), default=None)
    slot = (CHART_WIDTH - 2 * _SIDE) / len(rows)
    bar = min(slot * 0.32, 34.0)
    periods = tuple(
        _period(ctx, row, result.attainment, _SIDE + slot * i, slot, bar, top or Decimal(0))
        for i, (row, result) in enumerate(
            zip(rows, ctx.compiled.assessment.performance.periods, strict=True)
        )
    )
    measures = ("revenue", "margin", "satisfaction")
    trends = ctx.compiled.assessment.performance.trends
    return PerformanceView(
        periods=periods,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        baseline=CHART_HEIGHT - _BOTTOM,
        label_y=CHART_HEIGHT - 7,
        trends=tuple(
            (ctx.ui[m], trends[m], ctx.ui["trend_" + trends[m]]) for m in measures if m in trends
        ),
    )


def _period(
    ctx: RenderContext,
    row: PerformanceRow,
    attainment: Decimal | None,
    left: float,
    slot: float,
    bar: float,
    top: Decimal,
) -> PeriodView:
    center = left + slot / 2
    fmt = ctx.fmt
    revenue_bar = _bar(row.revenue, center - bar - 1, bar, top)
    target_bar = _bar(row.target, center + 1, bar, top)
    tops = [b.y for b in (revenue_bar, target_bar) if b is not None]
    return PeriodView(
        period=row.period,
        revenue=fmt.money_short(row.revenue),
        target=fmt.money_short(row.target),
        attainment=fmt.percent(attainment),
        met=attainment is not None and attainment >= 1,
        margin=fmt.percent(row.margin, 1),
        satisfaction=fmt.number(row.satisfaction, 1),
        revenue_bar=revenue_bar,
        target_bar=target_bar,
        center=round(center, 1),
        attain_y=round(min(tops, default=CHART_HEIGHT - _BOTTOM) - 5, 1),
    )


@dataclass(frozen=True)
class VisitRow:
    id: str
    date: str
    date_iso: str
    opportunity: str
    objective: str
    attendees: str
    team: str
    outcome: str | None
    upcoming: bool


def visits(ctx: RenderContext) -> tuple[VisitRow, ...]:
    sep = ctx.ui["list_sep"]
    return tuple(
        VisitRow(
            id=v.id,
            date=ctx.fmt.day(v.date),
            date_iso=v.date.isoformat(),
            opportunity=ctx.opportunity_name(v.opportunity) if v.opportunity else "–",
            objective=v.objective or v.id,
            attendees=sep.join(ctx.contact_name(a) for a in v.attendees) or "–",
            team=sep.join(ctx.team_name(t) for t in v.team) or "–",
            outcome=v.outcome,
            upcoming=v.date >= ctx.account.as_of,
        )
        for v in sorted(ctx.account.visits, key=lambda v: v.date)
    )
