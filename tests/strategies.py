"""Hypothesis strategies for VALID accounts, and a YAML writer that round-trips any text.

Why our own writer: PyYAML's dumper decides quoting by YAML 1.1 rules, so a text such as
`0o17` or `1_000` may come out unquoted and be read back as a number under YAML 1.2.
Here every string is double-quoted with explicit escapes, so it always reads back as the
same text, whatever characters it holds (RTL, emoji, zero-width, control characters).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from battlemap.checks.limits import MAX_CHAIN_DEPTH
from battlemap.source import MAX_ALIAS_TEXT, MAX_NUMBER_DIGITS

STAGES = ("need", "research", "solution", "negotiation", "follow_up")
ROLES = (
    "decision_maker", "technical_buyer", "user", "influencer", "coach", "gatekeeper",
    "procurement",
)  # fmt: skip
STANCES = ("champion", "supporter", "neutral", "skeptic", "opponent", "unknown")
LEVELS = ("high", "medium", "low")
FACTS = ("budget_confirmed", "timeline_confirmed", "poc_passed", "tender_registered")
AS_OF = date(2026, 11, 1)

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPES.update({"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"})


def _needs_escape(point: int) -> bool:
    return (
        point < 0x20
        or 0x7F <= point <= 0x9F
        or 0xD800 <= point <= 0xDFFF
        or point in (0xFFFE, 0xFFFF)
    )


def _quote(text: str) -> str:
    parts = []
    for char in text:
        point = ord(char)
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif _needs_escape(point):
            parts.append(f"\\u{point:04X}")
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'


def to_yaml(value: Any, indent: str = "") -> str:
    """Block-style YAML with every string double-quoted (reads back as exactly ``value``)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            body = to_yaml(item, indent + "  ")
            nested = isinstance(item, (dict, list)) and item
            lines.append(f"{indent}{_quote(key)}:" + (f"\n{body}" if nested else f" {body}"))
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n".join(f"{indent}- " + to_yaml(item, indent + "  ").lstrip() for item in value)
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


texts = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != "")
long_texts = st.one_of(texts, st.text(min_size=200, max_size=600).filter(lambda t: t.strip()))

# Pieces of unusual text, mixed below so that every text field meets each kind alone and in
# combination: right-to-left scripts and bidi controls, emoji (with joiners and modifiers),
# CJK, zero-width and format characters, C0/C1 controls, line separators, noncharacters.
_RTL = st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), min_size=1, max_size=12)
_CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=12)
_EMOJI = st.sampled_from(["😀", "👩‍👩‍👧", "👍🏽", "🇨🇳", "❤️", "🧑‍💻", "🏳️‍🌈"])
_INVISIBLE = st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"]
)
_BIDI = st.sampled_from(["\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066",
                         "\u2067", "\u2069", "\u202c"])  # fmt: skip
_CONTROLS = st.sampled_from(
    ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80",
     "\x85", "\x9f", "\r", "\n", "\t", "\u2028", "\u2029", "\ufffe", "\uffff",
     "\ufdd0", "\U0010ffff"]
)  # fmt: skip
_LATIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=10)
mixed = (
    st.lists(
        st.one_of(_RTL, _CJK, _EMOJI, _INVISIBLE, _BIDI, _CONTROLS, _LATIN), min_size=1, max_size=8
    )
    .map("".join)
    .filter(lambda t: t.strip() != "")
)
very_long = st.builds(
    lambda t, n: (t + " ") * n,
    st.one_of(_LATIN, _CJK, _RTL).filter(lambda t: t.strip() != ""),
    st.integers(50, 400),
)
hostile = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        'a "quoted" \\ back\\slash {brace} [x] ;',
        "line\nbreak \\N \\G \\l",
        "&amp; &lt; <>&",
        "\u202eevil\u202c right-to-left",
        "zero\u200bwidth\u200d",
        "😀👩‍👩‍👧 emoji",
        "王刚 · 华东钢铁",
        "مرحبا بالعالم",
        "\x01\x02 control",
    ]
)
names = st.one_of(texts, hostile, long_texts, mixed, very_long)


