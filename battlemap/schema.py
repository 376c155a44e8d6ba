"""JSON Schema validation with errors mapped to YAML positions and rewritten for people.

Why not jsonschema's own messages: "'stnce' does not match any of the regexes: '^x-'" tells
a key-account manager nothing. Each error becomes one diagnostic at the offending value
(at the key for an unknown key, at the parent's key for a missing one) with a message in
Chinese and English (`Words`) from one function per validator kind (`_MAPPERS`: a more
specific message, such as the value to write, hooks in there), naming the field and what to
write, and "did you mean" where a close name exists.
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

from battlemap.diagnostics import Diagnostic, Severity, worded
from battlemap.language import Words
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
    "object": Words("a mapping", "键值映射"),
    "array": Words("a list", "列表"),
    "string": Words("text", "文字"),
    "integer": Words("a whole number", "整数"),
    "number": Words("a number", "数字"),
    "boolean": Words("true or false", "true 或 false"),
    "null": Words("nothing (~)", "空值（~）"),
}
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9_-]*$": Words(
        "an id: lowercase letters, digits, '-' and '_' (e.g. 'east-steel')",
        "由小写字母、数字、“-”和“_”组成的 id（如 east-steel）",
    ),
    "^\\d{4}-\\d{2}-\\d{2}$": Words(
        "a date written YYYY-MM-DD (e.g. 2026-11-01)", "日期，写成 YYYY-MM-DD（如 2026-11-01）"
    ),
    "^[A-Z]{3}$": Words(
        "an ISO 4217 currency code in capitals (e.g. CNY, USD)",
        "大写的 ISO 4217 货币代码（如 CNY、USD）",
    ),
}


def found(value: Any) -> Words:
    """How a value reads in a message: its YAML spelling and kind."""
    if isinstance(value, bool):
        spelt = "true" if value else "false"
        return Words(spelt, spelt)
    if value is None:
        return _TYPE_NAMES["null"]
    if isinstance(value, dict):
        return _TYPE_NAMES["object"]
    if isinstance(value, list):
        return _TYPE_NAMES["array"]
    if isinstance(value, str):
        return Words("text '{text}'", "文字「{text}」").format(text=_clip(value))
    return Words("the number {value}", "数字 {value}").format(value=value)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (a likely misspelling), or None."""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else None


NO_WORDS = Words("", "")
"""An empty hint, in both languages."""


def did_you_mean(word: str, choices: Iterable[str]) -> Words | None:
    """'; did you mean 'x'?' for the closest choice, or None."""
    close = closest(word, choices)
    if close is None:
        return None
    return Words("; did you mean '{close}'?", "；是不是「{close}」？").format(close=close)


def listed(items: Iterable[object], lang: str) -> str:
    """Items joined as a reader of ``lang`` lists them."""
    return ("、" if lang == "zh" else ", ").join(str(item) for item in items)


def listing(words: Words, items: Iterable[object]) -> Words:
    """``words`` with the items listed as each language lists them (``{en}``, ``{zh}``)."""
    shown = list(items)
    return words.format(en=listed(shown, "en"), zh=listed(shown, "zh"))


def _name(path: KeyPath) -> Words:
    named = [p for p in path if isinstance(p, str)]
    if not named:
        return Words("the document", "文件")
    return Words("'{name}'", "「{name}」").format(name=named[-1])


def _rule(error: ValidationError) -> Any:
    """The schema keyword's value (typed loosely by jsonschema)."""
    return error.validator_value


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def mapping_keys(value: Any) -> list[str]:
    return [str(key) for key in value] if isinstance(value, dict) else []


Mapper = Callable[[ValidationError, Document, KeyPath], Iterator[Diagnostic]]
"""Turns one jsonschema error of one validator kind into diagnostics (see `_MAPPERS`)."""


def _diagnostics_for(error: ValidationError, document: Document) -> Iterator[Diagnostic]:
    path: KeyPath = tuple(error.absolute_path)
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        yield _bad_key_name(error, document, (*path, error.instance))
        return
    mapper = _MAPPERS.get(str(error.validator), _generic)
    yield from mapper(error, document, path)


def _bad_key_name(error: ValidationError, document: Document, path: KeyPath) -> Diagnostic:
    """A key of a user-named map (facts, scores) that is not a valid name: at the key."""
    hint = _PATTERN_HINTS.get(str(_rule(error)), Words("a valid name", "有效的名称"))
    message = Words(
        "'{key}' is not a valid key here: expected {hint.en}",
        "「{key}」不能用作这里的键：应为{hint.zh}",
    ).format(key=_clip(str(path[-1])), hint=hint)
    return _at_key(document, path, "invalid-format", message)


def _at(
    document: Document, where: Position, path: KeyPath, code: str, message: Words
) -> Diagnostic:
    pointer = json_pointer(path)
    return worded(document.file, where.line, where.column, Severity.ERROR, code, message, pointer)


def _at_value(document: Document, path: KeyPath, code: str, message: Words) -> Diagnostic:
    return _at(document, document.position(path), path, code, message)


def _at_key(document: Document, path: KeyPath, code: str, message: Words) -> Diagnostic:
    return _at(document, document.key_position(path), path, code, message)


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


