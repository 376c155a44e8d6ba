"""Opportunities: stages and facts known to the playbook, complete competition scores."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from battlemap.checks.access import entries, ids, mapping, opportunities, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words
from battlemap.schema import NO_WORDS, did_you_mean, listed, listing


@register("unknown-stage", Severity.ERROR, "An opportunity's stage is not a stage of the playbook.")
def unknown_stages(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        stage = text(opportunity, "stage")
        if stage is not None and stage not in context.stages:
            hint = did_you_mean(stage, context.stages) or listing(
                Words(" (stages: {en})", "（阶段有：{zh}）"), context.stages
            )
            message = Words(
                "'{stage}' is not a stage of the playbook{hint.en}",
                "「{stage}」不是作战手册里的阶段{hint.zh}",
            )
            yield Finding((*path, "stage"), message.format(stage=stage, hint=hint))


@register("computed-fact", Severity.ERROR, "A fact that battlemap computes is stated by hand.")
def computed_facts(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        for name in mapping(opportunity.get("facts")):
            if name in context.computed_facts:
                hint = context.computed_facts[name]
                instead = (
                    Words("; instead, {hint.en}", "；请改为：{hint.zh}").format(hint=hint)
                    if hint.en
                    else NO_WORDS
                )
                message = Words(
                    "'{name}' is computed by battlemap and cannot be stated{instead.en}",
                    "「{name}」由 battlemap 计算，不能手工填写{instead.zh}",
                ).format(name=name, instead=instead)
                yield Finding((*path, "facts", name), message, at_key=True)


@register("undeclared-fact", Severity.WARNING, "A fact name the playbook does not declare.")
def undeclared_facts(context: CheckContext) -> Iterator[Finding]:
    known = context.declared_facts
    for path, opportunity in opportunities(context.document.data):
        for name in mapping(opportunity.get("facts")):
            if name not in known and name not in context.computed_facts:
                hint = did_you_mean(name, known) or listing(
                    Words(" (declared: {en})", "（已声明的有：{zh}）"), known
                )
                message = Words(
                    "'{name}' is not a fact the playbook declares{hint.en}",
                    "「{name}」不是作战手册声明的事实{hint.zh}",
                ).format(name=name, hint=hint)
                yield Finding((*path, "facts", name), message, at_key=True)


def _score_maps(
    competition: dict[str, Any],
) -> Iterator[tuple[tuple[str | int, ...], Any, Words]]:
    """(relative path, scores, whose) for us and each competitor."""
    yield ("competition", "us"), competition.get("us"), Words("us", "我方")
    for path, competitor in entries(competition, ("competitors",)):
        ident = text(competitor, "id")
        whose = Words(ident, f"「{ident}」") if ident else Words("a competitor", "一个竞争对手")
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
                message = Words(
                    "no score from {whose.en} for criterion {en}",
                    "{whose.zh}缺少评分项 {zh} 的分数",
                ).format(whose=whose, en=listed(missing, "en"), zh=listed(missing, "zh"))
                yield Finding((*path, *relative), message)


@register("unknown-criterion", Severity.ERROR, "A score names a criterion that is not defined.")
def unknown_criteria(context: CheckContext) -> Iterator[Finding]:
    for path, opportunity in opportunities(context.document.data):
        competition = mapping(opportunity.get("competition"))
        criteria = list(ids(competition, ("criteria",)))
        for relative, scores, _ in _score_maps(competition):
            for name in mapping(scores):
                if name not in criteria:
                    message = Words(
                        "'{name}' is not a criterion of this opportunity{hint.en}",
                        "「{name}」不是这个商机的评分项{hint.zh}",
                    ).format(name=name, hint=did_you_mean(name, criteria) or NO_WORDS)
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
            message = Words(
                "a won deal belongs to stage '{last}' (after-sales), not '{stage}'",
                "赢单的商机应处于阶段「{last}」（售后），而不是「{stage}」",
            ).format(last=last, stage=stage)
            yield Finding((*path, "stage"), message)
