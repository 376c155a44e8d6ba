"""`battlemap check --fix` (commands/fix.py): fixes written by position, every other byte kept
(comments, quoting, CRLF, a byte order mark), atomically, once; a second run changes nothing;
a file that cannot be written is left whole with a clear error and exit code 2."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battlemap.commands import fix as fixing
from battlemap.commands.fix import MAX_ROUNDS, FixRun, apply_fixes, fix_file, fix_paths
from battlemap.diagnostics import Diagnostic, Fix, Severity
from battlemap.options import CheckOptions
from battlemap.pipeline import Checked
from battlemap.playbook import load_default
from battlemap.source import LoadResult
from tests.conftest import ROOT, TODAY, run_battlemap
from tests.strategies import accounts, to_yaml

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
OPTIONS = CheckOptions(today=TODAY)
BOM = b"\xef\xbb\xbf"


def _labels() -> dict[str, str]:
    """The zh label of each stance code, from the playbook."""
    stances = load_default()["labels"]["stances"]
    return {code: label["zh"] for code, label in stances.items()}


def slipped(text: str) -> str:
    """``text`` with every stance written as its Chinese label, as a KAM types it."""
    labels = _labels()
    return re.sub(
        r'^(\s+(?:- )?"?stance"?: "?)([a-z_]+)',
        lambda m: m[1] + labels[m[2]],
        text,
        flags=re.MULTILINE,
    )


def variants(raw: bytes) -> dict[str, bytes]:
    return {"lf": raw, "crlf": raw.replace(b"\n", b"\r\n"), "bom": BOM + raw}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("form", ["lf", "crlf", "bom"])
def test_fixing_restores_every_byte_of_the_examples(
    tmp_path: Path, example: Path, form: str
) -> None:
    """Labels written for every stance, then fixed: the file is the example again, byte for
    byte (comments, alignment, flow lists, quoting, line endings, BOM); nothing was written
    for the untouched copy."""
    original = variants(example.read_bytes())[form]
    broken = variants(slipped(example.read_text(encoding="utf-8")).encode("utf-8"))[form]
    assert broken != original
    path = tmp_path / example.name
    path.write_bytes(broken)
    run = fix_paths([path], OPTIONS)
    assert run.failures == []
    assert {a.code for a in run.applied} == {"label-not-code"}
    assert path.read_bytes() == original
    untouched = tmp_path / "untouched" / example.name
    untouched.parent.mkdir()
    untouched.write_bytes(original)
    before = untouched.stat().st_mtime_ns
    assert fix_paths([untouched], OPTIONS).applied == []
    assert untouched.read_bytes() == original and untouched.stat().st_mtime_ns == before


ACCOUNT = """\
# 华东钢铁 · 作战地图
battlemap: 1
account:
  id: east-steel
  name: 华东钢铁            # 全称
  as_of: 2026年11月1日
  margin: 26%
contacts:
  - id: sun-zhenhua
    name: 孙振华
    stance: '支持者'       # 老朋友
  - {id: wang-gang, name: 王刚, reports_to: 孙振华, roles: [技术把关者, coach]}
opportunities:
  - id: mes
    name: MES
    value: ¥1,500,000
    stage: 方案制定
    close_date: 2026–11–20
    notes: 支持者 孙振华 说 1500万 在 2026/11/30 前 26%
"""
FIXED = """\
# 华东钢铁 · 作战地图
battlemap: 1
account:
  id: east-steel
  name: 华东钢铁            # 全称
  as_of: 2026-11-01
  margin: 0.26
contacts:
  - id: sun-zhenhua
    name: 孙振华
    stance: 'supporter'       # 老朋友
  - {id: wang-gang, name: 王刚, reports_to: sun-zhenhua, roles: [technical_buyer, coach]}
opportunities:
  - id: mes
    name: MES
    value: 1500000
    stage: solution
    close_date: 2026-11-20
    notes: 支持者 孙振华 说 1500万 在 2026/11/30 前 26%
