"""The view-model of page one: the account at a glance.

Templates only display: every choice (what to show, in what order, which colour class,
how wide a bar is) is made here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from battlemap.assess.segment import split_because
from battlemap.assess.types import Flag, OpportunityAssessment, TrustGap
from battlemap.model import Opportunity
from battlemap.playbook import text
from battlemap.render.context import Note, RenderContext, trust_gaps_sentence
from battlemap.render.rows import TRUST_SCALE, StepRow, step_row
from battlemap.render.widths import clip, ems

TOP_DEALS = 5
TOP_GAPS = 5
TOP_FLAGS = 5
TOP_STEPS = 5
# Page one's text is cut to fit its boxes (in ems of its font; the details show it whole).
DEAL_NAME_EMS = 26.0
UNMET_EMS = 26.0
FLAG_EMS = 74.0
STEP_EMS = 40.0


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class Header:
    name: str
    short_name: str | None
    logo: str | None
    tier_id: str
    tier: str | None
    tier_note: Note | None
    posture_id: str
    posture: str
    posture_note: Note | None
    guidance: str
    status: str
    owner: str
    as_of: str
    as_of_iso: str
    industry: str | None
    region: str | None
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Station:
    id: str
    label: str
    number: int


@dataclass(frozen=True)
class RoadDeal:
    id: str
    name: str
    value: str
    cells: tuple[str, ...]
    """Per station: 'passed', 'here' or 'ahead'."""
    coverage: str
    coverage_label: str
    result: str
    result_label: str
    stage_label: str
    unmet: str
    close_label: str
    close: str
    note: Note | None


@dataclass(frozen=True)
class Road:
    stations: tuple[Station, ...]
    deals: tuple[RoadDeal, ...]
    more: int
    pipeline: str


@dataclass(frozen=True)
class GapRow:
    contact: str
    title: str | None
    pillar: str
    actual: int | None
    required: int
    actual_pct: int
    required_pct: int
    note: Note | None


@dataclass(frozen=True)
class FlagRow:
    severity: str
    severity_label: str
    title: str
    message: str
    advice: str
    note: Note | None


@dataclass(frozen=True)
class Front:
    header: Header
    road: Road
    gaps: tuple[GapRow, ...]
    more_gaps: int
    flags: tuple[FlagRow, ...]
    more_flags: int
    steps: tuple[StepRow, ...]
    more_steps: int


def header(ctx: RenderContext, logo: str | None) -> Header:
    account, segment = ctx.account, ctx.compiled.assessment.segment
    posture = ctx.playbook_item("postures", segment.posture)
    tier_because, posture_because = split_because(segment)
    profile = account.profile
    return Header(
        name=account.name,
        short_name=_optional(profile.get("short_name")),
        logo=logo,
        tier_id=segment.tier or "none",
        tier=ctx.item_text("tiers", segment.tier) if segment.tier else None,
        tier_note=ctx.note("tier", ctx.ui["tier"], tier_because),
        posture_id=segment.posture,
        posture=ctx.item_text("postures", segment.posture),
        posture_note=ctx.note("posture", ctx.ui["posture"], posture_because),
        guidance=text(posture.get("summary"), ctx.lang),
        status=ctx.label("statuses", account.status),
        owner=ctx.team_name(account.owner) if account.owner else "–",
        as_of=ctx.fmt.day(account.as_of),
        as_of_iso=account.as_of.isoformat(),
        industry=_optional(profile.get("industry")),
        region=_optional(profile.get("region")),
        figures=_figures(ctx),
    )


def _optional(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _figures(ctx: RenderContext) -> tuple[Figure, ...]:
    account, segment = ctx.account, ctx.compiled.assessment.segment
    fmt, ui = ctx.fmt, ctx.ui
    return (
        Figure(ui["metric_wallet"], fmt.money_short(account.wallet)),
        Figure(ui["metric_revenue_ltm"], fmt.money_short(account.revenue_ltm)),
        Figure(ui["metric_share_of_wallet"], fmt.percent(segment.share_of_wallet, 1)),
        Figure(ui["pipeline"], fmt.money_short(open_pipeline(ctx))),
    )


def open_pipeline(ctx: RenderContext) -> int:
    return sum(int(o.value or 0) for o in ctx.account.opportunities if o.is_open)


def road(ctx: RenderContext) -> Road:
    labels = ctx.stage_labels()
    stations = tuple(Station(key, label, n) for n, (key, label) in enumerate(labels.items(), 1))
    found = zip(ctx.account.opportunities, ctx.compiled.assessment.opportunities, strict=True)
    shown = [(o, a) for o, a in found if o.result != "lost"]
    shown.sort(key=lambda pair: not pair[0].is_open)  # open deals first, each in file order
    deals = tuple(_deal(ctx, o, a, stations) for o, a in shown[:TOP_DEALS])
    return Road(stations, deals, len(shown) - len(deals), ctx.fmt.money_short(open_pipeline(ctx)))


def _cells(stage: str, stations: tuple[Station, ...]) -> tuple[str, ...]:
    order = [s.id for s in stations]
    here = order.index(stage) if stage in order else -1
    return tuple(
        "here" if i == here else "passed" if i < here else "ahead" for i in range(len(order))
    )


def _deal(
    ctx: RenderContext,
    opportunity: Opportunity,
    assessed: OpportunityAssessment,
    stations: tuple[Station, ...],
) -> RoadDeal:
    close_label, when = ctx.closing(opportunity)
    return RoadDeal(
        id=opportunity.id,
        name=clip(opportunity.name, DEAL_NAME_EMS),
        value=ctx.fmt.money_short(opportunity.value),
        cells=_cells(opportunity.stage, stations),
        coverage=assessed.coverage,
        coverage_label=ctx.label("coverage", assessed.coverage),
        result=opportunity.result,
        result_label=ctx.label("results", opportunity.result),
        stage_label=ctx.stage_labels().get(opportunity.stage, opportunity.stage),
        unmet=clip(ctx.ui["list_sep"].join(ctx.fact_label(f) for f in assessed.unmet), UNMET_EMS),
        close_label=close_label,
        close=ctx.fmt.short_day(when),
        note=ctx.note(f"opportunity/{opportunity.id}", opportunity.name, assessed.because),
    )


def gap_row(ctx: RenderContext, gap: TrustGap, with_title: bool = True) -> GapRow:
    contact = ctx.account.contact(gap.contact)
    name = ctx.contact_name(gap.contact)
    pillar = ctx.pillar_label(gap.pillar)
    return GapRow(
        contact=name,
        title=contact.title if contact and with_title else None,
        pillar=pillar,
        actual=gap.actual,
        required=gap.required,
        actual_pct=_pct(gap.actual or 0),
        required_pct=_pct(gap.required),
        note=_gaps_note(ctx, gap.contact, name),
    )


def _gaps_note(ctx: RenderContext, contact: str, name: str) -> Note | None:
    """One note for all of a person's trust gaps: the reason for the levels required (their
    roles and influence) is the person's, said once, not once per pillar."""
    gaps = [g for g in ctx.compiled.assessment.trust_gaps if g.contact == contact]
    because = tuple(b for g in gaps for b in g.because)
    title = f"{name} · {ctx.ui['trust_gaps']}"
    return ctx.note(f"gaps/{contact}", title, because, said=trust_gaps_sentence(ctx, gaps))


