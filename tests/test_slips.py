"""YAML slips (battlemap/slips.py, slip_lines.py, slip_words.py): each input-method slip of
issue 14 at the character that caused it, in zh and en, with its fix or as a warning; every
libyaml error in plain words with libyaml's text kept as the detail; nothing reported on
valid accounts, and no work done on them beyond the few scalars that may hide a slip."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from battlemap import slip_lines, slips
from battlemap.diagnostics import Diagnostic, Fix, Severity, format_json, format_text_line
from battlemap.options import CheckOptions
from battlemap.pipeline import check_file
from battlemap.slip_words import SLIPS, yaml_quoted
from battlemap.source import parse_bytes, parse_text
from tests.conftest import TODAY
from tests.test_source_properties import _PLAIN_DATA, well_typed_accounts

HEAD = "battlemap: 1\naccount:\n  id: acme\n  name: 华东化工\n  as_of: 2026-11-01\n"
"""Five lines of a valid account: the slips below start on line 6."""
PERSON = "contacts:\n  - id: zheng-wei\n    name: 郑伟\n"
"""Lines 6-8: a contact whose keys are indented by four spaces."""


def only(text: str, lang: str = "en") -> Diagnostic:
    [found] = parse_text(text, "a.yaml").diagnostics
    return found.in_(lang)


def applied(text: str, fix: Fix) -> str:
    """``text`` with ``fix`` made, the way `check --fix` makes it: by position."""
    lines = text.split("\n")
    line = lines[fix.line - 1]
    start = fix.column - 1
    assert line[start : start + len(fix.old)] == fix.old
    lines[fix.line - 1] = line[:start] + fix.new + line[start + len(fix.old) :]
    return "\n".join(lines)


def loads_cleanly(text: str) -> Any:
    loaded = parse_text(text, "a.yaml")
    assert loaded.diagnostics == []
    assert loaded.document is not None
    return loaded.document.data


@dataclass(frozen=True)
class Row:
    """A row of issue 14's table: what was typed, and what battlemap must say."""

    text: str
    code: str
    place: tuple[int, int]
    en: str
    zh: str
    fix: Fix | None
    meant: Any = None
    """What the file reads as once the fix is made (None: no fix)."""


