"""Property-based tests of the loader and of `check` on arbitrary input (hypothesis).

The claims: no text, bytes or YAML document makes `check` raise; every diagnostic has a
code, a message and a place (line and column from 1, within the file); every value of a
loaded document has a recorded position; plain data survives a dump and a load.
"""

from __future__ import annotations

import itertools
import math
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battlemap.diagnostics import Diagnostic, Severity
from battlemap.options import CheckOptions
from battlemap.pipeline import check_file
from battlemap.slip_words import SLIPS
from battlemap.source import MAX_NUMBER_DIGITS, Document, parse_bytes, parse_text, walk
from tests.conftest import TODAY

_OPTIONS = CheckOptions(today=TODAY)
_SCALE = int(os.environ.get("BATTLEMAP_FUZZ_SCALE", "1"))
"""Multiplies the number of examples: BATTLEMAP_FUZZ_SCALE=50 for a long fuzzing session."""
_FAST = settings(
    max_examples=800 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
_SLOW = settings(
    max_examples=300 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
_counter = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def check_bytes(folder: Path, raw: bytes) -> list[Diagnostic]:
    """`check` of one file holding ``raw``, with sound diagnostics."""
    path = folder / f"case-{next(_counter)}.yaml"
    path.write_bytes(raw)
    try:
        diagnostics, io_error = check_file(path, _OPTIONS)
    finally:
        path.unlink()
    assert not io_error
    for diagnostic in diagnostics:
        assert_sound(diagnostic, raw.decode("utf-8", errors="replace"))
    return diagnostics


_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def assert_sound(diagnostic: Diagnostic, text: str) -> None:
    # The YAML parsers count NEL, LS and PS as line breaks too (YAML 1.1), and place an
    # error at the end of the input on the line after the last one; hence the bound.
    breaks = sum(text.count(b) for b in _BREAKS) - text.count("\r\n")
    assert 1 <= diagnostic.line <= breaks + 2, diagnostic
    assert diagnostic.column >= 1, diagnostic
    assert diagnostic.code and diagnostic.code == diagnostic.code.strip().lower()
    assert diagnostic.message.strip(), diagnostic
    assert isinstance(diagnostic.severity, Severity)
    assert diagnostic.path == "" or diagnostic.path.startswith("/")


# (a) arbitrary text and bytes ------------------------------------------------------------

_YAMLISH = st.text(
    st.sampled_from(
        [*"ab: -\t\n[]{}&*!|>'\"#%@`,?~.019", "\x00", "\x85", "\u2028", "\ufeff", "é", "中", "🚀"]
    ),
    max_size=60,
)


@_FAST
@given(st.one_of(st.text(), _YAMLISH))
def test_parse_text_never_raises(text: str) -> None:
    loaded = parse_text(text, "f.yaml")
    if loaded.document is None:
        assert loaded.diagnostics
    for diagnostic in loaded.diagnostics:
        assert_sound(diagnostic, text)


@_FAST
@given(st.binary(max_size=200))
def test_parse_bytes_never_raises(raw: bytes) -> None:
    loaded = parse_bytes(raw, "f.yaml")
    if loaded.document is None:
        assert loaded.diagnostics
    for diagnostic in loaded.diagnostics:
        assert_sound(diagnostic, raw.decode("utf-8", errors="replace"))


@_SLOW
@given(text=st.one_of(st.text(), _YAMLISH))
def test_check_of_arbitrary_text_never_raises(folder: Path, text: str) -> None:
    check_bytes(folder, text.encode("utf-8"))


@_SLOW
@given(raw=st.binary(max_size=200))
def test_check_of_arbitrary_bytes_never_raises(folder: Path, raw: bytes) -> None:
    check_bytes(folder, raw)


# (b) arbitrary YAML documents ------------------------------------------------------------

_UNUSUAL_BREAKS = "\x85\u2028\u2029"
"""NEL, LS and PS: the YAML parsers still treat them as line breaks (YAML 1.1), which moves
every later position off the lines an editor shows; kept out of the documents whose
positions are checked until the loader maps positions back (a known issue)."""
_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters=_UNUSUAL_BREAKS),
    max_size=12,
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXT,
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=20,
)