# Values at the limits of docs/security.md ("Limits"): valid accounts use them, and
# ``beyond_limits`` gives each one just past its limit with the error it must cause.
MONEY_AT_LIMIT = (10**18 - 1, 0.0001, 123456789.1234, 0)
ID_AT_LIMIT = "a" * 63 + "z"
money = st.one_of(st.integers(0, 10**9), st.sampled_from(MONEY_AT_LIMIT))
account_ids = st.sampled_from(("fuzz", ID_AT_LIMIT, "con1", "com10", "lpt"))
BEYOND_LIMITS = (
    # (key of account, value, expected code)
    ("wallet", 10**18, "out-of-range"),
    ("wallet", 0.00001, "out-of-range"),
    ("wallet", 1.7e308, "out-of-range"),
    ("revenue_ltm", 10**MAX_NUMBER_DIGITS, "number-too-long"),
    ("id", ID_AT_LIMIT + "a", "too-long"),
    ("id", "fuzz\n", "invalid-format"),
    ("id", "nul", "invalid-value"),
)
beyond_limits = st.sampled_from(BEYOND_LIMITS)


def with_aliased_text(yaml_text: str, beyond: bool) -> str:
    """``yaml_text`` (an account) plus a text aliased until the aliases add exactly
    MAX_ALIAS_TEXT characters, with ``beyond`` one character more."""
    uses = 100
    added = f"\nx-text: &text {'t' * (MAX_ALIAS_TEXT // uses)}\n"
    added += f"x-uses: [{', '.join(['*text'] * uses)}]\n"
    if beyond:
        added += "x-char: &char c\nx-one-more: *char\n"
    return yaml_text + added


def _day(offset: int) -> str:
    return (AS_OF + timedelta(days=offset)).isoformat()


@st.composite
def contacts(draw: st.DrawFn, count: int) -> list[dict[str, Any]]:
    chain = draw(st.booleans())
    people = []
    levels: list[int] = []  # each person's level in their reporting chain
    for index in range(count):
        person: dict[str, Any] = {"id": f"c{index}"}
        vacant = index > 0 and draw(st.integers(0, 15)) == 0
        if vacant:
            person["vacant"] = True
            person["title"] = draw(names)
        else:
            person["name"] = draw(names)
            if draw(st.booleans()):
                person["title"] = draw(names)
        # no chain deeper than the limit; a chain restarts every MAX_CHAIN_DEPTH people, so
        # long ones are exactly at the limit
        boss: int | None = None
        if chain:
            boss = index - 1 if index % MAX_CHAIN_DEPTH else None
        elif index > 0 and draw(st.booleans()):
            allowed = [i for i in range(index) if levels[i] < MAX_CHAIN_DEPTH]
            boss = draw(st.sampled_from(allowed))
        levels.append(1 if boss is None else levels[boss] + 1)
        if boss is not None:
            person["reports_to"] = f"c{boss}"
        if draw(st.booleans()):
            person["roles"] = draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=3))
        person["influence"] = draw(st.sampled_from(LEVELS))
        person["stance"] = draw(st.sampled_from(STANCES))
        if draw(st.booleans()):
            pillars = draw(
                st.dictionaries(
                    st.sampled_from(("conduct", "expertise", "relationship", "sincerity")),
                    st.integers(0, 5),
                )
            )
            person["trust"] = pillars
        if not vacant and index > 0 and draw(st.integers(0, 10)) == 0:
            person["departed"] = _day(-draw(st.integers(1, 300)))
        if not vacant and draw(st.integers(0, 8)) == 0:
            person["external"] = True
            person["organization"] = draw(names)
        if draw(st.booleans()):
            person["last_contact"] = _day(-draw(st.integers(0, 200)))
        if draw(st.booleans()):
            person["notes"] = draw(names)
        people.append(person)
    return people