ROWS = {
    "full-width colon": Row(
        HEAD + "  title：总经理\n  lang: zh\n",
        "fullwidth-colon",
        (6, 8),
        'full-width colon "：" here; type a half-width colon and a space ": "',
        "这里是全角冒号「：」，请改为半角冒号「: 」",
        Fix(6, 8, "：", ": "),
        ("account", "title", "总经理"),
    ),
    "full-width colon before a space": Row(
        HEAD + "  title： 总经理\n",
        "fullwidth-colon",
        (6, 8),
        'full-width colon "：" here; type a half-width colon and a space ": "',
        "这里是全角冒号「：」，请改为半角冒号「: 」",
        Fix(6, 8, "：", ":"),
        ("account", "title", "总经理"),
    ),
    "full-width space indentation": Row(
        HEAD + PERSON + "\u3000\u3000title: 总经理\n",
        "indent-not-space",
        (9, 1),
        'a full-width space "\u3000" (U+3000) in the indentation; indent with ordinary '
        "spaces (4 here, like the lines around it)",
        "缩进里有全角空格「\u3000」（U+3000）；请用普通空格缩进（这里是 4 个，与前后的行对齐）",
        Fix(9, 1, "\u3000\u3000", "    "),
        ("contacts", 0, "title", "总经理"),
    ),
    "no-break space indentation": Row(
        HEAD + PERSON + "\xa0\xa0\xa0\xa0title: 总经理\n  - id: li-na\n",
        "indent-not-space",
        (9, 1),
        "a no-break space (U+00A0) in the indentation; indent with ordinary spaces (4 here, "
        "like the lines around it)",
        "缩进里有不换行空格（U+00A0）；请用普通空格缩进（这里是 4 个，与前后的行对齐）",
        Fix(9, 1, "\xa0\xa0\xa0\xa0", "    "),
        ("contacts", 0, "title", "总经理"),
    ),
    "tab indentation": Row(
        HEAD + PERSON + "\ttitle: 总经理\n",
        "indent-not-space",
        (9, 1),
        "a tab in the indentation; indent with ordinary spaces (4 here, like the lines around it)",
        "缩进里有制表符（Tab）；请用普通空格缩进（这里是 4 个，与前后的行对齐）",
        Fix(9, 1, "\t", "    "),
        ("contacts", 0, "title", "总经理"),
    ),
    "full-width space after a colon": Row(
        HEAD + PERSON + "    title:\u3000总经理\n",
        "space-after-colon",
        (9, 11),
        'a full-width space "\u3000" (U+3000) after the colon; type an ordinary space',
        "冒号后面是全角空格「\u3000」（U+3000）；请改为普通空格",
        Fix(9, 11, "\u3000", " "),
        ("contacts", 0, "title", "总经理"),
    ),
    "full-width comma in a free-text list": Row(
        HEAD + "  pains: [阀门内漏，交期太长]\n",
        "fullwidth-comma-in-text",
        (6, 15),
        'full-width comma "，" inside the item "阀门内漏，交期太长", which YAML reads as ONE '
        "item; for separate items type half-width commas: [阀门内漏, 交期太长]; to keep one "
        'item, quote it: ["阀门内漏，交期太长"]',
        "列表项「阀门内漏，交期太长」里有全角逗号「，」，YAML 把它读作一项；若是多项，请改用"
        '半角逗号：[阀门内漏, 交期太长]；若就是一项，请加引号：["阀门内漏，交期太长"]',
        None,
    ),
    "full-width comma in a list of codes": Row(
        HEAD + PERSON + "    roles: [user，coach]\n",
        "fullwidth-comma",
        (9, 17),
        'full-width comma "，" between items; type a half-width comma ", "',
        "列表项之间是全角逗号「，」，请改为半角逗号「, 」",
        Fix(9, 17, "，", ", "),
        ("contacts", 0, "roles", ["user", "coach"]),
    ),
    "curly quotes around a value": Row(
        HEAD + PERSON.replace("郑伟", "“郑伟”"),
        "smart-quoted-value",
        (8, 11),
        "the value is wrapped in curly quotes “”, which YAML keeps as part of the text (the "
        'map would print them); type straight quotes: "郑伟"',
        '值两边的中文引号“”会被当作文字的一部分（地图上会印出来）；请改为英文引号："郑伟"',
        Fix(8, 11, "“郑伟”", '"郑伟"'),
        ("contacts", 0, "name", "郑伟"),
    ),
    "curly quotes where quotes are needed": Row(
        HEAD + PERSON + "    notes: ‘备注: 已确认’\n",
        "smart-quotes",
        (9, 12),
        'curly quote "‘" where YAML needs a straight quote; type \' instead',
        "这里是中文引号「‘」，YAML 的引号要用英文引号 ' ",
        Fix(9, 12, "‘备注: 已确认’", "'备注: 已确认'"),
        ("contacts", 0, "notes", "备注: 已确认"),
    ),
    "a mention": Row(
        HEAD + PERSON + "    notes: @王工 负责对接\n",
        "needs-quotes",
        (9, 12),
        'a value cannot start with "@" in YAML; put the whole value in quotes: "@王工 负责对接"',
        'YAML 的值不能以「@」开头；请给整个值加上引号："@王工 负责对接"',
        Fix(9, 12, "@王工 负责对接", '"@王工 负责对接"'),
        ("contacts", 0, "notes", "@王工 负责对接"),
    ),
    "a colon in a value": Row(
        HEAD + PERSON + "    notes: 备注: 下周回访\n",
        "colon-in-value",
        (9, 14),
        '": " inside a value makes YAML read a new key; put the whole value in quotes: '
        '"备注: 下周回访"',
        '值里的「: 」会被 YAML 当作新的键；请给整个值加上引号："备注: 下周回访"',
        Fix(9, 12, "备注: 下周回访", '"备注: 下周回访"'),
        ("contacts", 0, "notes", "备注: 下周回访"),
    ),
}


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("row", ROWS.values(), ids=list(ROWS))
def test_each_slip_is_reported_at_its_character_in_both_languages(row: Row) -> None:
    en, zh = only(row.text, "en"), only(row.text, "zh")
    assert (en.code, en.line, en.column) == (row.code, *row.place)
    assert en.severity is SLIPS[row.code].severity
    assert en.message == row.en
    assert zh.message == row.zh.rstrip()
    assert en.fix == zh.fix == row.fix


