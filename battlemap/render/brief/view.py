"""The view-model of the visit brief: one printed page to read before a visit.

Everything is decided here (what to show, in what order, how long a text may be, which
words the discreet page replaces by symbols); the templates only display it. The page holds
the visit (objective, date, our team), the deal and its stage (visit goals, unmet
requirements), each attendee, the trust gaps and flags that concern them or the deal, the
needs to probe, the competitor to watch, the next steps and a lined area for notes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from battlemap.assess.types import OpportunityAssessment
from battlemap.model import Opportunity, Visit
from battlemap.pipeline import Compiled
from battlemap.render.brief.discretion import COACH_MARK, Discretion
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
from battlemap.render.jinja import render_template
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
class Deal:
    name: str
    stage: str
    value: str
    close_label: str
    close: str
    close_iso: str
    coverage_id: str
    coverage: str
    stations: tuple[Station, ...]
    goals: tuple[str, ...]
    unmet: str
    to_advance: str


@dataclass(frozen=True)
class NeedLine:
    rank: int
    text: str
    score: int
    confirmed_by: str
    """Names of those who confirmed it; empty when nobody has (marked 'to confirm')."""


@dataclass(frozen=True)
class RivalView:
    name: str
    incumbent: bool
    score: str
    strengths: tuple[str, ...]


@dataclass(frozen=True)
class Legend:
    stance: str
    coach: str
    pillars: tuple[tuple[str, str], ...]


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
    gaps: tuple[GapLine, ...]
    flags: tuple[FlagLine, ...]
    more_flags: int
    needs: tuple[NeedLine, ...]
    more_needs: int
    rival: RivalView | None
    steps: tuple[StepRow, ...]
    more_steps: int
    legend: Legend


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


def deal(
    ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment], words: Discretion
) -> Deal:
    opportunity, assessed = pair
    facts = ctx.ui["list_sep"]
    close_label, when = ctx.closing(opportunity)
    return Deal(
        name=words(clip(opportunity.name, DEAL_EMS)),
        stage=ctx.stage_labels().get(opportunity.stage, opportunity.stage),
        value=ctx.fmt.money(opportunity.value),
        close_label=close_label,
        close=ctx.fmt.short_day(when),
        close_iso=when.isoformat() if when else "",
        coverage_id=assessed.coverage,
        coverage=ctx.label("coverage", assessed.coverage),
        stations=_stations(ctx, opportunity.stage),
        goals=tuple(words(clip(g, GOAL_EMS)) for g in assessed.visit_goals[:TOP_GOALS]),
        unmet=words(clip(facts.join(ctx.fact_label(f) for f in assessed.unmet), FACTS_EMS)),
        to_advance=words(
            clip(facts.join(ctx.fact_label(f) for f in assessed.to_advance), FACTS_EMS)
        ),
    )


def needs(
    ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment], words: Discretion
) -> list[NeedLine]:
    """The deal's needs in ranked order; who confirmed each (nobody: to confirm)."""
    opportunity, assessed = pair
    by_id = {n.id: n for n in opportunity.needs}
    found = []
    for rank, ident in enumerate(assessed.needs, 1):
        need = by_id[ident]
        names = ctx.ui["list_sep"].join(ctx.contact_name(c) for c in need.confirmed_by)
        found.append(
            NeedLine(
                rank=rank,
                text=words(clip(need.text, NEED_EMS)),
                score=need.importance * need.urgency * need.feasibility,
                confirmed_by=words(clip(names, NAMES_EMS)),
            )
        )
    return found


def rival(
    ctx: RenderContext, pair: tuple[Opportunity, OpportunityAssessment], words: Discretion
) -> RivalView | None:
    """The strongest scored rival of the deal, with its strengths and both weighted scores."""
    opportunity, assessed = pair
    score = assessed.competition
    if score is None or score.strongest_rival is None or opportunity.competition is None:
        return None
    found = next(c for c in opportunity.competition.competitors if c.id == score.strongest_rival)
    them = score.competitors.get(found.id)
    line = ctx.ui["score_vs"].replace("{us}", ctx.fmt.number(score.us, 2))
    return RivalView(
        name=words(found.name),
        incumbent=found.incumbent,
        score=line.replace("{them}", ctx.fmt.number(them, 2)),
        strengths=tuple(words(clip(s, STRENGTH_EMS)) for s in found.strengths[:TOP_STRENGTHS]),
    )


def steps(ctx: RenderContext, opportunity: Opportunity, words: Discretion) -> list[StepRow]:
    """The deal's unfinished next steps, soonest first (undated last)."""
    open_steps = [s for s in opportunity.next_steps if not s.finished]
    open_steps.sort(key=lambda s: s.due or date.max)
    rows = [step_row(ctx, s, "") for s in open_steps]
    return [replace(row, action=words(clip(row.action, STEP_EMS))) for row in rows]


def legend(ctx: RenderContext, full: bool) -> Legend:
    """The key of the brief's symbols. The full brief names the coach by the playbook's
    label, like the map; the discreet one by a neutral cover word (a page the customer may
    see never says "coach")."""
    codes = pillar_codes(ctx)
    coach = f"{COACH_MARK} {ctx.label('roles', 'coach')}" if full else ctx.ui["legend_coach"]
    return Legend(
        stance=ctx.ui["legend_stance"],
        coach=coach,
        pillars=tuple((code, ctx.pillar_label(p)) for p, code in codes.items()),
    )


def _team(ctx: RenderContext, visit: Visit) -> str:
    members = {m.id: m for m in ctx.account.team}
    names = [
        f"{members[t].name} ({members[t].role})"
        if t in members and members[t].role
        else ctx.team_name(t)
        for t in visit.team
    ]
    return ctx.ui["list_sep"].join(names) or "–"


def build_brief_view(compiled: Compiled, visit: Visit, full: bool = False) -> BriefView:
    ctx = RenderContext.of(compiled)
    ctx.ui = page_strings(compiled.lang)
    words = Discretion.of(compiled.playbook, discreet=not full)
    pair = _pair(ctx, visit)
    flags = flag_lines(ctx, visit, words)
    ranked = needs(ctx, pair, words) if pair else []
    todo = steps(ctx, pair[0], words) if pair else []
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
        objective=words(clip(visit.objective or visit.id, OBJECTIVE_EMS)),
        team=words(_team(ctx, visit)),
        deal=deal(ctx, pair, words) if pair else None,
        attendees=attendees(ctx, visit, words),
        gaps=gap_lines(ctx, visit, words),
        flags=flags[:TOP_FLAGS],
        more_flags=max(0, len(flags) - TOP_FLAGS),
        needs=tuple(ranked[:TOP_NEEDS]),
        more_needs=max(0, len(ranked) - TOP_NEEDS),
        rival=rival(ctx, pair, words) if pair else None,
        steps=tuple(todo[:TOP_STEPS]),
        more_steps=max(0, len(todo) - TOP_STEPS),
        legend=legend(ctx, full),
    )


BRIEF_TEMPLATE = "brief.html"


def brief_html(compiled: Compiled, visit: Visit, full: bool) -> str:
    """The brief's HTML."""
    view = build_brief_view(compiled, visit, full)
    return render_template(BRIEF_TEMPLATE, None, brief=view, ui=view.ui)


def brief_pdf(compiled: Compiled, visit: Visit, full: bool) -> bytes:
    """The brief as a PDF through the battle map's pipeline (the account's files only)."""
    from battlemap.render.pdf import fetcher_for, pdf_from_html

    html = brief_html(compiled, visit, full)
    return pdf_from_html(html, fetcher_for(compiled), compiled.account.as_of, compiled.lang)
