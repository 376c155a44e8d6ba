"""What every part of the view-model needs: labels in the report language, names by id,
formatting, and the numbered `because` notes with their words.

Why one object: the view functions stay small and pure (account + assessment in, plain
display values out); every lookup that turns an id into words lives here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from battlemap.assess.types import Because, TrustGap
from battlemap.model import Account, Opportunity
from battlemap.pipeline import Compiled
from battlemap.playbook import text
from battlemap.render.formatting import Formatter
from battlemap.render.strings import ui_strings


@dataclass(frozen=True)
class Note:
    """One numbered `because` note: why a derived item holds."""

    number: int
    title: str
    lines: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return f"why-{self.number}"

    @property
    def tooltip(self) -> str:
        return f"{self.title}: " + "; ".join(self.lines)


def _by_id(items: Any, lang: str, key: str = "label") -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items or ():
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            found[item["id"]] = text(item.get(key), lang) or item["id"]
    return found


@dataclass
class RenderContext:
    compiled: Compiled
    fmt: Formatter
    ui: dict[str, str]
    notes: list[Note] = field(default_factory=list)
    _note_keys: dict[str, Note] = field(default_factory=dict)

    @classmethod
    def of(cls, compiled: Compiled) -> RenderContext:
        account = compiled.account
        fmt = Formatter(compiled.lang, account.currency, account.as_of.year)
        return cls(compiled, fmt, ui_strings(compiled.lang))

    @property
    def account(self) -> Account:
        return self.compiled.account

    @property
    def lang(self) -> str:
        return self.compiled.lang

    @property
    def book(self) -> dict[str, Any]:
        return self.compiled.playbook

    def label(self, group: str, key: str | None) -> str:
        """A label of the playbook's ``labels.<group>`` (the key itself when there is none)."""
        if key is None:
            return "–"
        labels = self.book.get("labels", {}).get(group, {})
        return text(labels.get(key), self.lang) or key

    def playbook_item(self, section: str, ident: str | None) -> dict[str, Any]:
        for item in self.book.get(section) or ():
            if isinstance(item, Mapping) and item.get("id") == ident:
                return dict(item)
        return {}

    def item_text(self, section: str, ident: str | None, key: str = "label") -> str:
        return text(self.playbook_item(section, ident).get(key), self.lang) or (ident or "–")

    def stage_labels(self) -> dict[str, str]:
        return _by_id(self.book.get("stages"), self.lang)

    def pillar_label(self, pillar: str) -> str:
        pillars = (self.book.get("trust") or {}).get("pillars")
        return _by_id(pillars, self.lang).get(pillar, pillar)

    def fact_label(self, fact: str) -> str:
        facts = [*(self.book.get("facts") or ()), *(self.book.get("computed_facts") or ())]
        return _by_id(facts, self.lang).get(fact, fact)

    def closing(self, opportunity: Opportunity) -> tuple[str, date | None]:
        """A deal's date with its label: the day it was won or lost once recorded (never
        called an expected close), else its expected close."""
        if opportunity.closed_on is not None:
            return self.ui["closed_on"], opportunity.closed_on
        return self.ui["close_date"], opportunity.close_date

    def noted(self, text: str, *notes: str) -> str:
        """``text`` with its notes in brackets, punctuated for the report language
        (陈浩（大客户经理）, Chen Hao (account manager))."""
        shown = [note for note in notes if note]
        if not shown:
            return text
        return self.ui["noted"].format(text=text, notes=self.ui["note_sep"].join(shown))

    def contact_name(self, ident: str | None) -> str:
        if ident is None:
            return "–"
        contact = self.account.contact(ident)
        return contact.label if contact is not None else ident

    def team_name(self, ident: str | None) -> str:
        for member in self.account.team:
            if member.id == ident:
                return member.name
        return ident or "–"

    def opportunity_name(self, ident: str | None) -> str:
        for opportunity in self.account.opportunities:
            if opportunity.id == ident:
                return opportunity.name
        return ident or "–"

    @cached_property
    def id_names(self) -> dict[str, str]:
        """Every id a `because` may mention -> its name or label."""
        return id_names(self)

    def note(
        self, key: str, title: str, because: tuple[Because, ...], said: str | None = None
    ) -> Note | None:
        """The note explaining ``because`` (one number per key; None when there is none):
        a sentence per rule, led by the rule's name when there are several; ``said``: the
        sentence already written for it (a flag's message) instead."""
        if not because:
            return None
        if key in self._note_keys:
            return self._note_keys[key]
        if said is not None:
            lines: tuple[str, ...] = (said,)
        elif len(because) == 1:
            lines = (describe(self, because[0]),)
        else:
            colon = self.ui["colon"]
            lines = tuple(f"{rule_title(self, b.rule)}{colon}{describe(self, b)}" for b in because)
        found = Note(len(self.notes) + 1, title, lines)
        self.notes.append(found)
        self._note_keys[key] = found
        return found