@pytest.mark.parametrize("row", [r for r in ROWS.values() if r.fix], ids=lambda r: r.code)
def test_each_fix_gives_what_was_meant(row: Row) -> None:
    assert row.fix is not None and row.meant is not None
    data = loads_cleanly(applied(row.text, row.fix))
    *path, wanted = row.meant
    assert value_at(data, tuple(path)) == wanted


def test_the_issues_example_prints_as_the_issue_wrote_it() -> None:
    people = "".join(f"  - id: p{n}\n    name: 人{n}\n" for n in range(4))  # lines 7-14
    text = HEAD + "contacts:\n" + people + "  - id: zheng-wei\n    title：总经理\n    name: 郑伟\n"
    assert format_text_line(only(text, "zh")) == (
        "a.yaml:16:10: error[fullwidth-colon] 这里是全角冒号「：」，请改为半角冒号「: 」"
    )


def test_the_codes_list_comma_error_replaces_the_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(ROWS["full-width comma in a list of codes"].text, encoding="utf-8")
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("fullwidth-comma", 9, 17)]


def test_a_curly_quoted_code_is_still_checked_by_the_schema(tmp_path: Path) -> None:
    """A warning does not stand in for the schema: “coach” is no role."""
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + PERSON + "    roles: [“coach”]\n", encoding="utf-8")
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    assert {(d.code, d.line) for d in diagnostics} == {
        ("smart-quoted-value", 9),
        ("invalid-enum", 9),
    }


@pytest.mark.parametrize(
    ("typed", "column"),
    [("@王工", 12), ("`王工`", 12), ("%20 风险", 12), ("*重要", 12), ("*abc", 12), ("&王 x", 12)],
)
def test_a_reserved_first_character_is_named_at_its_column(typed: str, column: int) -> None:
    text = HEAD + PERSON + f"    notes: {typed}\n"
    found = only(text)
    assert (found.code, found.line, found.column) == ("needs-quotes", 9, column)
    assert f'cannot start with "{typed[0]}"' in found.message
    assert found.fix == Fix(9, 12, typed, yaml_quoted(typed))


def test_a_comma_between_ids_over_two_lines_becomes_a_comma_without_a_trailing_space() -> None:
    text = HEAD + "visits:\n  - id: v1\n    date: 2026-11-02\n    attendees: [li，\n      wang]\n"
    found = only(text)
    assert (found.code, found.line, found.column, found.path) == (
        "fullwidth-comma", 9, 19, "/visits/0/attendees/0"
    )  # fmt: skip
    assert found.fix == Fix(9, 19, "，", ",")


def test_every_comma_between_codes_is_reported_with_its_own_fix() -> None:
    text = HEAD + PERSON + "    roles: [user，coach， gatekeeper]\n"
    found = parse_text(text, "a.yaml").diagnostics
    assert [d.fix for d in found] == [Fix(9, 17, "，", ", "), Fix(9, 23, "，", ",")]
    fixed = applied(applied(text, Fix(9, 23, "，", ",")), Fix(9, 17, "，", ", "))
    assert loads_cleanly(fixed)["contacts"][0]["roles"] == ["user", "coach", "gatekeeper"]


