"""Readable contact ids from names: pinyin for Chinese names (``王海涛`` -> ``wang-haitao``),
a slug for other names, a suffix on a clash.

Why our own surname tables: pypinyin reads a character as it is most often read in words,
and many surnames are read otherwise (曾 is ``zeng`` as a surname, ``ceng`` in 曾经); a
compound surname (欧阳, 司马) is one part of the id, not two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from pypinyin import Style, lazy_pinyin

COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "公孙", "慕容", "司徒", "司空", "尉迟", "万俟",
    "长孙", "令狐", "夏侯", "轩辕", "钟离", "宇文", "端木", "闻人", "南宫", "澹台", "呼延", "赫连",
    "独孤", "百里", "西门", "申屠", "太史", "公冶", "亓官", "濮阳", "淳于", "即墨", "第五",
    "拓跋", "完颜", "乐正", "东郭", "左丘", "梁丘", "鲜于", "闾丘",
))  # fmt: skip
"""Two-character surnames: the id keeps them together (欧阳明 -> ``ouyang-ming``)."""

SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "区": "ou",
    "仇": "qiu",
    "解": "xie",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "繁": "po",
    "秘": "bi",
    "种": "chong",
    "召": "shao",
    "员": "yun",
    "宓": "fu",
    "句": "gou",
    "阚": "kan",
    "尉迟": "yuchi",
}
"""Surnames whose reading differs from pypinyin's default reading of the character."""

MAX_ID = 64
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "index"]
    + [f"com{n}" for n in range(1, 10)]
    + [f"lpt{n}" for n in range(1, 10)]
)
"""Names that are not ids (Windows devices; ``index`` is the portfolio's own file)."""
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def is_chinese(text: str) -> bool:
    """Whether ``text`` is written in Chinese characters only (spaces and dots aside)."""
    letters = [ch for ch in text if not ch.isspace() and ch not in "·•."]
    return bool(letters) and all(_HAN.fullmatch(ch) for ch in letters)


def _syllables(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=False))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def name_id(name: str) -> str:
    """The id a name reads as, before any clash: ``surname-givenname`` in pinyin for a
    Chinese name, a slug of the name (Chinese characters in it as pinyin) otherwise."""
    compact = "".join(name.split())
    if is_chinese(compact) and len(compact) >= 2:
        cut = 2 if compact[:2] in COMPOUND_SURNAMES and len(compact) > 2 else 1
        surname, given = compact[:cut], compact[cut:]
        reading = SURNAME_READINGS.get(surname) or _syllables(surname)
        found = _slug(f"{reading}-{_syllables(given)}")
    else:
        found = _slug(" ".join(lazy_pinyin(name, style=Style.NORMAL)))
    found = found[:MAX_ID].strip("-") or "contact"
    return found if found[0].isalnum() else f"c{found}"


def unique_id(wanted: str, taken: Collection[str]) -> str:
    """``wanted``, else ``wanted-2``, ``wanted-3`` ...: the first one not ``taken`` and not
    a reserved name."""
    if wanted not in taken and wanted not in _RESERVED:
        return wanted
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = wanted[: MAX_ID - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
