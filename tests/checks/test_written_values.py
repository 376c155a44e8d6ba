"""checks/written_values.py: a value written the way people write it is an error that names
the exact value to write, in the file's language, at the value, with the fix `--fix` makes.

One row per way of writing of issue 14's table (``stance: 支持者`` ... ``2026–11–20``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from battlemap.commands.fix import apply_fixes
from battlemap.diagnostics import Diagnostic, Severity
from battlemap.options import CheckOptions
from battlemap.pipeline import check_file
from tests.conftest import TODAY

TEMPLATE = """\
battlemap: 1
account:
  id: east-steel
  name: 华东钢铁
  as_of: 2026-11-01
  lang: {lang}
  currency: {currency}
  margin: {margin}   # 利润率
team:
  - {{id: li-ming, name: 李明}}
contacts:
  - id: sun-zhenhua
    name: 孙振华
    influence: {influence}
    roles: [{roles}]
  - id: wang-gang
    name: 王刚
    reports_to: {reports_to}
    stance: {stance}
opportunities:
  - id: mes
    name: MES 二期
    value: {value}
    stage: {stage}
    close_date: {close_date}
"""
RIGHT = {
    "margin": "0.3",
    "influence": "high",
    "roles": "coach",
    "reports_to": "sun-zhenhua",
    "stance": "neutral",
    "value": "2000000",
    "stage": "research",
    "close_date": "2027-03-31",
    "currency": "CNY",
}


def account(lang: str = "zh", **values: str) -> str:
    return TEMPLATE.format(lang=lang, **(RIGHT | values))


def check(tmp_path: Path, text: str) -> list[Diagnostic]:
    path = tmp_path / "account.yaml"
    path.write_text(text, encoding="utf-8")
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def place(text: str, key: str, written: str) -> tuple[int, int]:
    """Line and column of ``written`` after ``key:`` (the first such line)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(f"{key}:"):
            return number, line.index(written, line.index(f"{key}:")) + 1
    raise AssertionError(key)


# (key, as written, code, the value to write, a part of the zh message, of the en message)
ROWS = [
    ("stance", "支持者", "label-not-code", "supporter", "「支持者」是 supporter 的显示名称",
     "'支持者' is the label of 'supporter'; stance takes the code"),
    ("roles", "技术把关者", "label-not-code", "technical_buyer", "roles 要写代码",
     "'技术把关者' is the label of 'technical_buyer'"),
    ("stage", "方案制定", "label-not-code", "solution", "「方案制定」是 solution 的显示名称",
     "stage takes the code"),
    ("stage", "信息收集", "label-not-code", "research", "「信息收集」是 research 的显示名称",
     "'信息收集' is the label of 'research'"),
    ("influence", "高", "label-not-code", "high", "「高」是 high 的显示名称",
     "'高' is the label of 'high'; influence takes the code"),
    ("stance", "Supporter", "label-not-code", "supporter", "「Supporter」是 supporter 的显示名称",
     "'Supporter' is the label of 'supporter'"),
    ("reports_to", "孙振华", "name-not-id", "sun-zhenhua",
     "「孙振华」是联系人的名字，reports_to 要写 id",
     "'孙振华' is the name of a contact; reports_to takes the id"),
    ("value", "1500万", "money-not-number", "15000000",
     "「1500万」是文字，value 要写不带单位和分隔符的数字",
     "'1500万' is text; value takes the amount as a plain number"),
    ("value", "¥1,500,000", "money-not-number", "1500000", "「¥1,500,000」是文字",
     "'¥1,500,000' is text"),
    ("value", "￥2.5亿元", "money-not-number", "250000000", "「￥2.5亿元」是文字",
     "'￥2.5亿元' is text"),
    ("margin", "26%", "percent-not-fraction", "0.26", "「26%」是百分数，margin 要写成小数",
     "'26%' is a percentage; margin takes a fraction"),
    ("margin", "-5%", "percent-not-fraction", "-0.05", "「-5%」是百分数", "'-5%' is a percentage"),
    ("close_date", "2026/11/30", "date-not-iso", "2026-11-30",
     "「2026/11/30」不是 YYYY-MM-DD 格式的日期",
     "'2026/11/30' is not written YYYY-MM-DD"),
    ("close_date", "2026年11月30日", "date-not-iso", "2026-11-30",
     "「2026年11月30日」不是 YYYY-MM-DD",
     "'2026年11月30日' is not written YYYY-MM-DD"),
    ("close_date", "2026–11–20", "date-not-iso", "2026-11-20", "「2026–11–20」不是 YYYY-MM-DD",
     "'2026–11–20' is not written"),
    ("close_date", "2027.6.30", "date-not-iso", "2027-06-30", "「2027.6.30」", "'2027.6.30'"),
    ("close_date", "2027-6-3", "date-not-iso", "2027-06-03", "「2027-6-3」", "'2027-6-3'"),
    ("close_date", "２０２７－０６－３０", "date-not-iso", "2027-06-30", "「２０２７－０６－３０」",
     "'２０２７－０６－３０'"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "written", "code", "right", "zh", "en"), ROWS)