def _pct(level: int) -> int:
    return round(100 * max(0, min(level, TRUST_SCALE)) / TRUST_SCALE)


def flag_row(ctx: RenderContext, index: int, flag: Flag, limit: float | None = None) -> FlagRow:
    """A flag; its message cut to ``limit`` ems with the title (page one), else whole."""
    title = ctx.item_text("flags", flag.code, "title")
    advice = text(ctx.playbook_item("flags", flag.code).get("advice"), ctx.lang)
    return FlagRow(
        severity=flag.severity,
        severity_label=ctx.label("severities", flag.severity),
        title=title,
        message=clip(flag.message, limit - ems(title)) if limit else flag.message,
        advice=advice,
        note=ctx.note(f"flag/{index}", title, flag.because, said=flag.message),
    )


def all_flags(ctx: RenderContext) -> tuple[FlagRow, ...]:
    return tuple(flag_row(ctx, i, f) for i, f in enumerate(ctx.compiled.assessment.flags))


def open_steps(ctx: RenderContext, whole: bool = False) -> list[StepRow]:
    """Unfinished next steps of the deals not lost, soonest first (undated last); their
    texts cut to fit page one unless ``whole``."""
    found: list[tuple[date, int, StepRow]] = []
    for opportunity in ctx.account.opportunities:
        if opportunity.result == "lost":
            continue
        for step in opportunity.next_steps:
            if not step.finished:
                name = opportunity.name if whole else clip(opportunity.name, STEP_EMS / 2)
                row = step_row(ctx, step, name)
                if not whole:
                    row = replace(row, action=clip(row.action, STEP_EMS))
                found.append((step.due or date.max, len(found), row))
    return [row for _, _, row in sorted(found, key=lambda item: item[:2])]


def front(ctx: RenderContext, logo: str | None) -> Front:
    assessment = ctx.compiled.assessment
    first, sales_road = header(ctx, logo), road(ctx)  # notes are numbered in reading order
    gaps = [gap_row(ctx, g, with_title=False) for g in assessment.trust_gaps[:TOP_GAPS]]
    flags = [flag_row(ctx, i, f, FLAG_EMS) for i, f in enumerate(assessment.flags[:TOP_FLAGS])]
    steps = open_steps(ctx)
    return Front(
        header=first,
        road=sales_road,
        gaps=tuple(gaps),
        more_gaps=len(assessment.trust_gaps) - len(gaps),
        flags=tuple(flags),
        more_flags=len(assessment.flags) - len(flags),
        steps=tuple(steps[:TOP_STEPS]),
        more_steps=max(0, len(steps) - TOP_STEPS),
    )