def _present(people: list[dict[str, Any]]) -> list[str]:
    return [p["id"] for p in people if not p.get("vacant") and "departed" not in p]


@st.composite
def opportunity(draw: st.DrawFn, index: int, people: list[dict[str, Any]]) -> dict[str, Any]:
    stage = draw(st.sampled_from(STAGES))
    result = "won" if stage == "follow_up" and draw(st.booleans()) else "open"
    deal: dict[str, Any] = {
        "id": f"o{index}",
        "name": draw(names),
        "stage": stage,
        "result": result,
    }
    present = _present(people)
    if present and draw(st.booleans()):
        deal["buying_committee"] = draw(st.lists(st.sampled_from(present), unique=True, max_size=5))
    deal["value"] = draw(money)
    deal["close_date"] = _day(draw(st.integers(-100, 400)))
    deal["facts"] = {
        f: draw(st.booleans()) for f in draw(st.lists(st.sampled_from(FACTS), unique=True))
    }
    needs = []
    for n in range(draw(st.integers(0, 3))):
        need: dict[str, Any] = {
            "id": f"n{n}", "text": draw(names),
            "importance": draw(st.integers(1, 5)), "urgency": draw(st.integers(1, 5)),
            "feasibility": draw(st.integers(1, 5)),
        }  # fmt: skip
        if present:
            need["confirmed_by"] = draw(st.lists(st.sampled_from(present), unique=True, max_size=2))
        if draw(st.booleans()):
            need["plan"] = {
                "action": draw(names),
                "owner": "me",
                "due": _day(draw(st.integers(-30, 90))),
            }
        needs.append(need)
    deal["needs"] = needs
    if draw(st.booleans()):
        criteria = [
            {"id": f"k{k}", "label": draw(names), "weight": draw(st.integers(1, 5))}
            for k in range(draw(st.integers(1, 4)))
        ]
        scores = st.fixed_dictionaries({c["id"]: st.integers(1, 5) for c in criteria})
        rivals = [
            {
                "id": f"r{r}",
                "name": draw(names),
                "incumbent": draw(st.booleans()),
                "scores": draw(scores),
            }
            for r in range(draw(st.integers(0, 3)))
        ]
        deal["competition"] = {"criteria": criteria, "us": draw(scores), "competitors": rivals}
    deal["next_steps"] = [
        {"action": draw(names), "owner": "me", "due": _day(draw(st.integers(-30, 90)))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    return deal


@st.composite
def accounts(draw: st.DrawFn, max_contacts: int = 30) -> dict[str, Any]:
    """A valid account: every reference resolves, no cycle, every stage of the playbook."""
    count = draw(st.one_of(st.just(0), st.integers(1, max_contacts)))
    people = draw(contacts(count))
    deals = [draw(opportunity(i, people)) for i in range(draw(st.integers(0, 3)))]
    account: dict[str, Any] = {
        "id": draw(account_ids), "name": draw(names), "as_of": AS_OF.isoformat(), "owner": "me",
        "lang": draw(st.sampled_from(("zh", "en"))),
        "status": draw(st.sampled_from(("potential", "active", "lost"))),
        "wallet": draw(money), "revenue_ltm": draw(money),
        "market_influence": draw(st.sampled_from(LEVELS)),
    }  # fmt: skip
    if draw(st.booleans()):
        account["strategy"] = draw(names)
        account["pains"] = draw(st.lists(names, max_size=3))
    present = _present(people)
    visits = []
    if present and deals and draw(st.booleans()):
        visits.append(
            {
                "id": "v0",
                "date": _day(draw(st.integers(1, 60))),
                "opportunity": "o0",
                "attendees": draw(
                    st.lists(st.sampled_from(present), unique=True, min_size=1, max_size=6)
                ),
                "objective": draw(names),
            }
        )
    return {
        "battlemap": 1,
        "account": account,
        "team": [{"id": "me", "name": draw(names)}],
        "contacts": people,
        "opportunities": deals,
        "visits": visits,
    }
