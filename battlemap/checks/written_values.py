"""Values written the way people write them, answered with the exact value to write.

A key-account manager writes ``stance: 支持者`` (the map's own label), ``reports_to: 孙振华``
(the person, not the id), ``value: 1500万``, ``margin: 26%`` or ``close_date: 2026/11/30``.
The schema refuses each of them; here such a refused value is read a second time and, when
exactly one value is meant, the diagnostic names it (``应写为 15000000``) and carries the
`Fix` that `check --fix` applies. They stay errors: the account's language does not change.

Why the labels come from the playbook and the kinds of value from the schema: the map shows
the playbook's labels, so those are what people copy; and a value is money, a fraction or a
date because the schema says so, not because of its key's name.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from battlemap.checks.access import entries, mapping, text
from battlemap.checks.references import references_in
from battlemap.checks.registry import CheckContext
from battlemap.diagnostics import Diagnostic, Fix, Severity, line_starts, offset_at
from battlemap.language import Words
from battlemap.registry import Registry
from battlemap.schema import Reread, load_schema
from battlemap.source import Document, KeyPath, Position, json_pointer, resolve_plain


@dataclass(frozen=True)
class Answer:
    """What a refused value means: the value to write, as YAML text, and why."""

    value: str
    is_text: bool
    """The value is text (a code, an id, a date), not a number: it keeps its quotes."""
    message: Words


@dataclass(frozen=True)
class Written:
    """A value the schema refused, with what is known about the account it is in."""

    path: KeyPath
    value: str
    rule: dict[str, Any]
    """The schema the value failed (for an enum, its choices; for a number, its bounds)."""
    account: _Account

    @property
    def key(self) -> str:
        return next((str(p) for p in reversed(self.path) if isinstance(p, str)), "")

    def answer(self, value: str, is_text: bool, message: Words, **more: str) -> Answer:
        """``value`` to write, with ``message`` told what was written, where and ``more``."""
        filled = message.format(written=self.value, key=self.key, value=value, **more)
        return Answer(value, is_text, filled)

    def number(self, number: Decimal, message: Words) -> Answer | None:
        """``number`` to write, if the schema takes it (bounds, decimals)."""
        if not _fits(number, self.rule):
            return None
        return self.answer(format(number.normalize(), "f"), False, message)


ReadFunction = Callable[[Written], Answer | None]


@dataclass(frozen=True)
class Reading:
    code: str
    summary: Words
    read: ReadFunction


READINGS: Registry[Reading] = Registry("written value")


def reading(code: str, summary: Words) -> Callable[[ReadFunction], ReadFunction]:
    """Register a second reading of refused values under a stable diagnostic code."""

    def decorate(function: ReadFunction) -> ReadFunction:
        READINGS.add(code, Reading(code, summary, function))
        return function

    return decorate


def rereader(context: CheckContext) -> Reread:
    """The second reading `schema.validate` gives each refused value of this account."""
    account = _Account(context)

    def reread(path: KeyPath, value: Any, rule: dict[str, Any]) -> Diagnostic | None:
        if not isinstance(value, str):
            return None
        written = Written(path, value, rule, account)
        for found in READINGS.values():
            answer = found.read(written)
            if answer is not None:
                return _diagnostic(context.document, written, found.code, answer, context.lang)
        return None

    return reread


def _diagnostic(
    document: Document, written: Written, code: str, answer: Answer, lang: str
) -> Diagnostic:
    where = document.position(written.path)
    return Diagnostic(
        document.file,
        where.line,
        where.column,
        Severity.ERROR,
        code,
        answer.message.in_(lang),
        json_pointer(written.path),
        _fix(written.account, where, written.value, answer),
        words=answer.message,
    )


# ---- The fix: the scalar as written, replaced by the answer in the same quoting -------------


def _fix(account: _Account, where: Position, value: str, answer: Answer) -> Fix | None:
    """The edit that writes ``answer`` over the scalar at ``where``; None when the scalar is
    not written there as ``value`` exactly (escapes, a folded line): then no guess is made."""
    source = account.document.text
    start = offset_at(account.line_starts, where.line, where.column)
    if start is None:
        return None
    for quote, old in (('"', f'"{value}"'), ("'", "'" + value.replace("'", "''") + "'")):
        if source.startswith(quote, start):
            if not source.startswith(old, start) or ("\\" in value and quote == '"'):
                return None
            new = f"{quote}{answer.value}{quote}" if answer.is_text else answer.value
            return Fix(where.line, where.column, old, new)
    if "\n" in value or not source.startswith(value, start):
        return None
    new = answer.value
    if answer.is_text and not isinstance(resolve_plain(new), str):
        new = f'"{new}"'  # an id such as 2024 would read back as a number
    return Fix(where.line, where.column, value, new)


# ---- What the account knows: labels, stages, names ------------------------------------------


def _folded(text: str) -> str:
    """How two spellings compare: full-width forms as ASCII, case and outer spaces ignored."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _unique(pairs: Iterator[tuple[str, str]]) -> dict[str, str]:
    """Spelling -> value, keeping only spellings that mean one value."""
    meanings: dict[str, set[str]] = {}
    for spelling, value in pairs:
        meanings.setdefault(_folded(spelling), set()).add(value)
    return {
        spelling: next(iter(values)) for spelling, values in meanings.items() if len(values) == 1
    }


