"""One glossary: each code has one Chinese (and one English) word, the default playbook's
label, wherever battlemap writes it: the map, the brief, the starters and the docs.

Why: a KAM who reads 拥护者 on the map and 铁杆支持 in the docs cannot tell whether they
are the same thing, and a label written as a value (`stance: 拥护者`) is answered with the
playbook's word only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import glossary
from tests.conftest import ROOT

STARTERS = ROOT / "battlemap" / "starters"
DOCS = sorted((ROOT / "docs").glob("*.md"))
CJK = r"[\u3400-\u9fff]+"
CODE_CELLS = re.compile(r"^`[a-z_]+`(?: (?:\\\||/) `[a-z_]+`)+$")  # a | b, or a / b
SLASH_LIST = re.compile(rf"{CJK}(?: / {CJK})+")
# `code` then a space and Chinese: that word is the code's label (a doc ends it with a space
# or a punctuation mark before going on in Chinese).
INLINE_PAIR = re.compile(rf"`([a-z_]+)` ({CJK})")
# Words that named a code (or battlemap's own concept) before the glossary was one: each is
# another word for it.
DRIFTED = {"铁杆支持": "champion", "引路人": "coach", "打法手册": "playbook (作战手册)"}
# What the default playbook's labels are written with (`code 标签` / `code (Label)`).
STARTER_GROUPS = (
    "contacts[].roles",
    "contacts[].stance",
    "contacts[].mode",
    "contacts[].influence",
    "contacts[].trust",
    "opportunities[].stage",
)


def comments(path: Path) -> str:
    """The starter's comments, joined with spaces (a list may wrap over lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    parts = [line.split("#", 1)[1] for line in lines if "#" in line]
    return " ".join(part.strip() for part in parts)


@pytest.mark.parametrize("where", STARTER_GROUPS)
def test_the_zh_starter_lists_every_code_with_its_playbook_label(where: str) -> None:
    text = comments(STARTERS / "account.zh.yaml")
    for code, label in glossary.groups()[where].items():
        assert f"{code} {label['zh']}" in text, (where, code)


@pytest.mark.parametrize("where", STARTER_GROUPS)
def test_the_en_starter_lists_every_code_with_its_playbook_label(where: str) -> None:
    text = comments(STARTERS / "account.en.yaml")
    for code, label in glossary.groups()[where].items():
        assert f"{code} ({label['en']})" in text, (where, code)


def test_the_starters_say_the_unit_of_money() -> None:
    assert "金额单位是元" in comments(STARTERS / "account.zh.yaml")
    assert "Amounts are in US dollars" in comments(STARTERS / "account.en.yaml")


@pytest.mark.parametrize("doc", glossary.DOCS, ids=lambda p: p.name)
def test_the_glossary_tables_are_current(doc: Path) -> None:
    assert glossary.current(doc) == glossary.table(), (
        f"{doc.name}: the glossary is out of date: .venv/bin/python -m tests.glossary --write"
    )


def cells(line: str) -> list[str]:
    """A markdown table row's cells (``\\|`` inside a cell is not a separator)."""
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [part.strip() for part in parts]


def doc_slips(text: str) -> list[str]:
    """The places where a doc gives a code a Chinese word that is not its label."""
    slips = []
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("|"):
            header = []
        row = cells(line) if line.startswith("|") else []
        if row and not header:
            header = row
        zh_column = header.index("中文") if "中文" in header else None
        # In a table with a 中文 column: the code is the last code span left of it.
        codes = [c for c in row[:zh_column] if re.fullmatch(r"`[a-z_]+`", c)] if zh_column else []
        if codes and row is not header and len(row) > (zh_column or 0):
            code, word = codes[-1].strip("`"), row[zh_column or 0]
            if word not in glossary.labels_of(code):
                slips.append(f"{code} = {word}")
        for cell in row:
            codes = re.findall(r"`([a-z_]+)`", cell) if CODE_CELLS.match(cell) else []
            for listed in SLASH_LIST.findall(" ".join(row)):
                words = listed.split(" / ")
                if len(words) == len(codes):
                    slips += [
                        f"{code} = {word}"
                        for code, word in zip(codes, words, strict=True)
                        if word not in glossary.labels_of(code)
                    ]
        for code, word in INLINE_PAIR.findall(line):
            if glossary.labels_of(code) and word not in glossary.labels_of(code):
                slips.append(f"{code} = {word}")
        slips += [f"{DRIFTED[w]} = {w}" for w in DRIFTED if w in line]
    return slips


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_doc_uses_another_word_for_a_code(doc: Path) -> None:
    assert doc_slips(doc.read_text(encoding="utf-8")) == []


def test_the_doc_check_finds_the_words_that_drifted() -> None:
    before = (
        "| key | type |\n|---|---|\n"
        "| `stance` | `champion` \\| `supporter` | stance (态度): 铁杆支持 / 支持 |\n"
        "\n| id | 中文 | meaning |\n|---|---|---|\n| `coach` | 引路人 | guides us |\n"
        "default stages `need` 需求分析\n"
    )
    assert doc_slips(before) == [
        "champion = 铁杆支持",
        "supporter = 支持",
        "champion = 铁杆支持",
        "coach = 引路人",
        "coach = 引路人",
        "need = 需求分析",
    ]


def sources() -> list[Path]:
    """Every file battlemap writes words from: code, templates, starters, playbook, examples."""
    found = [*(ROOT / "battlemap").rglob("*.py"), *(ROOT / "battlemap").rglob("*.yaml")]
    found += [*(ROOT / "templates").glob("*.html"), *(ROOT / "examples").glob("*.yaml")]
    return sorted(found)


def test_no_source_uses_a_word_that_drifted() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in sources()
        for word in DRIFTED
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_the_starters_give_no_code_another_word() -> None:
    for starter in STARTERS.glob("account.*.yaml"):
        text = comments(starter)
        for code, word in re.findall(rf"\b([a-z_]+) ({CJK})", text):
            if glossary.labels_of(code):
                assert word in glossary.labels_of(code), (starter.name, code, word)