def dump(data: Any, flow: bool | None) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    return text.encode("utf-8")


@_SLOW
@given(data=_VALUES, flow=st.sampled_from([None, False, True]))
def test_check_of_any_yaml_document_never_raises(folder: Path, data: Any, flow: bool) -> None:
    check_bytes(folder, dump(data, flow))


_IDS = st.sampled_from(["wang-gang", "li-ming", "zhao-lei", "zhang-wei", "mes-2027", "x", "a"])
_DATES = st.one_of(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)).map(date.isoformat),
    st.sampled_from(["2026-02-30", "2026-11-01", "2026/11/01", "", "today"]),
)
_ENUMS = st.sampled_from(
    [
        "high", "medium", "low", "champion", "supporter", "neutral", "skeptic", "opponent",
        "unknown", "growth", "trouble", "even_keel", "open", "won", "lost", "need", "research",
        "solution", "negotiation", "follow_up", "decision_maker", "coach", "user", "active",
        "potential", "zh", "en", "CNY", "care", "strong", "weak", "2025", "2025-H1", "2026-Q3",
    ]
)  # fmt: skip
_PLAUSIBLE = st.one_of(
    _IDS,
    _DATES,
    _ENUMS,
    st.integers(min_value=-2, max_value=12),
    st.floats(min_value=-1.5, max_value=1e7, allow_nan=False),
    st.booleans(),
    st.none(),
    st.lists(_IDS, max_size=3),
    st.lists(_ENUMS, max_size=3),
    st.dictionaries(_ENUMS, st.one_of(st.integers(0, 6), st.booleans()), max_size=3),
    _SCALARS,
)


