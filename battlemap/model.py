"""The typed account model, built from a document that passed validation.

Why a separate stage: the rules and renderers work on names that say what things are
(``contact.stance``), with defaults filled and dates and money already typed; they never
see YAML, positions or wrong types. Money and scores are ``Decimal`` so that thresholds
compare exactly (3,600,000 / 12,000,000 is exactly 0.30).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

PILLARS = ("conduct", "expertise", "relationship", "sincerity")


def number(value: Any) -> Decimal | None:
    """A YAML number as an exact decimal (a float through its shortest repr)."""
    if value is None or isinstance(value, bool):
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def required_day(value: Any) -> date:
    """A date the schema requires (validation has already rejected anything else)."""
    found = day(value)
    if found is None:
        raise ValueError(f"not a date: {value!r}")
    return found


def texts(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value or ())


@dataclass(frozen=True)
class Step:
    """A next step or a need's plan: an action with an owner and a due date."""

    action: str
    owner: str | None
    due: date | None
    done: date | None

    @property
    def finished(self) -> bool:
        return self.done is not None


@dataclass(frozen=True)
class TeamMember:
    id: str
    name: str
    role: str | None = None


@dataclass(frozen=True)
class Contact:
    id: str
    name: str | None
    title: str | None
    department: str | None
    reports_to: str | None
    also_reports_to: tuple[str, ...]
    roles: tuple[str, ...]
    influence: str
    stance: str
    mode: str
    owner: str | None
    trust: dict[str, int | None]
    wins: str | None
    concerns: tuple[str, ...]
    last_contact: date | None
    external: bool
    organization: str | None
    departed: date | None
    vacant: bool
    notes: str | None

    @property
    def present(self) -> bool:
        """Neither departed nor a vacant position."""
        return self.departed is None and not self.vacant

    @property
    def label(self) -> str:
        return self.name or self.title or self.id


@dataclass(frozen=True)
class InfluenceLink:
    source: str
    target: str
    strength: str
    notes: str | None


@dataclass(frozen=True)
class CommitteeMember:
    contact: str
    roles: tuple[str, ...] | None
    """The roles held in this deal, or None for the contact's general roles."""


@dataclass(frozen=True)
class Need:
    id: str
    text: str
    kind: str
    importance: int
    urgency: int
    feasibility: int
    confirmed_by: tuple[str, ...]
    plan: Step | None
    notes: str | None


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    weight: Decimal


@dataclass(frozen=True)
class Competitor:
    id: str
    name: str
    incumbent: bool
    scores: dict[str, int]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    notes: str | None


@dataclass(frozen=True)
class Competition:
    criteria: tuple[Criterion, ...]
    us: dict[str, int]
    competitors: tuple[Competitor, ...]


@dataclass(frozen=True)
class Negotiation:
    price_discussed: bool
    alternatives: tuple[str, ...]
    walk_away: str | None
    concessions: tuple[str, ...]


@dataclass(frozen=True)
class Opportunity:
    id: str
    name: str
    value: Decimal | None
    stage: str
    result: str
    closed_on: date | None
    close_date: date | None
    committee: tuple[CommitteeMember, ...] | None
    """The explicit buying committee, or None for the default one."""
    procurement: dict[str, Any]
    facts: dict[str, bool]
    needs: tuple[Need, ...]
    competition: Competition | None
    value_proposition: str | None
    negotiation: Negotiation
    next_steps: tuple[Step, ...]
    notes: str | None

    @property
    def is_open(self) -> bool:
        return self.result == "open"


@dataclass(frozen=True)
class Activity:
    date: date
    kind: str
    contacts: tuple[str, ...]
    text: str | None


@dataclass(frozen=True)
class PerformanceRow:
    period: str
    revenue: Decimal | None
    target: Decimal | None
    margin: Decimal | None
    satisfaction: Decimal | None


@dataclass(frozen=True)
class Visit:
    id: str
    date: date
    opportunity: str | None
    attendees: tuple[str, ...]
    team: tuple[str, ...]
    objective: str | None
    outcome: str | None


