"""schemas/report.schema.json describes the report battlemap.report builds.

Every example's report validates; the schema is a valid 2020-12 schema with bilingual
descriptions; and it really constrains (a changed report fails), including the account,
which it takes from account.schema.json by reference.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from battlemap.assess import assess
from battlemap.options import BuildOptions
from battlemap.pipeline import compile_account
from battlemap.report import build_report
from battlemap.resources import schema_path
from battlemap.schema import validator
from tests.assess.test_flags import PER_CURRENCY, kitchen_sink
from tests.conftest import CASES, ROOT, TODAY
from tests.rules_support import book, model

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml")) + sorted((CASES / "valid").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3}")


def report_of(path: Path, today: date | None = None) -> dict[str, Any]:
    compiled, diagnostics, _ = compile_account(path, BuildOptions(today=today))
    assert compiled is not None, [d.as_dict() for d in diagnostics]
    # through JSON, as a reader of the file sees it
    found: dict[str, Any] = json.loads(json.dumps(compiled.report, ensure_ascii=False))
    return found


def errors(report: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator("report").iter_errors(report)
    ]


def test_the_schema_is_valid_2020_12() -> None:
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://battlemap.dev/schemas/report.schema.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_examples_exist() -> None:
    names = {p.name for p in EXAMPLES}
    assert {"zh.yaml", "en.yaml", "complete.yaml", "minimal.yaml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("today", [None, TODAY], ids=["no-today", "today"])
def test_every_example_report_validates(path: Path, today: date | None) -> None:
    assert errors(report_of(path, today)) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_with_every_flag_and_a_waiver_validates(lang: str) -> None:
    data = kitchen_sink()
    data["waivers"] = [
        {
            "code": "share-above-one",
            "subject": {"kind": "account", "id": "acme"},
            "reason": "wallet being re-estimated",
            "until": "2026-12-31",
        }
    ]
    account = model(data)
    assessment = assess(account, book(PER_CURRENCY), lang, date(2027, 6, 1))
    assert assessment.waived and assessment.flags
    report = build_report(data, account, assessment, [], date(2027, 6, 1), lang)
    assert errors(json.loads(json.dumps(report))) == []


@pytest.fixture(scope="module")
def complete() -> dict[str, Any]:
    return report_of(CASES / "valid" / "complete.yaml")


def changed(report: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    found = copy.deepcopy(report)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
    target: Any = found
    for part in parents:
        target = target[part]
    target[last] = value
    return found


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("battlemap", 2),
        ("lang", "fr"),
        ("generated_for", "1 Nov 2026"),
        ("assessment/segment/tier", 3),
        ("assessment/opportunities/0/coverage", "blue"),
        ("assessment/opportunities/0/surprise", True),
        ("assessment/trust_gaps/0/pillar", "charm"),
        ("assessment/performance/trends/revenue", "sideways"),
        ("assessment/flags", [{"code": "x", "severity": "off", "subject": {}, "message": ""}]),
        ("account/account/status", "dormant"),  # checked by account.schema.json
        ("account/contacts/0/influence", "huge"),
    ],
)
def test_the_schema_rejects_a_changed_report(
    complete: dict[str, Any], path: str, value: Any
) -> None:
    assert errors(complete) == []
    assert errors(changed(complete, path, value)) != []


def documented(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema of the report schema, with its location."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/{name}", sub
        for key, sub in node.items():
            yield from documented(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from documented(sub, f"{where}/{index}")


def test_every_property_is_described_in_both_languages() -> None:
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    found = list(documented(schema))
    assert len(found) > 50
    for where, sub in found:
        if "$ref" in sub and "description" not in sub:
            target = sub["$ref"]
            assert target.startswith("#/$defs/"), where
            sub = schema["$defs"][target.removeprefix("#/$defs/")]
        description = sub.get("description", "")
        assert CJK.search(description) and LATIN.search(description), where
