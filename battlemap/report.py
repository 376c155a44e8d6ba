"""The compiled report (`--format json`): the normalized account, the assessment, diagnostics.

Keys keep a stable order (the input's order for the account, field order for the
assessment), so two builds of the same input are byte-identical.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.diagnostics import Diagnostic
from battlemap.model import Account
from battlemap.schema import load_schema

REPORT_FORMAT = 1


def plain(value: Any) -> Any:
    """Dataclasses, decimals and dates as JSON values (a whole decimal as an integer)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and abs(value) < 2**53
            else float(value)
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def with_defaults(data: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """``data`` with the schema's ``default``s filled in for missing object properties."""
    schema = _resolve(schema, root)
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        filled = {k: with_defaults(v, properties.get(k, {}), root) for k, v in data.items()}
        for key, sub in properties.items():
            sub = _resolve(sub, root)
            if key not in filled and "default" in sub:
                filled[key] = sub["default"]
        return filled
    if isinstance(data, list):
        items = schema.get("items", {})
        return [with_defaults(v, items if isinstance(items, dict) else {}, root) for v in data]
    return data


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while isinstance(schema, dict) and "$ref" in schema and schema["$ref"].startswith("#/"):
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema if isinstance(schema, dict) else {}


def normalized_account(data: dict[str, Any], account: Account) -> dict[str, Any]:
    schema = load_schema("account")
    filled: dict[str, Any] = with_defaults(data, schema, schema)
    profile = dict(filled["account"])
    profile.update(lang=account.lang, currency=account.currency, status=account.status)
    filled["account"] = profile
    return filled


def build_report(
    data: dict[str, Any],
    account: Account,
    assessment: Assessment,
    diagnostics: list[Diagnostic],
    today: date | None,
    lang: str,
) -> dict[str, Any]:
    generated_for = today or account.as_of
    body = plain(assessment)
    # Weighted scores stay decimals in the report (4.0, not 4), as rules.md shows them.
    for item in body["opportunities"]:
        scores = item.get("competition")
        if scores:
            scores["us"] = float(scores["us"])
            scores["competitors"] = {k: float(v) for k, v in scores["competitors"].items()}
    return {
        "battlemap": REPORT_FORMAT,
        "generated_for": generated_for.isoformat(),
        "lang": lang,
        "account": normalized_account(data, account),
        "assessment": body,
        "diagnostics": [d.as_dict() for d in diagnostics],
    }


def report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
