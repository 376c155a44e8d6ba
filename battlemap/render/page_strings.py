"""The words of the visit brief and of the portfolio index, in Chinese and English.

They extend the battle map's own strings (``strings.py``), which these pages use too.
"""

from __future__ import annotations

from functools import cache

from battlemap.render.strings import ui_strings

PAGE_STRINGS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    # the visit brief
    "brief_title": ("拜访简报", "Visit brief"),
    "visit_date": ("拜访日期", "Date"),
    "our_team": ("我方参加", "Our team"),
    "stage_goals": ("本次拜访目标（按阶段）", "Goals for this visit (from the stage)"),
    "stage_status": ("阶段进展", "Where the deal stands"),
    "attendee_owner": ("我方对接", "Our contact"),
    "trust": ("信任", "Trust"),
    "watch": ("需要留意", "Watch"),
    "needs_to_probe": ("待探询的需求", "Needs to probe"),
    "unconfirmed": ("待确认", "to confirm"),
    "rival_to_watch": ("需提防的对手", "Competitor to watch"),
    "score_vs": ("加权得分 我方 {us} : 对方 {them}", "Weighted score: us {us}, them {them}"),
    "notes_area": ("现场记录", "Notes"),
    "legend": ("图例", "Key"),
    "legend_reached": ("已达到", "reached"),
    "legend_needed": ("尚需", "still needed"),
    "legend_unassessed": ("未评估", "not assessed"),
    "no_opportunity": ("此次拜访未关联商机。", "This visit is not linked to an opportunity."),
    "no_attendees": ("未列出客户参与人。", "No attendees are listed."),
    "no_needs": ("该商机尚无需求记录。", "No needs recorded for this deal."),
    "no_rival": ("尚无竞争对手评分。", "No scored competitor yet."),
    "nothing_to_watch": (
        "参与人和该商机没有未解决的信任缺口或风险提示。",
        "No open trust gaps or flags for these people or this deal.",
    ),
    "no_goals": ("本阶段没有设定拜访目标。", "The stage sets no visit goals."),
    "all_met": ("本阶段条件均已满足。", "Every requirement of the stage is met."),
    "more_short": ("另有 {count} 项", "+{count} more"),
    "internal_copy": (
        "内部版：含立场判断，请勿留给客户",
        "Internal copy: shows stances, do not leave it",
    ),
    "visit_id": ("拜访编号", "Visit"),
    # the portfolio index
    "portfolio_title": ("客户组合总览", "Account portfolio"),
    "accounts_count": ("{count} 个客户", "{count} accounts"),
    "account": ("客户", "Account"),
    "by_owner": ("按负责人", "By owner"),
    "accounts_heading": ("全部客户", "All accounts"),
    "accounts": ("客户数", "Accounts"),
    "totals": ("按币种合计", "Totals by currency"),
    "currency": ("币种", "Currency"),
    "matrix_title": ("攻守矩阵", "Attack/defend matrix"),
    "matrix_x": ("我方份额（占客户年度采购潜力）", "Our share of the customer's wallet"),
    "matrix_y": ("客户价值", "Attractiveness"),
    "matrix_how": (
        "横轴为我方份额，竖线为手册的高份额门槛 {line}；上半区为高价值客户，下半区为一般价值客户，"
        "每个半区内按年度采购潜力由大到小自上而下排列（表示名次，不表示金额）。",
        "Across: our share of wallet, with the playbook's strong-share line at {line}. "
        "Up: attractive accounts in the top half, the others below; within each half, accounts "
        "are ordered by wallet, largest at the top (the height shows rank, not amount, since "
        "wallets in different currencies cannot be compared).",
    ),
    "not_placed": ("未标注（缺少年度采购潜力）", "Not placed (no wallet)"),
    "stale": ("已过时", "stale"),
    "stale_rule": (
        "“已过时”：信息核实日期比 {date} 早 {days} 天以上。",
        "“stale”: verified more than {days} days before {date}.",
    ),
    "stale_count": ("过时档案", "Stale"),
    "flag_counts": ("风险提示", "Flags"),
    "gaps_short": ("信任缺口", "Gaps"),
    "pipeline_by_stage": ("在谈商机（按阶段）", "Open pipeline by stage"),
    "total": ("合计", "Total"),
    "sorted_note": (
        "按客户层级排序，同一层级内按在谈商机金额从大到小。",
        "Sorted by tier, then by open pipeline, largest first.",
    ),
    "no_accounts": ("没有可显示的客户。", "No accounts to show."),
    "no_tier": ("未分级", "no tier"),
    "moved_heading": ("近 30 天变化", "Moved, last 30 days"),
    "moved_none": ("无变化", "no movement"),
    "moved_new": ("新建档案", "new file"),
    "moved_unknown": (
        "无法判断（30 天前的版本有错误）",
        "unknown (the file 30 days ago has errors)",
    ),
    "moved_advanced": ("推进 {n}", "{n} advanced"),
    "moved_slipped": ("回退 {n}", "{n} slipped"),
    "moved_won": ("赢单 {n}", "{n} won"),
    "moved_lost": ("丢单 {n}", "{n} lost"),
    "moved_joined": ("新增 {n} 人", "{n} joined"),
    "moved_left": ("离开 {n} 人", "{n} left"),
    "moved_stance": ("立场变化 {n}", "{n} stance moves"),
    "moved_trust": ("信任变化 {n}", "{n} trust moves"),
    "moved_risks_opened": ("新风险 {n}", "{n} new risks"),
    "moved_risks_closed": ("风险解除 {n}", "{n} risks cleared"),
}


@cache
def page_strings(lang: str) -> dict[str, str]:
    """The battle map's strings and those of the brief and the index, in ``lang``."""
    index = 0 if lang == "zh" else 1
    found = dict(ui_strings(lang))
    found.update({key: pair[index] for key, pair in PAGE_STRINGS.items()})
    return found
