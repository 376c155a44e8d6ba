"""The semantic checks' messages in Chinese and in English (a representative finding of each
topic), and the check across files: two accounts with one id."""

from __future__ import annotations

from pathlib import Path

import pytest

from battlemap.checks.accounts import AccountIdAt, duplicate_account_ids
from battlemap.options import CheckOptions
from battlemap.pipeline import check_one
from tests.conftest import TODAY

_ACCOUNT = "battlemap: 1\naccount:\n  id: acme\n  name: Acme Ltd\n  as_of: 2026-11-01\n"


def said(tmp_path: Path, added: str, lang: str) -> list[tuple[str, str, str]]:
    """(code, line:column, message) of each diagnostic, with ``--lang``."""
    path = tmp_path / "account.yaml"
    path.write_text(_ACCOUNT + added, encoding="utf-8")
    found = check_one(path, CheckOptions(today=TODAY, lang=lang))
    return [(d.code, f"{d.line}:{d.column}", d.message) for d in found.diagnostics]


@pytest.mark.parametrize(
    ("added", "code", "place", "en", "zh"),
    [
        (
            "contacts:\n  - {id: wang-gang, name: 王刚, reports_to: wang-gan}\n",
            "unresolved-ref",
            "7:43",
            "'wang-gan' is not a contact id; did you mean 'wang-gang'?",
            "「wang-gan」不是联系人的 id；是不是「wang-gang」？",
        ),
        (
            "contacts:\n  - {id: li, name: 李}\n  - {id: li, name: 黎}\n",
            "duplicate-id",
            "8:10",
            "duplicate id 'li' in contacts (first at line 7)",
            "contacts 中的 id「li」重复（第一次在第 7 行）",
        ),
        (
            "contacts:\n  - {id: li, name: 李, last_contact: 2026-11-02}\n",
            "date-after-as-of",
            "7:37",
            "last_contact 2026-11-02 is after as_of 2026-11-01: the last contact cannot be "
            "later than the day the file describes; correct the date, or move as_of forward",
            "last_contact 2026-11-02 晚于 as_of 2026-11-01：最近联系不能晚于文件所描述的日期；"
            "请改正日期，或把 as_of 改到更晚的日期",
        ),
        (
            "performance:\n  - {period: 2025-H1, target: 1, revenue: 1}\n"
            "  - {period: 2025-Q3, target: 1, revenue: 1}\n",
            "period-mixed",
            "8:14",
            "'2025-Q3' is a quarter, but the first row is a half-year",
            "「2025-Q3」是季度，但第一行是半年度；所有行请用同一种周期",
        ),
    ],
    ids=lambda v: str(v)[:24],
)
def test_each_check_speaks_both_languages(
    tmp_path: Path, added: str, code: str, place: str, en: str, zh: str
) -> None:
    assert said(tmp_path, added, "en") == [(code, place, en)]
    assert said(tmp_path, added, "zh") == [(code, place, zh)]


def test_plans_may_be_dated_after_the_as_of_day(tmp_path: Path) -> None:
    """A visit, an activity and a step's due date are plans; an open step has no done."""
    added = (
        "contacts:\n  - {id: li, name: 李}\n"
        "visits:\n  - {id: tour, date: 2026-12-05, attendees: [li]}\n"
        "relationship:\n  activities:\n    - {date: 2026-12-20, kind: event, contacts: [li]}\n"
        "opportunities:\n  - id: mes\n    name: MES\n    stage: research\n"
        "    next_steps:\n      - {action: 演示, due: 2026-12-01, done: ~}\n"
    )
    codes = {code for code, _, _ in said(tmp_path, added, "en")}
    assert codes == {"stage-overstated", "no-coach"}  # the playbook's flags, no input error


def test_the_as_of_day_itself_is_not_after_it(tmp_path: Path) -> None:
    added = "contacts:\n  - {id: li, name: 李, last_contact: 2026-11-01}\n"
    assert said(tmp_path, added, "en") == []


def test_two_accounts_with_one_id_each_name_the_other() -> None:
    found = duplicate_account_ids(
        [
            AccountIdAt("acme", "a.yaml", 3, 7, "en"),
            AccountIdAt("beta", "b.yaml", 3, 7, "en"),
            AccountIdAt("acme", "c.yaml", 4, 9, "zh"),
        ]
    )
    assert [(d.file, d.line, d.column, d.code, d.path, d.message) for d in found] == [
        (
            "a.yaml",
            3,
            7,
            "duplicate-account-id",
            "/account/id",
            "account id 'acme' is also the id of c.yaml: each account needs its own id "
            "(the map is named after it)",
        ),
        (
            "c.yaml",
            4,
            9,
            "duplicate-account-id",
            "/account/id",
            "客户 id「acme」与 a.yaml 的相同：每个客户要有自己的 id（地图文件以它命名）",
        ),
    ]
