"""The calendar export read back by the icalendar library: one event per visit and per open
dated step or need plan, stable UIDs, the same bytes on every run, discreet unless --full."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from battlemap.cli import app
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


def export(account: Path, *args: str) -> bytes:
    result = CliRunner().invoke(app, ["export", str(account), "--format", "ics", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def expected_events(data: dict[str, Any]) -> set[str]:
    """The UIDs' kinds and ids the account calls for, read from the YAML itself."""
    account = data["account"]["id"]
    found = {f"{account}.visit.{v['id']}" for v in data.get("visits") or ()}
    for deal in data.get("opportunities") or ():
        if deal.get("result") == "lost":
            continue
        for need in deal.get("needs") or ():
            plan = need.get("plan") or {}
            if plan.get("due") and not plan.get("done"):
                found.add(f"{account}.need.{deal['id']}.{need['id']}")
    return found


@pytest.mark.parametrize("name", ["zh.yaml", "en.yaml", "complete.yaml"])
def test_read_back_by_icalendar(name: str) -> None:
    path = EXAMPLES / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = export(path)
    assert raw == export(path)  # byte-identical across runs
    calendar = Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    stems = {uid.removesuffix("@battlemap.invalid") for uid in uids}
    assert expected_events(data) <= stems
    steps = [
        s
        for deal in data.get("opportunities") or ()
        if deal.get("result") != "lost"
        for s in deal.get("next_steps") or ()
        if s.get("due") and not s.get("done")
    ]
    assert len([s for s in stems if ".step." in s]) == len(steps)
    as_of = data["account"]["as_of"]
    for event in events:
        assert event.decoded("DTSTAMP") == datetime(
            as_of.year, as_of.month, as_of.day, tzinfo=event.decoded("DTSTAMP").tzinfo
        )
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)
        start = event.decoded("DTSTART")
        assert type(start) is date  # all-day
        assert event.decoded("DTEND") == start + timedelta(days=1)


def test_visit_event_discreet_and_full() -> None:
    path = EXAMPLES / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    visit = data["visits"][0]
    contacts = {c["id"]: c for c in data["contacts"]}
    stances = {"Champion", "Supporter", "Neutral", "Skeptic", "Opponent", "Unknown"}
    discreet = Calendar.from_ical(export(path))
    event = next(e for e in discreet.walk("VEVENT") if visit["id"] in str(e["UID"]))
    assert event.decoded("DTSTART") == visit["date"]
    summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
    assert summary == f"{visit['objective']} · {data['account']['name']}"
    for ident in visit["attendees"]:
        assert contacts[ident]["name"] in description
        assert contacts[ident].get("title", "\0") not in description
    assert not any(stance in description for stance in stances)
    full = Calendar.from_ical(export(path, "--full"))
    event = next(e for e in full.walk("VEVENT") if visit["id"] in str(e["UID"]))
    first = contacts[visit["attendees"][0]]
    assert first["title"] in str(event["DESCRIPTION"])
    assert any(stance in str(event["DESCRIPTION"]) for stance in stances)


def test_uids_do_not_move_when_steps_are_added(tmp_path: Path) -> None:
    text = (EXAMPLES / "en.yaml").read_text(encoding="utf-8")
    account = tmp_path / "en.yaml"
    account.write_text(text, encoding="utf-8")
    before = {str(e["UID"]) for e in Calendar.from_ical(export(account)).walk("VEVENT")}
    added = (
        "    next_steps:\n      - {action: A new first step, owner: kevin-liu, due: 2026-12-01}\n"
    )
    account.write_text(text.replace("    next_steps:\n", added, 1), encoding="utf-8")
    after = {str(e["UID"]) for e in Calendar.from_ical(export(account)).walk("VEVENT")}
    assert before < after
    assert len(after - before) == 1


def test_a_need_plan_tells_its_need_only_in_full() -> None:
    path = EXAMPLES / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    deal, need = next(
        (d, n) for d in data["opportunities"] for n in d.get("needs") or () if n.get("plan")
    )
    uid = f"{data['account']['id']}.need.{deal['id']}.{need['id']}@battlemap.invalid"
    for full, shown in ((False, False), (True, True)):
        calendar = Calendar.from_ical(export(path, *(["--full"] if full else [])))
        event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)
        assert event.decoded("DTSTART") == need["plan"]["due"]
        assert need["plan"]["action"] in str(event["SUMMARY"])
        assert (need["text"] in str(event.get("DESCRIPTION", ""))) is shown
