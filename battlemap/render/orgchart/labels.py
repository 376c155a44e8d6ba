"""The display texts of the org chart in each report language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OrgChartLabels:
    """The display texts of the chart in one language (the caller may fill it from the
    playbook's labels)."""

    role_badges: Mapping[str, str]
    roles: Mapping[str, str]
    stances: Mapping[str, str]
    departed: str
    vacant: str
    external: str
    owner_prefix: str
    owner: str
    legend: str
    reports_to: str
    dotted_line: str
    influence_link: str
    border: str
    more: str
    """The legend's words for a "+N" badge (the people under a manager drawn elsewhere)."""
    chart: str
    """The accessible name of a chart ({count}: the people drawn)."""
    overview_chart: str
    """... of an overview ({levels}, {count}: the levels shown, everyone in the account)."""
    part_chart: str
    """... of a chart of one part ({name}, {count})."""
    overview_note: str
    overview_note_split: str
    whole_heading: str
    part_heading: str
    continued: str
    list_sep: str


ORG_CHART_LABELS: Mapping[str, OrgChartLabels] = {
    "zh": OrgChartLabels(
        role_badges={
            "decision_maker": "决",
            "technical_buyer": "技",
            "user": "用",
            "influencer": "影",
            "coach": "教",
            "gatekeeper": "守",
            "procurement": "采",
        },
        roles={
            "decision_maker": "决策者",
            "technical_buyer": "技术把关者",
            "user": "使用者",
            "influencer": "影响者",
            "coach": "教练",
            "gatekeeper": "守门人",
            "procurement": "采购",
        },
        stances={
            "champion": "拥护者",
            "supporter": "支持者",
            "neutral": "中立",
            "skeptic": "怀疑者",
            "opponent": "反对者",
            "unknown": "未知",
        },
        departed="已离职",
        vacant="空缺职位",
        external="外部人员",
        owner_prefix="▸",
        owner="我方负责人",
        legend="图例",
        reports_to="直线汇报",
        dotted_line="虚线汇报",
        influence_link="影响（线越粗越强）",
        border="边框越粗，影响力越大",
        more="其下人数（完整架构见后页）",
        chart="组织架构图：{count} 人",
        overview_chart="组织架构概览：共 {count} 人，显示前 {levels} 层",
        part_chart="组织架构图：{name}，{count} 人",
        overview_note=(
            "概览：共 {count} 人，此处显示前 {levels} 层；+N 为其下人数。完整架构图另起一页。"
        ),
        overview_note_split=(
            "概览：共 {count} 人，此处显示前 {levels} 层；+N 为其下人数。"
            "各部门的完整架构图各占一页，见后。"
        ),
        whole_heading="组织架构图（全部 {count} 人）",
        part_heading="组织架构图：{name}（{count} 人）",
        continued="（续）",
        list_sep="、",
    ),
    "en": OrgChartLabels(
        role_badges={
            "decision_maker": "DM",
            "technical_buyer": "TB",
            "user": "U",
            "influencer": "I",
            "coach": "C",
            "gatekeeper": "G",
            "procurement": "P",
        },
        roles={
            "decision_maker": "Decision maker",
            "technical_buyer": "Technical buyer",
            "user": "User",
            "influencer": "Influencer",
            "coach": "Coach",
            "gatekeeper": "Gatekeeper",
            "procurement": "Procurement",
        },
        stances={
            "champion": "Champion",
            "supporter": "Supporter",
            "neutral": "Neutral",
            "skeptic": "Skeptic",
            "opponent": "Opponent",
            "unknown": "Unknown",
        },
        departed="departed",
        vacant="vacant position",
        external="External",
        owner_prefix="▸",
        owner="our relationship owner",
        legend="Legend",
        reports_to="reports to",
        dotted_line="dotted-line manager",
        influence_link="influences (thicker = stronger)",
        border="thicker border = more influence",
        more="people under them (charted in full on a later page)",
        chart="Org chart: {count} contacts",
        overview_chart="Org chart overview: top {levels} levels of {count} contacts",
        part_chart="Org chart: {name}, {count} contacts",
        overview_note=(
            "Overview: the top {levels} levels of {count} contacts; +N counts the people "
            "under a manager. The whole chart follows on a page of its own."
        ),
        overview_note_split=(
            "Overview: the top {levels} levels of {count} contacts; +N counts the people "
            "under a manager. Each department follows in full on a page of its own."
        ),
        whole_heading="Org chart: all {count} contacts",
        part_heading="Org chart: {name} ({count} contacts)",
        continued=" (continued)",
        list_sep=", ",
    ),
}
