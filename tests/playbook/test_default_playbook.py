"""The default playbook, the playbook and config schemas, and merge / text / fill."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from battlemap.playbook import DEFAULT_PATH, fill, load_default, merge, text
from battlemap.resources import schema_path
from battlemap.source import parse_text

RULES_FLAGS = [
    ("stage-overstated", "warning"),
    ("no-coach", "warning"),
    ("single-threaded", "warning"),
    ("unknown-buyer", "warning"),
    ("multiple-decision-makers", "info"),
    ("stance-unknown", "info"),
    ("buyer-not-receptive", "warning"),
    ("price-too-early", "warning"),
    ("no-alternatives", "warning"),
    ("close-date-passed", "warning"),
    ("hostile-uncovered", "warning"),
    ("not-engaged", "warning"),
    ("never-contacted", "info"),
    ("need-unplanned", "warning"),
    ("need-unmeetable", "warning"),
    ("step-overdue", "warning"),
    ("visit-no-outcome", "info"),
    ("satisfaction-low", "warning"),
    ("share-above-one", "warning"),
    ("dossier-stale", "warning"),
    ("tier-currency-missing", "warning"),  # ours: the warning rules.md asks for
]
PLACEHOLDERS = {
    "opportunity", "stage", "fact", "contact", "contacts", "count", "engaged", "members",
    "mode", "stance", "need", "step", "visit", "date", "days", "cadence", "value", "floor",
    "revenue", "wallet", "importance", "limit", "currency", "tier",
}  # fmt: skip
RAW_STRING_KEYS = {"id", "metric", "equals", "severity", "requires"}
"""Keys whose string values are identifiers, not texts (plus everything under posture.matrix)."""


def _schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return schema


def _validator(kind: str) -> Draft202012Validator:
    schemas = [_schema(name) for name in ("account", "playbook", "config")]
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    return Draft202012Validator(_schema(kind), registry=registry)


def _errors(kind: str, data: object) -> list[str]:
    return [error.message for error in _validator(kind).iter_errors(data)]


@pytest.fixture(scope="module")
def default() -> dict[str, Any]:
    return load_default()


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# ---- schemas --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["playbook", "config"])
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = _schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"https://battlemap.dev/schemas/{kind}.schema.json"


def test_default_validates_against_playbook_schema(default: dict[str, Any]) -> None:
    assert _errors("playbook", default) == []


@pytest.mark.parametrize(
    "override",
    [
        {},
        {"playbook": 1},
        {"flags": [{"id": "not-engaged", "severity": "error"}]},
        {"stages": [{"id": "research", "remove": True}]},
        {"tiers": [{"id": "key", "when_any": [{"metric": "wallet", "min": {"CNY": 3000000}}]}]},
        {"trust": {"required_by_role": {"user": {"conduct": 3}}}},
        {"postures": [{"id": "attack", "summary": "先拿下一个标杆项目"}]},
        {"labels": {"roles": {"coach": {"zh": "内线"}}}},
        {"x-team-notes": "anything", "posture": {"x-why": [1, 2]}},
    ],
)
def test_playbook_schema_accepts_overrides(override: dict[str, Any]) -> None:
    assert _errors("playbook", override) == []


@pytest.mark.parametrize(
    "override",
    [
        {"playbook": 2},
        {"stagez": []},
        {"stages": [{"label": "no id"}]},
        {"stages": [{"id": "need", "remove": "yes"}]},
        {"flags": [{"id": "no-coach", "severity": "fatal"}]},
        {"flags": [{"id": "no-coach", "tilte": "typo"}]},
        {"tiers": [{"id": "key", "when_any": [{"metric": "wallet"}]}]},
        {"tiers": [{"id": "key", "when_any": [{"metric": "market_influence", "min": 1}]}]},
        {"tiers": [{"id": "key", "when_any": [{"metric": "wallet", "min": {"cny": 1}}]}]},
        {"posture": {"strong_share": 1.5}},
        {"posture": {"matrix": {"lost": {"attractive_weak": "Win Back"}}}},
        {"trust": {"required_by_role": {"boss": 4}}},
        {"trust": {"unassessed_gap_at": 6}},
        {"labels": {"roles": {"coach": {"fr": "entraîneur"}}}},
        {"labels": {"colours": {}}},
        {"satisfaction_floor": 11},
    ],
)
def test_playbook_schema_rejects_bad_overrides(override: dict[str, Any]) -> None:
    assert _errors("playbook", override) != []


def test_config_schema(default: dict[str, Any]) -> None:
    config = {
        "playbook": {"flags": [{"id": "not-engaged", "severity": "error"}]},
        "team": [{"id": "zhang-wei", "name": "张伟", "role": "客户经理", "notes": "华东区"}],
        "defaults": {"lang": "zh", "currency": "CNY"},
        "x-owner": "sales-ops",
    }
    assert _errors("config", config) == []
    assert _errors("config", {}) == []
    assert _errors("config", {"playbook": default}) == []


@pytest.mark.parametrize(
    "config",
    [
        {"defaults": {"lang": "fr"}},
        {"defaults": {"currency": "cny"}},
        {"defaults": {"timezone": "UTC"}},
        {"team": [{"id": "zhang-wei"}]},
        {"team": [{"id": "zhang-wei", "name": "张伟", "title": "经理"}]},
        {"playbook": {"stages": [{"label": "no id"}]}},
        {"teams": []},
    ],
)
def test_config_schema_rejects(config: dict[str, Any]) -> None:
    assert _errors("config", config) != []


# ---- the default playbook -------------------------------------------------------------------


def test_default_reads_the_same_under_yaml_1_2(default: dict[str, Any]) -> None:
    result = parse_text(DEFAULT_PATH.read_text(encoding="utf-8"), str(DEFAULT_PATH))
    assert result.diagnostics == []
    assert result.document is not None
    assert result.document.data == default


def test_load_default_returns_independent_copies() -> None:
    first = load_default()
    first["stages"].clear()
    assert load_default()["stages"]


def _strings(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """(path, string) for every string outside a {zh, en} text."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))
    elif isinstance(value, str):
        yield path, value


