"""The discreet brief keeps secrets: for every visit of every example account, in both
languages, no value the customer should not read is in the HTML or in the PDF's text.

The values are generated from the data (each attendee's stance, roles, trust key, personal
win, concerns and notes; the flags about the visit; the competitors, their strengths and
scores; the implicit needs; the deal's value, close date and coverage; the negotiation),
not listed by hand, so a new example or a new field value is searched too. ``--full``
prints them, which shows the search finds what it looks for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from battlemap.model import Visit
from battlemap.pipeline import Compiled
from battlemap.playbook import text
from battlemap.render.brief.people import concerns_visit, deal_roles
from battlemap.render.brief.view import brief_html, brief_pdf
from battlemap.render.context import RenderContext
from tests.conftest import ROOT
from tests.render_support import compile_file

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _visits() -> Iterator[tuple[Path, str]]:
    for path in EXAMPLES:
        compiled, _ = compile_file(path)
        for visit in compiled.account.visits:
            yield path, visit.id


VISITS = list(_visits())


def _squeezed(value: str) -> str:
    """Whitespace removed: a PDF breaks lines anywhere, and HTML may too."""
    return re.sub(r"\s+", "", value)


def secrets(compiled: Compiled, visit: Visit) -> dict[str, str]:
    """What the customer must not read on this visit's brief: a description -> the value,
    as the page would print it."""
    ctx = RenderContext.of(compiled)
    book = compiled.playbook
    found: dict[str, str] = {}
    for ident in visit.attendees:
        contact = compiled.account.contact(ident)
        if contact is None:
            continue
        name = contact.label
        found[f"{name}: stance"] = ctx.label("stances", contact.stance)
        for role in deal_roles(ctx, contact, visit.opportunity):
            found[f"{name}: role {role}"] = ctx.label("roles", role)
        found[f"{name}: win"] = contact.wins or ""
        for n, concern in enumerate(contact.concerns):
            found[f"{name}: concern {n}"] = concern
        found[f"{name}: notes"] = contact.notes or ""
        for link in compiled.account.influence:
            if ident in (link.source, link.target):
                found[f"{name}: influence note"] = link.notes or ""
    for pillar in book["trust"]["pillars"]:
        found[f"trust pillar {pillar['id']}"] = text(pillar["label"], compiled.lang)
    for flag in compiled.assessment.flags:
        if concerns_visit(flag.subject, visit):
            found[f"flag {flag.code} {flag.subject.id}"] = flag.message
            found[f"flag title {flag.code}"] = ctx.item_text("flags", flag.code, "title")
    pairs = zip(compiled.account.opportunities, compiled.assessment.opportunities, strict=True)
    for deal, assessed in pairs:
        if deal.id != visit.opportunity:
            continue
        found["deal value"] = ctx.fmt.money(deal.value) if deal.value is not None else ""
        found["deal close"] = ctx.fmt.short_day(ctx.closing(deal)[1])
        found["deal coverage"] = ctx.label("coverage", assessed.coverage)
        for need in deal.needs:
            if need.kind != "explicit":
                found[f"implicit need {need.id}"] = need.text
        for rival in deal.competition.competitors if deal.competition else ():
            found[f"competitor {rival.id}"] = rival.name
            for n, words in enumerate((*rival.strengths, *rival.weaknesses)):
                found[f"competitor {rival.id} point {n}"] = words
            if assessed.competition and rival.id in assessed.competition.competitors:
                score = assessed.competition.competitors[rival.id]
                found[f"competitor {rival.id} score"] = ctx.fmt.number(score, 2)
        plan = deal.negotiation
        found["walk-away"] = plan.walk_away or ""
        for n, words in enumerate((*plan.concessions, *plan.alternatives)):
            found[f"negotiation {n}"] = words
    return {key: value for key, value in found.items() if len(value.strip()) >= 2}


def _allowed(compiled: Compiled, visit: Visit) -> str:
    """What the discreet page prints on purpose, squeezed: a secret that is part of it (a
    need that repeats a person's concern, a stance word inside the objective) is not a
    leak. Generated from the same data, never a hand list."""
    ctx = RenderContext.of(compiled)
    parts = [compiled.account.name, visit.objective or "", ctx.fmt.day(visit.date)]
    parts += [ctx.team_name(t) for t in visit.team]
    for ident in visit.attendees:
        contact = compiled.account.contact(ident)
        if contact is not None:
            parts += [contact.label, contact.title or "", contact.department or ""]
    for deal, assessed in zip(
        compiled.account.opportunities, compiled.assessment.opportunities, strict=True
    ):
        if deal.id == visit.opportunity:
            parts += [deal.name, *assessed.visit_goals]
            parts += [n.text for n in deal.needs if n.kind == "explicit"]
            parts += [s.action for s in deal.next_steps if not s.finished]
    return "\n".join(_squeezed(p) for p in parts)


def _html_text(page: str) -> str:
    body = page[page.index("<body") :]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def _leaks(page_text: str, found: dict[str, str], allowed: str) -> list[str]:
    squeezed = _squeezed(page_text)
    return [
        f"{key}: {value!r}"
        for key, value in found.items()
        if _squeezed(value) in squeezed and _squeezed(value) not in allowed
    ]


def _compiled(path: Path, visit_id: str, lang: str) -> tuple[Compiled, Visit]:
    compiled, _ = compile_file(path, lang=lang)
    return compiled, next(v for v in compiled.account.visits if v.id == visit_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("path", "visit_id"), VISITS, ids=[f"{p.stem}-{v}" for p, v in VISITS])
def test_the_discreet_html_holds_no_secret(path: Path, visit_id: str, lang: str) -> None:
    compiled, visit = _compiled(path, visit_id, lang)
    found = secrets(compiled, visit)
    assert len(found) >= 10, found  # the examples fill every section
    page = brief_html(compiled, visit, False)
    assert _leaks(page[page.index("<body") :], found, _allowed(compiled, visit)) == []
    assert _leaks(_html_text(page), found, _allowed(compiled, visit)) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("path", "visit_id"), VISITS[:2], ids=[v for _, v in VISITS[:2]])
def test_the_discreet_pdf_holds_no_secret(path: Path, visit_id: str, lang: str) -> None:
    compiled, visit = _compiled(path, visit_id, lang)
    found = secrets(compiled, visit)
    pdf_text = _pdf_text(brief_pdf(compiled, visit, False))
    assert _squeezed(visit.objective or "")[:8] in _squeezed(pdf_text)  # the text was read
    assert _leaks(pdf_text, found, _allowed(compiled, visit)) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_full_brief_prints_them(lang: str) -> None:
    """The search finds what it looks for: the full brief shows the people's stances and
    wins, the competitors and the deal's value (both in HTML and in the PDF)."""
    path, visit_id = VISITS[0]
    compiled, visit = _compiled(path, visit_id, lang)
    found = secrets(compiled, visit)
    wanted = {
        k: v
        for k, v in found.items()
        if k.endswith((": stance", "value")) or (k.startswith("competitor ") and k.count(" ") == 1)
    }
    assert len(wanted) >= 4, wanted
    allowed = _allowed(compiled, visit)
    page = _html_text(brief_html(compiled, visit, True))
    assert sorted(_leaks(page, wanted, allowed)) == sorted(f"{k}: {v!r}" for k, v in wanted.items())
    pdf_text = _pdf_text(brief_pdf(compiled, visit, True))
    assert len(_leaks(pdf_text, wanted, allowed)) == len(wanted)
