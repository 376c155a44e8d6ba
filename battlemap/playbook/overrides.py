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

from battlemap.diagnostics import Diagnostic, Severity, worded
from battlemap.language import Words
from battlemap.playbook import MONEY_METRICS
from battlemap.schema import did_you_mean, listing
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
    message: Words
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
    return worded(
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
            hint = did_you_mean(ident, flag_ids) or Words(
                "; the flags are listed in docs/playbook.md", "；所有提醒见 docs/playbook.md"
            )
            message = Words(
                "'{ident}' is not a flag battlemap raises{hint.en}",
                "「{ident}」不是 battlemap 的提醒{hint.zh}",
            ).format(ident=ident, hint=hint)
            yield _Finding("playbook-unknown-flag", (*at, "flags", index, "id"), message)


def _stages(
    override: Mapping[str, Any], at: KeyPath, base: Mapping[str, Any]
) -> Iterator[_Finding]:
    known = [s["id"] for s in base.get("stages") or ()]
    for index, ident, item in _items(override, "stages"):
        if ident not in known and "label" not in item:
            hint = did_you_mean(ident, known) or listing(
                Words("; the stages are {en}", "；阶段有：{zh}"), known
            )
            message = Words(
                "'{ident}' is not a stage of the playbook, and a stage the team adds needs "
                "a label{hint.en}",
                "「{ident}」不是作战手册里的阶段，团队新增的阶段需要写 label{hint.zh}",
            ).format(ident=ident, hint=hint)
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
                hint = did_you_mean(key, known) or listing(
                    Words("; the keys are {en}", "；可用的键有：{zh}"), known
                )
                message = Words(
                    "'{key}' is not a key of labels.{group}{hint.en}",
                    "「{key}」不是 labels.{group} 的键{hint.zh}",
                ).format(key=key, group=group, hint=hint)
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
                message = Words(
                    "a money threshold must say its currency: write {{CNY: {amount}}} "
                    "(one amount per currency; accounts in other currencies get no "
                    "money-based tier)",
                    "金额门槛必须写明币种：请写 {{CNY: {amount}}}（每种币种一个金额；"
                    "其他币种的客户不参与按金额分级）",
                ).format(amount=amount)
                path = (*at, *where, index, "min")
                yield _Finding("playbook-threshold-currency", path, message)
