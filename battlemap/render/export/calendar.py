"""The account's dates as a calendar (RFC 5545) for calendar apps.

Each visit is an event on its day; each open next step and need plan with a due date is an
all-day event on that day (calendar apps such as Google Calendar ignore VTODO). The same
input gives the same bytes: UIDs come from ids, and ``DTSTAMP`` is the account's as-of day
at 00:00Z rather than the time of the run.

A calendar is shared and synced: by default it is as discreet as the visit brief, holding
only dates, objectives and actions, our team and the attendees' names. ``--full`` adds the
rest: the attendees' titles and stances, the deal and its stage, needs and outcomes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from battlemap.model import Need, Opportunity, Step, Visit
from battlemap.render.context import RenderContext

PRODID = "-//battlemap//account export//EN"
UID_DOMAIN = "battlemap.invalid"
"""UIDs are ``<account>.<kind>.<ids>@battlemap.invalid``: unique, and never a real host."""


class _Writer:
    def __init__(self, ctx: RenderContext, full: bool) -> None:
        self.ctx = ctx
        self.full = full
        as_of = ctx.account.as_of
        self.stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)

    def uid(self, *parts: str) -> str:
        return ".".join((self.ctx.account.id, *parts)) + f"@{UID_DOMAIN}"

    def event(self, uid: str, day: date, summary: str, lines: list[str]) -> Event:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", self.stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary)
        if lines:
            event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        return event

    def pair(self, key: str, value: str) -> str:
        return f"{self.ctx.ui[key]}{self.ctx.ui['colon']}{value}"

    def visit(self, visit: Visit) -> Event:
        ctx, sep = self.ctx, self.ctx.ui["list_sep"]
        objective = visit.objective or ctx.ui["visits"]
        summary = f"{objective} · {ctx.account.name}"
        lines = []
        if visit.attendees:
            lines.append(
                self.pair("attendees", sep.join(self._attendee(a) for a in visit.attendees))
            )
        if visit.team:
            lines.append(self.pair("team", sep.join(ctx.team_name(t) for t in visit.team)))
        if self.full and visit.opportunity:
            lines.append(self.pair("opportunity", ctx.opportunity_name(visit.opportunity)))
        if self.full and visit.outcome:
            lines.append(self.pair("outcome", visit.outcome))
        return self.event(self.uid("visit", visit.id), visit.date, summary, lines)

    def _attendee(self, ident: str) -> str:
        name = self.ctx.contact_name(ident)
        contact = self.ctx.account.contact(ident)
        if not self.full or contact is None:
            return name
        stance = self.ctx.label("stances", contact.stance)
        return self.ctx.noted(name, contact.title or "", stance)

    def step(
        self, uid: str, step: Step, opportunity: Opportunity, need: Need | None = None
    ) -> Event | None:
        """An open step with a due date (a next step, or a need's plan) as an all-day event."""
        if step.finished or step.due is None:
            return None
        summary = f"{step.action} · {self.ctx.account.name}"
        lines = [self.pair("step_owner", self.ctx.team_name(step.owner))] if step.owner else []
        if self.full:
            stage = self.ctx.stage_labels().get(opportunity.stage, opportunity.stage)
            lines.append(self.pair("opportunity", self.ctx.noted(opportunity.name, stage)))
            if need is not None:
                lines.append(self.pair("need", need.text))
        return self.event(uid, step.due, summary, lines)

    def steps(self) -> Iterator[Event]:
        for opportunity in self.ctx.account.opportunities:
            if opportunity.result == "lost":
                continue
            seen: dict[str, int] = {}
            for step in opportunity.next_steps:
                digest = hashlib.sha256(step.action.encode("utf-8")).hexdigest()[:12]
                seen[digest] = seen.get(digest, 0) + 1
                ident = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
                uid = self.uid("step", opportunity.id, ident)
                found = self.step(uid, step, opportunity)
                if found is not None:
                    yield found
            for need in opportunity.needs:
                if need.plan is not None:
                    uid = self.uid("need", opportunity.id, need.id)
                    found = self.step(uid, need.plan, opportunity, need)
                    if found is not None:
                        yield found


def account_calendar(ctx: RenderContext, full: bool = False) -> bytes:
    """The calendar of the account's visits, next steps and need plans (RFC 5545 bytes)."""
    writer = _Writer(ctx, full)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", ctx.account.name)
    for visit in sorted(ctx.account.visits, key=lambda v: (v.date, v.id)):
        calendar.add_component(writer.visit(visit))
    for event in writer.steps():
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
