"""Schema errors in plain sentences, in Chinese and in English: the field and what to write,
one pair per kind of validator (a representative value of each)."""

from __future__ import annotations

import pytest

from battlemap import schema
from battlemap.source import parse_text

_ACCOUNT = "battlemap: 1\naccount:\n  id: acme\n  name: Acme Ltd\n  as_of: 2026-11-01\n"


def messages(text: str) -> list[tuple[str, str, str, str]]:
    """(code, line:column, English, Chinese) of each schema diagnostic of ``text``."""
    loaded = parse_text(text, "account.yaml")
    assert loaded.document is not None, loaded.diagnostics
    return [
        (d.code, f"{d.line}:{d.column}", d.in_("en").message, d.in_("zh").message)
        for d in schema.validate(loaded.document)
    ]


@pytest.mark.parametrize(
    ("added", "code", "place", "en", "zh"),
    [
        (
            "  stauts: active\n",
            "unknown-key",
            "6:3",
            "unknown key 'stauts'; did you mean 'status'?",
            "不认识的键「stauts」；是不是「status」？",
        ),
        (
            "contacts:\n  - {id: li, name: 李, external: yes}\n",
            "wrong-type",
            "7:33",
            "'external' expects true or false, found text 'yes'; write true or false",
            "「external」应为true 或 false，这里是文字「yes」；请写 true 或 false",
        ),
        (
            "contacts:\n  - {id: li, name: 李, stance: champoin}\n",
            "invalid-enum",
            "7:31",
            "text 'champoin' is not a valid 'stance'; did you mean 'champion'? "
            "(one of: champion, supporter, neutral, skeptic, opponent, unknown)",
            "文字「champoin」不是「stance」的有效值；是不是「champion」？"
            "（可选：champion、supporter、neutral、skeptic、opponent、unknown）",
        ),
        (
            "contacts:\n  - {id: li, name: 李, trust: {conduct: 7}}\n",
            "out-of-range",
            "7:40",
            "'conduct' must be at most 5, found 7 (allowed 0 to 5)",
            "「conduct」必须最多为 5，这里是 7（允许 0 到 5）",
        ),
        (
            "contacts:\n  - {id: Li Na, name: 李娜}\n",
            "invalid-format",
            "7:10",
            "text 'Li Na' is not valid for 'id': expected an id: lowercase letters, digits, "
            "'-' and '_' (e.g. 'east-steel')",
            "文字「Li Na」不符合「id」的写法：应为由小写字母、数字、“-”和“_”组成的 id"
            "（如 east-steel）",
        ),
        (
            "contacts:\n  - {id: li, name: 李, last_contact: 2026-02-30}\n",
            "invalid-format",
            "7:37",
            "text '2026-02-30' is not a real calendar date (YYYY-MM-DD)",
            "文字「2026-02-30」不是日历上存在的日期（YYYY-MM-DD）",
        ),
        (
            "visits:\n  - {id: v, date: 2026-10-01, attendees: [li, li]}\n",
            "invalid-value",
            "7:47",
            "text 'li' appears twice in 'attendees'",
            "文字「li」在「attendees」中出现了两次",
        ),
        (
            "waivers:\n  - code: dossier-stale\n    subject: {kind: account, id: acme}\n"
            "    until: 2026-12-31\n    reason: ''\n",
            "invalid-value",
            "10:13",
            "'reason' must not be empty",
            "「reason」不能为空",
        ),
    ],
    ids=lambda v: str(v)[:24],
)
def test_each_kind_of_schema_error_in_both_languages(
    added: str, code: str, place: str, en: str, zh: str
) -> None:
    assert messages(_ACCOUNT + added) == [(code, place, en, zh)]


def test_a_missing_key_says_what_to_add() -> None:
    text = "battlemap: 1\naccount:\n  id: acme\n  name: Acme Ltd\n"
    assert messages(text) == [
        (
            "missing-key",
            "2:1",
            "missing required key 'as_of' in 'account'; add 'as_of: ...'",
            "「account」中缺少必填的键「as_of」；请添加「as_of: ...」",
        )
    ]


def test_a_comment_where_text_is_required_says_to_quote_it() -> None:
    """``notes: #1 风险`` reads as ``notes: null``: reported at the ``#``, with the quoted
    line to write instead."""
    text = _ACCOUNT + "contacts:\n  - id: li\n    name: 李\n    title: #1 风险\n"
    assert messages(text) == [
        (
            "comment-as-value",
            "9:12",
            "'title' is empty: YAML reads '#1 风险' as a comment; if it is the text, "
            'quote it: title: "#1 风险"',
            "「title」是空的：YAML 把「#1 风险」当作注释；如果这是要写的文字，请加引号："
            'title: "#1 风险"',
        )
    ]


def test_a_comment_after_a_value_that_may_be_empty_stays_a_comment() -> None:
    text = _ACCOUNT + (
        "opportunities:\n  - id: mes\n    name: MES\n    stage: research\n"
        "    closed_on:   # not yet\n"
    )
    assert messages(text) == []


def test_an_empty_required_text_without_a_comment_is_a_type_error() -> None:
    text = _ACCOUNT + "contacts:\n  - id: li\n    name: 李\n    title:\n"
    assert [code for code, *_ in messages(text)] == ["wrong-type"]


def test_the_quoted_text_is_written_as_yaml_reads_it_back() -> None:
    """A quote inside the comment is escaped in the suggested line."""
    text = _ACCOUNT + 'contacts:\n  - id: li\n    name: 李\n    title: # "主任"\n'
    [(_, _, en, _)] = messages(text)
    assert en.endswith('quote it: title: "# \\"主任\\""')
