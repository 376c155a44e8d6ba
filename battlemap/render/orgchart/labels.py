"""The display texts of the org chart in each report language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from battlemap.playbook import load_default, text


@dataclass(frozen=True)
class OrgChartLabels:
    """The display texts of the chart in one language (the map fills the labels of roles and
    stances from the account's playbook)."""

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


def _default_labels() -> dict[str, dict[str, dict[str, str]]]:
    """The default playbook's labels of roles, their badges and stances, per language: the
    one place these words are written (docs/format.md's glossary shows them)."""
    labels: Mapping[str, Any] = load_default()["labels"]
    groups = ("role_badges", "roles", "stances")
    return {
        lang: {
            group: {code: text(label, lang) for code, label in labels[group].items()}
            for group in groups
        }
        for lang in ("zh", "en")
    }


_DEFAULT = _default_labels()

ORG_CHART_LABELS: Mapping[str, OrgChartLabels] = {
    "zh": OrgChartLabels(
        role_badges=_DEFAULT["zh"]["role_badges"],
        roles=_DEFAULT["zh"]["roles"],
        stances=_DEFAULT["zh"]["stances"],
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
            "各部门的完整架构图见后续各页。"
        ),
        whole_heading="组织架构图（全部 {count} 人）",
        part_heading="组织架构图：{name}（{count} 人）",
        continued="（续）",
        list_sep="、",
    ),
    "en": OrgChartLabels(
        role_badges=_DEFAULT["en"]["role_badges"],
        roles=_DEFAULT["en"]["roles"],
        stances=_DEFAULT["en"]["stances"],
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
            "under a manager. The departments follow in full on the next pages."
        ),
        whole_heading="Org chart: all {count} contacts",
        part_heading="Org chart: {name} ({count} contacts)",
        continued=" (continued)",
        list_sep=", ",
    ),
}
