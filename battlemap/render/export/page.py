"""Page one of the battle map in Markdown, for wikis, chats and merge requests: the header
figures, key people, opportunities with stage and coverage, the top trust gaps, flags and
next steps.

Every text from the account or the playbook goes through `battlemap.markdown.md_inline`,
so a name reads as the words it is: never markup, a table cell break, a link or a mention.
"""

from __future__ import annotations

from collections.abc import Sequence

from battlemap.markdown import md_inline
from battlemap.model import Contact
from battlemap.render.context import RenderContext
from battlemap.render.map.front import (
    TOP_FLAGS,
    TOP_GAPS,
    TOP_STEPS,
    flag_row,
    gap_row,
    header,
    open_steps,
)

KEY_ROLES = frozenset({"decision_maker", "coach", "technical_buyer"})
"""Roles that make a contact a key person whatever their influence."""


def _table(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table; every cell is already Markdown-safe."""
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines.extend("| " + " | ".join(cell or "–" for cell in row) + " |" for row in rows)
    return lines


def _section(title: str, body: list[str], empty: str) -> list[str]:
    return [f"## {md_inline(title)}", "", *(body or [md_inline(empty)]), ""]


def key_person(contact: Contact) -> bool:
    """A current person of high influence or in a deciding role."""
    return contact.present and (contact.influence == "high" or bool(KEY_ROLES & set(contact.roles)))


def _header(ctx: RenderContext) -> list[str]:
    top = header(ctx, None)
    facts = [top.tier, top.posture, top.status, f"{ctx.ui['as_of']} {top.as_of}"]
    facts.append(f"{ctx.ui['owner']} {top.owner}")
    lines = [f"# {md_inline(top.name)}", "", " · ".join(md_inline(f) for f in facts if f), ""]
    if top.guidance:
        lines += [md_inline(top.guidance), ""]
    heads = [md_inline(f.label) for f in top.figures]
    return [*lines, *_table(heads, [[md_inline(f.value) for f in top.figures]]), ""]


def _people(ctx: RenderContext) -> list[str]:
    sep, ui = ctx.ui["list_sep"], ctx.ui
    rows = [
        [
            md_inline(c.label),
            md_inline(c.title or ""),
            md_inline(sep.join(ctx.label("roles", r) for r in c.roles)),
            md_inline(ctx.label("stances", c.stance)),
            md_inline(ctx.label("influence", c.influence)),
        ]
        for c in ctx.account.contacts
        if key_person(c)
    ]
    heads = [ui["name"], ui["job_title"], ui["roles"], ui["stance"], ui["influence"]]
    body = _table([md_inline(h) for h in heads], rows) if rows else []
    return _section(
        ui["key_people"], body, ui["none"] if ctx.account.contacts else ui["no_contacts"]
    )


def _deals(ctx: RenderContext) -> list[str]:
    ui, stages = ctx.ui, ctx.stage_labels()
    pairs = zip(ctx.account.opportunities, ctx.compiled.assessment.opportunities, strict=True)
    rows = []
    for opportunity, assessed in pairs:
        if opportunity.result == "lost":
            continue
        label, when = ctx.closing(opportunity)
        day = ctx.fmt.short_day(when) if when else ""
        if when and label != ui["close_date"]:
            day = f"{label} {day}"  # a closed deal's date says so; an open one's is the column's
        rows.append(
            [
                md_inline(opportunity.name),
                md_inline(ctx.fmt.money_short(opportunity.value)),
                md_inline(stages.get(opportunity.stage, opportunity.stage)),
                md_inline(ctx.label("coverage", assessed.coverage)),
                md_inline(ctx.label("results", opportunity.result)),
                md_inline(day),
            ]
        )
    heads = [ui["opportunity"], ui["value"], ui["stage"], ui["coverage"], ui["result"]]
    body = _table([md_inline(h) for h in [*heads, ui["close_date"]]], rows) if rows else []
    return _section(ui["opportunities"], body, ui["no_opportunities"])


def _gaps(ctx: RenderContext) -> list[str]:
    ui = ctx.ui
    gaps = [gap_row(ctx, g) for g in ctx.compiled.assessment.trust_gaps[:TOP_GAPS]]
    rows = [
        [
            md_inline(g.contact),
            md_inline(g.pillar),
            md_inline(f"{'–' if g.actual is None else g.actual} / {g.required}"),
        ]
        for g in gaps
    ]
    heads = [md_inline(h) for h in (ui["contact"], ui["pillar"], ui["actual_required"])]
    return _section(ui["trust_gaps"], _table(heads, rows) if rows else [], ui["no_gaps"])


def _flags(ctx: RenderContext) -> list[str]:
    flags = ctx.compiled.assessment.flags[:TOP_FLAGS]
    lines = []
    for index, flag in enumerate(flags):
        row = flag_row(ctx, index, flag)
        title, message = md_inline(row.title), md_inline(row.message)
        lines.append(f"- {md_inline(row.severity_label)} · **{title}**: {message}")
    return _section(ctx.ui["flags"], lines, ctx.ui["no_flags"])


def _steps(ctx: RenderContext) -> list[str]:
    ui = ctx.ui
    rows = [
        [md_inline(r.action), md_inline(r.opportunity), md_inline(r.owner), md_inline(r.due)]
        for r in open_steps(ctx, whole=True)[:TOP_STEPS]
    ]
    heads = [md_inline(h) for h in (ui["action"], ui["opportunity"], ui["step_owner"], ui["due"])]
    return _section(ui["next_steps"], _table(heads, rows) if rows else [], ui["no_steps"])


def page_one(ctx: RenderContext) -> bytes:
    """Page one of the map as Markdown (UTF-8)."""
    lines = [*_header(ctx), *_people(ctx), *_deals(ctx), *_gaps(ctx), *_flags(ctx), *_steps(ctx)]
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