def _texts(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """(path, text) for every {zh, en} map."""
    if isinstance(value, dict) and ("zh" in value or "en" in value):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, (*path, index))


def test_every_text_has_zh_and_en(default: dict[str, Any]) -> None:
    texts = list(_texts(default))
    assert len(texts) > 250
    for path, value in texts:
        assert set(value) == {"zh", "en"}, path
        assert all(isinstance(v, str) and v.strip() for v in value.values()), path
        assert re.search(r"[\u4e00-\u9fff]", value["zh"]), path
        assert not re.search(r"[\u4e00-\u9fff]", value["en"]), path
    text_paths = {path for path, _ in texts}
    for path, _ in _strings(default):
        in_text = any(path[: len(p)] == p for p in text_paths)
        identifier = path[:2] == ("posture", "matrix") or bool(RAW_STRING_KEYS & set(path))
        assert in_text or identifier, f"bare string at {path}"


def test_flags_match_rules_table(default: dict[str, Any]) -> None:
    assert [(flag["id"], flag["severity"]) for flag in default["flags"]] == RULES_FLAGS
    for flag in default["flags"]:
        assert {"title", "message", "advice"} <= set(flag), flag["id"]


def test_flag_placeholders_agree_across_languages(default: dict[str, Any]) -> None:
    for flag in default["flags"]:
        found = {
            lang: set(re.findall(r"\{(\w+)\}", flag["message"][lang])) for lang in ("zh", "en")
        }
        assert found["zh"] == found["en"], flag["id"]
        assert found["en"] <= PLACEHOLDERS, flag["id"]
        assert "{" not in flag["advice"]["en"] + flag["advice"]["zh"], flag["id"]


def test_segment_rules(default: dict[str, Any]) -> None:
    tiers = default["tiers"]
    assert _ids(tiers) == ["strategic", "key", "general"]
    assert tiers[0]["when_any"] == [
        {"metric": "wallet", "min": {"CNY": 10_000_000, "USD": 1_400_000, "EUR": 1_300_000}},
        {"metric": "revenue_ltm", "min": {"CNY": 5_000_000, "USD": 700_000, "EUR": 650_000}},
        {"metric": "market_influence", "equals": "high"},
    ]
    assert tiers[1]["when_any"] == [
        {"metric": "wallet", "min": {"CNY": 2_000_000, "USD": 280_000, "EUR": 260_000}},
        {"metric": "revenue_ltm", "min": {"CNY": 1_000_000, "USD": 140_000, "EUR": 130_000}},
    ]
    assert "when_any" not in tiers[2]
    posture = default["posture"]
    assert posture["attractive_when_any"] == [
        {"metric": "wallet", "min": {"CNY": 5_000_000, "USD": 700_000, "EUR": 650_000}},
        {"metric": "market_influence", "equals": "high"},
    ]
    assert posture["strong_share"] == 0.30
    open_row = ["attack", "defend", "maintain", "monitor"]
    quadrants = ["attractive_weak", "attractive_strong", "unattractive_strong", "unattractive_weak"]
    for status, row in [("potential", open_row), ("active", open_row)]:
        assert posture["matrix"][status] == dict(zip(quadrants, row, strict=True))
    assert list(posture["matrix"]["lost"].values()) == ["win_back", "win_back", "exit", "exit"]
    postures = default["postures"]
    assert _ids(postures) == ["attack", "defend", "maintain", "monitor", "win_back", "exit"]
    assert [p["label"]["zh"] for p in postures] == ["进攻", "防守", "维持", "观望", "挽回", "退出"]
    for posture_item in postures:
        assert 3 <= len(posture_item["resources"]) <= 4, posture_item["id"]
        assert 3 <= len(posture_item["communication"]) <= 4, posture_item["id"]


