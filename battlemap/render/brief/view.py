"""The view-model of the visit brief: one printed page to read before a visit.

Everything is decided here (what to show, in what order, how long a text may be); the
templates only display it. A brief can be left on the customer's table, so by default it
holds only what the customer may read: the visit's date, objective and our team; the deal's
name and stage with the stage's visit goals; each attendee's name, title and department;
the explicit needs; the open next steps; and ruled lines for notes. Everything else (how we
judge people, trust, flags, competitors and scores, implicit needs and their ranking, value,
close date, coverage, negotiation, our notes) is built only with ``--full``: the discreet
view holds None there, so no template, not even a team's own, can print it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from markupsafe import Markup

from battlemap.assess.types import OpportunityAssessment
from battlemap.model import Opportunity, Visit
from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled
from battlemap.render.brief.people import (
    Attendee,
    FlagLine,
    GapLine,
    attendees,
    flag_lines,
    gap_lines,
    pillar_codes,
)
from battlemap.render.context import RenderContext
from battlemap.render.jinja import extra_css, render_template
from battlemap.render.page_strings import page_strings
from battlemap.render.rows import StepRow, step_row
from battlemap.render.strings import html_lang
from battlemap.render.widths import clip

ONE_PAGE_ATTENDEES = 6
"""Up to this many attendees the brief is held to exactly one page."""
TOP_GOALS = 4
TOP_NEEDS = 4
TOP_FLAGS = 4
TOP_STEPS = 4
TOP_STRENGTHS = 3
TOP_RIVALS = 3
OBJECTIVE_EMS = 58.0
DEAL_EMS = 60.0
GOAL_EMS = 66.0
FACTS_EMS = 66.0
NEED_EMS = 46.0
STEP_EMS = 50.0
STRENGTH_EMS = 60.0
NAMES_EMS = 24.0


@dataclass(frozen=True)
class Station:
    label: str
    state: str
    """'passed', 'here' or 'ahead'."""


@dataclass(frozen=True)
class DealDetails:
    """The deal as we assess it: ``--full`` only."""

    value: str
    close_label: str
    close: str
    close_iso: str
    coverage_id: str
    coverage: str
    unmet: str
    to_advance: str


@dataclass(frozen=True)
class Deal:
    name: str
    stage: str
    stations: tuple[Station, ...]
    goals: tuple[str, ...]
    details: DealDetails | None


@dataclass(frozen=True)
class NeedDetails:
    """How we rank a need: ``--full`` only."""

    rank: int
    kind: str
    score: int
    confirmed_by: str
    """Names of those who confirmed it; empty when nobody has (marked 'to confirm')."""


@dataclass(frozen=True)
class NeedLine:
    text: str
    details: NeedDetails | None


@dataclass(frozen=True)
class RivalView:
    name: str
    incumbent: bool
    score: str
    strengths: tuple[str, ...]


@dataclass(frozen=True)
class Bargain:
    """The deal's negotiation plan: ``--full`` only."""

    price_discussed: bool
    walk_away: str
    concessions: str
    alternatives: str


@dataclass(frozen=True)
class Internal:
    """What only the ``--full`` brief prints besides the people's cards and the deal's
    details: what to watch, the competitors, the negotiation and the trust key."""

    gaps: tuple[GapLine, ...]
    flags: tuple[FlagLine, ...]
    more_flags: int
    rivals: tuple[RivalView, ...]
    bargain: Bargain | None
    pillars: tuple[tuple[str, str], ...]
    """The trust pips' key: each pillar's one-letter code and its label."""


@dataclass(frozen=True)
class BriefView:
    lang: str
    html_lang: str
    ui: dict[str, str]
    title: str
    discreet: bool
    one_page: bool
    account: str
    visit_id: str
    date: str
    date_iso: str
    as_of: str
    objective: str
    team: str
    deal: Deal | None
    attendees: tuple[Attendee, ...]
    needs: tuple[NeedLine, ...]
    more_needs: int
    steps: tuple[StepRow, ...]
    more_steps: int
    internal: Internal | None
    """None on the discreet page."""
    extra_css: Markup


