"""What every part of the view-model needs: labels in the report language, names by id,
formatting, and the numbered `because` notes with their words.

Why one object: the view functions stay small and pure (account + assessment in, plain
display values out); every lookup that turns an id into words lives here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from battlemap.assess.types import Because
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

    def note(self, key: str, title: str, because: tuple[Because, ...]) -> Note | None:
        """The note explaining ``because`` (one number per key; None when there is none)."""
        if not because:
            return None
        if key in self._note_keys:
            return self._note_keys[key]
        lines = tuple(describe(self, item) for item in because)
        found = Note(len(self.notes) + 1, title, lines)
        self.notes.append(found)
        self._note_keys[key] = found
        return found


# ---- `because` values in words: the rule's name and the inputs it used, for the notes.
# Why generic: rules add values over time; every value is shown (ids turned into names and
# labels, numbers formatted), so a note never hides an input the rule used.

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
