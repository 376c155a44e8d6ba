"""`because` values in words: the rule's name and the inputs it used, for footnotes.

Why generic: rules add values over time; every value is shown (ids turned into names and
labels, numbers formatted), so a note never hides an input the rule used.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from battlemap.assess.types import Because
from battlemap.playbook import text

if TYPE_CHECKING:
    from battlemap.render.context import RenderContext

_RULE_TITLES = ("tier", "posture", "stage", "coverage", "needs-rank", "trust-gap")


def rule_title(ctx: RenderContext, rule: str) -> str:
    if rule in _RULE_TITLES:
        return ctx.ui[f"rule_{rule}"]
    flag = ctx.playbook_item("flags", rule)
    return text(flag.get("title"), ctx.lang) or rule


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
        return _mapping(ctx, names, value)
    if isinstance(value, list | tuple):
        return ", ".join(_value(ctx, names, item) for item in value) or "–"
    return str(value)


def _mapping(ctx: RenderContext, names: dict[str, str], value: Mapping[str, Any]) -> str:
    """A threshold condition reads ``wallet ≥ 10,000,000``; other maps ``key = value``."""
    if value and all(isinstance(v, bool) for v in value.values()):
        return " · ".join(("✓ " if v else "✗ ") + _key(ctx, names, k) for k, v in value.items())
    metric = value.get("metric")
    if isinstance(metric, str) and len(value) == 2:
        (operator, limit), *_ = [(k, v) for k, v in value.items() if k != "metric"]
        sign = {"min": "≥", "max": "≤", "equals": "="}.get(operator, operator)
        return f"{_key(ctx, names, metric)} {sign} {_value(ctx, names, limit)}"
    parts = (f"{_key(ctx, names, k)} = {_value(ctx, names, v)}" for k, v in value.items())
    return "（" + "; ".join(parts) + "）" if ctx.lang == "zh" else "(" + "; ".join(parts) + ")"


def describe(ctx: RenderContext, because: Because) -> str:
    """``Rule: key = value; ...`` with names and labels in the report language."""
    names = ctx.id_names
    parts = [
        f"{_key(ctx, names, key)} = {_value(ctx, names, value)}"
        for key, value in because.values.items()
    ]
    return f"{rule_title(ctx, because.rule)} — " + "; ".join(parts)
