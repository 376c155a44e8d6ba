"""View rows that more than one page shows (the battle map and the visit brief): a next
step, and the scale trust is marked on."""

from __future__ import annotations

from dataclasses import dataclass

from battlemap.model import Step
from battlemap.render.context import RenderContext

TRUST_SCALE = 5
"""Trust is marked 1-5 on every page."""


@dataclass(frozen=True)
class StepRow:
    action: str
    owner: str
    due: str
    due_iso: str
    overdue: bool
    done: bool
    opportunity: str


def step_row(ctx: RenderContext, step: Step, opportunity: str) -> StepRow:
    as_of = ctx.account.as_of
    return StepRow(
        action=step.action,
        owner=ctx.team_name(step.owner) if step.owner else "–",
        due=ctx.fmt.short_day(step.due),
        due_iso=step.due.isoformat() if step.due else "",
        overdue=not step.finished and step.due is not None and step.due < as_of,
        done=step.finished,
        opportunity=opportunity,
    )
