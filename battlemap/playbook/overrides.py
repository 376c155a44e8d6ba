"""Checks of a playbook override against the playbook it is merged over.

Why: merging is forgiving by design (new ids are appended, new keys kept), so a misspelt
flag id (`stance-unknwn`), stage id (`negotation`) or label key (`champoin`) would be
merged as something new that nothing uses, and the override would silently do nothing
(or, for a stage, add a sixth stage to the sales road). Each is an error at its place in
the override, with a did-you-mean. A money threshold must state its currency: the same
number is not the same amount in CNY and IDR.

The checks run after the override's schema check, on a document without schema errors.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from battlemap.diagnostics import Diagnostic, Severity
from battlemap.playbook import MONEY_METRICS
from battlemap.schema import suggest
from battlemap.source import Document, KeyPath, json_pointer

OVERRIDE_CODES: dict[str, str] = {
    "playbook-unknown-flag": "A flag id in an override that no rule of battlemap raises.",
    "playbook-unknown-stage": "A stage id new to the playbook, given without a label.",
    "playbook-unknown-label": "A label key in an override that nothing is labelled with.",
    "playbook-threshold-currency": "A money threshold in an override without its currency.",
}
"""The diagnostic codes of this module (all errors), documented in docs/diagnostics.md."""


@dataclass(frozen=True)
class _Finding:
    code: str
    path: KeyPath
    message: str
    at_key: bool = False


def check_override(
    document: Document, at: KeyPath, base: Mapping[str, Any], flag_ids: Collection[str]
) -> list[Diagnostic]:
    """Errors of the override at ``at`` in ``document`` (``("playbook",)`` in
    battlemap.yaml, ``()`` in a --playbook file) against ``base``, the playbook it is
    merged over; ``flag_ids`` are the flags battlemap has a rule for."""
    override = document.data
    for part in at:
        override = override.get(part) if isinstance(override, Mapping) else None
    if not isinstance(override, Mapping):
        return []
    findings = [
        *_flags(override, at, flag_ids),
        *_stages(override, at, base),
        *_labels(override, at, base),
        *_thresholds(override, at),
    ]
    return [_placed(document, finding) for finding in findings]


def _placed(document: Document, finding: _Finding) -> Diagnostic:
    path = finding.path
    where = document.key_position(path) if finding.at_key else document.position(path)
    return Diagnostic(
        document.file,
        where.line,
        where.column,
        Severity.ERROR,
        finding.code,
        finding.message,
        json_pointer(path),
    )


def _items(override: Mapping[str, Any], section: str) -> Iterator[tuple[int, str, Any]]:
    for index, item in enumerate(override.get(section) or ()):
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            yield index, item["id"], item


def _flags(
    override: Mapping[str, Any], at: KeyPath, flag_ids: Collection[str]
) -> Iterator[_Finding]:
    for index, ident, _ in _items(override, "flags"):
        if ident not in flag_ids:
            hint = suggest(ident, flag_ids) or "; the flags are listed in docs/playbook.md"
            message = f"'{ident}' is not a flag battlemap raises{hint}"
            yield _Finding("playbook-unknown-flag", (*at, "flags", index, "id"), message)


def _stages(
    override: Mapping[str, Any], at: KeyPath, base: Mapping[str, Any]
) -> Iterator[_Finding]:
    known = [s["id"] for s in base.get("stages") or ()]
    for index, ident, item in _items(override, "stages"):
        if ident not in known and "label" not in item:
            hint = suggest(ident, known) or f"; the stages are {', '.join(known)}"
            message = (
                f"'{ident}' is not a stage of the playbook, and a stage the team adds needs "
                f"a label{hint}"
            )
            yield _Finding("playbook-unknown-stage", (*at, "stages", index, "id"), message)


def _labels(
    override: Mapping[str, Any], at: KeyPath, base: Mapping[str, Any]
) -> Iterator[_Finding]:
    groups = override.get("labels") or {}
    known_groups = base.get("labels") or {}
    for group, labels in groups.items():
        if group.startswith("x-") or not isinstance(labels, Mapping):
            continue
        known = list(known_groups.get(group) or ())
        for key in labels:
            if key not in known and not key.startswith("x-"):
                hint = suggest(key, known) or f"; the keys are {', '.join(known)}"
                message = f"'{key}' is not a key of labels.{group}{hint}"
                path = (*at, "labels", group, key)
                yield _Finding("playbook-unknown-label", path, message, at_key=True)


def _thresholds(override: Mapping[str, Any], at: KeyPath) -> Iterator[_Finding]:
    places: list[tuple[KeyPath, Any]] = [
        (("tiers", index, "when_any"), item.get("when_any"))
        for index, _, item in _items(override, "tiers")
    ]
    posture = override.get("posture")
    if isinstance(posture, Mapping):
        places.append((("posture", "attractive_when_any"), posture.get("attractive_when_any")))
    for where, conditions in places:
        for index, condition in enumerate(conditions or ()):
            if condition.get("metric") in MONEY_METRICS and not isinstance(
                condition.get("min", {}), Mapping
            ):
                amount = condition["min"]
                message = (
                    f"a money threshold must say its currency: write {{CNY: {amount}}} "
                    "(one amount per currency; accounts in other currencies get no "
                    "money-based tier)"
                )
                path = (*at, *where, index, "min")
                yield _Finding("playbook-threshold-currency", path, message)
