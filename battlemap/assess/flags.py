"""Flags: situations a key-account manager should act on, each a small registered rule.

Which flags exist, their order, severity (or `off`), message and advice come from the
playbook; a rule here only says when its flag is raised, for which subject, and with which
values (they fill the message's {placeholders} and become the flag's `because`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from battlemap.assess.committee import Member, committee, decision_makers
from battlemap.assess.opportunities import facts_holding, stage_index
from battlemap.assess.types import Because, Engagement, Flag, Segment, Subject
from battlemap.diagnostics import Severity
from battlemap.model import Account, Opportunity, Step
from battlemap.money import money
from battlemap.playbook import fill, text
from battlemap.registry import Registry


@dataclass(frozen=True)
class FlagInputs:
    account: Account
    book: dict[str, Any]
    segment: Segment
    engagement: dict[str, Engagement]
    today: date | None


@dataclass(frozen=True)
class Raised:
    subject: Subject
    values: dict[str, Any]


Rule = Callable[[FlagInputs], Iterator[Raised]]
RULES: Registry[Rule] = Registry("flag")
"""Flag id -> its rule; the playbook gives each its severity, message and advice."""


def rule(code: str) -> Callable[[Rule], Rule]:
    """Register a flag rule under the flag's id (the same registry pattern as the checks)."""

    def register(function: Rule) -> Rule:
        RULES.add(code, function)
        return function

    return register


def _open_deals(inputs: FlagInputs) -> Iterator[tuple[Opportunity, tuple[Member, ...]]]:
    for opportunity in inputs.account.opportunities:
        if opportunity.is_open:
            yield opportunity, committee(inputs.account, opportunity)


def _deal(opportunity: Opportunity, **values: Any) -> Raised:
    return Raised(
        Subject("opportunity", opportunity.id), {"opportunity": opportunity.name, **values}
    )


@rule("stage-overstated")
def stage_overstated(inputs: FlagInputs) -> Iterator[Raised]:
    stages = {s["id"]: s for s in inputs.book["stages"]}
    for opportunity, members in _open_deals(inputs):
        holding = facts_holding(inputs.account, opportunity, members, inputs.book)
        for fact in stages[opportunity.stage].get("requires", ()):
            if not holding.get(fact, False):
                yield _deal(opportunity, stage=opportunity.stage, fact=fact)