# ---- `because` in words: each rule's inputs as a sentence in the report language, ids turned
# into names and labels, money and numbers formatted (no internal names, no `key = value`).

_MONEY_METRICS = frozenset({"wallet", "revenue_ltm", "profit_ltm"})


def rule_title(ctx: RenderContext, rule: str) -> str:
    if rule in _SENTENCES:
        return ctx.ui[f"rule_{rule}"]
    flag = ctx.playbook_item("flags", rule)
    return text(flag.get("title"), ctx.lang) or rule


def describe(ctx: RenderContext, because: Because) -> str:
    """``because`` as a sentence: the rule's own wording, or for any other rule (a flag of a
    user's playbook) its inputs as ``label: value`` phrases."""
    writer = _SENTENCES.get(because.rule)
    if writer is not None:
        return writer(ctx, because.values)
    names, ui = ctx.id_names, ctx.ui
    parts = [
        f"{_key(ctx, names, k)}{ui['colon']}{_value(ctx, names, v)}"
        for k, v in because.values.items()
    ]
    return _sentence(ctx, ui["clause_sep"].join(parts))


def _sentence(ctx: RenderContext, body: str) -> str:
    return body + ctx.ui["full_stop"] if body else ""


def _join(ctx: RenderContext, items: list[str]) -> str:
    return ctx.ui["list_sep"].join(items) or ctx.ui["none"]


def _metric_value(ctx: RenderContext, metric: str, value: Any) -> str:
    if metric in _MONEY_METRICS and isinstance(value, int | float | Decimal):
        return ctx.fmt.money(value)
    return _value(ctx, ctx.id_names, value)


def _condition(ctx: RenderContext, condition: Any) -> str:
    """A tier's threshold: ``年度采购潜力 ≥ ¥1000万``, ``市场影响力为高``."""
    if not isinstance(condition, Mapping) or not isinstance(condition.get("metric"), str):
        return _value(ctx, ctx.id_names, condition)
    metric = condition["metric"]
    name = _key(ctx, ctx.id_names, metric)
    for operator, sign in (("min", "≥"), ("max", "≤")):
        if operator in condition:
            return f"{name} {sign} {_metric_value(ctx, metric, condition[operator])}"
    value = _metric_value(ctx, metric, condition.get("equals"))
    return ctx.ui["is_value"].format(name=name, value=value)


def _figures(ctx: RenderContext, values: Mapping[str, Any], skip: frozenset[str]) -> str:
    names = ctx.id_names
    shown = [
        f"{_key(ctx, names, k)} {_metric_value(ctx, k, v)}"
        for k, v in values.items()
        if k not in skip and v is not None
    ]
    return ctx.ui["because_figures"].format(figures=_join(ctx, shown))


_TIER_KEYS = frozenset({"tier", "held", "passed_over", "undecided"})


def _tier(ctx: RenderContext, values: Mapping[str, Any]) -> str:
    ui, names = ctx.ui, ctx.id_names
    passed = [names.get(str(t), str(t)) for t in values.get("passed_over") or ()]
    figures = _figures(ctx, values, _TIER_KEYS)
    if values.get("tier"):
        held = _join(ctx, [_condition(ctx, c) for c in values.get("held") or ()])
        found = ui["because_tier"].format(tier=names.get(values["tier"], values["tier"]), held=held)
        higher = ui["because_tier_higher"].format(tiers=_join(ctx, passed)) if passed else ""
        return found + higher + figures
    if values.get("undecided"):
        tier = names.get(values["undecided"], values["undecided"])
        return ui["because_tier_undecided"].format(tier=tier) + figures
    return ui["because_tier_none"].format(tiers=_join(ctx, passed)) + figures


def _posture(ctx: RenderContext, values: Mapping[str, Any]) -> str:
    ui, names, fmt = ctx.ui, ctx.id_names, ctx.fmt
    share, mark = values.get("share_of_wallet"), values.get("strong_share")
    if share is None:
        strength = ui["because_share_unknown"]
    else:
        key = "because_share_strong" if values.get("strong") else "because_share_weak"
        strength = ui[key].format(share=fmt.percent(share), mark=fmt.percent(mark))
    return ui["because_posture"].format(
        status=names.get(values.get("status") or "", values.get("status") or ""),
        value=ui["because_attractive" if values.get("attractive") else "because_unattractive"],
        share=strength,
        posture=names.get(values.get("posture") or "", values.get("posture") or ""),
    )


def _stage(ctx: RenderContext, values: Mapping[str, Any]) -> str:
    ui, names = ctx.ui, ctx.id_names
    facts = values.get("facts") or {}
    met = [names.get(f, f) for f, held in facts.items() if held]
    missing = [names.get(f, f) for f, held in facts.items() if not held]
    stage = names.get(values.get("stage") or "", values.get("stage") or "")
    found = ui["because_stage"].format(stage=stage, met=_join(ctx, met))
    return found + (
        ui["because_stage_missing"].format(missing=_join(ctx, missing)) if missing else ""
    )