class _Account:
    """What the readings consult, worked out once per document and only when asked."""

    def __init__(self, context: CheckContext) -> None:
        self._context = context
        self.document = context.document

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.document.text)

    @cached_property
    def label_groups(self) -> list[dict[str, Any]]:
        """The playbook's label tables (code -> {zh, en}): stances, roles, influence, ..."""
        groups = mapping(self._context.playbook.get("labels")).values()
        return [group for group in groups if isinstance(group, dict)]

    def labels_of(self, choices: list[Any]) -> dict[str, str]:
        """Label (either language) -> code, for the label table with exactly ``choices``."""
        wanted = {str(choice) for choice in choices}
        for group in self.label_groups:
            if set(group) == wanted:
                return _unique(_spellings(group.items()))
        return {}

    @cached_property
    def stage_labels(self) -> dict[str, str]:
        stages = self._context.playbook.get("stages") or ()
        pairs = ((s.get("id"), s.get("label")) for s in stages if isinstance(s, dict))
        return _unique(_spellings((ident, label) for ident, label in pairs if ident))

    @cached_property
    def reference_kinds(self) -> dict[KeyPath, str]:
        return {path: kind for kind, _, path in references_in(self._context.document.data)}

    @cached_property
    def names(self) -> dict[str, dict[str, str]]:
        """Kind of reference -> name -> the id of the one entry with that name."""
        data = self._context.document.data
        team = [*self._context.shared_team_names, *_named(data, ("team",), "name")]
        return {
            "contact": _unique(_named(data, ("contacts",), "name")),
            "team member": _unique(iter(team)),
            "opportunity": _unique(_named(data, ("opportunities",), "name")),
        }

    @cached_property
    def currency(self) -> str:
        return text(mapping(mapping(self._context.document.data).get("account")), "currency") or (
            self._context.currency
        )


def _spellings(group: Any) -> Iterator[tuple[str, str]]:
    """(label, code) for each language's label of each code of a label table."""
    for code, label in group:
        for spelling in mapping(label).values():
            if isinstance(spelling, str):
                yield spelling, str(code)


def _named(data: Any, path: KeyPath, key: str) -> Iterator[tuple[str, str]]:
    for _, entry in entries(data, path):
        ident, name = text(entry, "id"), text(entry, key)
        if ident is not None and name is not None:
            yield name, ident


# ---- What kind of value the schema asked for -------------------------------------------------

_CONSTRAINTS = (
    "type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxDecimals",
    "pattern", "format",
)  # fmt: skip


def _constraints(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The keywords that decide what a value may be (not its title or description)."""
    return {key: rule[key] for key in _CONSTRAINTS if key in rule}


def _is(rule: Mapping[str, Any], definition: str) -> bool:
    """Whether ``rule`` asks for the account schema's ``$defs/definition``."""
    return _constraints(rule) == _constraints(load_schema("account")["$defs"][definition])


def _has_pattern_of(rule: Mapping[str, Any], definition: str) -> bool:
    pattern = load_schema("account")["$defs"][definition]["pattern"]
    return bool(rule.get("pattern") == pattern)


def _fits(number: Decimal, rule: Mapping[str, Any]) -> bool:
    """Whether ``number`` passes the bounds and decimals of ``rule``."""
    bounds: list[tuple[str, Callable[[Decimal, Decimal], bool]]] = [
        ("minimum", lambda n, b: n >= b),
        ("maximum", lambda n, b: n <= b),
        ("exclusiveMinimum", lambda n, b: n > b),
        ("exclusiveMaximum", lambda n, b: n < b),
    ]
    for keyword, holds in bounds:
        if keyword in rule and not holds(number, Decimal(str(rule[keyword]))):
            return False
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return places <= int(rule.get("maxDecimals", places))


# ---- The readings ----------------------------------------------------------------------------


@reading(
    "label-not-code",
    Words(
        "A value written as its label (支持者, Technical buyer) where the code is needed.",
        "写了显示名称（支持者、技术把关者）而不是代码。",
    ),
)
def label_for_code(written: Written) -> Answer | None:
    if "enum" in written.rule:
        labels = written.account.labels_of(list(written.rule["enum"]))
    elif written.key == "stage" and _has_pattern_of(written.rule, "id"):
        labels = written.account.stage_labels
    else:
        return None
    code = labels.get(_folded(written.value))
    if code is None:
        return None
    message = Words(
        "'{written}' is the label of '{value}'; {key} takes the code: write {value}",
        "「{written}」是 {value} 的显示名称，{key} 要写代码，应写为 {value}",
    )
    return written.answer(code, True, message)


_KIND_WORDS = {
    "contact": Words("a contact", "联系人"),
    "team member": Words("a team member", "我方团队成员"),
    "opportunity": Words("an opportunity", "商机"),
}


@reading(
    "name-not-id",
    Words(
        "A reference written as the person's (or opportunity's) name where its id is needed.",
        "引用处写了人名（或商机名称）而不是它的 id。",
    ),
)
def name_for_id(written: Written) -> Answer | None:
    kind = written.account.reference_kinds.get(written.path)
    if kind is None or not _has_pattern_of(written.rule, "id"):
        return None
    ident = written.account.names[kind].get(_folded(written.value))
    if ident is None:
        return None
    message = Words(
        "'{written}' is the name of {kind_en}; {key} takes the id: write {value}",
        "「{written}」是{kind_zh}的名字，{key} 要写 id，应写为 {value}",
    )
    kind_words = _KIND_WORDS[kind]
    return written.answer(ident, True, message, kind_en=kind_words.en, kind_zh=kind_words.zh)


_MONEY = re.compile(
    r"(?P<sign>[¥$]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?"
    r"(?P<units>[十百千万亿]*)(?P<yuan>元?)"
)
_SIGN_CURRENCY = {"¥": "CNY", "$": "USD"}
"""The one currency each sign is read as: ¥ is also the yen and $ many dollars, so a sign
converts nothing in an account kept in another currency."""
_UNITS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}