def test_stages(default: dict[str, Any]) -> None:
    stages = default["stages"]
    assert _ids(stages) == ["need", "research", "solution", "negotiation", "follow_up"]
    assert [s["label"]["zh"] for s in stages] == [
        "需求识别",
        "信息收集",
        "方案制定",
        "谈判成交",
        "售后跟进",
    ]
    assert [s["requires"] for s in stages] == [
        [],
        ["needs_confirmed"],
        ["needs_confirmed", "decision_maker_identified"],
        [
            "needs_confirmed",
            "decision_maker_identified",
            "competition_mapped",
            "value_proposition_stated",
            "decision_maker_supports",
            "alternatives_prepared",
        ],
        [],
    ]
    known = set(_ids(default["facts"])) | set(_ids(default["computed_facts"]))
    for stage in stages:
        assert 4 <= len(stage["actions"]) <= 6, stage["id"]
        assert 3 <= len(stage["visit_goals"]) <= 4, stage["id"]
        assert set(stage["requires"]) <= known, stage["id"]


def test_facts(default: dict[str, Any]) -> None:
    assert _ids(default["facts"]) == [
        "budget_confirmed",
        "timeline_confirmed",
        "poc_passed",
        "tender_registered",
        "contract_signed",
        "collective_decision",
    ]
    computed = default["computed_facts"]
    assert _ids(computed) == [
        "decision_maker_identified",
        "coach_identified",
        "needs_confirmed",
        "competition_mapped",
        "value_proposition_stated",
        "decision_maker_supports",
        "price_discussed",
        "alternatives_prepared",
        "next_step_planned",
    ]
    assert all("label" in fact and "set" in fact for fact in computed)


def test_trust_and_thresholds(default: dict[str, Any]) -> None:
    trust = default["trust"]
    assert _ids(trust["pillars"]) == ["conduct", "expertise", "relationship", "sincerity"]
    assert [p["label"]["zh"] for p in trust["pillars"]] == [
        "职业信任",
        "专业信任",
        "关系信任",
        "诚意信任",
    ]
    assert all(3 <= len(p["actions"]) <= 5 for p in trust["pillars"])
    assert trust["required_by_role"] == {
        "decision_maker": 4,
        "coach": 4,
        "technical_buyer": 3,
        "influencer": 3,
        "user": 2,
        "gatekeeper": 2,
        "procurement": 2,
    }
    assert trust["required_by_influence"] == {"high": 3, "medium": 2, "low": 1}
    assert trust["influence_weight"] == {"high": 3, "medium": 2, "low": 1}
    assert trust["unassessed_gap_at"] == 3
    assert default["engagement"]["cadence_days"] == {"high": 30, "medium": 60, "low": 120}
    assert default["satisfaction_floor"] == 6
    assert default["stale_after_days"] == 90


def test_labels_cover_the_account_language(default: dict[str, Any]) -> None:
    account = _schema("account")["$defs"]
    labels = default["labels"]
    expected = {
        "roles": account["role"]["enum"],
        "role_badges": account["role"]["enum"],
        "stances": account["contact"]["properties"]["stance"]["enum"],
        "influence": account["level"]["enum"],
        "modes": account["contact"]["properties"]["mode"]["enum"],
        "statuses": account["account"]["properties"]["status"]["enum"],
        "results": account["opportunity"]["properties"]["result"]["enum"],
        "procurement_methods": account["procurement"]["properties"]["method"]["enum"],
        "need_kinds": account["need"]["properties"]["kind"]["enum"],
        "activity_kinds": account["activity"]["properties"]["kind"]["enum"],
        "strengths": account["influence_link"]["properties"]["strength"]["enum"],
        "coverage": ["green", "amber", "red"],
        "severities": ["error", "warning", "info", "off"],
        "quadrants": list(default["posture"]["matrix"]["active"]),
    }
    for group, ids in expected.items():
        assert list(labels[group]) == ids, group
    assert [b["en"] for b in labels["role_badges"].values()] == [
        "DM",
        "TB",
        "U",
        "I",
        "C",
        "G",
        "P",
    ]
    assert "".join(b["zh"] for b in labels["role_badges"].values()) == "决技用影教守采"


# ---- merge ----------------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "a": 1,
    "nested": {"x": 1, "y": {"deep": True}},
    "items": [{"id": "one", "v": 1, "tags": ["a"]}, {"id": "two", "v": 2}, {"id": "three", "v": 3}],
    "plain": ["a", "b"],
    "label": {"zh": "中", "en": "mid"},
}


