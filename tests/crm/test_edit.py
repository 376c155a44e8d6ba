"""Edits by position: values changed where they stand, in their own quoting; keys added
after a contact's last line; new contacts after the list's last item, in its style."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from battlemap.crm.edit import EditError, edited, scalar
from battlemap.source import parse_text


@given(st.text(), st.sampled_from([None, "'", '"']), st.booleans())
def test_a_scalar_reads_back_as_the_same_text(value: str, style: str | None, flow: bool) -> None:
    written = scalar(value, style, flow)
    text = f"v: {{k: {written}}}\n" if flow else f"v:\n  k: {written}\n"
    loaded = parse_text(text, "-")
    assert loaded.document is not None, (written, loaded.diagnostics)
    assert loaded.document.data == {"v": {"k": value}}


@pytest.mark.parametrize(
    ("value", "written"),
    [("CTO", "CTO"), ("2026", '"2026"'), ("true", '"true"'), ("a: b", '"a: b"'), ("#1", '"#1"')],
)
def test_plain_when_plain_reads_the_same(value: str, written: str) -> None:
    assert scalar(value) == written


def test_quoting_is_kept() -> None:
    text = "contacts:\n  - id: a\n    title: 'x'  # c\n    department: \"y\"\n"
    updates = {0: {"title": "it's", "department": "z"}}
    expected = "contacts:\n  - id: a\n    title: 'it''s'  # c\n    department: \"z\"\n"
    assert edited(text, updates, []) == expected


def test_a_key_goes_after_the_contacts_last_line_even_a_block_scalar() -> None:
    text = "contacts:\n  - id: c\n    notes: |\n      long\n      text\n  - id: d\n"
    expected = (
        "contacts:\n  - id: c\n    notes: |\n      long\n      text\n    title: T\n  - id: d\n"
    )
    assert edited(text, {0: {"title": "T"}}, []) == expected


def test_a_file_without_a_final_line_break_gets_one() -> None:
    text = "contacts:\n- {id: b}\n- id: c\n  name: C"
    updates = {0: {"title": "T"}, 1: {"title": "x,y"}}
    expected = (
        "contacts:\n- {id: b, title: T}\n- id: c\n  name: C\n  title: x,y\n- id: a\n  name: A\n"
    )
    assert edited(text, updates, [{"id": "a", "name": "A"}]) == expected


@pytest.mark.parametrize("empty", ["", " ~", " null", " []"])
def test_an_empty_contacts_list_becomes_a_block_list(empty: str) -> None:
    text = f"battlemap: 1\ncontacts:{empty}\nvisits: []\n"
    expected = "battlemap: 1\ncontacts:\n  - id: a\n    name: A\nvisits: []\n"
    assert edited(text, {}, [{"id": "a", "name": "A"}]) == expected


def test_flow_items_get_flow_items() -> None:
    text = "contacts:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
    expected = text + '  - {id: c, name: "C, Jr."}\n'
    assert edited(text, {}, [{"id": "c", "name": "C, Jr."}]) == expected


@pytest.mark.parametrize("text", ["contacts: 5\n", "- a\n", "contacts: [\n", "contacts: {a: 1}\n"])
def test_what_cannot_be_edited_is_an_error(text: str) -> None:
    with pytest.raises(EditError):
        edited(text, {}, [{"id": "a", "name": "A"}])