@pytest.mark.parametrize(
    "item", ['"阀门内漏，交期太长"', "'阀门内漏，交期太长'"], ids=["double", "single"]
)
def test_a_quoted_item_never_warns(item: str) -> None:
    assert loads_cleanly(HEAD + f"  pains: [{item}]\n")["account"]["pains"] == [
        "阀门内漏，交期太长"
    ]


def test_a_comma_inside_block_list_text_is_text() -> None:
    loads_cleanly(HEAD + "  pains:\n    - 阀门内漏，交期太长\n")


def test_a_comma_between_the_entries_of_a_broken_mapping_is_a_separator() -> None:
    text = HEAD + "contacts:\n  - {id: zheng-wei，name: 郑伟}\n"
    found = only(text)
    assert (found.code, found.line, found.column) == ("fullwidth-comma", 7, 19)
    assert loads_cleanly(applied(text, found.fix or Fix(0, 0, "", "")))["contacts"] == [
        {"id": "zheng-wei", "name": "郑伟"}
    ]


# --- libyaml's errors in plain words -------------------------------------------------------

LIBYAML = [
    # (text after HEAD, code, line, column, libyaml's words kept as the detail)
    ("  pains: [停机, 孤岛\n  lang: zh\n", "unclosed-bracket", 7, 7, "expected ',' or ']'"),
    ("  pains: [停机\n", "unclosed-bracket", 6, 10, "did not find expected"),
    ('  notes: "abc\n  lang: zh\n', "unclosed-quote", 6, 10, "found unexpected end of stream"),
    ("  notes 备注\n  lang: zh\n", "missing-colon", 6, 3, "could not find expected ':'"),
    (" lang: zh\n", "bad-indentation", 6, 2, "did not find expected key"),
    ("  notes: a\n    lang: zh\n", "bad-indentation", 7, 9, "mapping values are not allowed"),
    ('  notes: "C:\\data"\n', "bad-escape", 6, 13, "found unknown escape character"),
    ('  notes: "郑伟"经理\n', "text-after-quote", 6, 14, "did not find expected key"),
    ("  notes: - x\n", "needs-quotes", 6, 10, "block sequence entries are not allowed"),
    ("  notes: > 50%\n", "needs-quotes", 6, 10, "did not find expected comment or line break"),
    ("  notes: !重要\n", "needs-quotes", 6, 10, "while scanning a tag"),
    ("...\n  lang: zh\n", "yaml-syntax", 7, 3, "did not find expected <document start>"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "code", "line", "column", "detail"), LIBYAML)
def test_libyaml_errors_are_said_in_plain_words(
    typed: str, code: str, line: int, column: int, detail: str
) -> None:
    en, zh = only(HEAD + typed, "en"), only(HEAD + typed, "zh")
    assert (en.code, en.line, en.column) == (code, line, column)
    assert detail in en.detail and en.detail == zh.detail
    assert en.message == SLIPS[code].words.en.format(**fields_of(en.message, code, "en"))
    assert zh.message != en.message and zh.code == en.code


def fields_of(message: str, code: str, lang: str) -> dict[str, str]:
    """The values of a message's fields, read back with the template (enough to show that
    the message is the registered sentence and not libyaml's)."""
    template = SLIPS[code].words.in_(lang)
    parts = template.split("{")
    names = [part.split("}")[0] for part in parts[1:]]
    if not names:
        return {}
    pattern = re.escape(template)
    for name in names:
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>.*?)", 1)
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P={name})")
    found = re.fullmatch(pattern, message)
    assert found, (message, template)
    return found.groupdict()


def test_the_detail_goes_to_json_only() -> None:
    found = only(HEAD + "  title：总经理\n  lang: zh\n")
    assert found.detail == "while scanning a simple key: could not find expected ':'"
    assert "could not find" not in format_text_line(found)
    [printed] = json.loads(format_json([found], 1))["diagnostics"]
    assert printed["detail"] == found.detail
    quiet = only(HEAD + "  pains: [阀门内漏，交期太长]\n")
    assert "detail" not in quiet.as_dict()


