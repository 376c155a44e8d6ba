"""Every kind of movement in words, in both languages: labels, never codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from battlemap.movements import Movement
from battlemap.playbook import load_default
from battlemap.render.timeline.words import Labels, sentence

MOVES = [
    (Movement("deal-added", "MES", after="research"), "新商机 MES（信息收集）",
     "new deal MES (Research)"),
    (Movement("deal-removed", "MES"), "商机 MES 已移除", "deal MES removed"),
    (Movement("stage", "MES", "solution", "negotiation"), "MES：推进 方案制定 → 谈判成交",
     "MES: advanced Solution → Negotiation"),
    (Movement("stage", "MES", "negotiation", "research"), "MES：回退 谈判成交 → 信息收集",
     "MES: slipped back Negotiation → Research"),
    (Movement("result", "MES", "open", "won"), "MES：赢单", "MES: Won"),
    (Movement("coverage", "MES", "red", "green"), "MES：覆盖 未覆盖 → 已覆盖",
     "MES: coverage Not covered → Covered"),
    (Movement("value", "MES", Decimal(1500000), Decimal(16500000)),
     "MES：金额 ¥1,500,000 → ¥16,500,000", "MES: value CN¥1,500,000 → CN¥16,500,000"),
    (Movement("close-date", "MES", date(2026, 12, 1), None), "MES：预计成交 2026-12-01 → –",
     "MES: close date 2026-12-01 → –"),
    (Movement("joined", "王刚"), "王刚 加入", "王刚 joined"),
    (Movement("left", "王刚"), "王刚 离开", "王刚 left"),
    (Movement("stance", "王刚", "skeptic", "champion"), "王刚：立场 怀疑者 → 拥护者",
     "王刚: stance Skeptic → Champion"),
    (Movement("influence", "王刚", "low", "high"), "王刚：影响力 低 → 高",
     "王刚: influence Low → High"),
    (Movement("trust", "王刚", None, 4, "sincerity"), "王刚：诚意信任 – → 4",
     "王刚: Sincerity – → 4"),
    (Movement("flag-opened", "缺少教练"), "新风险：缺少教练", "new risk: 缺少教练"),
    (Movement("flag-closed", "缺少教练"), "风险解除：缺少教练", "risk cleared: 缺少教练"),
]  # fmt: skip


@pytest.mark.parametrize(("move", "zh", "en"), MOVES)
def test_each_movement_in_both_languages(move: Movement, zh: str, en: str) -> None:
    book = load_default()
    assert sentence(move, Labels(book, "zh"), "CNY") == zh
    assert sentence(move, Labels(book, "en"), "CNY") == en