@dataclass(frozen=True)
class Waiver:
    code: str
    kind: str
    subject: str
    reason: str
    until: date


@dataclass(frozen=True)
class Account:
    """The whole account file: the customer, our team, the people, deals and history."""

    id: str
    name: str
    as_of: date
    profile: dict[str, Any]
    """The account section as written (display fields such as industry and strategy)."""
    status: str
    lang: str
    currency: str
    owner: str | None
    market_influence: str | None
    employees: Decimal | None
    wallet: Decimal | None
    revenue_ltm: Decimal | None
    margin: Decimal | None
    satisfaction: Decimal | None
    team: tuple[TeamMember, ...]
    contacts: tuple[Contact, ...]
    influence: tuple[InfluenceLink, ...]
    opportunities: tuple[Opportunity, ...]
    activities: tuple[Activity, ...]
    performance: tuple[PerformanceRow, ...]
    visits: tuple[Visit, ...]
    waivers: tuple[Waiver, ...]
    contact_index: dict[str, Contact] = field(default_factory=dict, compare=False)

    def contact(self, ident: str) -> Contact | None:
        return self.contact_index.get(ident)


def _step(value: Any) -> Step | None:
    if not isinstance(value, dict):
        return None
    return Step(value["action"], value.get("owner"), day(value.get("due")), day(value.get("done")))


def _contact(value: dict[str, Any]) -> Contact:
    trust = value.get("trust") or {}
    return Contact(
        id=value["id"],
        name=value.get("name"),
        title=value.get("title"),
        department=value.get("department"),
        reports_to=value.get("reports_to"),
        also_reports_to=texts(value.get("also_reports_to")),
        roles=texts(value.get("roles")),
        influence=value.get("influence", "medium"),
        stance=value.get("stance", "unknown"),
        mode=value.get("mode", "unknown"),
        owner=value.get("owner"),
        trust={pillar: trust.get(pillar) for pillar in PILLARS},
        wins=value.get("wins"),
        concerns=texts(value.get("concerns")),
        last_contact=day(value.get("last_contact")),
        external=bool(value.get("external", False)),
        organization=value.get("organization"),
        departed=day(value.get("departed")),
        vacant=bool(value.get("vacant", False)),
        notes=value.get("notes"),
    )


def _committee(value: Any) -> tuple[CommitteeMember, ...] | None:
    if value is None:
        return None
    return tuple(
        CommitteeMember(item, None)
        if isinstance(item, str)
        else CommitteeMember(item["contact"], texts(item["roles"]) if "roles" in item else None)
        for item in value
    )


def _need(value: dict[str, Any]) -> Need:
    return Need(
        id=value["id"],
        text=value["text"],
        kind=value.get("kind", "explicit"),
        importance=value["importance"],
        urgency=value["urgency"],
        feasibility=value["feasibility"],
        confirmed_by=texts(value.get("confirmed_by")),
        plan=_step(value.get("plan")),
        notes=value.get("notes"),
    )


def _competition(value: Any) -> Competition | None:
    if not isinstance(value, dict):
        return None
    criteria = tuple(
        Criterion(c["id"], c.get("label") or c["id"], number(c["weight"]) or Decimal(0))
        for c in value.get("criteria") or ()
    )
    competitors = tuple(
        Competitor(
            id=c["id"],
            name=c["name"],
            incumbent=bool(c.get("incumbent", False)),
            scores=dict(c.get("scores") or {}),
            strengths=texts(c.get("strengths")),
            weaknesses=texts(c.get("weaknesses")),
            notes=c.get("notes"),
        )
        for c in value.get("competitors") or ()
    )
    return Competition(criteria, dict(value.get("us") or {}), competitors)


def _negotiation(value: Any) -> Negotiation:
    value = value if isinstance(value, dict) else {}
    return Negotiation(
        price_discussed=bool(value.get("price_discussed", False)),
        alternatives=texts(value.get("alternatives")),
        walk_away=value.get("walk_away"),
        concessions=texts(value.get("concessions")),
    )