def _pair(ctx: RenderContext, visit: Visit) -> tuple[Opportunity, OpportunityAssessment] | None:
    found = zip(ctx.account.opportunities, ctx.compiled.assessment.opportunities, strict=True)
    return next(((o, a) for o, a in found if o.id == visit.opportunity), None)


def _stations(ctx: RenderContext, stage: str) -> tuple[Station, ...]:
    labels = ctx.stage_labels()
    order = list(labels)
    here = order.index(stage) if stage in order else -1
    return tuple(
        Station(labels[s], "here" if i == here else "passed" if i < here else "ahead")
        for i, s in enumerate(order)
    )


def deal(ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment], full: bool) -> Deal:
    opportunity, assessed = pair
    return Deal(
        name=clip(opportunity.name, DEAL_EMS),
        stage=ctx.stage_labels().get(opportunity.stage, opportunity.stage),
        stations=_stations(ctx, opportunity.stage),
        goals=tuple(clip(g, GOAL_EMS) for g in assessed.visit_goals[:TOP_GOALS]),
        details=deal_details(ctx, pair) if full else None,
    )


def deal_details(
    ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment]
) -> DealDetails:
    opportunity, assessed = pair
    facts = ctx.ui["list_sep"]
    close_label, when = ctx.closing(opportunity)
    return DealDetails(
        value=ctx.fmt.money(opportunity.value),
        close_label=close_label,
        close=ctx.fmt.short_day(when),
        close_iso=when.isoformat() if when else "",
        coverage_id=assessed.coverage,
        coverage=ctx.label("coverage", assessed.coverage),
        unmet=clip(facts.join(ctx.fact_label(f) for f in assessed.unmet), FACTS_EMS),
        to_advance=clip(facts.join(ctx.fact_label(f) for f in assessed.to_advance), FACTS_EMS),
    )


def needs(
    ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment], full: bool
) -> list[NeedLine]:
    """Full: every need in our ranking, with its kind, score and who confirmed it.
    Discreet: the explicit needs only, as the account lists them, text only (the ranking
    and the implicit needs are our reading of the customer)."""
    opportunity, assessed = pair
    if not full:
        return [
            NeedLine(clip(n.text, NEED_EMS), None)
            for n in opportunity.needs
            if n.kind == "explicit"
        ]
    by_id = {n.id: n for n in opportunity.needs}
    found = []
    for rank, ident in enumerate(assessed.needs, 1):
        need = by_id[ident]
        names = ctx.ui["list_sep"].join(ctx.contact_name(c) for c in need.confirmed_by)
        details = NeedDetails(
            rank=rank,
            kind=ctx.label("need_kinds", need.kind),
            score=need.importance * need.urgency * need.feasibility,
            confirmed_by=clip(names, NAMES_EMS),
        )
        found.append(NeedLine(clip(need.text, NEED_EMS), details))
    return found


def rivals(
    ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment]
) -> tuple[RivalView, ...]:
    """The deal's scored competitors, the strongest first, with strengths and both
    weighted scores."""
    opportunity, assessed = pair
    score = assessed.competition
    if score is None or opportunity.competition is None:
        return ()
    us = ctx.fmt.number(score.us, 2)
    found = [c for c in opportunity.competition.competitors if c.id in score.competitors]
    found.sort(key=lambda c: (c.id != score.strongest_rival, -score.competitors[c.id]))
    return tuple(
        RivalView(
            name=c.name,
            incumbent=c.incumbent,
            score=ctx.ui["score_vs"]
            .replace("{us}", us)
            .replace("{them}", ctx.fmt.number(score.competitors[c.id], 2)),
            strengths=tuple(clip(s, STRENGTH_EMS) for s in c.strengths[:TOP_STRENGTHS]),
        )
        for c in found[:TOP_RIVALS]
    )


def bargain(ctx: RenderContext, opportunity: Opportunity) -> Bargain | None:
    plan = opportunity.negotiation
    sep = ctx.ui["list_sep"]
    if not (plan.price_discussed or plan.walk_away or plan.concessions or plan.alternatives):
        return None
    return Bargain(
        price_discussed=plan.price_discussed,
        walk_away=clip(plan.walk_away or "", STEP_EMS),
        concessions=clip(sep.join(plan.concessions), STEP_EMS * 2),
        alternatives=clip(sep.join(plan.alternatives), STEP_EMS * 2),
    )


