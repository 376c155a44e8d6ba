"""`battlemap diff`: what changed in an account between two git revisions.

Both sides go through the same pipeline as `check` (load, validate, model, assess), so a
change is reported in the model's terms: who moved, which deal advanced, which gaps and
flags opened or closed. A side that has errors is reported as such, not compared.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.config import settings_for
from battlemap.diagnostics import Diagnostic, Severity, sorted_diagnostics
from battlemap.discovery import display_path
from battlemap.model import PILLARS, Account, Contact, Opportunity
from battlemap.options import CheckOptions
from battlemap.pipeline import assess_checked, validate_loaded
from battlemap.source import LoadResult, oversized, parse_bytes, read_file


class DiffError(Exception):
    """A usage problem: not in a git repository, an unknown revision (exit 2)."""


@dataclass
class Side:
    """One revision of the account: its model and assessment, or why there is none."""

    label: str
    exists: bool = True
    errors: list[Diagnostic] = field(default_factory=list)
    account: Account | None = None
    assessment: Assessment | None = None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, timeout=60, check=False
        )
    except FileNotFoundError as err:
        raise DiffError("git is not installed (Debian package: git)") from err


def _tracked(path: Path) -> tuple[Path, str]:
    """The folder and name under which git tracks the account's content: a symbolic link is
    followed to its target (the file the working side reads), never looked up by its own name."""
    target = path.resolve()
    return target.parent, target.name


def _require_work_tree(path: Path, folder: Path) -> None:
    """Stop unless ``folder`` is in a checked-out repository (the working side is a file)."""
    # In a bare repository or inside `.git`, git answers "false" with exit code 0.
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode == 0 and inside.stdout.strip() == b"true":
        return
    where = display_path(path)
    if path.is_symlink():
        where += f" (a symbolic link to {display_path(path.resolve())})"
    raise DiffError(f"{where} is not inside a git repository's work tree")


def _revision_load(path: Path, revision: str, max_bytes: int) -> LoadResult | None:
    """The file at ``revision`` read and parsed, None when that revision does not contain it.

    git gives the object's size first: a file over ``max_bytes`` is refused unread, as
    `check` refuses a file on disk, whatever the history holds.
    """
    folder, name = _tracked(path)
    _require_work_tree(path, folder)
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise DiffError(f"unknown git revision '{revision}'")
    spec = f"{revision}:./{name}"
    size = _git(folder, "cat-file", "-s", spec)
    if size.returncode != 0:
        return None
    display = f"{display_path(path)}@{revision}"
    refused = oversized(display, int(size.stdout), max_bytes)
    if refused is not None:
        return refused
    blob = _git(folder, "cat-file", "blob", spec)
    if blob.returncode != 0:
        raise DiffError(f"{display}: not a file in git ({blob.stderr.decode(errors='replace')})")
    return parse_bytes(blob.stdout, display, max_bytes)


def load_side(path: Path, revision: str | None, options: CheckOptions) -> Side:
    """Read, validate and assess one side: a git revision, or the working file (None)."""
    label = revision or "working file"
    if revision is None:
        loaded = read_file(path, display_path(path), options.max_bytes)
        if loaded.io_error:
            raise DiffError(f"{display_path(path)}: {loaded.diagnostics[0].message}")
    else:
        found = _revision_load(path, revision, options.max_bytes)
        if found is None:
            return Side(label, exists=False)
        loaded = found
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    checked = validate_loaded(loaded, path, settings, options)
    if not checked.valid:
        errors = [d for d in checked.diagnostics if d.severity is Severity.ERROR]
        return Side(label, errors=sorted_diagnostics(errors))
    account, assessment, _ = assess_checked(checked, None)
    return Side(label, account=account, assessment=assessment)


def _direction(before: int | None, after: int | None) -> str:
    if before is None:
        return "assessed"
    if after is None:
        return "unassessed"
    return "up" if after > before else "down"


def _contact_changes(old: Contact, new: Contact) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    for name in ("title", "stance", "influence", "owner", "reports_to"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append({"field": name, "from": before, "to": after})
    if set(old.roles) != set(new.roles):
        changes.append({"field": "roles", "from": list(old.roles), "to": list(new.roles)})
    for pillar in PILLARS:
        before, after = old.trust.get(pillar), new.trust.get(pillar)
        if before != after:
            direction = _direction(before, after)
            changes.append(
                {"field": f"trust.{pillar}", "from": before, "to": after, "direction": direction}
            )
    return changes


def _contacts(old: Account, new: Account) -> dict[str, Any]:
    before = {c.id: c for c in old.contacts}
    after = {c.id: c for c in new.contacts}
    changed = []
    departed = []
    for contact in new.contacts:
        previous = before.get(contact.id)
        if previous is None:
            continue
        if contact.departed is not None and previous.departed is None:
            departed.append({"id": contact.id, "name": contact.label, "on": contact.departed})
        found = _contact_changes(previous, contact)
        if found:
            changed.append({"id": contact.id, "name": contact.label, "changes": found})
    return {
        "added": [{"id": c.id, "name": c.label} for c in new.contacts if c.id not in before],
        "removed": [{"id": c.id, "name": c.label} for c in old.contacts if c.id not in after],
        "departed": departed,
        "changed": changed,
    }


def _opportunity_changes(
    old: Opportunity, new: Opportunity, stages: list[str]
) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    if old.stage != new.stage:
        rank = {s: i for i, s in enumerate(stages)}
        forward = rank.get(new.stage, -1) > rank.get(old.stage, -1)
        move = "forward" if forward else "back"
        changes.append({"field": "stage", "from": old.stage, "to": new.stage, "move": move})
    for name in ("result", "value", "close_date"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append({"field": name, "from": before, "to": after})
    return changes


def _opportunities(old: Account, new: Account, stages: list[str]) -> dict[str, Any]:
    before = {o.id: o for o in old.opportunities}
    after = {o.id: o for o in new.opportunities}
    changed = []
    for opportunity in new.opportunities:
        previous = before.get(opportunity.id)
        found = [] if previous is None else _opportunity_changes(previous, opportunity, stages)
        if found:
            changed.append({"id": opportunity.id, "name": opportunity.name, "changes": found})
    return {
        "added": [{"id": o.id, "name": o.name} for o in new.opportunities if o.id not in before],
        "removed": [{"id": o.id, "name": o.name} for o in old.opportunities if o.id not in after],
        "changed": changed,
    }


def _opened_closed(before: list[tuple[str, ...]], after: list[tuple[str, ...]]) -> dict[str, Any]:
    return {
        "opened": [list(key) for key in after if key not in before],
        "closed": [list(key) for key in before if key not in after],
    }


def _keys(assessment: Assessment | None) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    if assessment is None:
        return [], []
    gaps: list[tuple[str, ...]] = [(g.contact, g.pillar) for g in assessment.trust_gaps]
    flags: list[tuple[str, ...]] = [
        (f.code, f.subject.kind, f.subject.id) for f in assessment.flags
    ]
    return gaps, flags


def compare(old: Side, new: Side, stages: list[str]) -> dict[str, Any]:
    """The changes from ``old`` to ``new`` (a missing old side: everything is added)."""
    result: dict[str, Any] = {
        "from": {"revision": old.label, "exists": old.exists},
        "to": {"revision": new.label, "exists": new.exists},
    }
    broken = [side for side in (old, new) if side.errors]
    if broken:
        for side in broken:
            key = "from" if side is old else "to"
            result[key]["errors"] = [d.as_dict() for d in side.errors]
        return result
    if new.account is None:
        return result
    before = old.account or replace(new.account, contacts=(), opportunities=())
    old_gaps, old_flags = _keys(old.assessment)
    new_gaps, new_flags = _keys(new.assessment)
    result.update(
        contacts=_contacts(before, new.account),
        opportunities=_opportunities(before, new.account, stages),
        trust_gaps=_opened_closed(old_gaps, new_gaps),
        flags=_opened_closed(old_flags, new_flags),
    )
    return result


def diff_account(path: Path, start: str, end: str | None, options: CheckOptions) -> dict[str, Any]:
    """Compare the account at revision ``start`` with ``end`` (None: the working file)."""
    if end is None and not path.exists():
        raise DiffError(f"{display_path(path)}: no such file")
    old, new = load_side(path, start, options), load_side(path, end, options)
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    stages = [s["id"] for s in settings.playbook["stages"]]
    return compare(old, new, stages)


def has_errors(result: dict[str, Any]) -> bool:
    return any("errors" in result[side] for side in ("from", "to"))
