"""`battlemap diff --format text|md`: a manager's read, in names and labels, never codes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from battlemap.commands.diff import AccountDiff, diff_account
from battlemap.commands.diff_text import format_diff, format_diff_md
from battlemap.money import money
from battlemap.options import CheckOptions
from battlemap.playbook import load_default, text
from tests.commands.test_diff import COMPLETE, commit, git, run
from tests.conftest import run_battlemap

MOVED = (
    ("    title: 首席信息官", "    title: 副总裁兼首席信息官"),
    ("    stance: supporter\n    mode: growth", "    stance: champion\n    mode: growth"),
    (
        "trust: {conduct: 3, expertise: 4, relationship: 2, sincerity: 3}",
        "trust: {conduct: 3, expertise: 3, relationship: 4}",
    ),
    ("    roles: [coach, user]", "    roles: [coach, user, influencer]"),
    (
        "  - id: wang-gang\n",
        "  - id: new-cfo\n    name: 孙丽\n    title: 财务总监\n  - id: wang-gang\n",
    ),
    ("    title: 高级顾问\n", "    title: 高级顾问\n    departed: 2026-10-30\n"),
    ("    stage: solution ", "    stage: research "),
    ("    value: 2400000", "    value: 2600000"),
    ("    close_date: 2027-03-31", "    close_date: 2026-10-01"),
)
"""Every kind of movement at once: people joined, left and changed; a deal moved back."""


def _moved() -> str:
    changed = COMPLETE
    for old, new in MOVED:
        assert old in changed, old
        changed = changed.replace(old, new)
    return changed


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    commit(tmp_path, COMPLETE, "first")
    (tmp_path / "account.yaml").write_text(_moved(), encoding="utf-8")
    return tmp_path / "account.yaml"


def _diff(path: Path, lang: str) -> AccountDiff:
    return diff_account(path, "HEAD", None, CheckOptions(), lang)


def _codes(diff: AccountDiff) -> set[str]:
    """Every id and code the comparison holds: none may reach the text."""
    found: set[str] = set()
    for side in (diff.old, diff.new):
        assert side.account is not None and side.assessment is not None
        found |= {c.id for c in side.account.contacts}
        found |= {o.id for o in side.account.opportunities}
        found |= {f.code for f in side.assessment.flags}
    book = load_default()
    found |= {s["id"] for s in book["stages"]}
    found |= {p["id"] for p in book["trust"]["pillars"]}
    for group in ("stances", "roles", "influence", "coverage", "results"):
        found |= set(book["labels"][group])
    # Words that are also ordinary English: checked as whole words below.
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_speaks_in_names_and_labels(moved: Path, lang: str) -> None:
    diff = _diff(moved, lang)
    shown = format_diff(diff)
    book = load_default()

    def label(group: str, key: str) -> str:
        return text(book["labels"][group][key], lang)

    stages = {s["id"]: text(s["label"], lang) for s in book["stages"]}
    pillars = {p["id"]: text(p["label"], lang) for p in book["trust"]["pillars"]}
    for expected in (
        "孙丽",
        "周涛",
        "李明",
        stages["solution"],
        stages["research"],
        label("stances", "supporter"),
        label("stances", "champion"),
        label("roles", "influencer"),
        pillars["expertise"],
        pillars["relationship"],
        money(2400000, "CNY", lang),
        money(2600000, "CNY", lang),
        "2026年10月1日" if lang == "zh" else "Oct 1, 2026",
        "2026年10月30日" if lang == "zh" else "Oct 30, 2026",
    ):
        assert expected in shown, expected
    assert diff.new.assessment is not None
    for flag in diff.new.assessment.flags:
        if flag.code == "close-date-passed":
            assert flag.message in shown
    words = set(re.findall(r"[A-Za-z_][\w.-]*", shown))
    leaked = {code for code in _codes(diff) if code in words and code not in _ENGLISH_WORDS}
    assert not leaked, shown
    assert "2600000" not in shown and "2026-10-30" not in shown


_ENGLISH_WORDS = {"user", "coach", "procurement", "open", "won", "lost", "high", "low"}
"""Codes that are also the words of an English label (``User``) are checked by case."""


def test_headings_group_what_a_manager_asks(moved: Path) -> None:
    zh = format_diff(_diff(moved, "zh")).splitlines()
    assert [line.strip() for line in zh if not line.startswith("    ")][1:] == [
        "商机", "人员", "风险",
    ]  # fmt: skip
    en = format_diff(_diff(moved, "en"))
    assert "\n  Deals\n" in en and "\n  People\n" in en and "\n  Risks\n" in en
    assert "    - Joined: 孙丽, 财务总监" in en
    assert "    - Left: 周涛 (on Oct 30, 2026)" in en
    assert "    - 新加入：孙丽，财务总监" in zh
    assert "    - 新的信任缺口：李明 · 专业信任（3，需要 4）" in zh


def test_the_language_follows_the_terminal_message_rule(moved: Path) -> None:
    """--lang, else the account's lang (complete.yaml says zh), else the environment."""
    assert "人员" in run(moved.parent, "account.yaml").stdout
    assert "People" in run(moved.parent, "account.yaml", "--lang", "en").stdout
    commit(moved.parent, COMPLETE.replace("  lang: zh ", "  # no lang ", 1), "no lang")
    moved.write_text(_moved().replace("  lang: zh ", "  # no lang ", 1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"LC_ALL", "LC_MESSAGES", "LANG"}}
    english = run_battlemap("diff", "account.yaml", cwd=moved.parent, env={**env, "LANG": "C"})
    assert "People" in english.stdout
    chinese = run_battlemap(
        "diff", "account.yaml", cwd=moved.parent, env={**env, "LANG": "zh_CN.UTF-8"}
    )
    assert "人员" in chinese.stdout


def test_a_coverage_change_is_reported(moved: Path) -> None:
    diff = _diff(moved, "en")
    changes = {c["field"]: c for c in diff.result["opportunities"]["changed"][0]["changes"]}
    assert diff.old.assessment is not None and diff.new.assessment is not None
    before = diff.old.assessment.opportunities[0].coverage
    after = diff.new.assessment.opportunities[0].coverage
    if before == after:
        assert "coverage" not in changes
    else:
        assert (changes["coverage"]["from"], changes["coverage"]["to"]) == (before, after)
        assert text(load_default()["labels"]["coverage"][after], "en") in format_diff(diff)


HOSTILE = r'"[x](http://evil) *b* _i_ <img src=x> | @team #1 `c`"'


def test_markdown_keeps_account_text_literal(moved: Path) -> None:
    changed = moved.read_text(encoding="utf-8").replace("    name: 孙丽", f"    name: {HOSTILE}")
    moved.write_text(changed, encoding="utf-8")
    shown = format_diff_md(_diff(moved, "en"))
    tokens = MarkdownIt("commonmark").enable("table").parse(shown)
    inline = [child for token in tokens for child in token.children or ()]
    kinds = {child.type for child in inline}
    assert not kinds & {"link_open", "em_open", "html_inline", "code_inline", "image"}
    assert [t.type for t in tokens if t.type.startswith("heading")] == [
        "heading_open", "heading_close",
    ]  # fmt: skip
    texts = "".join(child.content for child in inline if child.type == "text")
    assert "[x](http://evil) *b* _i_ <img src=x> | @\u200bteam #1 `c`" in texts
    assert "@team" not in shown
    assert "**People**" in shown and "- Joined: " in shown