def _opportunity(value: dict[str, Any]) -> Opportunity:
    return Opportunity(
        id=value["id"],
        name=value["name"],
        value=number(value.get("value")),
        stage=value["stage"],
        result=value.get("result", "open"),
        closed_on=day(value.get("closed_on")),
        close_date=day(value.get("close_date")),
        committee=_committee(value.get("buying_committee")),
        procurement=dict(value.get("procurement") or {}),
        facts={str(k): bool(v) for k, v in (value.get("facts") or {}).items()},
        needs=tuple(_need(n) for n in value.get("needs") or ()),
        competition=_competition(value.get("competition")),
        value_proposition=value.get("value_proposition"),
        negotiation=_negotiation(value.get("negotiation")),
        next_steps=tuple(s for s in map(_step, value.get("next_steps") or ()) if s is not None),
        notes=value.get("notes"),
    )


def _performance(value: dict[str, Any]) -> PerformanceRow:
    return PerformanceRow(
        period=str(value["period"]),
        revenue=number(value.get("revenue")),
        target=number(value.get("target")),
        margin=number(value.get("margin")),
        satisfaction=number(value.get("satisfaction")),
    )


def _visit(value: dict[str, Any]) -> Visit:
    return Visit(
        id=value["id"],
        date=required_day(value["date"]),
        opportunity=value.get("opportunity"),
        attendees=texts(value.get("attendees")),
        team=texts(value.get("team")),
        objective=value.get("objective"),
        outcome=value.get("outcome"),
    )


def _activity(value: dict[str, Any]) -> Activity:
    return Activity(
        required_day(value["date"]), value["kind"], texts(value.get("contacts")), value.get("text")
    )


def _waiver(value: dict[str, Any]) -> Waiver:
    subject = value["subject"]
    until = required_day(value["until"])
    return Waiver(value["code"], subject["kind"], subject["id"], value["reason"], until)


@dataclass(frozen=True)
class Defaults:
    """Repository defaults for what an account does not set."""

    lang: str = "en"
    currency: str = "CNY"
    team: tuple[TeamMember, ...] = ()
    declared_lang: str | None = None
    """The ``lang`` battlemap.yaml states (None: unstated), for the terminal-message rule,
    where an unstated language falls through to the environment's."""


def build_account(data: dict[str, Any], defaults: Defaults | None = None) -> Account:
    """The typed model of a validated account document."""
    defaults = defaults or Defaults()
    account = data["account"]
    contacts = tuple(_contact(c) for c in data.get("contacts") or ())
    own_team = tuple(TeamMember(t["id"], t["name"], t.get("role")) for t in data.get("team") or ())
    return Account(
        id=account["id"],
        name=account["name"],
        as_of=required_day(account["as_of"]),
        profile=dict(account),
        status=account.get("status", "active"),
        lang=account.get("lang", defaults.lang),
        currency=account.get("currency", defaults.currency),
        owner=account.get("owner"),
        market_influence=account.get("market_influence"),
        employees=number((account.get("size") or {}).get("employees")),
        wallet=number(account.get("wallet")),
        revenue_ltm=number(account.get("revenue_ltm")),
        margin=number(account.get("margin")),
        satisfaction=number(account.get("satisfaction")),
        team=(*defaults.team, *own_team),
        contacts=contacts,
        influence=tuple(
            InfluenceLink(i["from"], i["to"], i.get("strength", "medium"), i.get("notes"))
            for i in data.get("influence") or ()
        ),
        opportunities=tuple(_opportunity(o) for o in data.get("opportunities") or ()),
        activities=tuple(
            _activity(a) for a in (data.get("relationship") or {}).get("activities") or ()
        ),
        performance=tuple(_performance(p) for p in data.get("performance") or ()),
        visits=tuple(_visit(v) for v in data.get("visits") or ()),
        waivers=tuple(_waiver(w) for w in data.get("waivers") or ()),
        contact_index={c.id: c for c in contacts},
    )
