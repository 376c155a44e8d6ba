"""The account schema is a valid 2020-12 schema, self-describing, and fully documented.

Why: editors show each property's title and description on hover, and docs/format.md is the
users' reference; a key added to the schema without docs would be invisible to them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from battlemap.resources import schema_path
from tests.conftest import ROOT

FORMAT_DOCS = (ROOT / "docs" / "format.md", ROOT / "docs" / "format.zh.md")
CJK = re.compile(r"[\u4e00-\u9fff]")

# Keywords whose subschemas describe real properties; `if`/`then`/`not`/`propertyNames`
# only constrain values and carry no documented properties.
_SUBSCHEMA_KEYS = ("items", "additionalProperties")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")

Schema = dict[str, Any]


def load_schema() -> Schema:
    data: Schema = json.loads(schema_path("account").read_text(encoding="utf-8"))
    return data


def resolve(root: Schema, ref: str) -> Schema:
    assert ref.startswith("#/"), f"only local references are expected, got {ref}"
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    assert isinstance(node, dict)
    return node


def walk_properties(root: Schema) -> Iterator[tuple[str, str, Schema]]:
    """Yield (location, property name, property schema) for every property reachable from the
    root, following `$ref`s into `$defs`; each schema node is visited once."""
    seen: set[int] = set()
    stack: list[tuple[str, Schema]] = [("#", root)]
    while stack:
        where, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str):
            stack.append((ref, resolve(root, ref)))
        for name, sub in node.get("properties", {}).items():
            yield where, name, sub
            stack.append((f"{where}/properties/{name}", sub))
        for key in _SUBSCHEMA_KEYS:
            sub = node.get(key)
            if isinstance(sub, dict):
                stack.append((f"{where}/{key}", sub))
        for key in _SUBSCHEMA_LISTS:
            for i, sub in enumerate(node.get(key, [])):
                stack.append((f"{where}/{key}/{i}", sub))


@pytest.fixture(scope="module")
def schema() -> Schema:
    return load_schema()


@pytest.fixture(scope="module")
def properties(schema: Schema) -> list[tuple[str, str, Schema]]:
    found = list(walk_properties(schema))
    assert found, "the schema declares no properties"
    return found


def test_schema_is_valid_2020_12(schema: Schema) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_walk_reaches_every_def(schema: Schema, properties: list[tuple[str, str, Schema]]) -> None:
    """Guards the walker itself: every object in $defs has its properties visited."""
    visited = {where for where, _, _ in properties}
    for name, definition in schema["$defs"].items():
        if "properties" in definition:
            assert f"#/$defs/{name}" in visited, f"$defs/{name} is not reachable from the root"


def test_every_property_has_title_and_bilingual_description(
    properties: list[tuple[str, str, Schema]],
) -> None:
    problems: list[str] = []
    for where, name, sub in properties:
        title = sub.get("title")
        description = sub.get("description")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}/properties/{name}: no title")
        if not isinstance(description, str) or not description.strip():
            problems.append(f"{where}/properties/{name}: no description")
        elif not CJK.search(description):
            problems.append(f"{where}/properties/{name}: description has no Chinese")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("format_doc", FORMAT_DOCS, ids=lambda p: p.name)
def test_every_property_is_documented(
    properties: list[tuple[str, str, Schema]], format_doc: Path
) -> None:
    doc = format_doc.read_text(encoding="utf-8")
    missing = sorted({name for _, name, _ in properties if f"`{name}`" not in doc})
    assert not missing, f"docs/{format_doc.name} does not mention: {', '.join(missing)}"
