"""The view-model of the detail pages: profile, wins, deals, needs, competition, negotiation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from battlemap.assess.types import CompetitionScore, OpportunityAssessment
from battlemap.model import CommitteeMember, Need, Opportunity
from battlemap.playbook import text
from battlemap.render.context import Note, RenderContext
from battlemap.render.rows import StepRow, step_row


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class Profile:
    items: tuple[Item, ...]
    strategy: str | None
    pains: tuple[str, ...]
    notes: str | None
    tier_summary: str
    resources: tuple[str, ...]
    communication: tuple[str, ...]
    team: tuple[Item, ...]


@dataclass(frozen=True)
class PersonalWin:
    contact: str
    title: str | None
    win: str
    concerns: str


@dataclass(frozen=True)
class Wins:
    theirs: tuple[str, ...]
    ours: tuple[str, ...]
    personal: tuple[PersonalWin, ...]


@dataclass(frozen=True)
class Member:
    name: str
    title: str | None
    roles: str
    stance: str
    stance_id: str


@dataclass(frozen=True)
class Deal:
    id: str
    name: str
    stage: str
    result: str
    result_id: str
    value: str
    close_label: str
    close: str
    procurement: str
    coverage: str
    coverage_id: str
    committee: tuple[Member, ...]
    unmet: tuple[str, ...]
    to_advance: tuple[str, ...]
    actions: tuple[str, ...]
    visit_goals: tuple[str, ...]
    value_proposition: str | None
    steps: tuple[StepRow, ...]
    notes: str | None
    note: Note | None


def _text_list(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def profile(ctx: RenderContext) -> Profile:
    account, segment, fmt, ui = ctx.account, ctx.compiled.assessment.segment, ctx.fmt, ctx.ui
    data = account.profile
    size = data.get("size")
    size = size if isinstance(size, dict) else {}
    influence = account.market_influence
    rows = (
        (ui["industry"], data.get("industry")),
        (ui["region"], data.get("region")),
        (ui["status"], ctx.label("statuses", account.status)),
        (ui["employees"], fmt.number(account.employees) if account.employees else None),
        (ui["company_revenue"], fmt.money_short(_dec(size.get("revenue")))),
        (ui["metric_market_influence"], ctx.label("influence", influence) if influence else None),
        (ui["metric_wallet"], fmt.money(account.wallet)),
        (ui["metric_revenue_ltm"], fmt.money(account.revenue_ltm)),
        (ui["metric_share_of_wallet"], fmt.percent(segment.share_of_wallet, 1)),
        (ui["margin"], fmt.percent(account.margin, 1)),
        (ui["metric_profit_ltm"], fmt.money(segment.profit_ltm)),
        (ui["satisfaction"], fmt.number(account.satisfaction, 1)),
    )
    posture = ctx.playbook_item("postures", segment.posture)
    return Profile(
        items=tuple(Item(k, str(v)) for k, v in rows if v not in (None, "", "–")),
        strategy=_str(data.get("strategy")),
        pains=_text_list(data.get("pains")),
        notes=_str(data.get("notes")),
        tier_summary=text(ctx.playbook_item("tiers", segment.tier).get("summary"), ctx.lang),
        resources=tuple(text(t, ctx.lang) for t in posture.get("resources") or ()),
        communication=tuple(text(t, ctx.lang) for t in posture.get("communication") or ()),
        team=tuple(Item(m.name, m.role or "") for m in account.team),
    )


def _dec(value: object) -> Decimal | None:
    return Decimal(str(value)) if isinstance(value, int | float) else None


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def wins(ctx: RenderContext) -> Wins:
    data = ctx.account.profile.get("mutual_wins")
    data = data if isinstance(data, dict) else {}
    personal = tuple(
        PersonalWin(c.label, c.title, c.wins or "–", "、".join(c.concerns) or "–")
        if ctx.lang == "zh"
        else PersonalWin(c.label, c.title, c.wins or "–", "; ".join(c.concerns) or "–")
        for c in ctx.account.contacts
        if c.present and (c.wins or c.concerns)
    )
    return Wins(_text_list(data.get("theirs")), _text_list(data.get("ours")), personal)


def _member(ctx: RenderContext, entry: CommitteeMember) -> Member:
    contact = ctx.account.contact(entry.contact)
    roles = entry.roles if entry.roles is not None else (contact.roles if contact else ())
    stance = contact.stance if contact else "unknown"
    return Member(
        name=ctx.contact_name(entry.contact),
        title=contact.title if contact else None,
        roles=ctx.ui["list_sep"].join(ctx.label("roles", r) for r in roles) or "–",
        stance=ctx.label("stances", stance),
        stance_id=stance,
    )


def deal(ctx: RenderContext, opportunity: Opportunity, assessed: OpportunityAssessment) -> Deal:
    method = opportunity.procurement.get("method")
    tender = opportunity.procurement.get("tender_date")
    procurement = ctx.label("procurement_methods", method) if method else "–"
    if isinstance(tender, str):
        procurement += f" · {ctx.ui['tender_date']} {ctx.fmt.day(_day(tender))}"
    explicit = {m.contact: m for m in opportunity.committee or ()}
    close_label, when = ctx.closing(opportunity)
    return Deal(
        id=opportunity.id,
        name=opportunity.name,
        stage=ctx.stage_labels().get(opportunity.stage, opportunity.stage),
        result=ctx.label("results", opportunity.result),
        result_id=opportunity.result,
        value=ctx.fmt.money(opportunity.value),
        close_label=close_label,
        close=ctx.fmt.day(when),
        procurement=procurement,
        coverage=ctx.label("coverage", assessed.coverage),
        coverage_id=assessed.coverage,
        committee=tuple(
            _member(ctx, explicit.get(ident, CommitteeMember(ident, None)))
            for ident in assessed.committee
        ),
        unmet=tuple(ctx.fact_label(f) for f in assessed.unmet),
        to_advance=tuple(ctx.fact_label(f) for f in assessed.to_advance),
        actions=assessed.actions if opportunity.is_open else (),
        visit_goals=assessed.visit_goals if opportunity.is_open else (),
        value_proposition=opportunity.value_proposition,
        steps=tuple(step_row(ctx, s, opportunity.name) for s in opportunity.next_steps),
        notes=opportunity.notes,
        note=ctx.note(f"opportunity/{opportunity.id}", opportunity.name, assessed.because),
    )


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class NeedRow:
    rank: int
    text: str
    kind: str
    importance: int
    urgency: int
    feasibility: int
    score: int
    confirmed_by: str
    plan: StepRow | None
    notes: str | None


@dataclass(frozen=True)
class NeedTable:
    opportunity: str
    rows: tuple[NeedRow, ...]


def needs(ctx: RenderContext) -> tuple[NeedTable, ...]:
    tables = []
    for opportunity, assessed in _pairs(ctx):
        by_id = {n.id: n for n in opportunity.needs}
        ranked = [by_id[i] for i in assessed.needs if i in by_id]
        rows = tuple(_need_row(ctx, n + 1, need, opportunity) for n, need in enumerate(ranked))
        if rows:
            tables.append(NeedTable(opportunity.name, rows))
    return tuple(tables)


def _need_row(ctx: RenderContext, rank: int, need: Need, opportunity: Opportunity) -> NeedRow:
    return NeedRow(
        rank=rank,
        text=need.text,
        kind=ctx.label("need_kinds", need.kind),
        importance=need.importance,
        urgency=need.urgency,
        feasibility=need.feasibility,
        score=need.importance * need.urgency * need.feasibility,
        confirmed_by=ctx.ui["list_sep"].join(ctx.contact_name(c) for c in need.confirmed_by) or "–",
        plan=step_row(ctx, need.plan, opportunity.name) if need.plan else None,
        notes=need.notes,
    )


def _pairs(ctx: RenderContext) -> list[tuple[Opportunity, OpportunityAssessment]]:
    assessed = ctx.compiled.assessment.opportunities
    return list(zip(ctx.account.opportunities, assessed, strict=True))


def deals(ctx: RenderContext) -> tuple[Deal, ...]:
    return tuple(deal(ctx, o, a) for o, a in _pairs(ctx))


@dataclass(frozen=True)
class Rival:
    name: str
    incumbent: bool
    strongest: bool
    total: str
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]


@dataclass(frozen=True)
class CriterionRow:
    label: str
    weight: str
    us: str
    rivals: tuple[str, ...]
    lead: str
    lead_label: str


@dataclass(frozen=True)
class Matrix:
    opportunity: str
    rivals: tuple[Rival, ...]
    rows: tuple[CriterionRow, ...]
    us_total: str
    strongest: str


def competition(ctx: RenderContext) -> tuple[Matrix, ...]:
    found = []
    for opportunity, assessed in _pairs(ctx):
        if opportunity.competition is not None and assessed.competition is not None:
            found.append(_matrix(ctx, opportunity, assessed.competition))
    return tuple(found)


def _matrix(ctx: RenderContext, opportunity: Opportunity, score: CompetitionScore) -> Matrix:
    competition = opportunity.competition
    assert competition is not None
    fmt = ctx.fmt
    rivals = tuple(
        Rival(
            name=c.name,
            incumbent=c.incumbent,
            strongest=c.id == score.strongest_rival,
            total=fmt.number(score.competitors.get(c.id), 2),
            strengths=c.strengths,
            weaknesses=c.weaknesses,
        )
        for c in competition.competitors
    )
    rows = tuple(
        CriterionRow(
            label=criterion.label,
            weight=fmt.number(criterion.weight),
            us=_score(competition.us.get(criterion.id)),
            rivals=tuple(_score(c.scores.get(criterion.id)) for c in competition.competitors),
            lead=score.lead.get(criterion.id, "even"),
            lead_label=ctx.ui["lead_" + score.lead.get(criterion.id, "even")],
        )
        for criterion in competition.criteria
    )
    strongest = next((r.name for r in rivals if r.strongest), "–")
    return Matrix(opportunity.name, rivals, rows, fmt.number(score.us, 2), strongest)


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


@dataclass(frozen=True)
class NegotiationView:
    opportunity: str
    price_discussed: str
    value_proposition: str | None
    alternatives: tuple[str, ...]
    walk_away: str | None
    concessions: tuple[str, ...]


def negotiation(ctx: RenderContext) -> tuple[NegotiationView, ...]:
    found = []
    for opportunity, _ in _pairs(ctx):
        terms = opportunity.negotiation
        if not opportunity.is_open and not (terms.alternatives or terms.walk_away):
            continue
        found.append(
            NegotiationView(
                opportunity=opportunity.name,
                price_discussed=ctx.ui["yes"] if terms.price_discussed else ctx.ui["no"],
                value_proposition=opportunity.value_proposition,
                alternatives=terms.alternatives,
                walk_away=terms.walk_away,
                concessions=terms.concessions,
            )
        )
    return tuple(found)