def _compact(written: str) -> str:
    """Full-width digits and signs as ASCII (NFKC: ￥ -> ¥, ％ -> %), spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", written))


@reading(
    "money-not-number",
    Words(
        "Money written as text (1500万, ¥1,500,000, $150,000) where a plain number is needed.",
        "金额写成了文字（1500万、¥1,500,000、$150,000），应写纯数字。",
    ),
)
def money_as_number(written: Written) -> Answer | None:
    if not _is(written.rule, "money"):
        return None
    parts = _MONEY.fullmatch(_compact(written.value))
    if parts is None:
        return None
    currency = written.account.currency
    if parts["sign"] and _SIGN_CURRENCY[parts["sign"]] != currency:
        return None  # another currency's sign: no conversion is meant
    if parts["yuan"] and currency != "CNY":
        return None
    number = Decimal(parts["digits"].replace(",", "") + (parts["fraction"] or ""))
    for unit in parts["units"]:
        number *= _UNITS[unit]
    message = Words(
        "'{written}' is text; {key} takes the amount as a plain number: write {value}",
        "「{written}」是文字，{key} 要写不带单位和分隔符的数字，应写为 {value}",
    )
    return written.number(number, message)


_PERCENT = re.compile(r"(?P<number>[-+]?(?:\d+(?:\.\d*)?|\.\d+))%")


@reading(
    "percent-not-fraction",
    Words(
        "A margin or share written as a percentage (26%) where a fraction (0.26) is needed.",
        "利润率或份额写成了百分数（26%），应写小数（0.26）。",
    ),
)
def percent_as_fraction(written: Written) -> Answer | None:
    if not _is(written.rule, "margin"):
        return None
    parts = _PERCENT.fullmatch(_compact(written.value))
    if parts is None:
        return None
    message = Words(
        "'{written}' is a percentage; {key} takes a fraction: write {value}",
        "「{written}」是百分数，{key} 要写成小数，应写为 {value}",
    )
    return written.number(Decimal(parts["number"]) / 100, message)


_DASHES = "\\-/.\u2010-\u2015\u2212\u30fc"
"""What separates a date's parts as people type them: hyphen, slash, dot, the dashes (en,
em, figure...), the minus sign and the katakana long vowel mark an input method may give."""
_DATE = re.compile(
    rf"(?P<year>\d{{4}})(?:[{_DASHES}](?P<m1>\d{{1,2}})[{_DASHES}](?P<d1>\d{{1,2}})"
    r"|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?)"
)


@reading(
    "date-not-iso",
    Words(
        "A date written another way (2026/11/30, 2026年11月30日, 2026–11–30) where YYYY-MM-DD "
        "is needed.",
        "日期写成了其他格式（2026/11/30、2026年11月30日、2026–11–30），应写 YYYY-MM-DD。",
    ),
)
def date_as_iso(written: Written) -> Answer | None:
    if not _has_pattern_of(written.rule, "date"):
        return None
    parts = _DATE.fullmatch(_compact(written.value))
    if parts is None:
        return None
    try:
        day = datetime.date(
            int(parts["year"]), int(parts["m1"] or parts["m2"]), int(parts["d1"] or parts["d2"])
        )
    except ValueError:
        return None
    value = day.isoformat()
    if value == written.value:
        return None  # the date is written right: the schema refused something else
    message = Words(
        "'{written}' is not written YYYY-MM-DD: write {value}",
        "「{written}」不是 YYYY-MM-DD 格式的日期，应写为 {value}",
    )
    return written.answer(value, True, message)
