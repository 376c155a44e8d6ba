"""Opportunities: stages and facts known to the playbook, complete competition scores."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from battlemap.checks.access import entries, ids, mapping, opportunities, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.schema import suggest


@register("unknown-stage", Severity.ERROR, "An opportunity's stage is not a stage of the playbook.")
def unknown_stages(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        stage = text(opportunity, "stage")
        if stage is not None and stage not in context.stages:
            hint = suggest(stage, context.stages) or f" (stages: {', '.join(context.stages)})"
            yield Finding((*path, "stage"), f"'{stage}' is not a stage of the playbook{hint}")


@register("computed-fact", Severity.ERROR, "A fact that battlemap computes is stated by hand.")
def computed_facts(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        for name in mapping(opportunity.get("facts")):
            if name in context.computed_facts:
                hint = context.computed_facts[name]
                instead = f"; instead, {hint}" if hint else ""
                message = f"'{name}' is computed by battlemap and cannot be stated{instead}"
                yield Finding((*path, "facts", name), message, at_key=True)


@register("undeclared-fact", Severity.WARNING, "A fact name the playbook does not declare.")
def undeclared_facts(context: CheckContext) -> Iterator[Finding]:
    known = context.declared_facts
    for path, opportunity in opportunities(context.document.data):
        for name in mapping(opportunity.get("facts")):
            if name not in known and name not in context.computed_facts:
                hint = suggest(name, known) or f" (declared: {', '.join(known)})"
                message = f"'{name}' is not a fact the playbook declares{hint}"
                yield Finding((*path, "facts", name), message, at_key=True)


def _score_maps(competition: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], Any, str]]:
    """(relative path, scores, whose) for us and each competitor."""
    yield ("competition", "us"), competition.get("us"), "us"
    for path, competitor in entries(competition, ("competitors",)):
        whose = text(competitor, "id") or "a competitor"
        yield ("competition", *path, "scores"), competitor.get("scores"), whose


@register("missing-score", Severity.ERROR, "A competition score is missing for a criterion.")
def missing_scores(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        competition = mapping(opportunity.get("competition"))
        criteria = list(ids(competition, ("criteria",)))
        for relative, scores, whose in _score_maps(competition):
            if not isinstance(scores, dict):
                continue
            missing = [c for c in criteria if c not in scores]
            if missing:
                message = f"no score from {whose} for criterion {', '.join(missing)}"
                yield Finding((*path, *relative), message)


@register("unknown-criterion", Severity.ERROR, "A score names a criterion that is not defined.")
def unknown_criteria(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        competition = mapping(opportunity.get("competition"))
        criteria = list(ids(competition, ("criteria",)))
        for relative, scores, _ in _score_maps(competition):
            for name in mapping(scores):
                if name not in criteria:
                    message = (
                        f"'{name}' is not a criterion of this opportunity{suggest(name, criteria)}"
                    )
                    yield Finding((*path, *relative, name), message, at_key=True)


@register(
    "won-not-follow-up",
    Severity.WARNING,
    "A won opportunity is in a stage other than the after-sales stage.",
)
def won_outside_follow_up(context: CheckContext) -> Iterator[Finding]:
    last = context.stages[-1] if context.stages else None
    for path, opportunity in opportunities(context.document.data):
        stage = text(opportunity, "stage")
        if opportunity.get("result") == "won" and stage is not None and stage != last:
            message = f"a won deal belongs to stage '{last}' (after-sales), not '{stage}'"
            yield Finding((*path, "stage"), message)
