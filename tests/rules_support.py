"""Small accounts built in Python for the rules tests, and a one-call way to assess them.

Why a helper: each rules test states only what matters to its rule (a wallet, a contact's
stance, a need) over a base that raises nothing, so the hand-computed expectation stays
readable. Every account is checked against the account schema first, so a test cannot
pass on input that a user could never write.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from battlemap.assess import assess
from battlemap.assess.committee import committee
from battlemap.assess.opportunities import facts_holding
from battlemap.assess.types import Assessment, Flag
from battlemap.model import Account, build_account
from battlemap.playbook import load_default, merge
from battlemap.schema import validator

AS_OF = "2026-11-01"
AS_OF_DATE = date(2026, 11, 1)

Data = dict[str, Any]


def account(**fields: Any) -> Data:
    """A bare account document: only the account section (fields override the defaults)."""
    section = {"id": "acme", "name": "Acme", "as_of": AS_OF, "status": "active", **fields}
    return {"battlemap": 1, "account": {k: v for k, v in section.items() if v is not None}}


def contact(ident: str, **fields: Any) -> Data:
    """A contact with a name (only vacant positions may go without one)."""
    found: Data = {"id": ident, "name": ident.title(), **fields}
    if found.get("vacant"):
        found.pop("name")
        found.setdefault("title", ident)
    return found


def clean() -> Data:
    """An account that raises no flag: one open deal in `solution`, a supportive decision
    maker and a coach, both engaged, an important need confirmed and planned."""
    data = account(wallet=1_000_000, revenue_ltm=300_000, satisfaction=8)
    data["team"] = [{"id": "me", "name": "Me"}]
    data["contacts"] = [
        contact(
            "boss",
            roles=["decision_maker"],
            influence="high",
            stance="supporter",
            mode="growth",
            owner="me",
            trust={"conduct": 4, "expertise": 4, "relationship": 4, "sincerity": 4},
            last_contact="2026-10-25",
        ),
        contact(
            "coachy",
            roles=["coach"],
            stance="champion",
            owner="me",
            trust={"conduct": 4, "expertise": 4, "relationship": 4, "sincerity": 4},
            last_contact="2026-10-20",
        ),
    ]
    data["opportunities"] = [
        {
            "id": "deal",
            "name": "The deal",
            "stage": "solution",
            "close_date": "2027-01-31",
            "needs": [
                {
                    "id": "n1",
                    "text": "Need one",
                    "importance": 4,
                    "urgency": 3,
                    "feasibility": 4,
                    "confirmed_by": ["boss"],
                    "plan": {"action": "Demo", "owner": "me", "due": "2026-12-01"},
                }
            ],
            "value_proposition": "Less downtime",
            "next_steps": [{"action": "Call", "owner": "me", "due": "2026-11-15"}],
        }
    ]
    return data


def copy_of(data: Data) -> Data:
    return copy.deepcopy(data)


def people(data: Data) -> dict[str, Data]:
    """Contact id -> its (mutable) entry."""
    return {c["id"]: c for c in data["contacts"]}


def deal(data: Data, index: int = 0) -> Data:
    found: Data = data["opportunities"][index]
    return found


def book(override: Data | None = None) -> Data:
    """The default playbook, with an override merged over it."""
    return merge(load_default(), override or {})


def model(data: Data) -> Account:
    errors = [e.message for e in validator("account").iter_errors(data)]
    assert not errors, f"the test account is not valid: {errors}"
    return build_account(data)


def run(
    data: Data,
    override: Data | None = None,
    today: date | None = None,
    lang: str = "en",
) -> Assessment:
    """Assess a document with the default playbook (and an override)."""
    return assess(model(data), book(override), lang, today)


def facts(data: Data, index: int = 0, override: Data | None = None) -> dict[str, bool]:
    """Every fact of one opportunity -> whether it holds."""
    found = model(data)
    opportunity = found.opportunities[index]
    members = committee(found, opportunity)
    return facts_holding(found, opportunity, members, book(override))


def flags(data: Data, override: Data | None = None, today: date | None = None) -> list[Flag]:
    return list(run(data, override, today).flags)


def raised(
    data: Data, override: Data | None = None, today: date | None = None
) -> list[tuple[str, str, str]]:
    """The active flags as (code, subject kind, subject id), in the report's order."""
    return [(f.code, f.subject.kind, f.subject.id) for f in flags(data, override, today)]


def codes(data: Data, override: Data | None = None, today: date | None = None) -> set[str]:
    return {code for code, _, _ in raised(data, override, today)}
