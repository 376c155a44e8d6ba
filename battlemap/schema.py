"""JSON Schema validation with errors mapped to YAML positions and rewritten for people.

Why not jsonschema's own messages: "'stnce' does not match any of the regexes: '^x-'" tells
a key-account manager nothing. Each error becomes one diagnostic at the offending value
(at the key for an unknown key, at the parent's key for a missing one) with a message from
the table below, and "did you mean" where a close name exists.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from battlemap.diagnostics import Diagnostic, Severity
from battlemap.resources import data_dir, schema_path
from battlemap.source import Document, KeyPath, Position, json_pointer

_BASE = "https://battlemap.dev/schemas/"


@cache
def load_schema(kind: str) -> dict[str, Any]:
    with schema_path(kind).open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def _retrieve(uri: str) -> Resource[Any]:
    name = uri.removeprefix(_BASE)
    path = data_dir("schemas") / name
    if "/" in name or not path.is_file():
        raise NoSuchResource(uri)
    return Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))


def inline_local_refs(node: Any, root: dict[str, Any], depth: int = 0) -> Any:
    """The schema with every local ``#/$defs/...`` reference replaced by its definition.

    Why: resolving ``$ref`` through the referencing library at each use is a third of the
    validation time of an account. Our schemas are not recursive, so inlining is exact;
    references to other files stay as they are. ``depth`` guards against a recursive
    schema (then the reference is kept).
    """
    if isinstance(node, list):
        return [inline_local_refs(item, root, depth) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/") and depth < 32:
        target = root["$defs"][reference.removeprefix("#/$defs/")]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return inline_local_refs(merged, root, depth + 1)
    return {key: inline_local_refs(value, root, depth) for key, value in node.items()}


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` with ECMA-262's ``$`` (JSON Schema's regex dialect): the end of the text
    only. Python's ``$`` also matches before a final newline, which let ``"acme\\n"`` pass
    as an id and name a file with a newline."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern_keyword(
    checker: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if checker.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _max_decimals_keyword(
    checker: Any, most: int, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """``maxDecimals``, our keyword: a number has at most ``most`` digits after the point.

    Why: a tiny amount (``1e-30``) makes a share of wallet too large for any formatter."""
    if checker.is_type(instance, "number") and decimals(instance) > most:
        yield ValidationError(f"{instance!r} has more than {most} decimals")


def decimals(value: float | int) -> int:
    """Digits after the point of ``value`` as written (Python's shortest repr of a float)."""
    if isinstance(value, int):
        return 0
    exponent = Decimal(repr(value)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_Validator: Any = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern_keyword, "maxDecimals": _max_decimals_keyword}
)


@cache
def validator(kind: str) -> Draft202012Validator:
    """The compiled validator for ``kind``, built once per process."""
    registry: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]
    schema = load_schema(kind)
    checker: Draft202012Validator = _Validator(
        inline_local_refs(schema, schema),
        registry=registry,
        format_checker=FormatChecker(formats=["date"]),
    )
    return checker


Reread = Callable[[KeyPath, Any, dict[str, Any]], Diagnostic | None]
"""A second reading of a value the schema refused: (its path, the value, the schema it
failed) -> a diagnostic that says what to write instead, or None (``checks.written_values``
reads ``1500万`` as 15000000 and ``支持者`` as supporter)."""


def validate(
    document: Document, kind: str = "account", reread: Reread | None = None
) -> list[Diagnostic]:
    """One diagnostic per offending location, the most relevant error for each."""
    errors = sorted(validator(kind).iter_errors(document.data), key=_depth_first)
    seen: set[str] = set()
    diagnostics = []
    for error in errors:
        best = best_match([error])
        reading = (
            reread(tuple(best.absolute_path), best.instance, _schema_of(best)) if reread else None
        )
        for diagnostic in [reading] if reading else _diagnostics_for(best, document):
            if diagnostic.path not in seen:
                seen.add(diagnostic.path)
                diagnostics.append(diagnostic)
    return diagnostics


def _depth_first(error: ValidationError) -> tuple[int, str]:
    return (-len(error.absolute_path), json_pointer(tuple(error.absolute_path)))


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing (~)",
}
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9_-]*$": "an id: lowercase letters, digits, '-' and '_' (e.g. 'east-steel')",
    "^\\d{4}-\\d{2}-\\d{2}$": "a date written YYYY-MM-DD (e.g. 2026-11-01)",
    "^[A-Z]{3}$": "an ISO 4217 currency code in capitals (e.g. CNY, USD)",
}


def found(value: Any) -> str:
    """How a value reads in a message: its YAML spelling and kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (~)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text '{_clip(value)}'"
    return f"the number {value}"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _name(path: KeyPath) -> str:
    named = [p for p in path if isinstance(p, str)]
    return f"'{named[-1]}'" if named else "the document"


def _rule(error: ValidationError) -> Any:
    """The schema keyword's value (typed loosely by jsonschema)."""
    return error.validator_value


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def mapping_keys(value: Any) -> list[str]:
    return [str(key) for key in value] if isinstance(value, dict) else []


Mapper = Callable[[ValidationError, Document, KeyPath], Iterator[Diagnostic]]


def _diagnostics_for(error: ValidationError, document: Document) -> Iterator[Diagnostic]:
    path: KeyPath = tuple(error.absolute_path)
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        yield _bad_key_name(error, document, (*path, error.instance))
        return
    mapper = _MAPPERS.get(str(error.validator), _generic)
    yield from mapper(error, document, path)


def _bad_key_name(error: ValidationError, document: Document, path: KeyPath) -> Diagnostic:
    """A key of a user-named map (facts, scores) that is not a valid name: at the key."""
    hint = _PATTERN_HINTS.get(str(_rule(error)), "a valid name")
    message = f"'{_clip(str(path[-1]))}' is not a valid key here: expected {hint}"
    return _at_key(document, path, "invalid-format", message)


