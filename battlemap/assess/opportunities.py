"""Per opportunity: stage actions and goals, unmet requirements, coverage, needs, competition."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from battlemap.assess.committee import Member, committee, computed_facts, coverage
from battlemap.assess.types import Because, CompetitionScore, OpportunityAssessment
from battlemap.model import Account, Competition, Need, Opportunity
from battlemap.playbook import text

_CENT = Decimal("0.01")


def stage_index(book: dict[str, Any], stage: str) -> int:
    ids = [s["id"] for s in book["stages"]]
    return ids.index(stage) if stage in ids else -1


def facts_holding(
    account: Account, opportunity: Opportunity, members: tuple[Member, ...], book: dict[str, Any]
) -> dict[str, bool]:
    """Every fact name -> whether it holds: computed, or stated true and declared."""
    declared = {f["id"] for f in book.get("facts", ())}
    holding = {name: bool(value) for name, value in opportunity.facts.items() if name in declared}
    holding.update(computed_facts(opportunity, members, account.as_of))
    return holding


def ranked_needs(needs: tuple[Need, ...]) -> tuple[Need, ...]:
    """By importance x urgency x feasibility, largest first; ties by importance, then id."""
    return tuple(
        sorted(
            needs,
            key=lambda n: (-(n.importance * n.urgency * n.feasibility), -n.importance, n.id),
        )
    )


def weighted(scores: dict[str, int], competition: Competition) -> Decimal:
    total = sum((c.weight for c in competition.criteria), Decimal(0))
    if not total:
        return Decimal(0)
    points = sum((c.weight * scores.get(c.id, 0) for c in competition.criteria), Decimal(0))
    return (points / total).quantize(_CENT, rounding=ROUND_HALF_UP)


def score_competition(competition: Competition | None) -> CompetitionScore | None:
    if competition is None or not competition.criteria:
        return None
    scored = [c for c in competition.competitors if c.scores]
    rivals = {c.id: weighted(c.scores, competition) for c in scored}
    ordered = sorted(
        enumerate(scored),
        key=lambda pair: (-rivals[pair[1].id], not pair[1].incumbent, pair[0]),
    )
    strongest = ordered[0][1] if ordered else None
    lead = {}
    if strongest is not None:
        for criterion in competition.criteria:
            ours = competition.us.get(criterion.id, 0)
            theirs = strongest.scores.get(criterion.id, 0)
            lead[criterion.id] = "lead" if ours > theirs else "lag" if ours < theirs else "even"
    return CompetitionScore(
        us=weighted(competition.us, competition),
        competitors=rivals,
        strongest_rival=strongest.id if strongest else None,
        lead=lead,
    )


def _missing(requires: list[str], holding: dict[str, bool]) -> tuple[str, ...]:
    return tuple(name for name in requires if not holding.get(name, False))


def assess_opportunity(
    account: Account, opportunity: Opportunity, book: dict[str, Any], lang: str
) -> OpportunityAssessment:
    members = committee(account, opportunity)
    holding = facts_holding(account, opportunity, members, book)
    stages = book["stages"]
    index = stage_index(book, opportunity.stage)
    stage = stages[index]
    follow_up = opportunity.result == "won" and index == len(stages) - 1
    guided = opportunity.is_open or follow_up
    unmet = _missing(stage.get("requires", []), holding) if opportunity.is_open else ()
    next_stage = stages[index + 1] if index + 1 < len(stages) else None
    to_advance = (
        _missing(next_stage.get("requires", []), holding)
        if opportunity.is_open and next_stage is not None
        else ()
    )
    needs = ranked_needs(opportunity.needs)
    return OpportunityAssessment(
        id=opportunity.id,
        stage=opportunity.stage,
        result=opportunity.result,
        actions=tuple(text(a, lang) for a in stage.get("actions", ())) if guided else (),
        visit_goals=tuple(text(g, lang) for g in stage.get("visit_goals", ())) if guided else (),
        unmet=unmet,
        to_advance=to_advance,
        coverage=coverage(holding, members),
        needs=tuple(n.id for n in needs),
        competition=score_competition(opportunity.competition),
        committee=tuple(m.contact.id for m in members),
        because=(
            Because("stage", {"stage": opportunity.stage, "facts": _sorted(holding)}),
            Because(
                "coverage",
                {
                    "decision_maker_supports": holding["decision_maker_supports"],
                    "supportive_members": [
                        m.contact.id for m in members if m.present and m.roles and m.supportive
                    ],
                },
            ),
            Because(
                "needs-rank",
                {n.id: n.importance * n.urgency * n.feasibility for n in needs},
            ),
        ),
    )


def _sorted(values: dict[str, bool]) -> dict[str, bool]:
    return dict(sorted(values.items()))
