"""`battlemap history`'s model: the account at every commit that touched it, as points.

Each revision goes through the same pipeline as `check` and `diff` (load, validate, model,
assess) with today's repository settings and playbook, so that a movement between two
points is a change of the account, not of the rules. A revision with errors is a point too,
with its error count. Identical blobs (a revert, a commit that only moved the file) are
validated once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.config import settings_for
from battlemap.diagnostics import Severity, count
from battlemap.model import PILLARS, Account
from battlemap.options import CheckOptions
from battlemap.pipeline import Checked, assess_checked, validate_loaded
from battlemap.revisions import Revision, file_revisions, read_blobs
from battlemap.source import oversized, parse_bytes


@dataclass(frozen=True)
class Point:
    """The account as one commit holds it."""

    revision: Revision
    errors: int
    account: Account | None = None
    assessment: Assessment | None = None
    removed: bool = False
    """The commit deleted the file (a point with nothing to assess)."""

    @property
    def as_of(self) -> date | None:
        return self.account.as_of if self.account else None

    def as_dict(self) -> dict[str, Any]:
        """The point as `battlemap schema history` describes it."""
        found: dict[str, Any] = {
            "commit": self.revision.commit,
            "date": self.revision.date,
            "subject": self.revision.subject,
            "path": self.revision.path,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "errors": self.errors,
            "removed": self.removed,
            "opportunities": {},
            "contacts": {},
            "flags": {str(s): 0 for s in Severity},
            "trust_gaps": 0,
        }
        if self.account is None or self.assessment is None:
            return found
        coverage = {o.id: o.coverage for o in self.assessment.opportunities}
        found["opportunities"] = {
            o.id: {
                "stage": o.stage,
                "result": o.result,
                "coverage": coverage.get(o.id),
                "value": o.value,
            }
            for o in self.account.opportunities
        }
        found["contacts"] = {
            c.id: {
                "stance": c.stance,
                "influence": c.influence,
                "trust": {pillar: c.trust.get(pillar) for pillar in PILLARS},
                "present": c.present,
            }
            for c in self.account.contacts
        }
        for flag in self.assessment.flags:
            found["flags"][flag.severity] += 1
        found["trust_gaps"] = len(self.assessment.trust_gaps)
        return found


@dataclass
class Timeline:
    """The points of one account file, oldest first."""

    file: str
    points: list[Point] = field(default_factory=list)
    playbook: dict[str, Any] = field(default_factory=dict)

    @property
    def account_id(self) -> str | None:
        for point in reversed(self.points):
            if point.account is not None:
                return point.account.id
        return None

    @property
    def lang(self) -> str | None:
        for point in reversed(self.points):
            if point.account is not None:
                return point.account.lang
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "account": self.account_id,
            "file": self.file,
            "points": [point.as_dict() for point in self.points],
        }


def point_of(revision: Revision, checked: Checked, lang: str | None) -> Point:
    """The point of one revision, assessed when it validates."""
    errors = count(checked.diagnostics, Severity.ERROR)
    if not checked.valid:
        return Point(revision, errors)
    account, assessment, _ = assess_checked(checked, None, lang)
    return Point(revision, errors, account, assessment)


def timeline(
    path: Path, shown: str, since: str | None, options: CheckOptions, lang: str | None = None
) -> Timeline:
    """Every revision of the file as a point (flag sentences in ``lang``, else each
    revision's own language); RevisionsError when git cannot answer."""
    revisions = file_revisions(path, shown, since)
    blobs = {r.blob for r in revisions if r.blob is not None}
    contents, too_big = read_blobs(path, blobs, options.max_bytes)
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    found = Timeline(shown, playbook=settings.playbook)
    by_blob: dict[str, Checked] = {}
    for revision in revisions:
        if revision.blob is None:
            found.points.append(Point(revision, 0, removed=True))
            continue
        checked = by_blob.get(revision.blob)
        if checked is None:
            display = f"{shown}@{revision.commit[:7]}"
            refused = oversized(display, too_big.get(revision.blob, 0), options.max_bytes)
            loaded = refused or parse_bytes(contents.get(revision.blob, b""), display)
            checked = validate_loaded(loaded, path, settings, options)
            by_blob[revision.blob] = checked
        found.points.append(point_of(revision, checked, lang))
    return found