def test_a_slip_far_from_the_parsers_error_does_not_hide_it() -> None:
    text = HEAD + " lang: zh\n" + "  industry: x\n" * 3 + "  notes: @王工\n"
    found = parse_text(text, "a.yaml").diagnostics
    assert sorted((d.code, d.line, d.column, bool(d.detail)) for d in found) == [
        ("bad-indentation", 6, 2, True),
        ("needs-quotes", 10, 10, False),
    ]


def test_several_slips_are_all_reported_in_one_run() -> None:
    text = HEAD + "  title：总经理\n  notes: 备注: x\n\u3000\u3000lang: zh\n"
    found = parse_text(text, "a.yaml").diagnostics
    assert sorted((d.code, d.line, d.column) for d in found) == [
        ("colon-in-value", 7, 12),
        ("fullwidth-colon", 6, 8),
        ("indent-not-space", 8, 1),
    ]


def test_the_fix_is_left_out_where_the_value_may_end_elsewhere() -> None:
    commented = only(HEAD + PERSON + "    notes: @王工 # 对接\n")
    assert commented.code == "needs-quotes" and commented.fix is None
    in_a_list = only(HEAD + "  pains: [@王工, b]\n")
    assert in_a_list.code == "needs-quotes" and in_a_list.fix is None
    assert '"@王工"' in in_a_list.message


# --- valid files: nothing reported, nothing scanned ----------------------------------------


def test_a_valid_file_is_never_scanned_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> list[Any]:
        raise AssertionError("the line scanner ran on a valid file")

    monkeypatch.setattr(slips, "line_slips", refuse)
    slip_lines.account_schema.cache_clear()
    loads_cleanly(HEAD + "  pains: [阀门内漏, 交期太长]\n  notes: “备注”是文字\n")
    assert slip_lines.account_schema.cache_info().misses == 0  # the schema was not read


_SLIP_TEXT = st.text(
    st.sampled_from(list("阀门内漏交期ab1：，“”‘’@`%*&#:!|>-[]{}'\" \u3000\xa0")), max_size=12
)
"""Free text made of the characters that slips are made of."""


