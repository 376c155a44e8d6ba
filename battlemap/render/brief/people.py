"""The visit brief's people: each attendee's card, and the trust gaps and flags to watch.

Texts are cut to fit the card (in ems of the brief's font) so that six attendees with long
notes still fit one page; the full map shows them whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from battlemap.assess.types import Flag, Subject, TrustGap
from battlemap.model import PILLARS, Contact, Visit
from battlemap.render.brief.discretion import Discretion, stance_level, stance_symbol
from battlemap.render.context import RenderContext
from battlemap.render.rows import TRUST_SCALE
from battlemap.render.widths import clip

NAME_EMS = 22.0
GAP_NAME_EMS = 13.0
TITLE_EMS = 34.0
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
class Attendee:
    name: str
    title: str
    roles: str
    coach: bool
    stance_symbol: str
    stance_level: int
    stance_word: str | None
    """The stance's label, in full mode only."""
    trust: tuple[PillarTrust, ...]
    win: str
    concerns: str
    last_contact: str
    last_contact_iso: str
    owner: str


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


def attendee(
    ctx: RenderContext, contact: Contact, visit: Visit, words: Discretion, lines: int = 2
) -> Attendee:
    roles = deal_roles(ctx, contact, visit.opportunity)
    shown = [r for r in roles if r != "coach" or not words.discreet]
    sep = ctx.ui["list_sep"]
    return Attendee(
        name=words(clip(contact.label, NAME_EMS)),
        title=words(clip(contact.title or "", TITLE_EMS)),
        roles=words(sep.join(ctx.label("roles", r) for r in shown)),
        coach="coach" in roles,
        stance_symbol=stance_symbol(contact.stance),
        stance_level=stance_level(contact.stance),
        stance_word=None if words.discreet else ctx.label("stances", contact.stance),
        trust=trust(ctx, contact),
        win=words(clip(contact.wins or "", LINE_EMS * lines)),
        concerns=words(clip(sep.join(contact.concerns), LINE_EMS * lines)),
        last_contact=ctx.fmt.short_day(contact.last_contact)
        if contact.last_contact
        else ctx.ui["never"],
        last_contact_iso=contact.last_contact.isoformat() if contact.last_contact else "",
        owner=ctx.team_name(contact.owner) if contact.owner else "–",
    )


def attendees(ctx: RenderContext, visit: Visit, words: Discretion) -> tuple[Attendee, ...]:
    found = [c for c in map(ctx.account.contact, visit.attendees) if c is not None]
    lines = 2 if len(found) <= ROOMY else 1
    return tuple(attendee(ctx, c, visit, words, lines) for c in found)


def gap_lines(ctx: RenderContext, visit: Visit, words: Discretion) -> tuple[GapLine, ...]:
    """One line per attendee with open trust gaps: each pillar with actual / required."""
    by_contact: dict[str, list[TrustGap]] = {}
    for gap in ctx.compiled.assessment.trust_gaps:
        if gap.contact in visit.attendees:
            by_contact.setdefault(gap.contact, []).append(gap)
    codes = pillar_codes(ctx)
    return tuple(
        GapLine(
            words(clip(ctx.contact_name(ident), GAP_NAME_EMS)),
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


def subject_name(ctx: RenderContext, subject: Subject) -> str:
    """What a flag is about, in words: a person, a deal, a need, a step or a visit."""
    kind, ident = subject.kind, subject.id
    if kind == "contact":
        return ctx.contact_name(ident)
    if kind == "opportunity":
        return ctx.opportunity_name(ident)
    parts = ident.split("/")
    for deal in ctx.account.opportunities:
        if deal.id != parts[0]:
            continue
        if kind in ("need", "plan"):
            return next((n.text for n in deal.needs if n.id == parts[1]), ident)
        if kind == "step" and parts[-1].isdigit() and 0 < int(parts[-1]) <= len(deal.next_steps):
            return deal.next_steps[int(parts[-1]) - 1].action
    return next((v.objective or v.id for v in ctx.account.visits if v.id == ident), ident)


def flag_line(ctx: RenderContext, flag: Flag, words: Discretion) -> FlagLine:
    """Full mode: the title and the message. Discreet: the title (its judging words as
    symbols) and what the flag is about, never the message, which spells out judgments."""
    title = words(ctx.item_text("flags", flag.code, "title"))
    if words.discreet:
        detail = "" if flag.subject.kind == "opportunity" else subject_name(ctx, flag.subject)
    else:
        detail = flag.message
    return FlagLine(
        severity=flag.severity,
        severity_label=ctx.label("severities", flag.severity),
        title=title,
        detail=words(clip(detail, FLAG_EMS * (1 if words.discreet else 2))),
    )


def flag_lines(ctx: RenderContext, visit: Visit, words: Discretion) -> tuple[FlagLine, ...]:
    flags = ctx.compiled.assessment.flags
    return tuple(flag_line(ctx, f, words) for f in flags if concerns_visit(f.subject, visit))