def test_a_value_written_as_people_write_it(
    tmp_path: Path, key: str, written: str, code: str, right: str, zh: str, en: str
) -> None:
    for lang, part, says in (("zh", zh, f"应写为 {right}"), ("en", en, f"write {right}")):
        text = account(lang, **{key: written})
        (found,) = check(tmp_path, text)
        assert (found.code, found.line, found.column) == (code, *place(text, key, written))
        assert part in found.message and found.message.endswith(says), found.message
        assert found.fix is not None
        assert (found.fix.line, found.fix.column) == (found.line, found.column)
        fixed, applied = apply_fixes(text, [found])
        assert len(applied) == 1
        assert fixed == account(lang, **{key: right})
        assert check(tmp_path, fixed) == []


def test_the_exact_messages(tmp_path: Path) -> None:
    text = account("zh", stance="支持者")
    (found,) = check(tmp_path, text)
    assert found.message == "「支持者」是 supporter 的显示名称，stance 要写代码，应写为 supporter"
    (found,) = check(tmp_path, account("en", value="1500万"))
    assert found.message == (
        "'1500万' is text; value takes the amount as a plain number: write 15000000"
    )


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ('"支持者"', '"supporter"'),
        ("'支持者'", "'supporter'"),
    ],
)
def test_a_quoted_label_keeps_its_quotes(tmp_path: Path, written: str, fixed: str) -> None:
    text = account(stance=written)
    (found,) = check(tmp_path, text)
    assert found.fix is not None and (found.fix.old, found.fix.new) == (written, fixed)
    assert found.column == place(text, "stance", written)[1]


def test_quoted_money_loses_its_quotes_to_become_a_number(tmp_path: Path) -> None:
    (found,) = check(tmp_path, account(value='"1,500,000"'))
    assert found.fix is not None and (found.fix.old, found.fix.new) == ('"1,500,000"', "1500000")


def test_a_team_members_name_is_read_as_the_team_members_id(tmp_path: Path) -> None:
    text = account() + "    next_steps:\n      - {action: 演示, owner: 李明, due: 2026-12-01}\n"
    (found,) = check(tmp_path, text)
    assert found.code == "name-not-id" and found.message.endswith("应写为 li-ming")
    assert "我方团队成员" in found.message


def test_an_id_that_reads_as_a_number_is_written_quoted(tmp_path: Path) -> None:
    text = account(reports_to="孙振华").replace("id: sun-zhenhua", 'id: "2024"')
    (found,) = check(tmp_path, text)
    assert found.fix is not None and found.fix.new == '"2024"'