@rule("no-coach")
def no_coach(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, members in _open_deals(inputs):
        if stage_index(inputs.book, opportunity.stage) > 0:
            holding = facts_holding(inputs.account, opportunity, members, inputs.book)
            if not holding["coach_identified"]:
                yield _deal(opportunity, stage=opportunity.stage)


@rule("single-threaded")
def single_threaded(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, members in _open_deals(inputs):
        present = [m for m in members if m.present]
        engaged = [m for m in present if inputs.engagement[m.contact.id].engaged]
        if len(present) >= 2 and len(engaged) <= 1:
            yield _deal(opportunity, members=len(present), engaged=len(engaged))


@rule("unknown-buyer")
def unknown_buyer(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, members in _open_deals(inputs):
        for member in decision_makers(members):
            if member.contact.vacant:
                yield _deal(opportunity, contact=member.contact.label)


@rule("multiple-decision-makers")
def multiple_decision_makers(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, members in _open_deals(inputs):
        deciders = [m for m in decision_makers(members) if m.present]
        if len(deciders) > 1 and not opportunity.facts.get("collective_decision", False):
            names = ", ".join(m.contact.label for m in deciders)
            yield _deal(opportunity, count=len(deciders), contacts=names)


def _contact(ident: str, label: str, **values: Any) -> Raised:
    return Raised(Subject("contact", ident), {"contact": label, **values})


def _committee_contacts(inputs: FlagInputs) -> Iterator[tuple[Member, list[str]]]:
    """Present members of open deals' committees, each once in file order, with their deals."""
    seen: dict[str, tuple[Member, list[str]]] = {}
    for opportunity, members in _open_deals(inputs):
        for member in members:
            if member.present:
                seen.setdefault(member.contact.id, (member, []))[1].append(opportunity.name)
    order = {c.id: i for i, c in enumerate(inputs.account.contacts)}
    yield from sorted(seen.values(), key=lambda pair: order[pair[0].contact.id])


@rule("stance-unknown")
def stance_unknown(inputs: FlagInputs) -> Iterator[Raised]:
    for member, deals in _committee_contacts(inputs):
        if member.contact.stance == "unknown":
            label = member.contact.label
            yield _contact(member.contact.id, label, opportunity=", ".join(deals))


def _deciders(inputs: FlagInputs) -> set[str]:
    """Contacts holding decision_maker in general or in an open deal."""
    found = {c.id for c in inputs.account.contacts if "decision_maker" in c.roles}
    for _, members in _open_deals(inputs):
        found.update(m.contact.id for m in decision_makers(members))
    return found


@rule("buyer-not-receptive")
def buyer_not_receptive(inputs: FlagInputs) -> Iterator[Raised]:
    deciders = _deciders(inputs)
    for contact in inputs.account.contacts:
        if (
            contact.present
            and contact.id in deciders
            and contact.mode in ("even_keel", "overconfident")
        ):
            yield _contact(contact.id, contact.label, mode=contact.mode)


@rule("price-too-early")
def price_too_early(inputs: FlagInputs) -> Iterator[Raised]:
    negotiation = stage_index(inputs.book, "negotiation")
    for opportunity, _ in _open_deals(inputs):
        if (
            opportunity.negotiation.price_discussed
            and stage_index(inputs.book, opportunity.stage) < negotiation
        ):
            yield _deal(opportunity, stage=opportunity.stage)


@rule("no-alternatives")
def no_alternatives(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, _ in _open_deals(inputs):
        if opportunity.stage == "negotiation" and not opportunity.negotiation.alternatives:
            yield _deal(opportunity)


@rule("close-date-passed")
def close_date_passed(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, _ in _open_deals(inputs):
        close = opportunity.close_date
        if close is not None and close < inputs.account.as_of:
            days = (inputs.account.as_of - close).days
            yield _deal(opportunity, date=close.isoformat(), days=days)


@rule("hostile-uncovered")
def hostile_uncovered(inputs: FlagInputs) -> Iterator[Raised]:
    for contact in inputs.account.contacts:
        hostile = contact.stance in ("skeptic", "opponent")
        if contact.present and hostile and contact.influence == "high" and not contact.owner:
            yield _contact(contact.id, contact.label, stance=contact.stance)


def _engagement_of(inputs: FlagInputs, ident: str) -> Engagement | None:
    return inputs.engagement.get(ident)


@rule("not-engaged")
def not_engaged(inputs: FlagInputs) -> Iterator[Raised]:
    deciders = _deciders(inputs)
    for contact in inputs.account.contacts:
        found = _engagement_of(inputs, contact.id)
        important = contact.id in deciders or contact.influence == "high"
        if found is not None and important and not found.engaged:
            last = found.last_contact
            days = (inputs.account.as_of - last).days if last is not None else None
            yield _contact(contact.id, contact.label, days=days, cadence=found.cadence_days)


@rule("never-contacted")
def never_contacted(inputs: FlagInputs) -> Iterator[Raised]:
    deciders = _deciders(inputs)
    for contact in inputs.account.contacts:
        found = _engagement_of(inputs, contact.id)
        already = contact.id in deciders or contact.influence == "high"
        if found is not None and contact.roles and found.last_contact is None and not already:
            yield _contact(contact.id, contact.label)


def _need(opportunity: Opportunity, need_id: str, **values: Any) -> Raised:
    subject = Subject("need", f"{opportunity.id}/{need_id}")
    return Raised(subject, {"opportunity": opportunity.name, **values})


@rule("need-unplanned")
def need_unplanned(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, _ in _open_deals(inputs):
        for need in opportunity.needs:
            if need.importance >= 4 and need.plan is None:
                yield _need(opportunity, need.id, need=need.text, importance=need.importance)


@rule("need-unmeetable")
def need_unmeetable(inputs: FlagInputs) -> Iterator[Raised]:
    for opportunity, _ in _open_deals(inputs):
        for need in opportunity.needs:
            if need.importance >= 4 and need.feasibility <= 2:
                yield _need(opportunity, need.id, need=need.text, value=need.feasibility)


def _overdue(step: Step, as_of: date) -> bool:
    return not step.finished and step.due is not None and step.due < as_of


def _late(subject: Subject, opportunity: Opportunity, step: Step, as_of: date) -> Raised:
    due = step.due or as_of
    values = {"step": step.action, "opportunity": opportunity.name, "date": due.isoformat()}
    return Raised(subject, {**values, "days": (as_of - due).days})


@rule("step-overdue")
def step_overdue(inputs: FlagInputs) -> Iterator[Raised]:
    as_of = inputs.account.as_of
    # Document order: an opportunity's needs (with their plans) come before its next_steps.
    for opportunity, _ in _open_deals(inputs):
        for need in opportunity.needs:
            if need.plan is not None and _overdue(need.plan, as_of):
                subject = Subject("plan", f"{opportunity.id}/{need.id}/plan")
                yield _late(subject, opportunity, need.plan, as_of)
        for number, step in enumerate(opportunity.next_steps, start=1):
            if _overdue(step, as_of):
                subject = Subject("step", f"{opportunity.id}/step/{number}")
                yield _late(subject, opportunity, step, as_of)


@rule("visit-no-outcome")
def visit_no_outcome(inputs: FlagInputs) -> Iterator[Raised]:
    for visit in inputs.account.visits:
        if visit.date < inputs.account.as_of and not visit.outcome:
            values = {"visit": visit.objective or visit.id, "date": visit.date.isoformat()}
            yield Raised(Subject("visit", visit.id), values)


def _satisfaction(account: Account) -> Decimal | None:
    if account.satisfaction is not None:
        return account.satisfaction
    rows = [r for r in account.performance if r.satisfaction is not None]
    return rows[-1].satisfaction if rows else None


def _account(inputs: FlagInputs, **values: Any) -> Raised:
    return Raised(Subject("account", inputs.account.id), {"account": inputs.account.name, **values})


@rule("satisfaction-low")
def satisfaction_low(inputs: FlagInputs) -> Iterator[Raised]:
    score = _satisfaction(inputs.account)
    floor = Decimal(str(inputs.book["satisfaction_floor"]))
    if score is not None and score < floor:
        yield _account(inputs, value=score, floor=floor)


@rule("share-above-one")
def share_above_one(inputs: FlagInputs) -> Iterator[Raised]:
    account = inputs.account
    if (
        account.wallet is not None
        and account.revenue_ltm is not None
        and account.revenue_ltm > account.wallet
    ):
        yield _account(inputs, revenue=account.revenue_ltm, wallet=account.wallet)


@rule("dossier-stale")
def dossier_stale(inputs: FlagInputs) -> Iterator[Raised]:
    if inputs.today is None:
        return
    age = (inputs.today - inputs.account.as_of).days
    limit = int(inputs.book["stale_after_days"])
    if age > limit:
        yield _account(inputs, days=age, limit=limit, date=inputs.account.as_of.isoformat())


@rule("tier-currency-missing")
def tier_currency_missing(inputs: FlagInputs) -> Iterator[Raised]:
    for because in inputs.segment.because:
        if because.rule == "tier-currency":
            yield _account(inputs, **because.values)


_LABELLED = {"mode": "modes", "stance": "stances"}
_MONEY = ("revenue", "wallet")


def _label_of(items: Any, ident: Any, lang: str) -> str:
    for item in items or ():
        if item.get("id") == ident:
            return text(item.get("label", ident), lang)
    return str(ident)


def displayed(values: dict[str, Any], inputs: FlagInputs, lang: str) -> dict[str, Any]:
    """Values as a message shows them: ids as labels in the language, money as the map shows
    it (``¥3,600,000``)."""
    book = inputs.book
    shown = dict(values)
    labels = book.get("labels", {})
    for key, section in _LABELLED.items():
        if key in shown:
            shown[key] = text(labels.get(section, {}).get(shown[key], shown[key]), lang)
    if "stage" in shown:
        shown["stage"] = _label_of(book.get("stages"), shown["stage"], lang)
    if "tier" in shown:
        shown["tier"] = _label_of(book.get("tiers"), shown["tier"], lang)
    if "fact" in shown:
        facts = [*book.get("facts", ()), *book.get("computed_facts", ())]
        shown["fact"] = _label_of(facts, shown["fact"], lang)
    for key in _MONEY:
        if isinstance(shown.get(key), Decimal):
            shown[key] = money(shown[key], inputs.account.currency, lang)
    return shown


def raise_flags(inputs: FlagInputs, lang: str) -> tuple[Flag, ...]:
    """Every raised flag in order: severity, then the playbook's order, then the document's."""
    raised: list[tuple[int, int, int, Flag]] = []
    for position, spec in enumerate(inputs.book["flags"]):
        severity = spec.get("severity", "warning")
        function = RULES.get(spec["id"])
        if severity == "off" or function is None:
            continue
        for order, found in enumerate(function(inputs)):
            values = displayed(found.values, inputs, lang)
            message = fill(text(spec.get("message", spec["id"]), lang), values)
            flag = Flag(
                spec["id"], severity, found.subject, message, (Because(spec["id"], found.values),)
            )
            raised.append((Severity(severity).rank, position, order, flag))
    return tuple(flag for *_, flag in sorted(raised, key=lambda item: item[:3]))


def split_waived(
    flags: tuple[Flag, ...], account: Account
) -> tuple[tuple[Flag, ...], tuple[Flag, ...]]:
    """(active flags, waived flags): a waiver silences one code for one subject until its date."""
    waivers = {(w.code, w.kind, w.subject) for w in account.waivers if w.until >= account.as_of}
    active = tuple(f for f in flags if (f.code, f.subject.kind, f.subject.id) not in waivers)
    waived = tuple(f for f in flags if (f.code, f.subject.kind, f.subject.id) in waivers)
    return active, waived