def entity(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping with some of ``keys`` (and now and then an unknown one) set to plausible
    values; the value of an 'id' is usually an id."""
    named = {key: (_IDS if key == "id" else _PLAUSIBLE) for key in keys}
    return st.fixed_dictionaries(
        {},
        optional={**named, "x-extra": _PLAUSIBLE, "stnce": _PLAUSIBLE},
    )


_CONTACT = entity(
    [
        "id",
        "name",
        "title",
        "department",
        "reports_to",
        "also_reports_to",
        "roles",
        "influence",
        "stance",
        "mode",
        "owner",
        "trust",
        "wins",
        "concerns",
        "last_contact",
        "external",
        "departed",
        "vacant",
    ]
)
_NEED = entity(
    ["id", "text", "kind", "importance", "urgency", "feasibility", "confirmed_by", "plan"]
)
_COMPETITION = st.fixed_dictionaries(
    {},
    optional={
        "criteria": st.lists(entity(["id", "label", "weight"]), max_size=3),
        "us": _PLAUSIBLE,
        "competitors": st.lists(entity(["id", "name", "incumbent", "scores"]), max_size=2),
    },
)
_OPPORTUNITY = st.fixed_dictionaries(
    {"id": _IDS, "name": st.text(max_size=5), "stage": _ENUMS},
    optional={
        "value": _PLAUSIBLE,
        "result": _ENUMS,
        "closed_on": _DATES,
        "close_date": _DATES,
        "buying_committee": st.lists(
            st.one_of(_IDS, st.fixed_dictionaries({"contact": _IDS, "roles": _PLAUSIBLE})),
            max_size=3,
        ),
        "facts": _PLAUSIBLE,
        "needs": st.lists(_NEED, max_size=2),
        "competition": _COMPETITION,
        "value_proposition": _PLAUSIBLE,
        "negotiation": entity(["price_discussed", "alternatives", "walk_away"]),
        "next_steps": st.lists(entity(["action", "owner", "due", "done"]), max_size=2),
    },
)
_ACCOUNT_DOCUMENT = st.fixed_dictionaries(
    {
        "battlemap": st.one_of(st.just(1), _SCALARS),
        "account": st.fixed_dictionaries(
            {"id": _IDS, "name": st.text(max_size=8), "as_of": _DATES},
            optional={
                key: _PLAUSIBLE
                for key in [
                    "owner",
                    "lang",
                    "currency",
                    "status",
                    "market_influence",
                    "wallet",
                    "revenue_ltm",
                    "margin",
                    "satisfaction",
                    "pains",
                    "size",
                ]
            },
        ),
    },
    optional={
        "team": st.lists(entity(["id", "name", "role"]), max_size=2),
        "contacts": st.lists(_CONTACT, max_size=4),
        "influence": st.lists(entity(["from", "to", "strength"]), max_size=2),
        "opportunities": st.lists(_OPPORTUNITY, max_size=2),
        "performance": st.lists(entity(["period", "revenue", "target", "margin"]), max_size=3),
        "visits": st.lists(entity(["id", "date", "opportunity", "attendees", "team"]), max_size=2),
        "waivers": st.lists(entity(["code", "subject", "reason", "until"]), max_size=2),
        "relationship": st.fixed_dictionaries(
            {}, optional={"activities": st.lists(entity(["date", "kind", "contacts"]), max_size=2)}
        ),
    },
)


@_SLOW
@given(data=_ACCOUNT_DOCUMENT, flow=st.sampled_from([None, False]))
def test_check_of_account_shaped_documents_never_raises(
    folder: Path, data: dict[str, Any], flow: bool
) -> None:
    check_bytes(folder, dump(data, flow))


def _maybe(
    draw: st.DrawFn, key: str, strategy: st.SearchStrategy[Any], into: dict[str, Any]
) -> None:
    if draw(st.booleans()):
        into[key] = draw(strategy)


_CONTACT_IDS = ["wang-gang", "li-ming", "zhao-lei", "zhou-tao", "wu-qiang"]
_TEAM_IDS = ["zhang-wei", "liu-fang"]
_DAY = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)).map(date.isoformat)
_LEVEL = st.sampled_from(["high", "medium", "low"])
_ROLES = st.lists(
    st.sampled_from(["decision_maker", "technical_buyer", "user", "influencer", "coach",
                     "gatekeeper", "procurement"]),
    unique=True, max_size=3,
)  # fmt: skip
_WORDS = st.text(st.characters(codec="utf-8", categories=["L", "Zs"]), max_size=8)
_MONEY = st.one_of(
    st.integers(0, 10**10), st.floats(0, 1e10, allow_nan=False).map(lambda x: round(x, 4))
)
_SCORE = st.integers(1, 5)


@st.composite
def well_typed_accounts(draw: st.DrawFn) -> dict[str, Any]:
    """Accounts that mostly pass the schema, so that the semantic checks and the rules run;
    ids come from small pools, so references sometimes dangle and ids sometimes repeat."""
    as_of = st.dates(min_value=date(2025, 1, 1), max_value=TODAY).map(date.isoformat)
    account: dict[str, Any] = {"id": "acme", "name": draw(_WORDS), "as_of": draw(as_of)}
    for key, strategy in {
        "owner": st.sampled_from(_TEAM_IDS),
        "lang": st.sampled_from(["zh", "en"]),
        "currency": st.sampled_from(["CNY", "USD", "EUR"]),
        "status": st.sampled_from(["potential", "active", "lost"]),
        "market_influence": _LEVEL,
        "wallet": _MONEY,
        "revenue_ltm": _MONEY,
        "margin": st.floats(-1, 1),
        "satisfaction": st.floats(0, 10),
        "size": st.fixed_dictionaries({}, optional={"employees": st.integers(0, 10**6)}),
    }.items():
        _maybe(draw, key, strategy, account)
    data: dict[str, Any] = {"battlemap": 1, "account": account}
    data["team"] = [{"id": t, "name": t} for t in _TEAM_IDS]
    contact_ids = draw(st.lists(st.sampled_from(_CONTACT_IDS), unique=True, max_size=5))
    # references mostly name contacts that exist, now and then one that does not
    a_contact = st.sampled_from(contact_ids or _CONTACT_IDS) | st.sampled_from(_CONTACT_IDS)
    contacts = []
    for ident in contact_ids:
        contact: dict[str, Any] = {"id": ident, "name": draw(_WORDS)}
        for key, strategy in {
            "reports_to": a_contact,
            "also_reports_to": st.lists(a_contact, unique=True, max_size=2),
            "roles": _ROLES,
            "influence": _LEVEL,
            "stance": st.sampled_from(["champion", "supporter", "neutral", "skeptic",
                                       "opponent", "unknown"]),
            "mode": st.sampled_from(["growth", "trouble", "even_keel", "overconfident"]),
            "owner": st.sampled_from(_TEAM_IDS),
            "trust": st.dictionaries(
                st.sampled_from(["conduct", "expertise", "relationship", "sincerity"]),
                st.integers(0, 5),
            ),
            "last_contact": _DAY,
            "external": st.booleans(),
            "departed": _DAY,
            "vacant": st.booleans(),
        }.items():  # fmt: skip
            _maybe(draw, key, strategy, contact)
        contacts.append(contact)
    data["contacts"] = contacts
    criteria = draw(st.lists(st.sampled_from(["function", "price", "service"]), unique=True))
    scores = st.fixed_dictionaries({c: _SCORE for c in criteria})
    opportunities = []
    for index in range(draw(st.integers(0, 2))):
        opportunity: dict[str, Any] = {
            "id": f"deal-{index}",
            "name": draw(_WORDS),
            "stage": draw(st.sampled_from(["need", "research", "solution", "negotiation",
                                           "follow_up"])),
        }  # fmt: skip
        for key, strategy in {
            "value": _MONEY,
            "result": st.sampled_from(["open", "won", "lost"]),
            "close_date": _DAY,
            "buying_committee": st.lists(
                st.one_of(
                    a_contact,
                    st.fixed_dictionaries(
                        {"contact": a_contact}, optional={"roles": _ROLES}
                    ),
                ),
                max_size=3,
            ),
            "facts": st.dictionaries(
                st.sampled_from(["budget_confirmed", "poc_passed", "collective_decision"]),
                st.booleans(),
            ),
            "needs": st.lists(
                st.fixed_dictionaries(
                    {"id": st.sampled_from(["n1", "n2"]), "text": _WORDS, "importance": _SCORE,
                     "urgency": _SCORE, "feasibility": _SCORE},
                    optional={
                        "confirmed_by": st.lists(a_contact, unique=True),
                        "plan": st.fixed_dictionaries(
                            {"action": _WORDS},
                            optional={"owner": st.sampled_from(_TEAM_IDS), "due": _DAY,
                                      "done": st.one_of(st.none(), _DAY)},
                        ),
                    },
                ),
                max_size=2,
            ),
            "competition": st.fixed_dictionaries(
                {"criteria": st.just([{"id": c, "weight": 1 + i} for i, c in enumerate(criteria)]),
                 "us": scores},
                optional={"competitors": st.lists(
                    st.fixed_dictionaries({"id": st.sampled_from(["rival-a", "rival-b"]),
                                           "name": _WORDS, "scores": scores}),
                    max_size=2)},
            ),
            "value_proposition": _WORDS,
            "negotiation": st.fixed_dictionaries(
                {}, optional={"price_discussed": st.booleans(),
                              "alternatives": st.lists(_WORDS, max_size=2)},
            ),
            "next_steps": st.lists(
                st.fixed_dictionaries(
                    {"action": _WORDS},
                    optional={"owner": st.sampled_from(_TEAM_IDS), "due": _DAY,
                              "done": st.one_of(st.none(), _DAY)},
                ),
                max_size=2,
            ),
        }.items():  # fmt: skip
            _maybe(draw, key, strategy, opportunity)
        opportunities.append(opportunity)
    data["opportunities"] = opportunities
    _maybe(draw, "performance", st.lists(
        st.fixed_dictionaries(
            {"period": st.sampled_from([2024, "2025", "2025-H1", "2025-H2", "2026-Q1"])},
            optional={"revenue": _MONEY, "target": _MONEY, "margin": st.floats(-1, 1),
                      "satisfaction": st.floats(0, 10)},
        ),
        max_size=3,
    ), data)  # fmt: skip
    _maybe(draw, "visits", st.lists(
        st.fixed_dictionaries(
            {"id": st.sampled_from(["v1", "v2"]), "date": _DAY},
            optional={"opportunity": st.sampled_from(["deal-0", "deal-1"]),
                      "attendees": st.lists(a_contact, unique=True),
                      "team": st.lists(st.sampled_from(_TEAM_IDS), unique=True),
                      "outcome": st.one_of(st.none(), _WORDS)},
        ),
        max_size=2,
    ), data)  # fmt: skip
    _maybe(draw, "waivers", st.lists(
        st.fixed_dictionaries({
            "code": st.sampled_from(["not-engaged", "no-coach", "dossier-stale"]),
            "subject": st.sampled_from([{"kind": "account", "id": "acme"},
                                        {"kind": "contact", "id": "li-ming"},
                                        {"kind": "opportunity", "id": "deal-0"}]),
            "reason": st.just("r"),
            "until": _DAY,
        }),
        max_size=2,
    ), data)  # fmt: skip
    return data


@_SLOW
@given(data=well_typed_accounts())
def test_check_of_well_typed_accounts_never_raises(folder: Path, data: dict[str, Any]) -> None:
    """Mostly valid accounts, so that the rules run too (they only run on valid files)."""
    check_bytes(folder, dump(data, None))


# (c) positions and round trips -----------------------------------------------------------


def value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(part, str):
            assert isinstance(data, dict) and part in data, path
        else:
            assert isinstance(data, list) and 0 <= part < len(data), path
        data = data[part]
    return data


def assert_positions_complete(document: Document, text: str) -> None:
    lines = text.split("\n")
    for path, _ in walk(document.data):
        assert path in document.positions, path
    for path, where in document.positions.items():
        value_at(document.data, path)
        assert 1 <= where.line <= len(lines)
        assert 1 <= where.column <= len(lines[where.line - 1]) + 1
    for path in document.key_positions:
        assert path and isinstance(path[-1], str)
        value_at(document.data, path)


# Text that neither YAML 1.1 (safe_dump) nor 1.2 (our loader) reads as anything but text
# unless quoted: no digits or dots, so no numbers; words like 'true' are quoted by both.
_PLAIN_TEXT = st.text(
    st.characters(
        blacklist_categories=["Cs", "Cc", "Nd"], blacklist_characters=".\ufeff" + _UNUSUAL_BREAKS
    ),
    max_size=12,
)
_PLAIN_DATA = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=1 - 10**MAX_NUMBER_DIGITS, max_value=10**MAX_NUMBER_DIGITS - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        _PLAIN_TEXT,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_PLAIN_TEXT, inner, max_size=4)
    ),
    max_leaves=25,
)


def same(left: Any, right: Any) -> bool:
    """Equal, with floats compared by value and type (-0.0 == 0.0 is fine)."""
    if isinstance(left, dict):
        return (
            isinstance(right, dict)
            and list(left) == list(right)
            and all(same(left[k], right[k]) for k in left)
        )
    if isinstance(left, list):
        return (
            isinstance(right, list)
            and len(left) == len(right)
            and all(same(a, b) for a, b in zip(left, right, strict=True))
        )
    if isinstance(left, float):
        return isinstance(right, float) and (left == right or math.isclose(left, right))
    return type(left) is type(right) and left == right


@_FAST
@given(data=_PLAIN_DATA, flow=st.sampled_from([None, False, True]))
def test_plain_data_round_trips_with_a_position_for_every_value(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    loaded = parse_text(text, "f.yaml")
    # a key that starts with an odd space, a value in curly quotes or a full-width comma in a
    # [...] item are slips by design (tests/test_slips.py): the data still reads back
    assert [d for d in loaded.diagnostics if d.code not in SLIPS] == []
    assert loaded.document is not None
    assert same(data, loaded.document.data), text
    assert_positions_complete(loaded.document, text)


@_FAST
@given(data=_VALUES, flow=st.sampled_from([None, False, True]))
def test_any_loaded_document_has_a_position_for_every_value(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    loaded = parse_text(text, "f.yaml")
    if loaded.document is not None:
        assert_positions_complete(loaded.document, text)
