"""Matching rows to contacts: by crm_id, else by exact name; what changes and what not."""

from __future__ import annotations

from typing import Any

from battlemap.crm.merge import joined_name, merge_rows
from battlemap.crm.sources import Cell, Row, Table

CONTACTS: list[Any] = [
    {"id": "wang-gang", "name": "王刚", "title": "总经理", "stance": "supporter"},
    {"id": "li-ming", "name": "李明", "crm_id": "C-1", "reports_to": "wang-gang"},
    {"id": "zhang-wei", "name": "张伟"},
    {"id": "zhang-wei-2", "name": "张伟"},
]


def table(*rows: dict[str, str]) -> Table:
    found = Table("crm.csv", columns={"name": 1, "title": 2, "reports_to": 3, "crm_id": 4})
    for number, values in enumerate(rows, 2):
        row = Row(number)
        for name, value in values.items():
            row.cells[name] = Cell(value, number, found.columns[name])
        found.rows.append(row)
    return found


def test_joined_names() -> None:
    assert joined_name("海涛", "王") == "王海涛"
    assert joined_name("John", "Smith") == "John Smith"
    assert joined_name("海涛", "Wang") == "海涛 Wang"
    assert joined_name(None, "王") == "王"
    assert joined_name(None, None) is None


def test_matched_by_name_updates_only_the_imported_fields() -> None:
    merge = merge_rows(CONTACTS, table({"name": "王刚", "title": "董事长"}), "en")
    assert merge.updates == {0: {"title": "董事长"}}
    assert merge.new == []


def test_crm_id_wins_over_name() -> None:
    merge = merge_rows(CONTACTS, table({"name": "Li Ming", "crm_id": "C-1", "title": "CIO"}), "en")
    assert merge.updates == {1: {"title": "CIO"}}


def test_same_name_with_another_crm_id_is_another_person() -> None:
    merge = merge_rows(CONTACTS, table({"name": "李明", "crm_id": "C-2"}), "en")
    assert merge.updates == {}
    assert merge.new == [{"id": "li-ming-2", "name": "李明", "crm_id": "C-2"}]


def test_a_name_two_contacts_share_is_ambiguous() -> None:
    merge = merge_rows(CONTACTS, table({"name": "张伟", "title": "x"}), "en")
    assert [d.code for d in merge.diagnostics] == ["import-ambiguous-name"]
    assert (merge.diagnostics[0].line, merge.diagnostics[0].column) == (2, 1)


def test_reports_to_from_existing_and_imported_names() -> None:
    merge = merge_rows(
        CONTACTS,
        table(
            {"name": "赵敏", "reports_to": "周芷若"},
            {"name": "周芷若", "reports_to": "王刚"},
            {"name": "宋青书", "reports_to": "C-1"},
        ),
        "en",
    )
    assert merge.diagnostics == []
    assert [(c["id"], c["reports_to"]) for c in merge.new] == [
        ("zhao-min", "zhou-zhiruo"),
        ("zhou-zhiruo", "wang-gang"),
        ("song-qingshu", "li-ming"),
    ]


def test_nothing_of_a_contact_is_cleared_or_deleted() -> None:
    merge = merge_rows(CONTACTS, table({"name": "李明"}), "en")
    assert merge.updates == {} and merge.new == []