"""


def test_check_fix_prints_each_fix_then_checks(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    done = run_battlemap("check", "--fix", path.name, "--today", TODAY.isoformat(), cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == FIXED  # the free text of notes is untouched
    fixed = [line for line in done.stdout.splitlines() if "fixed[" in line]
    assert fixed == [
        "account.yaml:6:10: fixed[date-not-iso] 2026年11月1日 → 2026-11-01",
        "account.yaml:7:11: fixed[percent-not-fraction] 26% → 0.26",
        "account.yaml:11:13: fixed[label-not-code] '支持者' → 'supporter'",
        "account.yaml:12:43: fixed[name-not-id] 孙振华 → sun-zhenhua",
        "account.yaml:12:56: fixed[label-not-code] 技术把关者 → technical_buyer",
        "account.yaml:16:12: fixed[money-not-number] ¥1,500,000 → 1500000",
        "account.yaml:17:12: fixed[label-not-code] 方案制定 → solution",
        "account.yaml:18:17: fixed[date-not-iso] 2026–11–20 → 2026-11-20",
    ]
    assert "error[" not in done.stdout
    assert done.stdout.splitlines()[-1].startswith("1 file checked: 0 errors")
    assert done.returncode == 0, done.stdout + done.stderr
    again = run_battlemap("check", "--fix", path.name, "--today", TODAY.isoformat(), cwd=tmp_path)
    assert "fixed[" not in again.stdout and again.returncode == 0
    assert path.read_text(encoding="utf-8") == FIXED


def test_check_fix_exits_as_check_does_on_what_remains(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT.replace("id: mes", "id: MES 1"), encoding="utf-8")
    done = run_battlemap("check", "--fix", path, "--today", TODAY.isoformat(), cwd=tmp_path)
    assert done.returncode == 1
    assert "fixed[label-not-code]" in done.stdout
    assert "error[invalid-format]" in done.stdout  # an id is not guessed


def test_with_json_output_the_fixes_go_to_stderr(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    done = run_battlemap(
        "check", "--fix", "--format", "json", path, "--today", TODAY.isoformat(), cwd=tmp_path
    )
    assert json.loads(done.stdout)["summary"]["errors"] == 0
    assert done.stderr.count("fixed[") == 8


def test_a_read_only_file_is_a_clear_error_and_stays_whole(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    path.chmod(0o444)
    done = run_battlemap("check", "--fix", path.name, "--today", TODAY.isoformat(), cwd=tmp_path)
    assert done.returncode == 2
    assert "account.yaml: cannot write the fixes: the file is read-only; nothing was changed" in (
        done.stderr
    )
    assert "fixed[" not in done.stdout
    assert path.read_text(encoding="utf-8") == ACCOUNT
    assert "error[date-not-iso]" in done.stdout  # and the check still reports what is wrong


def test_the_read_only_error_speaks_the_files_language(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT.replace("  margin:", "  lang: zh\n  margin:"), encoding="utf-8")
    path.chmod(0o400)
    run = FixRun()
    fix_file(path, OPTIONS, run)
    assert [f.split("：", 1)[1] for f in run.failures] == [
        "文件是只读的，无法写入修改；文件没有任何改动"
    ]


def test_without_a_stated_lang_the_error_follows_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    path.chmod(0o400)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    run = FixRun()
    fix_file(path, OPTIONS, run)
    assert [f.split("：", 1)[1] for f in run.failures] == [
        "文件是只读的，无法写入修改；文件没有任何改动"
    ]


def test_the_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new text goes to a temporary file renamed over the old one: when the rename
    fails, the file is as it was and no temporary file is left behind."""
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("battlemap.writing.os.replace", refuse)
    run = FixRun()
    fix_file(path, OPTIONS, run)
    assert run.applied == []
    assert run.failures == [
        f"{path}: cannot write the fixes (No space left on device); nothing was changed"
    ]
    assert path.read_text(encoding="utf-8") == ACCOUNT
    assert [p.name for p in tmp_path.iterdir()] == ["account.yaml"]