def steps(ctx: RenderContext, opportunity: Opportunity) -> list[StepRow]:
    """The deal's unfinished next steps, soonest first (undated last)."""
    open_steps = [s for s in opportunity.next_steps if not s.finished]
    open_steps.sort(key=lambda s: s.due or date.max)
    rows = [step_row(ctx, s, "") for s in open_steps]
    return [replace(row, action=clip(row.action, STEP_EMS)) for row in rows]


def internal(
    ctx: RenderContext, visit: Visit, pair: tuple[Opportunity, OpportunityAssessment] | None
) -> Internal:
    flags = flag_lines(ctx, visit)
    codes = pillar_codes(ctx)
    return Internal(
        gaps=gap_lines(ctx, visit),
        flags=flags[:TOP_FLAGS],
        more_flags=max(0, len(flags) - TOP_FLAGS),
        rivals=rivals(ctx, pair) if pair else (),
        bargain=bargain(ctx, pair[0]) if pair else None,
        pillars=tuple((code, ctx.pillar_label(p)) for p, code in codes.items()),
    )


def _team(ctx: RenderContext, visit: Visit) -> str:
    members = {m.id: m for m in ctx.account.team}
    names = [
        ctx.noted(members[t].name, members[t].role or "") if t in members else ctx.team_name(t)
        for t in visit.team
    ]
    return ctx.ui["list_sep"].join(names) or "–"


def build_brief_view(
    compiled: Compiled, visit: Visit, full: bool = False, css: Path | None = None
) -> BriefView:
    ctx = RenderContext.of(compiled)
    ctx.ui = page_strings(compiled.lang)
    pair = _pair(ctx, visit)
    ranked = needs(ctx, pair, full) if pair else []
    todo = steps(ctx, pair[0]) if pair else []
    account = compiled.account
    return BriefView(
        lang=compiled.lang,
        html_lang=html_lang(compiled.lang),
        ui=ctx.ui,
        title=f"{ctx.ui['brief_title']} · {account.profile.get('short_name') or account.name}",
        discreet=not full,
        one_page=len(visit.attendees) <= ONE_PAGE_ATTENDEES,
        account=account.name,
        visit_id=visit.id,
        date=ctx.fmt.day(visit.date),
        date_iso=visit.date.isoformat(),
        as_of=ctx.fmt.day(account.as_of),
        objective=clip(visit.objective or visit.id, OBJECTIVE_EMS),
        team=_team(ctx, visit),
        deal=deal(ctx, pair, full) if pair else None,
        attendees=attendees(ctx, visit, full),
        needs=tuple(ranked[:TOP_NEEDS]),
        more_needs=max(0, len(ranked) - TOP_NEEDS),
        steps=tuple(todo[:TOP_STEPS]),
        more_steps=max(0, len(todo) - TOP_STEPS),
        internal=internal(ctx, visit, pair) if full else None,
        extra_css=extra_css(css),
    )


BRIEF_TEMPLATE = "brief.html"


def brief_html(
    compiled: Compiled, visit: Visit, full: bool, options: BuildOptions | None = None
) -> str:
    """The brief's HTML (``options``: the team's ``--templates`` and ``--css``)."""
    chosen = options or BuildOptions()
    view = build_brief_view(compiled, visit, full, chosen.css)
    return render_template(BRIEF_TEMPLATE, chosen.templates, brief=view, ui=view.ui)


def brief_pdf(
    compiled: Compiled, visit: Visit, full: bool, options: BuildOptions | None = None
) -> bytes:
    """The brief as a PDF through the battle map's pipeline (the account's files only)."""
    from battlemap.render.pdf import fetcher_for, pdf_from_html

    html = brief_html(compiled, visit, full, options)
    return pdf_from_html(html, fetcher_for(compiled), compiled.account.as_of, compiled.lang)