def _at(document: Document, where: Position, path: KeyPath, code: str, message: str) -> Diagnostic:
    pointer = json_pointer(path)
    return Diagnostic(
        document.file, where.line, where.column, Severity.ERROR, code, message, pointer
    )


def _at_value(document: Document, path: KeyPath, code: str, message: str) -> Diagnostic:
    return _at(document, document.position(path), path, code, message)


def _at_key(document: Document, path: KeyPath, code: str, message: str) -> Diagnostic:
    return _at(document, document.key_position(path), path, code, message)


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


def _unknown_keys(
    error: ValidationError, document: Document, path: KeyPath
) -> Iterator[Diagnostic]:
    schema = _schema_of(error)
    allowed = _allowed_keys(schema)
    patterns = list(schema.get("patternProperties", {}))
    for key in mapping_keys(error.instance):
        if key in allowed or any(re.search(p, key) for p in patterns):
            continue
        hint = suggest(key, allowed) or (
            f" (allowed here: {', '.join(allowed)}; keep your own data under 'x-' keys)"
            if allowed
            else ""
        )
        yield _at_key(document, (*path, key), "unknown-key", f"unknown key '{key}'{hint}")


def _missing(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    present = error.instance if isinstance(error.instance, dict) else {}
    where = "at the top of the file" if not path else f"in {_name(path)}"
    for key in _rule(error):
        if key not in present:
            message = f"missing required key '{key}' {where}"
            parent_key = document.key_position(path) if path else Position(1, 1)
            yield _at(document, parent_key, (*path, key), "missing-key", message)


def _enum(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    choices = [str(c) for c in _rule(error)]
    value = error.instance
    hint = suggest(value, choices) if isinstance(value, str) else ""
    listed = ", ".join(choices)
    message = f"{found(value)} is not a valid {_name(path)}{hint} (one of: {listed})"
    yield _at_value(document, path, "invalid-enum", message)


def _const(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    expected = json.dumps(_rule(error), ensure_ascii=False)
    message = f"{_name(path)} must be {expected}, found {found(error.instance)}"
    yield _at_value(document, path, "invalid-value", message)


def _type(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    expected = _rule(error)
    kinds = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_NAMES.get(k, k) for k in kinds)
    # The whole file is one value: not YAML keys but some other file (a link to
    # /etc/passwd?), so nothing of it is quoted.
    what = "text" if not path and isinstance(error.instance, str) else found(error.instance)
    message = f"{_name(path)} expects {wanted}, found {what}"
    value = error.instance
    if "boolean" in kinds and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
        message += "; write true or false"
    yield _at_value(document, path, "wrong-type", message)


def _range(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    bound = _rule(error)
    words = {
        "minimum": f"at least {bound}",
        "maximum": f"at most {bound}",
        "exclusiveMinimum": f"more than {bound}",
        "exclusiveMaximum": f"less than {bound}",
    }
    limits = _limits(_schema_of(error))
    message = f"{_name(path)} must be {words[str(error.validator)]}, found {error.instance}"
    yield _at_value(document, path, "out-of-range", message + limits)


def _limits(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    return f" (allowed {low} to {high})" if low is not None and high is not None else ""


def _too_long(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    length = len(error.instance) if isinstance(error.instance, str) else 0
    message = (
        f"{_name(path)} has {length:,} characters, over the limit of {_rule(error)}: "
        f"{found(error.instance)}"
    )
    yield _at_value(document, path, "too-long", message)


def _decimals(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    message = (
        f"{_name(path)} has more decimals than the {_rule(error)} allowed, "
        f"found {found(error.instance)}"
    )
    yield _at_value(document, path, "out-of-range", message)


def _pattern(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    hint = _PATTERN_HINTS.get(str(_rule(error)))
    expected = hint or f"text matching {_rule(error)}"
    message = f"{found(error.instance)} is not valid for {_name(path)}: expected {expected}"
    yield _at_value(document, path, "invalid-format", message)


def _format(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    message = f"{found(error.instance)} is not a real calendar date (YYYY-MM-DD)"
    yield _at_value(document, path, "invalid-format", message)


def _not(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    message = f"{found(error.instance)} is reserved and cannot be used as {_name(path)}"
    yield _at_value(document, path, "invalid-value", message)


def _repeated(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    items = error.instance if isinstance(error.instance, list) else []
    seen: list[Any] = []
    for index, item in enumerate(items):
        if item in seen:
            message = f"{found(item)} appears twice in {_name(path)}"
            yield _at_value(document, (*path, index), "invalid-value", message)
            return
        seen.append(item)
    yield _at_value(document, path, "invalid-value", f"{_name(path)} repeats an item")


def _empty(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    yield _at_value(document, path, "invalid-value", f"{_name(path)} must not be empty")


def _generic(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    message = f"{found(error.instance)} is not valid for {_name(path)}"
    description = _schema_of(error).get("description")
    if isinstance(description, str):
        message += f": {description.split('. ')[0].rstrip('.')}"
    yield _at_value(document, path, "invalid-value", message)


_MAPPERS: dict[str, Mapper] = {
    "additionalProperties": _unknown_keys,
    "unevaluatedProperties": _unknown_keys,
    "required": _missing,
    "enum": _enum,
    "const": _const,
    "type": _type,
    "minimum": _range,
    "maximum": _range,
    "exclusiveMinimum": _range,
    "exclusiveMaximum": _range,
    "pattern": _pattern,
    "format": _format,
    "not": _not,
    "minLength": _empty,
    "maxLength": _too_long,
    "maxDecimals": _decimals,
    "minItems": _empty,
    "uniqueItems": _repeated,
}