def test_merge_maps_merge_and_new_keys_are_appended() -> None:
    merged = merge(BASE, {"nested": {"y": {"more": 1}}, "b": 2})
    assert merged["nested"] == {"x": 1, "y": {"deep": True, "more": 1}}
    assert list(merged) == ["a", "nested", "items", "plain", "label", "b"]


def test_merge_by_id_keeps_order_and_appends() -> None:
    merged = merge(BASE, {"items": [{"id": "four", "v": 4}, {"id": "two", "v": 20, "w": 0}]})
    assert merged["items"] == [
        {"id": "one", "v": 1, "tags": ["a"]},
        {"id": "two", "v": 20, "w": 0},
        {"id": "three", "v": 3},
        {"id": "four", "v": 4},
    ]


def test_merge_remove_deletes_one_id() -> None:
    merged = merge(BASE, {"items": [{"id": "two", "remove": True}, {"id": "nine", "remove": True}]})
    assert [item["id"] for item in merged["items"]] == ["one", "three"]
    merged = merge(BASE, {"items": [{"id": "one", "v": 5, "remove": False}]})
    assert merged["items"][0] == {"id": "one", "v": 5, "tags": ["a"]}


def test_merge_other_lists_and_scalars_replace() -> None:
    merged = merge(BASE, {"plain": ["c"], "a": None, "items": [{"id": "one", "tags": ["b"]}]})
    assert merged["plain"] == ["c"]
    assert merged["a"] is None
    assert merged["items"][0]["tags"] == ["b"]
    assert merge(BASE, {"plain": []})["plain"] == []
    assert merge(BASE, {"items": []})["items"] == BASE["items"]
    assert merge(BASE, {"nested": 5})["nested"] == 5
    assert merge(BASE, {"a": {"k": 1}})["a"] == {"k": 1}


def test_merge_localized_text() -> None:
    assert merge(BASE, {"label": {"en": "middle"}})["label"] == {"zh": "中", "en": "middle"}
    assert merge(BASE, {"label": "居中"})["label"] == "居中"


def test_merge_does_not_mutate_or_share() -> None:
    base = copy.deepcopy(BASE)
    override = {"items": [{"id": "one", "v": 9}, {"id": "five", "x": [1]}], "nested": {"x": 2}}
    frozen = copy.deepcopy(override)
    merged = merge(base, override)
    assert base == BASE
    assert override == frozen
    merged["items"][0]["tags"].append("z")
    merged["items"][-1]["x"].append(2)
    merged["nested"]["y"]["deep"] = False
    assert base == BASE
    assert override == frozen


def test_merge_over_the_default(default: dict[str, Any]) -> None:
    override = {
        "flags": [
            {"id": "not-engaged", "severity": "error"},
            {"id": "dossier-stale", "remove": True},
        ],
        "stages": [{"id": "solution", "requires": ["needs_confirmed"]}],
        "satisfaction_floor": 7,
    }
    assert _errors("playbook", override) == []
    merged = merge(default, override)
    assert _errors("playbook", merged) == []
    flags = {flag["id"]: flag for flag in merged["flags"]}
    assert flags["not-engaged"]["severity"] == "error"
    assert flags["not-engaged"]["advice"] == default["flags"][11]["advice"]
    assert "dossier-stale" not in flags
    assert len(flags) == len(default["flags"]) - 1
    assert merged["stages"][2]["requires"] == ["needs_confirmed"]
    assert merged["stages"][2]["actions"] == default["stages"][2]["actions"]
    assert merged["satisfaction_floor"] == 7
    assert merge(default, {}) == default


# ---- text and fill --------------------------------------------------------------------------


def test_text_picks_language_and_falls_back() -> None:
    both = {"zh": "进攻", "en": "Attack"}
    assert text(both, "zh") == "进攻"
    assert text(both, "en") == "Attack"
    assert text({"zh": "进攻"}, "en") == "进攻"
    assert text({"en": "Attack"}, "zh") == "Attack"
    assert text({"zh": "", "en": "Attack"}, "zh") == "Attack"
    assert text("纯文本", "en") == "纯文本"
    assert text(None, "zh") == ""
    assert text({}, "zh") == ""


def test_fill_replaces_known_names_only() -> None:
    values = {"contact": "李明", "days": 45}
    assert fill("{contact} 已 {days} 天未联系", values) == "李明 已 45 天未联系"
    assert fill("{contact} and {unknown}", values) == "李明 and {unknown}"
    assert fill("{0.__class__} {contact.__class__} {days!r} {}", values) == (
        "{0.__class__} {contact.__class__} {days!r} {}"
    )
    assert fill("{{contact}}", values) == "{李明}"
    assert fill("{a}", {"a": "{contact}"}) == "{contact}"