@pytest.mark.parametrize(
    ("key", "written", "code"),
    [
        ("influence", "很高", "invalid-enum"),  # not a label
        ("stance", "中", "invalid-enum"),  # a label, but of influence, not of stance
        ("value", "一百万", "wrong-type"),  # numerals in words: no reading is sure
        ("value", "1,50,000", "wrong-type"),  # not thousands: which number?
        ("value", "12,345.67891", "wrong-type"),  # more decimals than money has
        ("margin", "260%", "wrong-type"),  # 2.6 would be beyond a margin's range
        ("close_date", "2026/02/30", "invalid-format"),  # no such day
        ("reports_to", "赵六", "invalid-format"),  # nobody of that name
    ],
)
def test_what_is_not_read_stays_as_it_was(
    tmp_path: Path, key: str, written: str, code: str
) -> None:
    text = account("en", **{key: written})
    found = check(tmp_path, text)
    assert [d.code for d in found] == [code]
    assert found[0].fix is None


def test_a_name_two_contacts_share_names_nobody(tmp_path: Path) -> None:
    text = account(reports_to="孙振华").replace(
        "contacts:\n", "contacts:\n  - id: sun-zhenhua-2\n    name: 孙振华\n", 1
    )
    assert [(d.code, d.fix) for d in check(tmp_path, text)] == [("invalid-format", None)]


def test_yuan_in_an_account_kept_in_dollars_is_not_converted(tmp_path: Path) -> None:
    found = check(tmp_path, account(currency="USD", value="¥1,500,000"))
    assert [(d.code, d.fix) for d in found] == [("wrong-type", None)]
    (plain,) = check(tmp_path, account(currency="USD", value="1,500,000"))
    assert plain.code == "money-not-number"


def test_dollars_in_an_account_kept_in_dollars_are_read(tmp_path: Path) -> None:
    (found,) = check(tmp_path, account("en", currency="USD", value="$150,000"))
    assert found.code == "money-not-number"
    assert (
        found.message
        == "'$150,000' is text; value takes the amount as a plain number: write 150000"
    )
    assert found.fix is not None and found.fix.new == "150000"
    kept = check(tmp_path, account(currency="CNY", value="$150,000"))
    assert [(d.code, d.fix) for d in kept] == [("wrong-type", None)]


REFERENCES = """\
battlemap: 1
account:
  id: east-steel
  name: 华东钢铁
  as_of: 2026-11-01
  owner: 李明
team:
  - {id: li-ming, name: 李明}
contacts:
  - {id: sun-zhenhua, name: 孙振华}
  - {id: wang-gang, name: 王刚, reports_to: 孙振华}
opportunities:
  - id: mes
    name: MES 二期
    stage: need
    buying_committee: [孙振华, {contact: wang-gang, roles: [使用者]}]
    needs:
      - {id: n1, text: 追溯, importance: 3, urgency: 3, feasibility: 3, confirmed_by: [王刚]}
visits:
  - id: v1
    date: 2026-10-01
    opportunity: MES 二期
    attendees: [孙振华, "王刚"]
    team: [李明]
influence:
  - {from: 孙振华, to: wang-gang, strength: 强}
relationship:
  activities:
    - {date: 2026.10.2, kind: 客户关怀, contacts: [王刚]}
"""


def test_every_kind_of_reference_reads_a_name_as_its_id(tmp_path: Path) -> None:
    found = check(tmp_path, REFERENCES)
    names = [(d.line, d.column, d.fix.new if d.fix else None) for d in found]
    assert [d.code for d in found].count("name-not-id") == 10
    assert (23, 22, '"wang-gang"') in names  # a quoted name keeps its quotes
    assert (22, 18, "mes") in names  # an opportunity's name
    fixed, _ = apply_fixes(REFERENCES, found)
    assert check(tmp_path, fixed) == []
    assert "reports_to: sun-zhenhua" in fixed and "owner: li-ming" in fixed
    assert "strength: strong" in fixed and "kind: care" in fixed and "date: 2026-10-02" in fixed