def test_permissions_and_links_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text(ACCOUNT, encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "account.yaml"
    link.symlink_to(target.name)
    assert fix_paths([link], OPTIONS).failures == []
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def _diagnostic(fix: Fix) -> Diagnostic:
    return Diagnostic("a.yaml", fix.line, fix.column, Severity.ERROR, "c", "m", "", fix)


def test_a_fix_applies_only_where_its_old_text_still_is() -> None:
    text = "a: 1\nb: x2\r\nc: 3\n"
    fixes = [
        Fix(2, 4, "x2", "2"),
        Fix(1, 4, "9", "0"),  # stale: the text there is not 9
        Fix(2, 4, "x", "y"),  # overlaps the first: left to the next round
        Fix(7, 1, "c", "d"),  # beyond the end
        Fix(3, 4, "3\n", "3\n"),
    ]
    fixed, applied = apply_fixes(text, [_diagnostic(f) for f in fixes])
    assert fixed == "a: 1\nb: 2\r\nc: 3\n"
    assert [a.fix for a in applied] == [fixes[0], fixes[4]]


def test_rounds_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixes that undo each other stop after MAX_ROUNDS rounds (counted, not timed)."""
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    rounds = []

    def flip_flop(loaded: LoadResult, *_: object) -> Checked:
        rounds.append(loaded)
        text = loaded.document.text if loaded.document else ""
        old, new = ("east", "west") if "id: east-steel" in text else ("west", "east")
        return Checked([_diagnostic(Fix(4, 7, old, new))])

    monkeypatch.setattr(fixing, "validate_loaded", flip_flop)
    run = FixRun()
    fix_file(path, OPTIONS, run)
    assert len(rounds) == MAX_ROUNDS
    assert len(run.applied) == MAX_ROUNDS


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(account=accounts(max_contacts=12), crlf=st.booleans())
def test_fixing_a_valid_account_changes_nothing(
    tmp_path: Path, account: dict[str, object], crlf: bool
) -> None:
    """A valid account is left as it is; the same with its stances written as labels is
    given back byte for byte."""
    text = to_yaml(account)
    raw = text.encode("utf-8")
    raw = raw.replace(b"\n", b"\r\n") if crlf else raw
    path = tmp_path / "account.yaml"
    path.write_bytes(raw)
    run = FixRun()
    fix_file(path, OPTIONS, run)
    assert run == FixRun()
    assert path.read_bytes() == raw
    labelled = slipped(text).encode("utf-8")
    path.write_bytes(labelled.replace(b"\n", b"\r\n") if crlf else labelled)
    fix_file(path, OPTIONS, run)
    assert run.failures == []
    assert path.read_bytes() == raw


def test_check_without_fix_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    done = run_battlemap("check", path.name, "--today", TODAY.isoformat(), cwd=tmp_path)
    assert done.returncode == 1 and "fixed[" not in done.stdout
    assert path.read_text(encoding="utf-8") == ACCOUNT
    assert os.listdir(tmp_path) == ["account.yaml"]


SLIPPED = (
    "battlemap: 1\naccount:\n  id: acme\n  name: “华东化工”\n  as_of: 2026-11-01\n"
    "  industry：化工\ncontacts:\n  - id: zheng-wei\n    name: 郑伟\n"
    "    roles: [user，coach]\n\u3000\u3000\u3000\u3000notes: @王工 负责\n"
    "    title:\u3000经理\n    pains: [阀门内漏，交期太长]\n"
)
"""Every fixable YAML slip of issue 14 in one file (battlemap/slips.py), and one that is
not: a full-width comma inside free text (one item or two?) stays a warning."""


@pytest.mark.parametrize("form", ["lf", "crlf", "bom"])
def test_the_yaml_slips_are_fixed_in_rounds(tmp_path: Path, form: str) -> None:
    path = tmp_path / "account.yaml"
    path.write_bytes(variants(SLIPPED.encode("utf-8"))[form])
    run = fix_paths([path], OPTIONS)
    assert sorted(applied.code for applied in run.applied) == [
        "fullwidth-colon", "fullwidth-comma", "indent-not-space", "needs-quotes",
        "smart-quoted-value", "space-after-colon",
    ]  # fmt: skip
    wanted = (
        SLIPPED.replace("“华东化工”", '"华东化工"')
        .replace("：", ": ")
        .replace("user，coach", "user, coach")
        .replace("\u3000\u3000\u3000\u3000notes: @王工 负责", '    notes: "@王工 负责"')
        .replace(":\u3000", ": ")
    )
    assert path.read_bytes() == variants(wanted.encode("utf-8"))[form]
    assert fix_paths([path], OPTIONS).applied == []  # a second run changes nothing