def _coverage(ctx: RenderContext, values: Mapping[str, Any]) -> str:
    ui, names = ctx.ui, ctx.id_names
    members = [names.get(m, m) for m in values.get("supportive_members") or ()]
    key = "because_dm_supports" if values.get("decision_maker_supports") else "because_dm_not_yet"
    found = (
        ui["because_members"].format(names=_join(ctx, members))
        if members
        else ui["because_no_members"]
    )
    return ui[key] + found


def _needs_rank(ctx: RenderContext, values: Mapping[str, Any]) -> str:
    names = ctx.id_names
    ranked = sorted(
        values.items(), key=lambda pair: -pair[1] if isinstance(pair[1], int | float) else 0
    )
    items = [
        ctx.ui["because_need"].format(need=names.get(k, k), score=_value(ctx, names, v))
        for k, v in ranked
    ]
    return ctx.ui["because_needs"].format(needs=_join(ctx, items))


def trust_gaps_sentence(ctx: RenderContext, gaps: Sequence[TrustGap]) -> str:
    """One person's trust gaps as one sentence: who they are in the deals (roles, influence,
    its weight), said once, then the pillars that share a required and an assessed level."""
    ui, names = ctx.ui, ctx.id_names
    values = gaps[0].because[0].values if gaps and gaps[0].because else {}
    roles = [names.get(r, r) for r in values.get("roles") or ()]
    who = ui["because_trust"].format(
        roles=_join(ctx, roles) if roles else ui["because_no_role"],
        influence=names.get(values.get("influence") or "", values.get("influence") or "–"),
        weight=_value(ctx, names, values.get("weight")),
    )
    levels: dict[tuple[int, int | None], list[str]] = {}
    for gap in gaps:
        levels.setdefault((gap.required, gap.actual), []).append(ctx.pillar_label(gap.pillar))
    parts = [
        ui["because_trust_levels"].format(
            pillars=_join(ctx, pillars),
            required=required,
            actual=ui["because_trust_unassessed"]
            if actual is None
            else ui["because_trust_actual"].format(actual=actual),
        )
        for (required, actual), pillars in levels.items()
    ]
    return _sentence(ctx, who + ui["colon"] + ui["clause_sep"].join(parts))


def _tier_currency(ctx: RenderContext, values: Mapping[str, Any]) -> str:
    ui, names = ctx.ui, ctx.id_names
    where = values.get("tier") or ""
    subject = ui["because_attractiveness"] if "." in where else names.get(where, where)
    metrics = [_key(ctx, names, m) for m in values.get("metrics") or ()]
    return ui["because_tier_currency"].format(
        tier=subject, currency=values.get("currency") or "–", metrics=_join(ctx, metrics)
    )


_SENTENCES: dict[str, Callable[[RenderContext, Mapping[str, Any]], str]] = {
    "tier": _tier,
    "posture": _posture,
    "stage": _stage,
    "coverage": _coverage,
    "needs-rank": _needs_rank,
    "tier-currency": _tier_currency,
}


def id_names(ctx: RenderContext) -> dict[str, str]:
    """Every id a `because` may mention -> its name or label in the report language."""
    account = ctx.account
    found: dict[str, str] = {}
    for opportunity in account.opportunities:
        found[opportunity.id] = opportunity.name
        found.update({need.id: need.text for need in opportunity.needs})
    found.update({member.id: member.name for member in account.team})
    found.update({contact.id: contact.label for contact in account.contacts})
    found.update(ctx.stage_labels())
    for group in ("roles", "influence", "stances", "modes", "statuses"):
        for key in ctx.book.get("labels", {}).get(group, {}):
            found.setdefault(key, ctx.label(group, key))
    for section in ("tiers", "postures", "facts", "computed_facts"):
        found.update({key: ctx.item_text(section, key) for key in _ids(ctx.book.get(section))})
    return found


def _ids(items: Any) -> list[str]:
    return [i["id"] for i in items or () if isinstance(i, Mapping) and isinstance(i.get("id"), str)]


def _key(ctx: RenderContext, names: dict[str, str], key: str) -> str:
    return ctx.ui.get(f"metric_{key}") or names.get(key) or key


def _value(ctx: RenderContext, names: dict[str, str], value: Any) -> str:
    if isinstance(value, bool):
        return ctx.ui["yes"] if value else ctx.ui["no"]
    if value is None:
        return "–"
    if isinstance(value, int | float | Decimal):
        digits = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 2
        return ctx.fmt.number(value, digits)
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, Mapping):
        return _join(
            ctx,
            [_condition(ctx, value)]
            if "metric" in value
            else [
                f"{_key(ctx, names, k)}{ctx.ui['colon']}{_value(ctx, names, v)}"
                for k, v in value.items()
            ],
        )
    if isinstance(value, list | tuple):
        return _join(ctx, [_value(ctx, names, item) for item in value])
    return str(value)
