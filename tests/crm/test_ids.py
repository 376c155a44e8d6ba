"""Ids from names: pinyin with our compound-surname and surname-reading tables, slugs for
other names, a suffix on a clash."""

from __future__ import annotations

import pytest

from battlemap.crm.ids import COMPOUND_SURNAMES, SURNAME_READINGS, name_id, unique_id

# Each surname reading pypinyin gets wrong (its default reading in brackets).
SURNAMES = [
    ("曾国藩", "zeng-guofan"),  # ceng
    ("单雄信", "shan-xiongxin"),  # dan
    ("区志明", "ou-zhiming"),  # qu
    ("仇英", "qiu-ying"),  # chou
    ("解缙", "xie-jin"),  # jie
    ("查良镛", "zha-liangyong"),  # cha
    ("朴正民", "piao-zhengmin"),  # pu
    ("盖聂", "ge-nie"),  # gai
    ("覃斌", "qin-bin"),  # tan
    ("缪红", "miao-hong"),  # mou
    ("翟峰", "zhai-feng"),  # di
    ("繁华", "po-hua"),  # fan
    ("秘书", "bi-shu"),  # mi
    ("种玉", "chong-yu"),  # zhong
    ("召南", "shao-nan"),  # zhao
    ("员林", "yun-lin"),  # yuan
    ("宓静", "fu-jing"),  # mi
    ("句芒", "gou-mang"),  # ju
    ("阚泽", "kan-ze"),  # han
    ("尉迟恭", "yuchi-gong"),  # yu chi
]


@pytest.mark.parametrize(("name", "expected"), SURNAMES)
def test_surname_readings(name: str, expected: str) -> None:
    assert name_id(name) == expected


def test_every_surname_reading_is_tested() -> None:
    tested = {name[:2] if name[:2] in SURNAME_READINGS else name[0] for name, _ in SURNAMES}
    assert tested == set(SURNAME_READINGS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王海涛", "wang-haitao"),
        ("欧阳明", "ouyang-ming"),
        ("司马光", "sima-guang"),
        ("诸葛亮", "zhuge-liang"),
        ("上官婉儿", "shangguan-waner"),
        ("吕布", "lv-bu"),
        ("张 伟", "zhang-wei"),
        ("李", "li"),
        ("欧阳", "ou-yang"),  # a compound surname alone is read as a name: 欧 + 阳
        ("单于明", "shan-yuming"),  # 单 and the given name 于明: 单于 is too rare to assume
    ],
)
def test_chinese_names(name: str, expected: str) -> None:
    assert name_id(name) == expected


def test_compound_surnames_are_two_characters() -> None:
    assert all(len(surname) == 2 for surname in COMPOUND_SURNAMES)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anna Müller", "anna-muller"),
        ("O'Brien, Pat", "o-brien-pat"),
        ("  Zoë  Smith ", "zoe-smith"),
        ("李 Lee", "li-lee"),
        ("!!!", "contact"),
        ("x" * 100, "x" * 64),
    ],
)
def test_other_names_are_slugs(name: str, expected: str) -> None:
    assert name_id(name) == expected


def test_a_clash_gets_a_suffix() -> None:
    assert unique_id("wang-wei", {"li-na"}) == "wang-wei"
    assert unique_id("wang-wei", {"wang-wei"}) == "wang-wei-2"
    assert unique_id("wang-wei", {"wang-wei", "wang-wei-2"}) == "wang-wei-3"
    assert unique_id("con", set()) == "con-2"
    long = "x" * 64
    assert unique_id(long, {long}) == "x" * 62 + "-2"