def _unknown_keys(
    error: ValidationError, document: Document, path: KeyPath
) -> Iterator[Diagnostic]:
    """additionalProperties: a key the schema does not know, at the key."""
    schema = _schema_of(error)
    allowed = _allowed_keys(schema)
    patterns = list(schema.get("patternProperties", {}))
    for key in mapping_keys(error.instance):
        if key in allowed or any(re.search(p, key) for p in patterns):
            continue
        hint = did_you_mean(key, allowed) or NO_WORDS
        if hint is NO_WORDS and allowed:
            hint = listing(
                Words(
                    " (allowed here: {en}; keep your own data under 'x-' keys)",
                    "（这里可以写：{zh}；自己的数据请放在以 x- 开头的键下）",
                ),
                allowed,
            )
        message = Words("unknown key '{key}'{hint.en}", "不认识的键「{key}」{hint.zh}")
        yield _at_key(document, (*path, key), "unknown-key", message.format(key=key, hint=hint))


def _missing(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """required: a key that must be written, at the key of the mapping that lacks it."""
    present = error.instance if isinstance(error.instance, dict) else {}
    where = (
        Words("at the top of the file", "文件顶层")
        if not path
        else Words("in {name.en}", "{name.zh}中").format(name=_name(path))
    )
    for key in _rule(error):
        if key not in present:
            message = Words(
                "missing required key '{key}' {where.en}; add '{key}: ...'",
                "{where.zh}缺少必填的键「{key}」；请添加「{key}: ...」",
            ).format(key=key, where=where)
            parent_key = document.key_position(path) if path else Position(1, 1)
            yield _at(document, parent_key, (*path, key), "missing-key", message)


def _enum(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """enum: a value that is not one of the codes; lists them."""
    choices = [str(c) for c in _rule(error)]
    value = error.instance
    hint = (did_you_mean(value, choices) if isinstance(value, str) else None) or NO_WORDS
    message = Words(
        "{found.en} is not a valid {name.en}{hint.en} (one of: {en})",
        "{found.zh}不是「{field}」的有效值{hint.zh}（可选：{zh}）",
    ).format(
        found=found(value),
        name=_name(path),
        field=_field(path),
        hint=hint,
        en=listed(choices, "en"),
        zh=listed(choices, "zh"),
    )
    yield _at_value(document, path, "invalid-enum", message)


def _field(path: KeyPath) -> str:
    """The key of the value at ``path`` (the nearest named one), bare."""
    named = [p for p in path if isinstance(p, str)]
    return named[-1] if named else ""


def _const(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """const: the one value allowed (the format version)."""
    expected = json.dumps(_rule(error), ensure_ascii=False)
    message = Words(
        "{name.en} must be {expected}, found {found.en}",
        "{name.zh}必须是 {expected}，这里是{found.zh}",
    ).format(name=_name(path), expected=expected, found=found(error.instance))
    yield _at_value(document, path, "invalid-value", message)


def _type(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """type: a value of the wrong kind (text where a number goes...)."""
    expected = _rule(error)
    kinds = [expected] if isinstance(expected, str) else list(expected)
    value = error.instance
    comment = _comment_after(document, path) if value is None and "string" in kinds else None
    if comment is not None:
        yield comment
        return
    names = [_TYPE_NAMES.get(k, Words(k, k)) for k in kinds]
    wanted = Words(" or ".join(n.en for n in names), " 或 ".join(n.zh for n in names))
    # The whole file is one value: not YAML keys but some other file (a link to
    # /etc/passwd?), so nothing of it is quoted.
    what = _TYPE_NAMES["string"] if not path and isinstance(value, str) else found(value)
    message = Words(
        "{name.en} expects {wanted.en}, found {what.en}",
        "{name.zh}应为{wanted.zh}，这里是{what.zh}",
    ).format(name=_name(path), wanted=wanted, what=what)
    if "boolean" in kinds and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
        message = Words(message.en + "; write true or false", message.zh + "；请写 true 或 false")
    yield _at_value(document, path, "wrong-type", message)


_COMMENT_AFTER_NOTHING = re.compile(r"\s+(#.*?)\s*$")


def _comment_after(document: Document, path: KeyPath) -> Diagnostic | None:
    """``comment-as-value``: where text is required, an empty value followed by `` #...``:
    YAML reads the text as a comment (``notes: #1 风险`` is ``notes: null``), silently. The
    message shows the line with the text quoted."""
    where = document.position(path)
    lines = document.text.split("\n")
    if not path or where.line > len(lines):
        return None
    line = lines[where.line - 1].rstrip("\r")
    comment = _COMMENT_AFTER_NOTHING.match(line, where.column - 1)
    if comment is None:
        return None
    before = line[: where.column - 1].strip()
    quoted = f"{before} {json.dumps(comment[1], ensure_ascii=False)}"
    message = Words(
        "{name.en} is empty: YAML reads '{text}' as a comment; "
        "if it is the text, quote it: {quoted}",
        "{name.zh}是空的：YAML 把「{text}」当作注释；如果这是要写的文字，请加引号：{quoted}",
    ).format(name=_name(path), text=comment[1], quoted=quoted)
    return _at(
        document, Position(where.line, comment.start(1) + 1), path, "comment-as-value", message
    )


_BOUNDS = {
    "minimum": Words("at least {bound}", "至少为 {bound}"),
    "maximum": Words("at most {bound}", "最多为 {bound}"),
    "exclusiveMinimum": Words("more than {bound}", "大于 {bound}"),
    "exclusiveMaximum": Words("less than {bound}", "小于 {bound}"),
}


def _range(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """minimum, maximum, exclusiveMinimum, exclusiveMaximum: a number out of its range."""
    bound = _BOUNDS[str(error.validator)].format(bound=_rule(error))
    schema = _schema_of(error)
    low, high = schema.get("minimum"), schema.get("maximum")
    limits = (
        Words(" (allowed {low} to {high})", "（允许 {low} 到 {high}）").format(low=low, high=high)
        if low is not None and high is not None
        else NO_WORDS
    )
    message = Words(
        "{name.en} must be {bound.en}, found {value}{limits.en}",
        "{name.zh}必须{bound.zh}，这里是 {value}{limits.zh}",
    ).format(name=_name(path), bound=bound, value=error.instance, limits=limits)
    yield _at_value(document, path, "out-of-range", message)


def _too_long(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """maxLength: text over its limit."""
    length = len(error.instance) if isinstance(error.instance, str) else 0
    message = Words(
        "{name.en} has {length:,} characters, over the limit of {limit}: {found.en}",
        "{name.zh}有 {length:,} 个字符，超过上限 {limit}：{found.zh}",
    ).format(name=_name(path), length=length, limit=_rule(error), found=found(error.instance))
    yield _at_value(document, path, "too-long", message)


def _decimals(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """maxDecimals (ours): too many digits after the point."""
    message = Words(
        "{name.en} has more decimals than the {most} allowed, found {found.en}",
        "{name.zh}最多 {most} 位小数，这里是{found.zh}",
    ).format(name=_name(path), most=_rule(error), found=found(error.instance))
    yield _at_value(document, path, "out-of-range", message)


def _pattern(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """pattern: text of the wrong form (an id, a date, a currency code)."""
    hint = _PATTERN_HINTS.get(str(_rule(error)))
    expected = hint or Words("text matching {rule}", "符合 {rule} 的文字").format(rule=_rule(error))
    message = Words(
        "{found.en} is not valid for {name.en}: expected {expected.en}",
        "{found.zh}不符合{name.zh}的写法：应为{expected.zh}",
    ).format(found=found(error.instance), name=_name(path), expected=expected)
    yield _at_value(document, path, "invalid-format", message)


def _format(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """format (date): a date of the right form that the calendar does not have."""
    message = Words(
        "{found.en} is not a real calendar date (YYYY-MM-DD)",
        "{found.zh}不是日历上存在的日期（YYYY-MM-DD）",
    ).format(found=found(error.instance))
    yield _at_value(document, path, "invalid-format", message)


def _not(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """not: a reserved value (an id that would name the index page)."""
    message = Words(
        "{found.en} is reserved and cannot be used as {name.en}",
        "{found.zh}是保留值，不能用作{name.zh}",
    ).format(found=found(error.instance), name=_name(path))
    yield _at_value(document, path, "invalid-value", message)


def _repeated(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """uniqueItems: the first item that repeats an earlier one, at the repeat."""
    items = error.instance if isinstance(error.instance, list) else []
    seen: list[Any] = []
    for index, item in enumerate(items):
        if item in seen:
            message = Words(
                "{found.en} appears twice in {name.en}", "{found.zh}在{name.zh}中出现了两次"
            ).format(found=found(item), name=_name(path))
            yield _at_value(document, (*path, index), "invalid-value", message)
            return
        seen.append(item)
    message = Words("{name.en} repeats an item", "{name.zh}有重复的项").format(name=_name(path))
    yield _at_value(document, path, "invalid-value", message)


def _empty(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """minLength, minItems: empty text or an empty list where something is required."""
    message = Words("{name.en} must not be empty", "{name.zh}不能为空").format(name=_name(path))
    yield _at_value(document, path, "invalid-value", message)


_CHINESE_SENTENCE = re.compile(r"[\u3400-\u9fff][^。]*")


def _generic(error: ValidationError, document: Document, path: KeyPath) -> Iterator[Diagnostic]:
    """Any other validator: the value, and the first sentence of the field's description
    in each language (the schema's descriptions are written English first, then Chinese)."""
    message = Words("{found.en} is not valid for {name.en}", "{found.zh}不符合{name.zh}的要求")
    message = message.format(found=found(error.instance), name=_name(path))
    description = _schema_of(error).get("description")
    if isinstance(description, str):
        chinese = _CHINESE_SENTENCE.search(description)
        english = description.split(". ")[0].rstrip(".")
        zh = f"{message.zh}：{chinese[0]}" if chinese else message.zh
        message = Words(f"{message.en}: {english}", zh)
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
"""The message of each validator kind, one function each."""