def _with_free_text(account: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    account = {**account, "account": {**account["account"], "pains": texts}}
    if texts:
        account["account"]["name"] = texts[0]
    return account


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=well_typed_accounts(),
    texts=st.lists(_SLIP_TEXT, max_size=4),
    flow=st.sampled_from([None, False, True]),
)
@example(  # `{name: ，1：, ...}`: "1：" ends a value's words, it is no key of the account
    data={
        "battlemap": 1,
        "account": {"id": "acme", "name": "", "as_of": "2025-01-01"},
        "contacts": [],
        "opportunities": [],
    },
    texts=["，1："],
    flow=True,
)
def test_valid_accounts_written_by_a_yaml_library_have_no_slips(
    data: dict[str, Any], texts: list[str], flow: bool | None
) -> None:
    """The line scanner finds nothing in valid YAML (no false alarm when an error elsewhere
    makes it read the whole file), and a valid file gets only the two warnings that are
    slips by design: a value wrapped whole in curly quotes, a full-width comma inside an
    unquoted item of a free-text [...] list."""
    account = _with_free_text(data, texts)
    text = yaml.safe_dump(account, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    assert slip_lines.line_slips(text) == []
    loaded = parse_text(text, "a.yaml")
    assert loaded.document is not None
    for found in loaded.diagnostics:
        if found.code not in SLIPS:
            continue
        assert found.severity is Severity.WARNING, (found, text)
        assert found.code in {"smart-quoted-value", "fullwidth-comma-in-text"}


def test_a_time_or_a_link_in_a_value_is_not_a_colon_slip() -> None:
    data = loads_cleanly(HEAD + "  notes: 10:30 到 http://example.com 时间：下午\n")
    assert data["account"]["notes"] == "10:30 到 http://example.com 时间：下午"


def _keys(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [*data, *(key for value in data.values() for key in _keys(value))]
    if isinstance(data, list):
        return [key for value in data for key in _keys(value)]
    return []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_PLAIN_DATA, flow=st.sampled_from([None, False, True]))
@example(data=[{"：": None}], flow=False)  # `- ：: null`: a key that starts with "："
def test_the_line_scanner_finds_nothing_in_any_yaml_a_library_writes(
    data: Any, flow: bool | None
) -> None:
    """Arbitrary keys and values (``:;``, ``? ''``, ``1:\\xa0``...), except keys that start
    with an odd space, which look exactly like the slip and are reported as one."""
    assume(not any(key[:1] in slip_lines.INDENT_SLIPS for key in _keys(data)))
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    assert slip_lines.line_slips(text) == []


def test_crlf_and_bom_files_get_the_same_places_and_fixes() -> None:
    text = HEAD + "  title：总经理\n  lang: zh\n"
    plain = only(text)
    crlf = parse_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), "a.yaml")
    [found] = crlf.diagnostics
    assert (found.code, found.line, found.column, found.fix) == (
        plain.code, plain.line, plain.column, plain.fix
    )  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "spaces"),
    [
        ("account:\n\u3000id: acme\n  name: x\n", 2),  # the first line of a block: as the next
        ("account:\n\u3000id: acme\n", 2),  # the only line of a block: two deeper
        ("a:\n  b:\n    - id: x\n\u3000\u3000\u3000name: y\n", 6),  # a key of a list item
        ("a:\n  - x\n\u3000- y\n", 2),  # a list item under a list item
    ],
)
def test_odd_indentation_is_fixed_to_the_indentation_around_it(typed: str, spaces: int) -> None:
    found = [d for d in parse_text(typed, "a.yaml").diagnostics if d.fix]
    assert [d.code for d in found] == ["indent-not-space"]
    assert found[0].fix is not None and found[0].fix.new == " " * spaces
    assert parse_text(applied(typed, found[0].fix), "a.yaml").diagnostics == []


def test_an_anchor_no_alias_uses_is_text_that_yaml_dropped() -> None:
    text = HEAD + PERSON + "    notes: &1 交期风险\n"
    en, zh = only(text, "en"), only(text, "zh")
    assert (en.code, en.severity, en.line, en.column, en.path, en.fix) == (
        "anchor-in-text", Severity.WARNING, 9, 12, "/contacts/0/notes", None
    )  # fmt: skip
    assert en.message == (
        '"&1" at the start of this value is a YAML anchor, not text: the value reads "交期风险"; '
        'to keep "&1", put the whole value in quotes: "&1 交期风险"'
    )
    assert zh.message == (
        "值开头的「&1」被 YAML 当作锚点而不是文字，读到的值是「交期风险」；要保留「&1」，"
        '请给整个值加上引号："&1 交期风险"'
    )


@pytest.mark.parametrize(
    "typed",
    ["  name: &n 华东化工\n  notes: *n\n", "  pains: [&p 交期, *p]\n", "  notes: '&1 交期风险'\n"],
)
def test_an_anchor_an_alias_uses_or_a_quoted_ampersand_is_no_slip(typed: str) -> None:
    loads_cleanly(HEAD.replace("  name: 华东化工\n", "") + typed)


@pytest.mark.parametrize("text", ["\r?", "\r\u3000a: 1\n", "a:\r  b: @x\n", "\r“”"])
def test_a_lone_carriage_return_does_not_break_the_slips(text: str) -> None:
    """The parser breaks lines at a lone CR, the file's lines do not: places may differ,
    the loader still answers with diagnostics."""
    assert parse_text(text, "a.yaml") is not None
