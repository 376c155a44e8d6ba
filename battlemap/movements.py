"""What moved between two points of an account's history, and over its last 30 days.

A movement is data: its kind, the display name of its subject (a deal, a person, or a flag's
own sentence) and the values before and after as codes. The text and the page word them in
the account's language from the playbook's labels; ids never reach a reader.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.changes import contact_changes, coverage_by_deal, deal_changes, open_flags
from battlemap.config import settings_for
from battlemap.model import Account
from battlemap.options import CheckOptions
from battlemap.pipeline import validate_loaded
from battlemap.revisions import (
    Revision,
    RevisionsError,
    file_revisions,
    is_shallow,
    read_blobs,
    split_since,
)
from battlemap.source import parse_bytes
from battlemap.timeline import Point, point_of

CONTACT_FIELDS = ("stance", "influence")


@dataclass(frozen=True)
class Movement:
    kind: str
    """deal-added, deal-removed, stage, result, coverage, value, close-date, joined, left,
    stance, influence, trust, flag-opened, flag-closed."""
    subject: str
    before: Any = None
    after: Any = None
    detail: str = ""
    """The pillar of a trust move."""


def _deals(
    old: Account, new: Account, old_cover: dict[str, str], new_cover: dict[str, str]
) -> Iterator[Movement]:
    before = {o.id: o for o in old.opportunities}
    for deal in new.opportunities:
        name = deal.name or deal.id
        previous = before.get(deal.id)
        if previous is None:
            yield Movement("deal-added", name, after=deal.stage)
            continue
        coverage = (old_cover.get(deal.id), new_cover.get(deal.id))
        for change in deal_changes(previous, deal, coverage):
            yield Movement(change.field.replace("_", "-"), name, change.before, change.after)
    kept = {o.id for o in new.opportunities}
    for deal in old.opportunities:
        if deal.id not in kept:
            yield Movement("deal-removed", deal.name or deal.id)


def _people(old: Account, new: Account) -> Iterator[Movement]:
    before = {c.id: c for c in old.contacts if c.present}
    now_present = {c.id for c in new.contacts if c.present}
    for person in new.contacts:
        previous = before.get(person.id)
        if not person.present:
            continue
        if previous is None:
            yield Movement("joined", person.label)
            continue
        for change in contact_changes(previous, person, CONTACT_FIELDS):
            kind, _, pillar = change.field.partition(".")
            yield Movement(kind, person.label, change.before, change.after, pillar)
    for person in old.contacts:
        if person.present and person.id not in now_present:
            yield Movement("left", person.label)


def _flags(old: Assessment, new: Assessment) -> Iterator[Movement]:
    was, now = open_flags(old), open_flags(new)
    for key, message in now.items():
        if key not in was:
            yield Movement("flag-opened", message)
    for key, message in was.items():
        if key not in now:
            yield Movement("flag-closed", message)


def movements(old: Point, new: Point) -> list[Movement]:
    """The moves from ``old`` to ``new``; both must be assessed points."""
    if old.account is None or old.assessment is None:
        raise ValueError("movements need an assessed point before")
    if new.account is None or new.assessment is None:
        raise ValueError("movements need an assessed point after")
    old_cover, new_cover = coverage_by_deal(old.assessment), coverage_by_deal(new.assessment)
    return [
        *_deals(old.account, new.account, old_cover, new_cover),
        *_people(old.account, new.account),
        *_flags(old.assessment, new.assessment),
    ]


RECENT_DAYS = 30
"""The portfolio's "moved" column looks this many days back from ``--today``."""


@dataclass(frozen=True)
class Recent:
    """What moved in an account over the last `RECENT_DAYS` days."""

    new: bool
    """The file did not exist in git before the window: everything in it is new."""
    moves: tuple[Movement, ...] = ()
    baseline_broken: bool = False


def recent(path: Path, current: Point, today: date, options: CheckOptions) -> Recent | None:
    """From the file as committed just before ``today`` - `RECENT_DAYS` to ``current`` (the
    working file, assessed); None outside git, in a shallow clone, or without history."""
    since = (today - timedelta(days=RECENT_DAYS)).isoformat()
    try:
        if is_shallow(path):
            return None
        baseline, _ = split_since(path, file_revisions(path, path.name), since)
    except RevisionsError:
        return None
    if baseline is None or baseline.blob is None:
        return Recent(new=True)
    contents, _ = read_blobs(path, {baseline.blob}, options.max_bytes)
    raw = contents.get(baseline.blob)
    if raw is None:
        return Recent(new=False, baseline_broken=True)
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    before = point_of(
        baseline, validate_loaded(parse_bytes(raw, path.name), path, settings, options), None
    )
    if before.account is None:
        return Recent(new=False, baseline_broken=True)
    return Recent(new=False, moves=tuple(movements(before, current)))


TALLIES = (
    *("advanced", "slipped", "won", "lost", "joined", "left"),
    *("stance", "trust", "risks_opened", "risks_closed"),
)
"""What the portfolio counts of an account's recent movements, in the order it shows them."""


def _tally_key(move: Movement, stage_order: list[str]) -> str | None:
    if move.kind == "stage":
        ranks = {stage: i for i, stage in enumerate(stage_order)}
        return "advanced" if ranks.get(move.after, 0) > ranks.get(move.before, 0) else "slipped"
    if move.kind == "result":
        return move.after if move.after in ("won", "lost") else None
    simple = {"joined": "joined", "left": "left", "stance": "stance", "trust": "trust"}
    flags = {"flag-opened": "risks_opened", "flag-closed": "risks_closed"}
    return simple.get(move.kind) or flags.get(move.kind)


def tally(moves: Iterable[Movement], stage_order: list[str]) -> dict[str, int]:
    """How many movements of each of `TALLIES` (zeros included)."""
    counted = Counter(_tally_key(move, stage_order) for move in moves)
    return {key: counted.get(key, 0) for key in TALLIES}


def recent_counts(
    path: Path, account: Account, assessment: Assessment, today: date, options: CheckOptions
) -> dict[str, Any] | None:
    """The portfolio's "moved" cell of one account as plain JSON (it is kept in the build
    cache): ``{"new": bool, "broken": bool, <tally>: n, ...}``; None when git cannot tell."""
    now = Point(Revision("", "", "", path.name, None), 0, account, assessment)
    found = recent(path, now, today, options)
    if found is None:
        return None
    stages = [s["id"] for s in settings_for(path, options.playbook_file).playbook["stages"]]
    return {"new": found.new, "broken": found.baseline_broken, **tally(found.moves, stages)}
