"""The visit brief's people: each attendee's card, and the trust gaps and flags to watch.

A card always shows the name, title and department; how we judge the person (stance, roles,
trust, their personal win and concerns, our notes, who on our side owns them) is a
`Judgement`, built only for the ``--full`` brief, so the discreet page never holds it.
Texts are cut to fit the card (in ems of the brief's font) so that six attendees with long
notes still fit one page; the full map shows them whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from battlemap.assess.types import Flag, Subject, TrustGap
from battlemap.model import PILLARS, Contact, Visit
from battlemap.render.context import RenderContext
from battlemap.render.rows import TRUST_SCALE
from battlemap.render.widths import clip

NAME_EMS = 22.0
GAP_NAME_EMS = 13.0
TITLE_EMS = 34.0
DEPARTMENT_EMS = 30.0
LINE_EMS = 25.0
"""One line of a card's text; a card gives its win and concerns two lines each, one when
more than ``ROOMY`` people attend (so that six still leave room for notes)."""
ROOMY = 4
FLAG_EMS = 30.0
GAPS_EMS = 19.0


@dataclass(frozen=True)
class PillarTrust:
    code: str
    pips: tuple[str, ...]
    """Per level 1-5: 'on' (reached), 'need' (required, not reached) or 'off'."""
    unassessed: bool
    spoken: str
    """For screen readers: '3/5', or '?/4' when not assessed."""


@dataclass(frozen=True)
class Judgement:
    """How we judge an attendee: printed in the ``--full`` brief only."""

    stance: str
    roles: str
    trust: tuple[PillarTrust, ...]
    win: str
    concerns: str
    notes: str
    last_contact: str
    last_contact_iso: str
    owner: str


@dataclass(frozen=True)
class Attendee:
    name: str
    title: str
    department: str
    judgement: Judgement | None
    """None on the discreet page."""


@dataclass(frozen=True)
class GapLine:
    contact: str
    gaps: str


@dataclass(frozen=True)
class FlagLine:
    severity: str
    severity_label: str
    title: str
    detail: str


def pillar_codes(ctx: RenderContext) -> dict[str, str]:
    """Pillar id -> a one-character code (its label's first letter), numbers if they clash."""
    codes = {p: ctx.pillar_label(p)[:1].upper() or str(n) for n, p in enumerate(PILLARS, 1)}
    if len(set(codes.values())) < len(codes):
        return {p: str(n) for n, p in enumerate(PILLARS, 1)}
    return codes


def _required(ctx: RenderContext, contact: str) -> dict[str, int]:
    gaps = ctx.compiled.assessment.trust_gaps
    return {g.pillar: g.required for g in gaps if g.contact == contact}


def _pips(actual: int | None, required: int) -> tuple[str, ...]:
    reached = actual or 0
    return tuple(
        "on" if level <= reached else "need" if level <= required else "off"
        for level in range(1, TRUST_SCALE + 1)
    )


def trust(ctx: RenderContext, contact: Contact) -> tuple[PillarTrust, ...]:
    required = _required(ctx, contact.id)
    codes = pillar_codes(ctx)
    found = []
    for pillar in PILLARS:
        actual, needed = contact.trust.get(pillar), required.get(pillar, 0)
        level = "?" if actual is None else str(actual)
        spoken = f"{ctx.pillar_label(pillar)} {level}/{TRUST_SCALE}"
        pips = _pips(actual, needed)
        found.append(PillarTrust(codes[pillar], pips, actual is None, spoken))
    return tuple(found)


def deal_roles(ctx: RenderContext, contact: Contact, opportunity: str | None) -> tuple[str, ...]:
    """The roles the contact holds in the visit's deal (its committee entry), else theirs."""
    for deal in ctx.account.opportunities:
        if deal.id == opportunity:
            for member in deal.committee or ():
                if member.contact == contact.id and member.roles is not None:
                    return member.roles
    return contact.roles


def judgement(ctx: RenderContext, contact: Contact, visit: Visit, lines: int) -> Judgement:
    sep = ctx.ui["list_sep"]
    roles = deal_roles(ctx, contact, visit.opportunity)
    return Judgement(
        stance=ctx.label("stances", contact.stance),
        roles=sep.join(ctx.label("roles", r) for r in roles),
        trust=trust(ctx, contact),
        win=clip(contact.wins or "", LINE_EMS * lines),
        concerns=clip(sep.join(contact.concerns), LINE_EMS * lines),
        notes=clip(contact.notes or "", LINE_EMS * lines),
        last_contact=ctx.fmt.short_day(contact.last_contact)
        if contact.last_contact
        else ctx.ui["never"],
        last_contact_iso=contact.last_contact.isoformat() if contact.last_contact else "",
        owner=ctx.team_name(contact.owner) if contact.owner else "–",
    )


def attendees(ctx: RenderContext, visit: Visit, full: bool) -> tuple[Attendee, ...]:
    found = [c for c in map(ctx.account.contact, visit.attendees) if c is not None]
    lines = 2 if len(found) <= ROOMY else 1
    return tuple(
        Attendee(
            name=clip(contact.label, NAME_EMS),
            title=clip(contact.title or "", TITLE_EMS),
            department=clip(contact.department or "", DEPARTMENT_EMS),
            judgement=judgement(ctx, contact, visit, lines) if full else None,
        )
        for contact in found
    )


def gap_lines(ctx: RenderContext, visit: Visit) -> tuple[GapLine, ...]:
    """One line per attendee with open trust gaps: each pillar with actual / required."""
    by_contact: dict[str, list[TrustGap]] = {}
    for gap in ctx.compiled.assessment.trust_gaps:
        if gap.contact in visit.attendees:
            by_contact.setdefault(gap.contact, []).append(gap)
    codes = pillar_codes(ctx)
    return tuple(
        GapLine(
            clip(ctx.contact_name(ident), GAP_NAME_EMS),
            clip(" · ".join(_gap_text(codes, g) for g in by_contact[ident]), GAPS_EMS),
        )
        for ident in visit.attendees
        if ident in by_contact
    )


def _gap_text(codes: dict[str, str], gap: TrustGap) -> str:
    """A gap in short: the pillar's code, the level reached and the level needed."""
    actual = "?" if gap.actual is None else str(gap.actual)
    return f"{codes.get(gap.pillar, gap.pillar)} {actual}/{gap.required}"


def concerns_visit(subject: Subject, visit: Visit) -> bool:
    """Whether a flag's subject is an attendee, the visit, or the visit's deal (or part of it)."""
    if subject.kind == "contact":
        return subject.id in visit.attendees
    if subject.kind == "visit":
        return subject.id == visit.id
    deal = visit.opportunity
    if deal is None:
        return False
    return (
        subject.id == deal if subject.kind == "opportunity" else subject.id.startswith(deal + "/")
    )


def flag_line(ctx: RenderContext, flag: Flag) -> FlagLine:
    return FlagLine(
        severity=flag.severity,
        severity_label=ctx.label("severities", flag.severity),
        title=ctx.item_text("flags", flag.code, "title"),
        detail=clip(flag.message, FLAG_EMS * 2),
    )


def flag_lines(ctx: RenderContext, visit: Visit) -> tuple[FlagLine, ...]:
    flags = ctx.compiled.assessment.flags
    return tuple(flag_line(ctx, f) for f in flags if concerns_visit(f.subject, visit))
